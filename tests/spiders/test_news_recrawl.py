"""Nightly runs fetch the last days' articles again: late comments land, nothing duplicates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb
import pytest
from news_helpers import make_news_spider, run_callback, sample_page, start_requests

from pikir.config import DataHome
from pikir.lake.writer import LakeWriter
from spiders.sources.cabar import CabarSpider

BASE = "https://cabar.asia"
URL = f"{BASE}/ru/kazahstan-kurs-na-kontrol-nad-sotssetyami"
EN_URL = f"{BASE}/en/kazakhstan-towards-control-over-social-media"


def land(home, rows, run_id):
    with LakeWriter(DataHome(home), run_id=run_id) as writer:
        for row in rows:
            writer.add(row)


@pytest.fixture
def landed(tmp_path):
    """A home where yesterday's run landed the Russian article and its comments."""
    first = make_news_spider(CabarSpider, tmp_path, full="1")
    rows = run_callback(first.parse_article, sample_page(URL))[0]
    land(tmp_path, [r for r in rows if r["kind"] == "article"][:1], "run-1")
    article = next(r for r in rows if r["kind"] == "article")
    return tmp_path, article, rows


def nightly(home, now, **kwargs):
    spider = make_news_spider(CabarSpider, home, **kwargs)
    spider.collected_at = now
    return spider


def test_articles_of_the_last_days_are_requested_again(landed):
    home, article, _ = landed
    spider = nightly(home, article["published_at"] + timedelta(days=2))
    recrawls = [r for r in start_requests(spider) if r.meta.get("recrawl")]
    assert [r.url for r in recrawls] == [URL]
    assert recrawls[0].callback == spider.parse_article
    assert spider.outcome.recrawled == 1


def test_older_articles_are_not_requested_again(landed):
    home, article, _ = landed
    spider = nightly(home, article["published_at"] + timedelta(days=4))
    assert not [r for r in start_requests(spider) if r.meta.get("recrawl")]


@pytest.mark.parametrize("kwargs", [{"recrawl": "0"}, {"since": "2021-09-01"}])
def test_backfills_and_recrawl_0_do_not_recrawl(landed, kwargs):
    home, article, _ = landed
    spider = nightly(home, article["published_at"] + timedelta(days=1), **kwargs)
    assert not [r for r in start_requests(spider) if r.meta.get("recrawl")]


def test_a_recrawled_article_below_the_watermark_still_yields_its_rows(landed):
    home, article, rows = landed
    spider = nightly(home, article["published_at"] + timedelta(days=1))
    spider.watermark = article["published_at"]  # as the previous run left it
    response = sample_page(URL)
    again = run_callback(spider.parse_article, response.replace(request=response.request))[0]
    assert again == []  # discovered through a feed: at the watermark, skipped
    recrawl = response.replace(request=response.request.replace(meta={"recrawl": True}))
    again = run_callback(spider.parse_article, recrawl)[0]
    assert {r["post_key"] for r in again} == {r["post_key"] for r in rows}


def test_landing_the_recrawl_adds_the_late_comments_once(landed):
    home, _article, rows = landed
    land(home, rows, "run-2")  # the re-crawl sees the comments that came in later
    land(home, rows, "run-3")  # and a third night sees the same again
    keys = duckdb.sql(
        f"select post_key, version, count(*) from read_parquet('{home}/lake/posts/**/*.parquet') "
        "group by 1, 2 having count(*) > 1"
    ).fetchall()
    assert keys == []
    landed_keys = {
        r[0]
        for r in duckdb.sql(
            f"select distinct post_key from read_parquet('{home}/lake/posts/**/*.parquet')"
        ).fetchall()
    }
    assert landed_keys == {r["post_key"] for r in rows}
    assert len(rows) > 1  # the fixture has comments


def test_the_cutoff_uses_the_run_time_not_the_wall_clock(landed):
    home, _article, _ = landed
    spider = nightly(home, datetime(2030, 1, 1, tzinfo=UTC))
    assert spider.recrawl_requests() == []
