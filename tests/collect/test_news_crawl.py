"""News spiders as real ``scrapy crawl`` children against the sample server: runs, reachability."""

from __future__ import annotations

import json

import pytest

from pikir.collect import crawl, new_run_id
from pikir.config import SAMPLE_SOURCES_FILE
from pikir.lake.runs import read_runs
from pikir.news_config import load_news_outlets

pytestmark = pytest.mark.slow


def crawl_outlet(home, server, spider="vlast", source="vlast.kz", **arguments):
    args = {"base_url": f"{server.base_url}/news/{source}", **arguments}
    (result,) = crawl(
        home, spider, run_id=new_run_id("test"), arguments=args, sources=[source],
        fast=True, timeout=120,
    )  # fmt: skip
    return result


@pytest.mark.parametrize("outlet", load_news_outlets(SAMPLE_SOURCES_FILE), ids=lambda o: o.source)
def test_every_sample_outlet_lands_then_is_incremental(home, server, outlet):
    first = crawl_outlet(home, server, outlet.spider, outlet.source)
    assert (first.status, first.new_items > 0) == ("ok", True)
    again = crawl_outlet(home, server, outlet.spider, outlet.source)
    assert (again.status, again.new_items) == ("empty", 0)


def test_retry_after_is_honoured(home, server):
    server.inject("/news/vlast.kz/feed/", [(429, {"Retry-After": "1"}, b"slow down")])
    result = crawl_outlet(home, server)
    assert result.status == "ok"
    (row,) = [r for r in read_runs(home).to_pylist() if r["source"] == "vlast.kz"]
    assert json.loads(row["status_counts"])["429"] == 1


def test_robots_5xx_fails_closed_and_names_the_source(home, server):
    server.inject("/robots.txt", [(503, {}, b"down")] * 5)
    result = crawl_outlet(home, server)
    assert result.status == "failed"
    assert "vlast.kz" in result.error


def test_unreachable_site_is_a_failed_run_with_the_reason(home):
    (result,) = crawl(
        home, "vlast", run_id=new_run_id("test"), sources=["vlast.kz"], fast=True, timeout=120,
        arguments={"base_url": "http://127.0.0.1:9/news/vlast.kz"},
    )  # fmt: skip
    assert result.status == "failed"
    assert "ConnectionRefused" in result.error or "robots" in result.error


def test_dns_failure_is_recorded_as_such_in_runs(home):
    (result,) = crawl(
        home, "vlast", run_id=new_run_id("test"), sources=["vlast.kz"], fast=True, timeout=120,
        arguments={"base_url": "http://pikir-unreachable.invalid/news/vlast.kz"},
    )  # fmt: skip
    assert result.status == "failed"
    assert "robots.txt of pikir-unreachable.invalid unavailable (CannotResolveHostError" in (
        result.error
    )
    (row,) = [r for r in read_runs(home).to_pylist() if r["source"] == "vlast.kz"]
    counts = json.loads(row["status_counts"])
    assert counts.get("dns", 0) >= 1
    assert "refused" not in counts


def test_refused_connections_are_recorded_as_such_in_runs(home):
    (result,) = crawl(
        home, "vlast", run_id=new_run_id("test"), sources=["vlast.kz"], fast=True, timeout=120,
        arguments={"base_url": "http://127.0.0.1:9/news/vlast.kz"},
    )  # fmt: skip
    assert result.status == "failed"
    (row,) = [r for r in read_runs(home).to_pylist() if r["source"] == "vlast.kz"]
    assert json.loads(row["status_counts"]).get("refused", 0) >= 1
