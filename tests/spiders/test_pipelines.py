"""Pipelines and the run recorder, built the Scrapy way (get_crawler + from_crawler)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from pikir.schema import Post
from spiders.extensions import run_records
from spiders.middlewares import retry_after_seconds
from spiders.pipelines import LakePipeline, ValidatePostPipeline


def row(post_id="1", **changes):
    post = Post(
        platform="telegram",
        source="chan",
        post_id=post_id,
        run_id="r",
        collector="t@1",
        published_at=datetime(2021, 9, 15, 9, tzinfo=UTC),
        collected_at=datetime(2022, 6, 1, tzinfo=UTC),
        text="Мәтін",
        views=10,
    )
    return {**post.to_row(), **changes}


def crawler_for(tmp_path, **settings):
    return get_crawler(Spider, {"PIKIR_HOME": str(tmp_path), "PIKIR_RUN_ID": "r1", **settings})


def test_validation_passes_a_good_item(tmp_path):
    pipeline = ValidatePostPipeline.from_crawler(crawler_for(tmp_path))
    item = row()
    assert pipeline.process_item(item) is item


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"published_at": datetime(2021, 9, 15)}, "no time zone"),
        ({"post_key": "telegram:other:1"}, "should be"),
        ({"kind": "story"}, "kind"),
        ({"source": ""}, "missing source"),
    ],
)
def test_validation_drops_bad_items_with_the_reason(tmp_path, change, reason):
    crawler = crawler_for(tmp_path)
    pipeline = ValidatePostPipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match=reason):
        pipeline.process_item(row(**change))
    assert crawler.stats.get_value("pikir/items_invalid") == 1


def test_lake_pipeline_lands_items_and_reports_counts(tmp_path):
    crawler = crawler_for(tmp_path)
    crawler.stats.open_spider()
    pipeline = LakePipeline.from_crawler(crawler)
    pipeline.open_spider()
    for i in range(3):
        pipeline.process_item(row(str(i)))
    pipeline.close_spider()
    assert crawler.stats.get_value("pikir/landing/new") == 3
    assert crawler.stats.get_value("pikir/landing/telegram/chan/new") == 3
    assert list((tmp_path / "lake" / "posts").rglob("*.parquet"))


def test_lake_pipeline_can_be_switched_off(tmp_path):
    with pytest.raises(NotConfigured):
        LakePipeline.from_crawler(crawler_for(tmp_path, PIKIR_LAND=False))


def records(stats, reason="finished"):
    now = datetime(2022, 5, 3, tzinfo=UTC)
    return run_records(
        stats,
        sources=["a"],
        platform="telegram",
        run_id="r",
        flow="test",
        collector="c",
        reason=reason,
        started_at=now,
        finished_at=now,
    )


def test_run_record_for_a_channel_that_never_answered_is_failed():
    (record,) = records({"pikir/robots_fail_closed": 1})
    assert record["status"] == "failed"
    assert "robots.txt" in record["error"]


def test_run_record_of_an_interrupted_crawl_is_partial():
    (record,) = records({"pikir/channel/a/status": "ok", "pikir/channel/a/items": 4}, "shutdown")
    assert (record["status"], record["items"]) == ("partial", 4)


def test_run_record_counts_http_errors_and_landing():
    stats = {
        "pikir/channel/a/status": "ok",
        "downloader/response_status_count/200": 3,
        "downloader/response_status_count/429": 2,
        "pikir/landing/telegram/a/new": 7,
    }
    (record,) = records(stats)
    assert (record["http_errors"], record["new_items"]) == (2, 7)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (b"120", 120.0),
        ("7", 7.0),
        (None, None),
        (b"soon", None),
        (b"Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
    ],
)
def test_retry_after_parsing(header, seconds):
    assert retry_after_seconds(header) == seconds


def test_retry_after_http_date_in_the_future():
    now = datetime(2015, 10, 21, 7, 27, 30, tzinfo=UTC)
    assert retry_after_seconds(b"Wed, 21 Oct 2015 07:28:00 GMT", now=now) == 30.0
