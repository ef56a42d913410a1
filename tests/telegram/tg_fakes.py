"""A fake Telegram at Telethon's request boundary, answering with real ``tl.types`` objects.

``FakeTelegram`` holds channels and emulates the server side of the requests the collector
makes (ResolveUsername, GetHistory, GetReplies): newest first, ``id < offset_id``, ``limit``.
``FakeClient`` is Telethon's real ``TelegramClient`` with ``_call`` overridden (seam A of
tech-notes §1); ``FakeSender`` replaces ``_sender`` so Telethon's own ``_call`` runs (seam B).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import telethon
from telethon import TelegramClient, errors
from telethon.extensions import BinaryReader
from telethon.sessions import MemorySession
from telethon.tl import TLObject, functions, types

T0 = datetime(2021, 9, 1, tzinfo=UTC)


def flood(request: Any, seconds: int) -> errors.RPCError:
    """The FloodWaitError MTProtoSender would raise for the server's rpc_error."""
    rpc = types.RpcError(error_code=420, error_message=f"FLOOD_WAIT_{seconds}")
    return errors.rpc_message_to_error(rpc, request)


def message(channel_id: int, msg_id: int, date: datetime | None = None, **kw: Any) -> Any:
    """A channel post as the server sends it."""
    kw.setdefault("message", f"post {msg_id} о законе")
    kw.setdefault("views", 100 + msg_id)
    kw.setdefault("forwards", 1)
    return types.Message(
        id=msg_id,
        peer_id=types.PeerChannel(channel_id),
        date=date or T0 + timedelta(hours=msg_id),
        post=True,
        **kw,
    )


@dataclass
class FakeChannel:
    username: str
    id: int
    access_hash: int = 4242
    title: str = "Fake channel"
    messages: dict[int, Any] = field(default_factory=dict)
    comments: dict[int, list[Any]] = field(default_factory=dict)
    group: FakeChannel | None = None
    megagroup: bool = False

    def entity(self) -> types.Channel:
        return types.Channel(
            id=self.id,
            title=self.title,
            photo=types.ChatPhotoEmpty(),
            date=T0,
            access_hash=self.access_hash,
            username=self.username,
            broadcast=not self.megagroup,
            megagroup=self.megagroup,
        )


class FakeTelegram:
    """Server-side state and request emulation; records every request it answers."""

    def __init__(self) -> None:
        self.channels: dict[str, FakeChannel] = {}
        self.requests: list[Any] = []
        self.floods: dict[int, int] = {}  # request number (1-based) -> FloodWait seconds
        self.fail_on: Callable[[Any], Exception | None] = lambda request: None

    def add_channel(self, username: str, channel_id: int, n: int = 0, **kw: Any) -> FakeChannel:
        channel = FakeChannel(username, channel_id, **kw)
        for i in range(1, n + 1):
            channel.messages[i] = message(channel_id, i)
        self.channels[username.lower()] = channel
        return channel

    def by_id(self, channel_id: int) -> FakeChannel:
        return next(c for c in self.channels.values() if c.id == channel_id)

    def history_requests(self) -> list[Any]:
        return [r for r in self.requests if isinstance(r, functions.messages.GetHistoryRequest)]

    def answer(self, request: Any) -> Any:
        self.requests.append(request)
        seconds = self.floods.pop(len(self.requests), None)
        if seconds is not None:
            raise flood(request, seconds)
        failure = self.fail_on(request)
        if failure is not None:
            raise failure
        if isinstance(request, functions.updates.GetStateRequest):  # is_user_authorized()
            return types.updates.State(pts=1, qts=0, date=T0, seq=0, unread_count=0)
        if isinstance(request, functions.contacts.ResolveUsernameRequest):
            channel = self.channels.get(request.username.lower())
            if channel is None:
                raise errors.UsernameNotOccupiedError(request)
            return types.contacts.ResolvedPeer(
                peer=types.PeerChannel(channel.id), chats=[channel.entity()], users=[]
            )
        if isinstance(request, functions.messages.GetHistoryRequest):
            channel = self.by_id(request.peer.channel_id)
            return self._page(channel, list(channel.messages.values()), request)
        if isinstance(request, functions.messages.GetRepliesRequest):
            channel = self.by_id(request.peer.channel_id)
            replies = channel.comments.get(request.msg_id, [])
            page = self._page(channel.group, replies, request)
            page.chats.append(channel.entity())
            return page
        raise NotImplementedError(type(request).__name__)

    @staticmethod
    def _page(channel: FakeChannel, items: list[Any], request: Any) -> Any:
        ordered = sorted(items, key=lambda m: m.id, reverse=True)
        if request.offset_id:
            ordered = [m for m in ordered if m.id < request.offset_id]
        if request.min_id:
            ordered = [m for m in ordered if m.id > request.min_id]
        chosen = ordered[request.add_offset : request.add_offset + request.limit]
        return types.messages.ChannelMessages(
            pts=1,
            count=len(items),
            messages=chosen,
            topics=[],
            chats=[channel.entity()],
            users=[],
        )


