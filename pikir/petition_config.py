"""The petitions of a sources file: the ``[[petitions]]`` tables.

Each petition names the page to watch (``url``), the ``source`` its rows carry in the lake (the
petition site, e.g. ``avaaz.org``), how sure we are that it is the petition against the bill
(``confidence``) and free ``notes``. The ``petition`` spider reads the page on every run and
appends a signature observation to ``metrics``. In the bundled sample the URL is a path
(``/news/secure.avaaz.org/...``) resolved against the sample server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pikir.config import ConfigError, read_sources_file, require_keys

SPIDER = "petition"


@dataclass(frozen=True)
class Petition:
    """One petition page watched by the ``petition`` spider."""

    source: str
    url: str
    confidence: str | None = None
    lang: str | None = None
    notes: str | None = None

    @property
    def spider(self) -> str:
        """The spider that reads the page (``scrapy list``)."""
        return SPIDER

    def page_url(self, server: str | None = None) -> str:
        """The page to read; a path is resolved against ``server`` (the sample's address)."""
        if self.url.startswith("/"):
            if not server:
                raise ConfigError(f"petition {self.source}: url {self.url!r} needs a server")
            return server.rstrip("/") + self.url
        return self.url


def load_petitions(path: str | os.PathLike[str] | None = None) -> list[Petition]:
    """Read ``[[petitions]]`` from a sources file (none when the section is absent).

    Raises:
        ConfigError: the file is missing, a petition lacks source or url, or two petitions
            share a source (each source is one row per run in ``runs``).
    """
    file, data = read_sources_file(path)
    petitions = []
    for entry in data.get("petitions", []):
        require_keys(entry, ("source", "url"), file=file, table="petitions")
        petitions.append(
            Petition(
                source=str(entry["source"]).lower(),
                url=str(entry["url"]),
                confidence=entry.get("confidence"),
                lang=entry.get("lang"),
                notes=entry.get("notes"),
            )
        )
    sources = [p.source for p in petitions]
    duplicated = sorted({s for s in sources if sources.count(s) > 1})
    if duplicated:
        raise ConfigError(f"{file}: [[petitions]] share a source: {', '.join(duplicated)}")
    return petitions
