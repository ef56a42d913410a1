"""Social-media API answers of the bundled sample: JSON files under ``sample/api/<platform>/``.

Served by :class:`pikir.sample.server.SampleServer` at ``/api/<platform>/...``, so an API spider
crawls the sample with ``-a base_url=<server>/api/<platform>``. The query string is ignored (each
platform has one page, without a cursor)::

    /api/x/2/tweets/search/recent?query=…        -> sample/api/x/2/tweets/search/recent.json
    /api/reddit/r/Kazakhstan/new.json?limit=100  -> sample/api/reddit/r/Kazakhstan/new.json

Every answer is synthetic text about the bill in the platform's documented JSON structure.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from pikir.sample.content import SAMPLE_ROOT

API_ROOT = SAMPLE_ROOT / "api"
JSON = "application/json; charset=utf-8"


def api_file(path: str, root: Path = API_ROOT) -> Path | None:
    """The sample file answering ``/api/<platform>/...`` (None when there is none)."""
    rel = unquote(urlsplit(path).path).removeprefix("/api/").strip("/")
    if not rel or ".." in rel.split("/"):
        return None
    file = root / (rel if rel.endswith(".json") else f"{rel}.json")
    if file.is_file() and file.resolve().is_relative_to(root.resolve()):
        return file
    return None