class FakeClient(TelegramClient):
    """Telethon's real client; only ``_call`` (the request boundary) is replaced."""

    def __init__(self, server: FakeTelegram, session: Any = None, **kw: Any) -> None:
        super().__init__(session or MemorySession(), api_id=1, api_hash="x" * 32, **kw)
        self.server = server

    async def connect(self) -> None:
        return None

    async def is_user_authorized(self) -> bool:
        return True

    async def disconnect(self) -> None:
        return None

    async def _call(self, sender, request, ordered=False, flood_sleep_threshold=None):
        await request.resolve(self, telethon.utils)
        result = over_the_wire(self.server.answer(request))
        await telethon.utils.maybe_async(self.session.process_entities(result))
        return result


def over_the_wire(answer: Any) -> Any:
    """``answer`` serialised and parsed back, as the network layer hands results to Telethon.

    So every fake answer is valid TL, and the collector sees the objects (and the bytes they
    came in) that Telethon's ``BinaryReader`` makes of a real response.
    """
    if not isinstance(answer, TLObject):
        return answer  # bools and plain values travel as they are
    return BinaryReader(bytes(answer)).tgread_object()


class FakeSender:
    """Stands in for ``MTProtoSender``: ``send`` returns a future, like the real one."""

    def __init__(self, server: FakeTelegram) -> None:
        self.server = server

    def send(self, request: Any, ordered: bool = False) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        try:
            future.set_result(over_the_wire(self.server.answer(request)))
        except errors.RPCError as exc:
            future.set_exception(exc)
        return future


def sender_client(server: FakeTelegram) -> TelegramClient:
    """Telethon's real client with its real ``_call``; only the sender answers from ``server``."""
    client = TelegramClient(MemorySession(), api_id=1, api_hash="x" * 32)
    client._sender = FakeSender(server)
    return client


def history_request(channel_id: int, access_hash: int) -> Any:
    """The first page of a channel's history, as the collector asks for it."""
    return functions.messages.GetHistoryRequest(
        peer=types.InputPeerChannel(channel_id, access_hash),
        offset_id=0,
        offset_date=None,
        add_offset=0,
        limit=100,
        max_id=0,
        min_id=0,
        hash=0,
    )


class FakeClock:
    """Monotonic time that sleeping advances instantly."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds
        await asyncio.sleep(0)


NOW = datetime(2022, 6, 1, tzinfo=UTC)


def run_collect(
    home: Any,
    server: FakeTelegram,
    channels: list[str],
    *,
    options: Any = None,
    now: datetime = NOW,
    clock: FakeClock | None = None,
    run_id: str = "run-1",
    **gate_kw: Any,
) -> tuple[list[Any], Any]:
    """Collect ``channels`` from ``server`` with the real collector; return (reports, gate)."""
    from collectors.telegram.floods import Clock
    from collectors.telegram.run import CollectOptions, RunCollector, make_gate

    clock = clock or FakeClock()

    async def go():
        client = FakeClient(server)
        gate = make_gate(client, Clock(clock.now, clock.sleep), **gate_kw)
        collector = RunCollector(
            home, gate, options or CollectOptions(), run_id=run_id, now=lambda: now
        )
        return await collector.collect(channels), gate

    return asyncio.run(go())


def lake_posts(home: Any) -> list[dict[str, Any]]:
    """Every row of lake/posts (all versions present on disk)."""
    from pikir.lake import layout
    from pikir.lake.append import read_table

    return read_table(home, layout.POSTS).to_pylist()


def lake_table(home: Any, name: str) -> list[dict[str, Any]]:
    """Every row of a lake table by name (metrics, raw, runs, completeness)."""
    from pikir.lake import layout
    from pikir.lake.append import read_table

    return read_table(home, layout.TABLES[name]).to_pylist()


def varied_messages() -> list[types.Message]:
    """One message per mapping rule, so every column is exercised with values and nulls."""
    reactions = types.MessageReactions(
        results=[
            types.ReactionCount(reaction=types.ReactionEmoji("👍"), count=240),
            types.ReactionCount(reaction=types.ReactionCustomEmoji(77), count=3),
            types.ReactionCount(reaction=types.ReactionPaid(), count=5),
        ]
    )
    text = "🔥 Заң жобасы: https://example.kz/a #Закон @Tengrinews"
    utf16 = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
    entities = [
        types.MessageEntityUrl(offset=utf16(text[: text.index("https")]), length=20),
        types.MessageEntityHashtag(offset=utf16(text[: text.index("#")]), length=6),
        types.MessageEntityMention(offset=utf16(text[: text.index("@")]), length=11),
        types.MessageEntityMentionName(offset=0, length=2, user_id=5),
    ]
    return [
        message(777, 1),
        message(777, 2, message="", media=types.MessageMediaPhoto(), grouped_id=9),
        message(777, 3, message=text, entities=entities, reactions=reactions),
        message(
            777,
            4,
            fwd_from=types.MessageFwdHeader(
                date=T0, from_id=types.PeerChannel(555), channel_post=240
            ),
        ),
        message(777, 5, fwd_from=types.MessageFwdHeader(date=T0, from_id=types.PeerUser(31))),
        message(777, 6, fwd_from=types.MessageFwdHeader(date=T0, from_name="Иван Петров")),
        message(777, 7, reply_to=types.MessageReplyHeader(reply_to_msg_id=3)),
        message(777, 8, edit_date=NOW, post_author="Айгерим"),
        message(777, 9, edit_date=NOW, edit_hide=True, views=None, forwards=None),
        message(
            777,
            10,
            replies=types.MessageReplies(replies=12, replies_pts=1, comments=True, channel_id=9),
        ),
    ]
