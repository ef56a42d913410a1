"""One channel's history: full backfill on first sight, then increments plus a re-poll window.

A run makes at most two walks, newest to oldest, 100 messages per ``GetHistory``:

1. **from the top** — down to the highest id landed before *and* past the re-poll cutoff
   (default 7 days): new messages land, re-seen ones add a ``metrics`` observation and, when
   edited, a new version; landed posts of the window that are gone are marked deleted. On first
   sight this walk is the full backfill.
2. **backfill continuation** — while the history is not complete, from the lowest id landed
   down to the channel's first message (or ``since``).

Messages are mapped into Arrow columns (:class:`~collectors.telegram.columns.PostColumns`),
handed to the writer every ``HANDOVER_ROWS`` and whenever a walk ends, normally or not. Rows are
flushed to the lake every ``checkpoint_rows`` and the state is advanced only after a flush,
so a crash or a long FloodWait loses no landed work and the next run resumes where the state
says (the writer drops re-landed duplicates). See :mod:`collectors.telegram.state`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from telethon.tl import functions, types

from collectors.telegram.columns import PostColumns
from collectors.telegram.deletions import deletion_rows, landed_posts
from collectors.telegram.fields import usernames_of
from collectors.telegram.floods import Gate
from collectors.telegram.mapping import ChannelContext, is_post
from collectors.telegram.state import ChannelState, save_state
from pikir.config import DataHome
from pikir.lake.writer import LakeWriter

log = logging.getLogger(__name__)

PAGE = 100
REPOLL_DAYS = 7
HANDOVER_ROWS = 2_000
"""Mapped rows kept as Python column lists before they become an Arrow table in the writer."""


@dataclass
class WalkOptions:
    """How a channel is collected.

    Attributes:
        since: do not collect messages published before this moment.
        repoll_days: re-read this many days of recent history each run (engagement, edits,
            deletions).
        checkpoint_rows: flush to the lake and advance the state this often.
        keep_deleted_text: keep the text of deleted messages in their deleted version.
        raw: land each message's TL bytes in ``raw``.
    """

    since: datetime | None = None
    repoll_days: float = REPOLL_DAYS
    checkpoint_rows: int = 5_000
    keep_deleted_text: bool = False
    raw: bool = True


@dataclass
class WalkResult:
    """What one channel's walks saw."""

    items: int = 0
    deleted: int = 0
    requests: int = 0
    top_id: int | None = None
    comment_targets: list[tuple[int, int]] = field(default_factory=list)


