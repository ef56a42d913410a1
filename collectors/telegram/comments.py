"""Comments: the replies to a channel post in the channel's linked discussion group.

``messages.GetReplies(peer=channel, msg_id=post)`` pages the comments, newest first. Each lands
as ``kind = "comment"`` with ``parent_key`` and ``thread_key`` = the channel post's key. A
comment lives in the discussion group's id space, so its key is
``telegram:<group username, or c<group id> when private>:<id>``. Commenters are private people:
their ids are stored only as keyed-hash pseudonyms and their names not at all; a channel that
comments as itself is a public actor and keeps its id and title.

Only posts whose newest comment id (``MessageReplies.max_id``) moved since the last run are
asked for, and only for the comments newer than those already landed
(``state/telegram/comments/<channel>.json``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from telethon.tl import functions, types

from collectors.telegram import PLATFORM
from collectors.telegram.floods import Gate
from collectors.telegram.mapping import (
    ChannelContext,
    is_post,
    marked_channel_id,
    message_row,
    user_pseudonym,
    usernames_of,
)
from pikir.config import DataHome
from pikir.fsutil import atomic_write_text
from pikir.lake.writer import LakeWriter

PAGE = 100


def group_source(group: Any) -> str:
    """The ``source`` of a discussion group: its username, or ``c<id>`` when it has none."""
    name = getattr(group, "username", None)
    return name.lower() if name else f"c{group.id}"


def _seen_path(home: DataHome, channel: str):
    return home.state / "telegram" / "comments" / f"{channel}.json"


def load_seen(home: DataHome, channel: str) -> dict[str, int]:
    """Newest comment id landed per channel post id (as strings, JSON keys)."""
    try:
        return json.loads(_seen_path(home, channel).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def save_seen(home: DataHome, channel: str, seen: dict[str, int]) -> None:
    """Store what :func:`load_seen` reads, atomically."""
    atomic_write_text(_seen_path(home, channel), json.dumps(seen, sort_keys=True))


def _author(message: Any, chats: dict[int, Any], pseudonymize, group: Any) -> dict[str, Any]:
    peer = message.from_id
    if isinstance(peer, types.PeerUser):
        return {"author_id": user_pseudonym(pseudonymize, peer.user_id), "author_name": None}
    if isinstance(peer, types.PeerChannel):
        chat = chats.get(peer.channel_id)
        return {
            "author_id": marked_channel_id(peer.channel_id),
            "author_name": getattr(chat, "title", None),
        }
    return {"author_id": marked_channel_id(group.id), "author_name": group.title}


class CommentCollector:
    """Collect the comments of a channel's posts into a lake writer.

    Args:
        gate: the request door.
        writer: where comment rows go.
        channel: the channel context (its ``source`` names the parent posts).
        peer: the channel as an ``InputPeerChannel``.
        now: the current UTC time.
    """

    def __init__(
        self,
        gate: Gate,
        writer: LakeWriter,
        channel: ChannelContext,
        peer: Any,
        now: Callable[[], datetime],
    ) -> None:
        self.gate, self.writer, self.channel, self.peer, self.now = gate, writer, channel, peer, now
        self.comments = 0
        self.requests = 0

    async def collect(self, targets: list[tuple[int, int]], seen: dict[str, int]) -> None:
        """Fetch the new comments of each ``(post id, newest comment id)`` target.

        ``seen`` is updated in place with the newest comment id landed per post; save it
        after the writer flushed.
        """
        for post_id, newest in targets:
            already = seen.get(str(post_id), 0)
            if newest and newest <= already:
                continue
            top = await self._post_comments(post_id, already)
            if top:
                seen[str(post_id)] = max(top, already)

    async def _post_comments(self, post_id: int, min_id: int) -> int:
        parent = f"{PLATFORM}:{self.channel.source}:{post_id}"
        offset_id, got, top = 0, 0, 0
        while True:
            request = functions.messages.GetRepliesRequest(
                peer=self.peer,
                msg_id=post_id,
                offset_id=offset_id,
                offset_date=None,
                add_offset=0,
                limit=PAGE,
                max_id=0,
                min_id=min_id,
                hash=0,
            )
            self.requests += 1
            result = await self.gate(request)
            messages = [m for m in result.messages if m.id > min_id]
            if not messages:
                return top
            chats = {c.id: c for c in result.chats}
            for message in messages:
                top = max(top, message.id)
                if is_post(message):
                    self._add(message, chats, parent, post_id)
            got += len(result.messages)
            short = len(result.messages) < PAGE or len(messages) < len(result.messages)
            if short or got >= getattr(result, "count", got):
                return top
            offset_id = min(m.id for m in result.messages)

    def _add(self, message: Any, chats: dict[int, Any], parent: str, post_id: int) -> None:
        group = chats.get(getattr(message.peer_id, "channel_id", None))
        if group is None:
            return
        source = group_source(group)
        ctx = ChannelContext(
            source=source,
            channel_id=group.id,
            title=group.title,
            pseudonymize=self.channel.pseudonymize,
            run_id=self.channel.run_id,
            usernames={**self.channel.usernames, **usernames_of(list(chats.values()))},
            raw=False,  # a commenter's message: only the flattened, pseudonymised row
        )
        reply = message.reply_to
        reply_key = None
        if isinstance(reply, types.MessageReplyHeader) and reply.reply_to_top_id:
            reply_key = f"{PLATFORM}:{source}:{reply.reply_to_msg_id}"
        row = message_row(
            message,
            ctx,
            collected_at=self.now(),
            kind="comment",
            parent_key=parent,
            thread_key=parent,
            reply_to_key=reply_key,
            url=f"https://t.me/{self.channel.source}/{post_id}?comment={message.id}",
            **_author(message, chats, self.channel.pseudonymize, group),
        )
        self.writer.add(row)
        self.comments += 1
