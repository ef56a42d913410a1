"""Helpers for news spider tests: build a spider, feed it saved pages through its callbacks.

A page the demo serves exists once, in the bundled sample (``sample/news/<domain>/...``): the tests
read it from there with :func:`sample_page`. ``tests/spiders/files`` keeps only test-only variants
(another layout, an encoding, a missing field, a page the sample does not have); its five links to
sample articles (vlast, tengrinews x2, azattyq, orda ``article*.html``) only keep the paths that
``bench/crawl.py`` and ``bench/extractors.py`` read.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from pikir.sample.news import news_file

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


def saved(path: str | Path, url: str, *, status: int = 200, headers: dict | None = None, body=None):
    """A saved page (``tests/spiders/files/<path>``, or absolute) as the response for ``url``."""
    data = body if body is not None else (FILES / path).read_bytes()
    cls = TextResponse if str(path).endswith((".xml", ".json")) else HtmlResponse
    headers = headers or {"Content-Type": "text/html; charset=utf-8"}
    return cls(url=url, body=data, status=status, headers=headers, request=Request(url))


def sample_file(url: str) -> Path:
    """The sample page the demo's server answers ``url`` with (``sample/news/<domain>/...``)."""
    parts = urlsplit(url)
    path = f"/news/{parts.netloc.removeprefix('www.')}{parts.path}"
    file = news_file(f"{path}?{parts.query}" if parts.query else path)
    if file is None:
        raise FileNotFoundError(f"the bundled sample has no page for {url}")
    return file


def sample_page(url: str, *, insert: str = "", before: str = "", **kwargs):
    """The sample page for ``url`` as the response for ``url`` (see :func:`saved` for ``kwargs``).

    Args:
        url: the page's live URL; the sample file is the one the demo serves for it.
        insert: markup a test adds to the sample page (a case the demo does not need).
        before: where ``insert`` goes: before this text, which must occur once in the page.
        **kwargs: passed to :func:`saved` (``status``, ``headers``).
    """
    file = sample_file(url)
    if not insert:
        return saved(file, url, **kwargs)
    html = file.read_text(encoding="utf-8")
    assert html.count(before) == 1, f"{before!r} must occur once in {file}"
    return saved(file, url, body=html.replace(before, insert + before).encode("utf-8"), **kwargs)


def run_callback(callback, response, **kwargs):
    """Call a spider callback on a response; return (items, requests)."""
    results = list(callback(response, **kwargs) or [])
    return [r for r in results if isinstance(r, dict)], [
        r for r in results if isinstance(r, Request)
    ]


def article_rows(spider, *urls: str) -> list[dict]:
    """The rows the spider's article callback yields for the sample pages of ``urls``, in order."""
    return [row for url in urls for row in run_callback(spider.parse_article, sample_page(url))[0]]


def article_fixtures(cls, *urls: str):
    """The module fixtures an outlet's tests share, to assign as ``spider, rows, row = ...``.

    Args:
        cls: the outlet's spider class.
        *urls: live URLs of the sample articles the tests read.

    Returns:
        Module-scoped fixtures ``spider`` (a full crawl landing in its own data home), ``rows``
        (every row it yields for ``urls``: articles and their comments) and ``row`` (the first).
    """

    @pytest.fixture(scope="module")
    def spider(tmp_path_factory):
        return make_news_spider(cls, tmp_path_factory.mktemp("home"), full="1")

    @pytest.fixture(scope="module")
    def rows(spider):
        return article_rows(spider, *urls)

    @pytest.fixture(scope="module")
    def row(rows):
        return rows[0]

    return spider, rows, row


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