class ChannelWalker:
    """Collect one resolved channel into a lake writer, advancing its state at checkpoints.

    Args:
        home: the data home (state and the lake the deletion check reads).
        gate: the paced, flood-aware request door.
        writer: the lake writer rows are added to (flushed at checkpoints).
        state: the channel's state (resolved); saved after every checkpoint.
        ctx: the channel context of the mapping.
        options: see :class:`WalkOptions`.
        now: the current UTC time (injectable).
    """

    def __init__(
        self,
        home: DataHome,
        gate: Gate,
        writer: LakeWriter,
        state: ChannelState,
        ctx: ChannelContext,
        options: WalkOptions,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.home, self.gate, self.writer, self.state = home, gate, writer, state
        self.ctx, self.options, self.now = ctx, options, now
        self.result = WalkResult()
        self.started = now()
        self.cutoff = self.started - timedelta(days=options.repoll_days)
        self.peer = types.InputPeerChannel(state.channel_id, state.access_hash)
        self._unflushed = 0
        self._columns = PostColumns(ctx)
        self._phase = "first"
        self._lowest: int | None = None
        self._since_reached = False

    async def run(self) -> WalkResult:
        """Walk from the top, mark deletions, then continue the backfill if incomplete."""
        first_sight = self.state.max_id is None
        old_max = self.state.max_id
        self._phase = "first" if first_sight else "top"
        lowest, seen, reached_bottom, joined = await self._walk(0, floor=old_max)
        if lowest is not None and seen:
            await self._mark_deleted(lowest, seen)
        self.checkpoint()
        if self.result.top_id is not None and (first_sight or joined):
            self.state.max_id = max(self.result.top_id, old_max or 0)
            self.state.min_id = min(v for v in (lowest, self.state.min_id) if v is not None)
            if reached_bottom and self.options.since is None:
                self.state.complete_history = True
        save_state(self.home, self.state)
        backfill = not (self.state.complete_history or self._since_reached)
        if joined and backfill and self.state.min_id is not None:
            self._phase, self._lowest = "backfill", None
            _, _, reached_bottom, _ = await self._walk(self.state.min_id, floor=None, backfill=True)
            self.checkpoint()
            if reached_bottom and self.options.since is None:
                self.state.complete_history = True
            save_state(self.home, self.state)
        return self.result

    def checkpoint(self) -> None:
        """Land the buffered rows now (the state may only move past what is durable)."""
        self._hand_over()
        self.writer.flush()
        self._unflushed = 0

    def _hand_over(self) -> None:
        """Move the mapped columns into the writer as one Arrow table."""
        if len(self._columns):
            self.writer.add_table(*self._columns.take())

    async def _request(self, offset_id: int) -> Any:
        request = functions.messages.GetHistoryRequest(
            peer=self.peer,
            offset_id=offset_id,
            offset_date=None,
            add_offset=0,
            limit=PAGE,
            max_id=0,
            min_id=0,
            hash=0,
        )
        self.result.requests += 1
        return await self.gate(request)

    async def _walk(
        self, offset_id: int, *, floor: int | None, backfill: bool = False
    ) -> tuple[int | None, set[int], bool, bool]:
        """Page down from ``offset_id``; return (lowest id, ids seen, bottom reached, joined).

        ``joined`` is true once the walk reached ``floor`` (the previous top), i.e. the ids
        walked and those landed before form one contiguous range, or it reached the bottom.
        """
        try:
            return await self._pages(offset_id, floor=floor, backfill=backfill)
        finally:
            self._hand_over()  # also when interrupted: what was mapped reaches the writer

    async def _pages(
        self, offset_id: int, *, floor: int | None, backfill: bool
    ) -> tuple[int | None, set[int], bool, bool]:
        since = self.options.since
        lowest: int | None = None
        seen: set[int] = set()
        while True:
            result = await self._request(offset_id)
            seen_at = self.now()  # one sighting time per page, not one datetime per message
            messages = result.messages
            self.ctx.usernames.update(usernames_of(result.chats))
            stop = not messages
            for message in messages:
                seen.add(message.id)
                lowest = message.id if lowest is None else min(lowest, message.id)
                if self.result.top_id is None and not backfill:
                    self.result.top_id = message.id
                if not is_post(message):
                    continue
                if since is not None and message.date < since:
                    stop = self._since_reached = True
                    continue
                if floor is not None and message.id <= floor and message.date < self.cutoff:
                    stop = True
                    continue
                self._add(message, seen_at)
            bottom = not messages or messages[0].id <= PAGE or not hasattr(result, "count")
            self._lowest = lowest
            if len(self._columns) >= HANDOVER_ROWS:
                self._hand_over()
            if self._unflushed >= self.options.checkpoint_rows:
                self.checkpoint_progress()
            if stop or bottom:
                joined = bottom or floor is None or (lowest is not None and lowest <= floor)
                return lowest, seen, bottom, joined
            offset_id = min(m.id for m in messages)

    def _add(self, message: Any, seen_at: datetime) -> None:
        self._columns.add(message, seen_at)
        self.result.items += 1
        self._unflushed += 1
        replies = message.replies
        if replies is not None and replies.comments and replies.replies:
            self.result.comment_targets.append((message.id, replies.max_id or 0))

    def checkpoint_progress(self) -> None:
        """Land what is buffered and advance the state as far as the walk so far allows.

        Called every ``checkpoint_rows`` and when a long FloodWait interrupts the channel. The
        first walk of a channel covers ``top..lowest`` contiguously, so both ends move; a
        backfill continuation moves ``min_id`` down; a walk from the top of a known channel
        moves nothing until it joins the landed range (done by :meth:`run`).
        """
        self.checkpoint()
        lowest = self._lowest
        if lowest is None:
            return
        if self._phase == "first":
            self.state.max_id = max(self.result.top_id or lowest, self.state.max_id or 0)
            self.state.min_id = lowest
        elif self._phase == "backfill":
            self.state.min_id = min(lowest, self.state.min_id or lowest)
        else:
            return
        save_state(self.home, self.state)

    async def _mark_deleted(self, lowest: int, seen: set[int]) -> None:
        window_start = max(self.cutoff, self.options.since or self.cutoff)
        landed = landed_posts(self.home, self.ctx.source, window_start)
        rows = deletion_rows(
            landed,
            lowest_walked=lowest,
            seen_ids=seen,
            deleted_at=self.now(),
            run_id=self.ctx.run_id,
            keep_text=self.options.keep_deleted_text,
        )
        for row in rows:
            self.writer.add(row)
        self.result.deleted += len(rows)
        if rows:
            log.info("%s: %d messages deleted since last seen", self.ctx.source, len(rows))
