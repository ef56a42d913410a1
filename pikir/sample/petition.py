"""The sample's synthetic petition counter: ``/news/<site>/stats/petition/<id>_stats.json``.

The petition page itself is a static file under ``sample/news/secure.avaaz.org/`` (served by
the news route); its counter answers like Avaaz's ``{"signatures": n}`` and grows both with
time (so two demo runs on different days show a daily gain) and with every request (so two
crawls in one test see two different counts).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

STATS_PATH = re.compile(r"^/news/[^/]+/stats/petition/(?P<id>\d+)_stats\.json$")
ANCHOR = datetime(2026, 1, 1, tzinfo=UTC).timestamp()


class PetitionCounter:
    """Signature counts of synthetic petitions.

    Args:
        base: the count at the anchor date (1 January 2026, UTC).
        per_hour: signatures gained per hour after the anchor.
        clock: seconds since the epoch (``time.time``; a fake in tests).
    """

    def __init__(
        self, base: int = 1200, per_hour: int = 3, clock: Callable[[], float] = time.time
    ) -> None:
        self.base = base
        self.per_hour = per_hour
        self.clock = clock
        self.requests = 0
        self._lock = threading.Lock()

    def count(self) -> int:
        """The next count: base, plus growth since the anchor, plus one per request served."""
        with self._lock:
            self.requests += 1
            hours = max(0, int((self.clock() - ANCHOR) // 3600))
            return self.base + self.per_hour * hours + self.requests

    def answer(self, path: str) -> bytes | None:
        """The JSON body for a counter path, or None when ``path`` is not a counter."""
        if not STATS_PATH.match(path):
            return None
        return json.dumps({"signatures": self.count()}).encode("utf-8")
