"""Helpers for news spider tests: build a spider, feed it saved pages through its callbacks."""

from __future__ import annotations

import asyncio
from pathlib import Path

from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

FILES = Path(__file__).parent / "files"


def make_news_spider(cls, home, **kwargs):
    """Return a spider of ``cls`` bound to a test crawler landing under ``home``."""
    crawler = get_crawler(cls, {"PIKIR_HOME": str(home), "PIKIR_RUN_ID": "run-test"})
    return crawler._create_spider(**kwargs)


def start_requests(spider) -> list[Request]:
    """The spider's start requests."""

    async def collect():
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def saved(path: str, url: str, *, status: int = 200, headers: dict | None = None, body=None):
    """A saved page (``tests/spiders/files/<path>``) as the response for ``url``."""
    data = body if body is not None else (FILES / path).read_bytes()
    cls = TextResponse if path.endswith((".xml", ".json")) else HtmlResponse
    headers = headers or {"Content-Type": "text/html; charset=utf-8"}
    return cls(url=url, body=data, status=status, headers=headers, request=Request(url))


def run_callback(callback, response, **kwargs):
    """Call a spider callback on a response; return (items, requests)."""
    results = list(callback(response, **kwargs) or [])
    return [r for r in results if isinstance(r, dict)], [
        r for r in results if isinstance(r, Request)
    ]


def check_invariants(row: dict) -> None:
    """What every news row must satisfy, whatever the outlet."""
    from pikir.lake.rows import check_post_row

    check_post_row(row)
    assert row["platform"] == "news"
    assert row["kind"] in {"article", "comment"}
    assert row["published_at"].utcoffset().total_seconds() == 0
    assert row["text"], "no text"
    assert "TODO" not in (row["text"] or "")
    if row["kind"] == "article":
        assert row["title"]
        assert row["author_name"]
        assert row["url"].startswith("http")
        assert row["author_id"] is None
    else:
        assert row["parent_key"]
        assert row["author_name"] is None
        assert (row["author_id"] or "anon:").startswith("anon:")
