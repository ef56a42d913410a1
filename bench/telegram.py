"""Telegram API collector: CPU per message from transport response to landed row.

The fake transport answers each ``GetHistory`` with the bytes of a real serialised
``messages.ChannelMessages`` page (100 messages), parsed by Telethon's ``BinaryReader`` as the
network layer would; the real collector (gate, walker, columnar mapping, lake writer with
checkpoints) lands every message. Figures are CPU time of the whole process (the writer's
Parquet threads included); on a shared machine compare the ratio to the parse, measured in the
same run, rather than absolute µs. Messages follow perf-anchors §5: ~416 characters, views,
forwards and replies, 2 reactions, URL entities on 30% and a forward header on 10%.

Prints CPU µs per message (goal ≤ 60), the TL parse alone as the raw baseline measured in the
same run, and requests per 1,000 messages (goal ≤ 10.5).

Usage: python bench/telegram.py [MESSAGES=100000] [REPEATS=3]
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("PIKIR_PSEUDONYM_KEY", "bench-pseudonym-key-0123456789")

import telethon
from telethon import TelegramClient
from telethon.extensions import BinaryReader
from telethon.sessions import MemorySession
from telethon.tl import functions, types

from collectors.telegram.floods import Clock
from collectors.telegram.run import CollectOptions, RunCollector, make_gate
from pikir.config import DataHome

CHANNEL_ID = 1_234_567
WORDS = [
    "закон",
    "социальные",
    "сети",
    "мессенджеры",
    "кибербуллинг",
    "дети",
    "мажилис",
    "сенат",
    "заң",
    "әлеуметтік",
    "желі",
]


def build_messages(n: int) -> list[types.Message]:
    rng = random.Random(7)
    t0 = datetime(2021, 9, 1, tzinfo=UTC)
    out = []
    for i in range(1, n + 1):
        words = []
        while sum(len(w) + 1 for w in words) < rng.randint(300, 530):
            words.append(rng.choice(WORDS))
        text = " ".join(words)
        entities = None
        if rng.random() < 0.3:
            url = f"https://example.kz/news/{i}"
            entities = [types.MessageEntityUrl(offset=len(text) + 1, length=len(url))]
            text = f"{text} {url}"
        fwd = None
        if rng.random() < 0.1:
            fwd = types.MessageFwdHeader(
                date=t0, from_id=types.PeerChannel(555), channel_post=rng.randint(1, 9999)
            )
        out.append(
            types.Message(
                id=i,
                peer_id=types.PeerChannel(CHANNEL_ID),
                date=t0 + timedelta(minutes=7 * i),
                message=text,
                post=True,
                views=rng.randint(100, 50_000),
                forwards=rng.randint(0, 200),
                replies=types.MessageReplies(replies=rng.randint(0, 50), replies_pts=i),
                reactions=types.MessageReactions(
                    results=[
                        types.ReactionCount(types.ReactionEmoji("👍"), rng.randint(1, 900)),
                        types.ReactionCount(types.ReactionCustomEmoji(77), rng.randint(1, 90)),
                    ]
                ),
                entities=entities,
                fwd_from=fwd,
            )
        )
    return out


def channel_entity() -> types.Channel:
    return types.Channel(
        id=CHANNEL_ID,
        title="Bench channel",
        photo=types.ChatPhotoEmpty(),
        date=datetime(2020, 1, 1, tzinfo=UTC),
        access_hash=99,
        username="bench_chan",
        broadcast=True,
    )


def serialise_pages(messages: list[types.Message]) -> dict[int, bytes]:
    """offset_id -> the ChannelMessages bytes the server would send for it."""
    pages, ordered = {}, sorted(messages, key=lambda m: m.id, reverse=True)
    chats = [channel_entity(), types.ChannelForbidden(id=555, access_hash=1, title="src")]
    offset = 0
    for start in range(0, len(ordered), 100):
        chunk = ordered[start : start + 100]
        pages[offset] = bytes(
            types.messages.ChannelMessages(
                pts=1, count=len(messages), messages=chunk, topics=[], chats=chats, users=[]
            )
        )
        offset = chunk[-1].id
    return pages


class WireClient(TelegramClient):
    """Real client; ``_call`` parses serialised responses like the network layer does."""

    def __init__(self, pages: dict[int, bytes]) -> None:
        super().__init__(MemorySession(), api_id=1, api_hash="x" * 32)
        self.pages, self.calls = pages, 0
        self.resolved = bytes(
            types.contacts.ResolvedPeer(
                peer=types.PeerChannel(CHANNEL_ID), chats=[channel_entity()], users=[]
            )
        )

    async def _call(self, sender, request, ordered=False, flood_sleep_threshold=None):
        await request.resolve(self, telethon.utils)
        self.calls += 1
        if isinstance(request, functions.messages.GetHistoryRequest):
            data = self.pages.get(request.offset_id)
            if data is None:
                data = bytes(
                    types.messages.ChannelMessages(
                        pts=1, count=0, messages=[], topics=[], chats=[], users=[]
                    )
                )
        else:
            data = self.resolved
        result = BinaryReader(data).tgread_object()
        self.session.process_entities(result)
        return result


async def _no_sleep(seconds: float) -> None:
    return None


def collect_once(pages: dict[int, bytes], raw: bool) -> tuple[float, int]:
    with tempfile.TemporaryDirectory(prefix="pikir-bench-tg-") as tmp:
        home = DataHome(Path(tmp)).ensure()

        async def go():
            client = WireClient(pages)
            # Pacing (1 request/s) is wall time, not CPU: switched off to measure CPU only.
            gate = make_gate(client, Clock(time.monotonic, _no_sleep), min_interval=0)
            options = CollectOptions(raw=raw, checkpoint_rows=50_000)
            collector = RunCollector(home, gate, options, run_id="bench")
            start = time.process_time()
            reports = await collector.collect(["bench_chan"])
            return time.process_time() - start, client.calls, reports[0].new_items

        cpu, calls, landed = asyncio.run(go())
    return cpu, calls if landed else -1


def parse_only(pages: dict[int, bytes]) -> float:
    start = time.process_time()
    for data in pages.values():
        BinaryReader(data).tgread_object()
    return time.process_time() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(f"building {n:,} messages and serialising {n // 100:,} pages ...")
    pages = serialise_pages(build_messages(n))
    kib = sum(len(p) for p in pages.values()) / len(pages) / 1024
    print(f"mean page: {kib:.1f} KiB")
    # Warm up: first imports and pyarrow's one-time time-zone setup are not per-message costs.
    collect_once(serialise_pages(build_messages(300)), True)
    parse = [parse_only(pages) for _ in range(repeats)]
    parse_us = statistics.median(parse) / n * 1e6
    print(f"baseline TL parse alone      {parse_us:6.1f} µs/message (median of {repeats})")
    for raw in (False, True):
        runs = [collect_once(pages, raw) for _ in range(repeats)]
        cpu_us = statistics.median(r[0] for r in runs) / n * 1e6
        calls = runs[0][1]
        label = "with raw TL payloads" if raw else "without raw payloads"
        print(
            f"collector {label}: {cpu_us:6.1f} µs/message CPU (goal ≤ 60; "
            f"{cpu_us / parse_us:.2f}x the parse), {calls / n * 1000:.2f} requests per "
            f"1,000 messages (goal ≤ 10.5; {calls} requests)"
        )


if __name__ == "__main__":
    main()
