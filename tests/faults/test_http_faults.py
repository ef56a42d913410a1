"""HTTP faults (F01-F07) through the local sample server and the real spider in a child process.

Each case injects the fault, checks the error the operator sees, re-runs the crawl against the
healthy server and reconciles the sample's keys against the lake.
"""

from __future__ import annotations

import gzip
import socket
import time
import urllib.request

import pytest

from pikir.sample.server import Canned
from spiders.sources.x import RECENT, XSpider
from tests.faults.crawl_cases import CHANNEL, content_hits, crawl_channel, expected_keys
from tests.faults.fault_ledger import lake_keys, reconcile
from tests.spiders.api_helpers import ApiServer, Reply, load
from tests.spiders.api_helpers import crawl as api_crawl

X_SOURCE = "zakon_o_sotssetyah"

pytestmark = pytest.mark.slow
PAGE = f"/s/{CHANNEL}"


def resume(home, server, case, faults, first):
    """Re-crawl the healthy server and reconcile; ``first`` is the faulted run's result."""
    second = crawl_channel(home, server.base_url)
    assert second.status in {"ok", "empty"}, second.error
    return reconcile(home, case, expected_keys(server), faults=faults, resumed=True)


def test_f01_503_twice_then_200_is_retried_and_stored_once(home, sample_server):
    sample_server.inject(PAGE, [Canned(503), Canned(503)])
    result = crawl_channel(home, sample_server.base_url)
    assert result.status == "ok", result.error
    assert content_hits(sample_server)[:3] == [PAGE] * 3
    reconcile(home, "F01 503 twice then 200", expected_keys(sample_server), faults=2)


def test_f02_retry_after_within_the_cap_is_waited_out_once(home, sample_server):
    sample_server.inject(PAGE, [Canned(429, {"Retry-After": "1"})])
    result = crawl_channel(home, sample_server.base_url)
    assert result.status == "ok", result.error
    assert content_hits(sample_server)[:2] == [PAGE, PAGE]  # one retry, not three quick hits
    assert content_hits(sample_server).count(PAGE) == 2
    reconcile(home, "F02 Retry-After 1 honoured", expected_keys(sample_server), faults=1)


def test_f02_retry_after_above_the_cap_gives_up_loudly_and_the_next_run_fetches(
    home, sample_server
):
    sample_server.inject(PAGE, [Canned(429, {"Retry-After": "3600"})])
    result = crawl_channel(home, sample_server.base_url)
    assert result.status == "failed"
    assert "429" in (result.error or "")
    assert content_hits(sample_server) == [PAGE]  # no hammering: one hit, then give up
    resume(home, sample_server, "F02 Retry-After 3600 then rerun", 1, result)


def test_f03_429_past_the_retry_budget_then_next_run_loses_nothing(home, sample_server):
    sample_server.inject(PAGE, [Canned(429)] * 4)  # RETRY_TIMES=3 spends all four
    result = crawl_channel(home, sample_server.base_url)
    assert result.status == "failed"
    assert "429" in (result.error or "")
    assert len(content_hits(sample_server)) == 4
    assert lake_keys(home) == []
    resume(home, sample_server, "F03 429 past RETRY_TIMES then rerun", 4, result)


def test_f03_429_mid_walk_leaves_no_gap_behind_the_new_watermark(home, sample_server):
    """F03: page 1 lands, page 2 gives up on 429; the next run must still fetch the older posts."""
    sample_server.inject(f"{PAGE}?before=", [Canned(429)] * 4)
    result = crawl_channel(home, sample_server.base_url)
    assert result.status == "failed"
    assert "429" in (result.error or "")
    assert 0 < len(lake_keys(home)) < len(expected_keys(sample_server))
    resume(home, sample_server, "F03 429 mid-walk then rerun", 4, result)


def test_f04_rate_limit_headers_pause_the_api_client(home, monkeypatch):
    """F04: X-RateLimit-Remaining: 0 with a reset holds the next API request until the reset.

    The X API collector against a local API: page 1 spends the budget (reset 2 s ahead), page 2
    must wait for it; every post lands once, and a second run adds nothing.
    """
    monkeypatch.setenv("PIKIR_X_BEARER_TOKEN", "fault-campaign-bearer-not-a-secret")
    pages = [load("x/search_page1.json"), load("x/search_page2.json")]
    expected = {f"x:{X_SOURCE}:{t['id']}" for page in pages for t in page["data"]}
    args = {"source": X_SOURCE, "q": "закон о соцсетях", "full": "1"}
    for attempt in range(2):
        spent = {"x-rate-limit-remaining": "0", "x-rate-limit-reset": str(int(time.time()) + 2)}
        with ApiServer() as server:
            server.route(RECENT, [Reply(body=pages[0], headers=spent), Reply(body=pages[1])])
            result = api_crawl(XSpider, home.root, base_url=server.base_url, **args)
        assert len(server.requests_to(RECENT)) == 2
        assert result.stats["pikir/ratelimit_waits"] == 1, "page 2 was held until the reset"
        assert result.stat(X_SOURCE, "status") == "ok", result.stat(X_SOURCE, "error")
        if attempt == 0:
            assert expected <= set(lake_keys(home))
    reconcile(home, "F04 X-RateLimit-Remaining 0 then reset", expected, faults=2, resumed=True)


def test_f05_truncated_body_is_retried_and_no_item_comes_from_it(home, sample_server):
    body = urllib.request.urlopen(sample_server.base_url + PAGE).read()
    truncated = Canned(200, {"Content-Length": str(len(body)), "Content-Type": "text/html"})
    sample_server.inject(PAGE, [Canned(**{**truncated.__dict__, "body": body[: len(body) // 2]})])
    result = crawl_channel(home, sample_server.base_url)
    assert result.status == "ok", result.error
    reconcile(home, "F05 Content-Length mismatch", expected_keys(sample_server), faults=1)


def test_f06_unreachable_source_fails_clearly_and_publishes_nothing(home, sample_server):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = crawl_channel(home, dead)
    assert result.status == "failed"
    assert "refused" in (result.error or "").lower() or "robots" in (result.error or "")
    assert not list((home.lake / "posts").rglob("*.parquet"))
    resume(home, sample_server, "F06 source unreachable", 1, result)


HUGE = Canned(200, {"Content-Type": "text/html"}, b"<html>" + b"x" * (17 * 1024 * 1024))
BOMB = Canned(
    200,
    {"Content-Type": "text/html", "Content-Encoding": "gzip"},
    gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9),
)


@pytest.mark.parametrize("canned", [HUGE, BOMB], ids=["F07-huge-page", "F07-gzip-bomb"])
def test_f07_oversized_body_is_aborted_and_the_next_run_recovers(home, sample_server, canned):
    sample_server.inject(PAGE, [canned])
    result = crawl_channel(home, sample_server.base_url)
    assert result.status == "failed"
    assert "DOWNLOAD_MAXSIZE" in (result.error or "") or "size" in (result.error or ""), (
        result.error
    )
    resume(home, sample_server, "F07 oversized body", 1, result)
