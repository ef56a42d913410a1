"""How one news crawl went, and the run status it deserves (pure; tested without a crawl)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Outcome:
    """Counters of one outlet's crawl; :meth:`status` and :meth:`error` judge them.

    Attributes:
        source: the outlet's domain.
        discovery_pages: feeds, sitemaps and listings that answered and were read.
        entries: article links they held (before the date window).
        fetched: article pages that answered.
        articles: articles parsed and kept; items: rows yielded (articles + comments).
        old: articles skipped as outside the window or at/below the watermark.
        gone: article pages answering 404/410; paywalled, quarantined: refused pages.
        failures: reachability problems (HTTP errors, DNS, timeouts, robots) with the URL.
        layout: pages whose structure did not parse (a changed layout), with the reason.
        newest: the newest ``published_at`` kept (the next watermark).
        recrawled: landed articles of the last days requested again (late comments, counts).
    """

    source: str
    discovery_pages: int = 0
    entries: int = 0
    fetched: int = 0
    articles: int = 0
    items: int = 0
    old: int = 0
    gone: int = 0
    paywalled: int = 0
    quarantined: int = 0
    recrawled: int = 0
    failures: list[str] = field(default_factory=list)
    layout: list[str] = field(default_factory=list)
    newest: datetime | None = None

    @property
    def pages(self) -> int:
        """Pages read: discovery pages plus article pages."""
        return self.discovery_pages + self.fetched

    def status(self) -> str:
        """``ok`` with items; else ``failed`` when something is broken, ``empty`` otherwise.

        Broken means: nothing answered (unreachable, blocked, robots), the discovery pages
        held no article links (a listing always has some: the layout changed), or every
        article page that answered was unusable (layout, mojibake).
        """
        if self.items:
            return "ok"
        if not self.discovery_pages and self.failures:
            return "failed"
        if self.discovery_pages and not self.entries:
            return "failed"
        unusable = len(self.layout) + self.quarantined
        if self.fetched and unusable and not self.articles and unusable >= self.fetched - self.old:
            return "failed"
        return "empty"

    def error(self) -> str | None:
        """A one-line account naming the outlet, or None when nothing went wrong."""
        problems = []
        if self.discovery_pages and not self.entries:
            problems.append("discovery pages held no article links (layout change?)")
        if self.layout:
            problems.append(f"{len(self.layout)} page(s) did not parse: {self.layout[0]}")
        if self.failures:
            problems.append(f"{len(self.failures)} request(s) failed: {self.failures[0]}")
        if self.quarantined:
            problems.append(f"{self.quarantined} page(s) quarantined (encoding/size)")
        if not problems:
            return None
        return f"news outlet {self.source}: " + "; ".join(problems)
