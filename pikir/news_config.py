"""The news outlets of a sources file: the ``[[news.outlets]]`` tables.

Each outlet names its spider (``scrapy list``), its source (the outlet's domain, the ``source``
column of the lake), the URL to crawl and the confidence of its feed (sources.md Table 3). In the
bundled sample the URL is a path (``/news/vlast.kz``) resolved against the sample server.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pikir.config import DEFAULT_SOURCES_FILE, ConfigError


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
    file = Path(path or os.environ.get("PIKIR_SOURCES") or DEFAULT_SOURCES_FILE)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"sources file not found: {file}") from exc
    outlets = []
    for entry in data.get("news", {}).get("outlets", []):
        missing = [k for k in ("spider", "source", "url") if not entry.get(k)]
        if missing:
            raise ConfigError(f"{file}: a [[news.outlets]] entry lacks {', '.join(missing)}")
        outlets.append(
            NewsOutlet(
                spider=entry["spider"],
                source=entry["source"],
                url=entry["url"],
                confidence=entry.get("confidence"),
                feeds=tuple(entry.get("feeds", ())),
                lang=entry.get("lang"),
                notes=entry.get("notes"),
                arguments={str(k): str(v) for k, v in entry.get("arguments", {}).items()},
            )
        )
    return outlets
