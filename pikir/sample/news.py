"""News outlets of the bundled sample: static sites under ``sample/news/<domain>/``.

Served by :class:`pikir.sample.server.SampleServer` at ``/news/<domain>/...``, so a news spider
crawls the sample with ``-a base_url=<server>/news/<domain>``. A URL maps to a file::

    /news/vlast.kz/feed/                      -> sample/news/vlast.kz/feed/index.xml
    /news/vlast.kz/novosti/?page=1            -> sample/news/vlast.kz/novosti/index.page-1.html
    /news/vlast.kz/novosti/47120-slug.html    -> sample/news/vlast.kz/novosti/47120-slug.html

Every page is synthetic text about the bill, written in the outlet's real HTML structure.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pikir.sample.content import SAMPLE_ROOT

NEWS_ROOT = SAMPLE_ROOT / "news"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
}


def news_file(path: str, root: Path = NEWS_ROOT) -> Path | None:
    """The sample file answering ``/news/<domain>/...`` (None when there is none)."""
    url = urlsplit(path)
    rel = url.path.removeprefix("/news/")
    if ".." in rel.split("/") or not rel:
        return None
    name = rel.rstrip("/") + ("/index" if rel.endswith("/") or "/" not in rel else "")
    if url.query:
        name += "." + url.query.replace("=", "-").replace("&", ".")
    for candidate in (name, name + ".html", name + ".xml"):
        file = root / candidate
        if file.is_file() and file.resolve().is_relative_to(root.resolve()):
            return file
    return None


def news_outlets(root: Path = NEWS_ROOT) -> list[str]:
    """Domains of the sample's news outlets."""
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def content_type(file: Path) -> str:
    """The Content-Type a sample file is served with."""
    return TYPES.get(file.suffix, "application/octet-stream")
