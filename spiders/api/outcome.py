"""How one API source's crawl went, and the run status it deserves (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ApiOutcome:
    """Counters of one configured API source (a query, subreddit, tag…).

    Attributes:
        source: the source as configured (the ``source`` column of the lake).
        pages: JSON pages that answered and parsed.
        seen: posts the pages held (before the date window).
        items: rows handed to the lake.
        old: posts skipped as outside the window or at/below the watermark.
        failures: requests that got no usable answer (HTTP errors, DNS, rate limit, bad JSON).
        dropped: rows held back because their page chain broke (never half-landed).
        newest: the newest ``published_at`` kept (the next watermark).
    """

    source: str
    pages: int = 0
    seen: int = 0
    items: int = 0
    old: int = 0
    failures: list[str] = field(default_factory=list)
    dropped: int = 0
    newest: datetime | None = None

    def status(self) -> str:
        """``failed`` when a page chain broke, else ``ok`` with items or ``empty``."""
        if self.failures:
            return "failed" if not self.items else "partial"
        return "ok" if self.items else "empty"

    def error(self) -> str | None:
        """A one-line account naming the source, or None when nothing went wrong."""
        if not self.failures:
            return None
        held = f"; {self.dropped} post(s) of the broken chain not landed" if self.dropped else ""
        return (
            f"API source {self.source}: {len(self.failures)} request(s) failed: "
            f"{self.failures[0]}{held}"
        )
