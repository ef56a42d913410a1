"""The news outlets of a sources file: the ``[[news.outlets]]`` tables.

Each outlet names its spider (``scrapy list``), its source (the outlet's domain, the ``source``
column of the lake), the URL to crawl and the confidence of its feed (sources.md Table 3). In the
bundled sample the URL is a path (``/news/vlast.kz``) resolved against the sample server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pikir.config import ConfigError, read_sources_file, require_keys, string_arguments


@dataclass(frozen=True)
class NewsOutlet:
    """One outlet crawled by a news spider."""

    spider: str
    source: str
    url: str
    confidence: str | None = None
    feeds: tuple[str, ...] = ()
    lang: str | None = None
    notes: str | None = None
    arguments: dict[str, str] = field(default_factory=dict)

    def base_url(self, server: str | None = None) -> str:
        """The URL to crawl; a path is resolved against ``server`` (the sample's address)."""
        if self.url.startswith("/"):
            if not server:
                raise ConfigError(f"outlet {self.source}: url {self.url!r} needs a server")
            return server.rstrip("/") + self.url
        return self.url.rstrip("/")


def load_news_outlets(path: str | os.PathLike[str] | None = None) -> list[NewsOutlet]:
    """Read ``[[news.outlets]]`` from a sources file (none when the section is absent).

    Raises:
        ConfigError: the file is missing or an outlet lacks spider, source or url.
    """
    file, data = read_sources_file(path)
    outlets = []
    for entry in data.get("news", {}).get("outlets", []):
        require_keys(entry, ("spider", "source", "url"), file=file, table="news.outlets")
        outlets.append(
            NewsOutlet(
                spider=entry["spider"],
                source=entry["source"],
                url=entry["url"],
                confidence=entry.get("confidence"),
                feeds=tuple(entry.get("feeds", ())),
                lang=entry.get("lang"),
                notes=entry.get("notes"),
                arguments=string_arguments(entry),
            )
        )
    return outlets
