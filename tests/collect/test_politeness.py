"""robots.txt fails closed, Retry-After is honoured, and giving up is reported."""

from __future__ import annotations

import pytest

from pikir.collect import crawl, new_run_id
from pikir.sample.server import Canned

pytestmark = pytest.mark.slow
CHANNEL = "pikir_demo_kk"


def crawl_sample(home, server):
    args = {"channels": CHANNEL, "base_url": server.base_url}
    (result,) = crawl(
        home,
        "telegram_web",
        run_id=new_run_id("test"),
        arguments=args,
        sources=[CHANNEL],
        fast=True,
        timeout=120,
    )
    return result


def test_robots_txt_5xx_means_no_crawling(home, server):
    server.inject("/robots.txt", [Canned(503)] * 10)
    result = crawl_sample(home, server)
    assert result.status == "failed"
    assert "robots.txt" in result.error
    assert not [r for r in server.requests if r.path.startswith("/s/")]


def test_robots_txt_404_allows_crawling(home, server):
    server.inject("/robots.txt", [Canned(404)])
    assert crawl_sample(home, server).status == "ok"


def test_429_with_retry_after_is_waited_out(home, server):
    server.inject(f"/s/{CHANNEL}", [Canned(429, {"Retry-After": "1"})])
    result = crawl_sample(home, server)
    assert result.status == "ok"
    assert result.items == 53
    hits = [r for r in server.requests if r.path == f"/s/{CHANNEL}"]
    assert len(hits) == 2


def test_retry_after_beyond_the_limit_gives_up_loudly(home, server):
    server.inject(f"/s/{CHANNEL}", [Canned(429, {"Retry-After": "3600"})])
    result = crawl_sample(home, server)
    assert result.status == "failed"
    assert "429" in (result.error or "")
