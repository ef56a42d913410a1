"""spiders.outcome_stats: a source's outcome as the crawl stats the runs recorder reads."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import Spider
from scrapy.utils.test import get_crawler

from spiders.api.outcome import ApiOutcome
from spiders.news.outcome import Outcome
from spiders.outcome_stats import publish_outcome

NEWEST = datetime(2022, 5, 20, 9, 30, tzinfo=UTC)
WATERMARK = datetime(2022, 5, 1, tzinfo=UTC)


def stats():
    return get_crawler(Spider).stats


def test_counters_status_watermark_and_newest():
    collector = stats()
    outcome = ApiOutcome("kazakhstan", pages=2, seen=5, items=4, newest=NEWEST)
    publish_outcome(collector, "kazakhstan", outcome, ("items", "pages", "seen"), WATERMARK)
    assert collector.get_stats() == {
        "pikir/channel/kazakhstan/status": "ok",
        "pikir/channel/kazakhstan/items": 4,
        "pikir/channel/kazakhstan/pages": 2,
        "pikir/channel/kazakhstan/seen": 5,
        "pikir/channel/kazakhstan/watermark_before": "2022-05-01T00:00:00+00:00",
        "pikir/channel/kazakhstan/max_id": "2022-05-20T09:30:00+00:00",
    }


def test_failure_writes_the_error_and_no_absent_marks():
    collector = stats()
    outcome = ApiOutcome("kazakhstan", failures=["https://api.example/r: HTTP 503"])
    publish_outcome(collector, "kazakhstan", outcome, (), None)
    values = collector.get_stats()
    assert values["pikir/channel/kazakhstan/status"] == "failed"
    assert "HTTP 503" in values["pikir/channel/kazakhstan/error"]
    assert "pikir/channel/kazakhstan/watermark_before" not in values
    assert "pikir/channel/kazakhstan/max_id" not in values


def test_news_outcome_publishes_the_same_way():
    collector = stats()
    outcome = Outcome("zakon.kz")
    outcome.items, outcome.gone = 3, 1
    publish_outcome(collector, "zakon.kz", outcome, ("items", "gone"), None)
    values = collector.get_stats()
    assert values["pikir/channel/zakon.kz/status"] == outcome.status()
    assert (values["pikir/channel/zakon.kz/items"], values["pikir/channel/zakon.kz/gone"]) == (3, 1)
