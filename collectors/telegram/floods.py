"""Rate limits: pace requests, sleep through short FloodWaits, defer on long ones, trip a breaker.

Every request of the collector goes through :class:`Gate`:

* **pacing** — at most one history-type request (``GetHistory``, ``GetReplies``) per
  ``min_interval`` seconds per account (default 1 s; perf-anchors §5);
* **short FloodWait** (``seconds <= sleep_threshold``, default 60 s, Telethon's
  ``flood_sleep_threshold``) — sleep it out, record it, retry;
* **long FloodWait** — raise :class:`ChannelDeferred`: the caller checkpoints what it has, records
  the channel as ``partial`` with its wait in ``runs.flood_wait_s`` and goes on to the next one;
* **circuit breaker** — after ``max_floods`` FloodWaits in one run, :class:`CircuitOpen` stops
  the run: repeated floods are how accounts get banned (4CAT #296).

Telethon's own ``flood_sleep_threshold`` is set to 0 on the client so that every FloodWait
reaches this policy (Telethon would otherwise sleep silently and the wait would go unrecorded);
the policy applies the same 60 s threshold. The clock and sleep are injectable for tests.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telethon import errors

log = logging.getLogger(__name__)

SLEEP_THRESHOLD_S = 60
MIN_INTERVAL_S = 1.0
MAX_FLOODS = 3


class ChannelDeferred(Exception):
    """A FloodWait longer than the threshold: checkpoint and retry this channel later."""

    def __init__(self, seconds: int, request: str) -> None:
        super().__init__(f"FloodWait of {seconds} s on {request}; channel deferred")
        self.seconds = seconds


class CircuitOpen(RuntimeError):
    """Too many FloodWaits in one run: stop asking Telegram for anything until the next run."""


@dataclass
class Clock:
    """Monotonic time and sleep (replaced by a fake in tests)."""

    now: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep


@dataclass
class FloodStats:
    """FloodWaits met in one run."""

    floods: int = 0
    slept_s: float = 0.0
    waits: list[int] = field(default_factory=list)


class Gate:
    """The single door through which the collector talks to Telegram.

    Args:
        client: a connected ``TelegramClient`` (or anything awaitable with a request).
        clock: time source and sleep.
        min_interval: seconds between two paced requests.
        sleep_threshold: FloodWaits up to this many seconds are slept through.
        max_floods: FloodWaits per run before the circuit breaker opens.
    """

    PACED = frozenset({"GetHistoryRequest", "GetRepliesRequest", "GetDiscussionMessageRequest"})

    def __init__(
        self,
        client: Any,
        *,
        clock: Clock | None = None,
        min_interval: float = MIN_INTERVAL_S,
        sleep_threshold: int = SLEEP_THRESHOLD_S,
        max_floods: int = MAX_FLOODS,
    ) -> None:
        self.client = client
        self.clock = clock or Clock()
        self.min_interval = min_interval
        self.sleep_threshold = sleep_threshold
        self.max_floods = max_floods
        self.stats = FloodStats()
        self.requests = 0
        self._last_paced: float | None = None
        if hasattr(client, "flood_sleep_threshold"):
            client.flood_sleep_threshold = 0

    @property
    def is_open(self) -> bool:
        """Whether the breaker has tripped (no more requests this run)."""
        return self.stats.floods >= self.max_floods

    async def _pace(self) -> None:
        if self._last_paced is not None:
            wait = self._last_paced + self.min_interval - self.clock.now()
            if wait > 0:
                await self.clock.sleep(wait)
        self._last_paced = self.clock.now()

    async def __call__(self, request: Any) -> Any:
        """Send ``request``, pacing it and handling FloodWait by the policy above.

        Raises:
            CircuitOpen: the breaker was already open, or this flood tripped it.
            ChannelDeferred: a FloodWait above the threshold (the breaker still closed).
        """
        name = type(request).__name__
        while True:
            if self.is_open:
                raise CircuitOpen(f"circuit breaker open after {self.stats.floods} FloodWaits")
            if name in self.PACED:
                await self._pace()
            self.requests += 1
            try:
                return await self.client(request)
            except errors.FloodWaitError as exc:
                seconds = int(exc.seconds)
                self.stats.floods += 1
                self.stats.waits.append(seconds)
                log.warning("FloodWait %d s on %s (%d this run)", seconds, name, self.stats.floods)
                if self.is_open:
                    raise CircuitOpen(
                        f"circuit breaker open after {self.stats.floods} FloodWaits "
                        f"(last {seconds} s on {name})"
                    ) from exc
                if seconds > self.sleep_threshold:
                    raise ChannelDeferred(seconds, name) from exc
                await self.clock.sleep(seconds)
                self.stats.slept_s += seconds
                # Telethon remembers the flood per request type; the wait is now over.
                getattr(self.client, "_flood_waited_requests", {}).pop(request.CONSTRUCTOR_ID, None)
