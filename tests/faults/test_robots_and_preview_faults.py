"""robots.txt faults (F15) and t.me/s preview faults (F13, F14) against the local sample server.

The rerun after each fault uses a fresh, healthy server (no canned responses left over), as the
next night's run would meet a site that has recovered.
"""

from __future__ import annotations

import urllib.request

import pytest

from pikir.sample.server import Canned, SampleServer
from tests.faults.crawl_cases import CHANNEL, content_hits, crawl_channel, expected_keys
from tests.faults.fault_ledger import lake_keys, reconcile

pytestmark = pytest.mark.slow
DISALLOW_ALL = Canned(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /\n")


def rerun_on_healthy_server(home, case, faults):
    """The next run against a recovered site completes and loses nothing."""
    with SampleServer() as healthy:
        result = crawl_channel(home, healthy.base_url)
        assert result.status in {"ok", "empty"}, result.error
        return reconcile(home, case, expected_keys(healthy), faults=faults, resumed=True)


@pytest.mark.parametrize(
    ("variant", "canned"),
    [("503", Canned(503)), ("disallow-all", DISALLOW_ALL)],
    ids=["F15-robots-503", "F15-robots-disallow-all"],
)
def test_f15_robots_503_or_disallow_means_no_content_requests(home, sample_server, variant, canned):
    sample_server.inject("/robots.txt", [canned] * 10)
    result = crawl_channel(home, sample_server.base_url)
    assert content_hits(sample_server) == []
    assert result.status in {"failed", "empty"}
    assert "robots" in (result.error or "").lower(), result.error
    assert lake_keys(home) == []
    rerun_on_healthy_server(home, f"F15 robots.txt {variant}", 1)


def test_f15_robots_timeout_fails_closed_and_is_not_cached(home, sample_server, monkeypatch):
    monkeypatch.setenv("DOWNLOAD_TIMEOUT", "1")
    monkeypatch.setenv("RETRY_TIMES", "0")
    sample_server.inject("/robots.txt", [Canned(200, body=b"", delay=3)])
    result = crawl_channel(home, sample_server.base_url)
    assert content_hits(sample_server) == []
    assert result.status == "failed"
    assert "robots" in (result.error or "").lower(), result.error
    monkeypatch.delenv("DOWNLOAD_TIMEOUT")
    rerun_on_healthy_server(home, "F15 robots.txt timeout", 1)


def test_f15_robots_404_allows_crawling(home, sample_server):
    sample_server.inject("/robots.txt", [Canned(404)])
    result = crawl_channel(home, sample_server.base_url)
    assert result.status == "ok", result.error
    reconcile(home, "F15 robots.txt 404", expected_keys(sample_server), faults=1)


def test_f13_disabled_preview_is_unavailable_not_empty(home, sample_server):
    result = crawl_channel(home, sample_server.base_url, channel="pikir_demo_closed")
    assert result.status == "unavailable"  # not "empty": the operator sees the cause
    assert not list((home.lake / "posts").rglob("*.parquet"))
    reconcile(home, "F13 preview disabled", set(), faults=1)


def test_f14_pagination_that_repeats_itself_stops_without_duplicates(home, sample_server):
    first = urllib.request.urlopen(f"{sample_server.base_url}/s/{CHANNEL}").read()
    page = Canned(200, {"Content-Type": "text/html; charset=utf-8"}, first)
    sample_server.inject(f"/s/{CHANNEL}?before=", [page] * 3)
    result = crawl_channel(home, sample_server.base_url)
    before = [p for p in content_hits(sample_server) if "before=" in p]
    assert len(before) <= 3, before
    assert result.status in {"ok", "partial", "failed"}
    keys = lake_keys(home)
    assert len(keys) == len(set(keys))
    rerun_on_healthy_server(home, "F14 repeating pagination", 1)
