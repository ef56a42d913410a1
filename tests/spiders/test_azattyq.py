"""azattyq: saved zone listing and article (Pangea CMS structure), both editions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from news_helpers import check_invariants, make_news_spider, run_callback, saved, start_requests

from spiders.sources.azattyq import AzattyqSpider

URL = "https://rus.azattyq.org/a/zakon-o-sotssetyah-senat/31813377.html"


@pytest.fixture(scope="module")
def spider(tmp_path_factory):
    return make_news_spider(AzattyqSpider, tmp_path_factory.mktemp("home"), full="1")


@pytest.fixture(scope="module")
def row(spider):
    return run_callback(spider.parse_article, saved("azattyq/article.html", URL))[0][0]


def test_russian_edition_starts_from_zone_feeds_and_listing(spider):
    assert [r.url for r in start_requests(spider)] == [
        "https://rus.azattyq.org/api/zgroqe_uoq",
        "https://rus.azattyq.org/api/zororegtor",
        "https://rus.azattyq.org/z/360?p=1",
    ]


def test_kazakh_edition_is_its_own_source(tmp_path):
    spider = make_news_spider(AzattyqSpider, tmp_path, edition="kk")
    assert (spider.source, spider.channels, spider.lang) == ("azattyq.org", ("azattyq.org",), "kk")
    assert [r.url for r in start_requests(spider)] == ["https://www.azattyq.org/z/330?p=1"]


def test_backfill_adds_search(tmp_path):
    spider = make_news_spider(AzattyqSpider, tmp_path, since="2021-09-01")
    assert sum("/s?k=" in r.url for r in start_requests(spider)) == 3


def test_listing(spider):
    _, requests = run_callback(
        spider.parse_listing,
        saved("azattyq/news_zone.html", "https://rus.azattyq.org/z/360?p=1"),
        page=1,
    )
    assert [r.url for r in requests] == [
        URL,
        "https://rus.azattyq.org/a/31480012.html",
        "https://rus.azattyq.org/z/360?p=2",
    ]


def test_post_key(row):
    assert row["post_key"] == "news:rus.azattyq.org:31813377"


def test_title(row):
    assert row["title"] == "Сенат одобрил закон о соцсетях с поправками"


def test_lead(row):
    assert row["lead"] == "Закон о социальных сетях вернётся в Мажилис."


def test_body_without_embeds(row):
    assert row["text"].startswith("Синтетический текст")
    assert "Читайте также" not in row["text"]


def test_published_and_modified(row):
    assert row["published_at"] == datetime(2022, 4, 20, 11, 12, tzinfo=UTC)
    assert row["edited_at"] == datetime(2022, 4, 20, 13, 0, tzinfo=UTC)


def test_authors(row):
    assert row["signature"] == "Данияр Синтетов"


def test_rubric(row):
    assert row["tags"] == ["Казахстан"]


def test_links_out(row):
    assert row["links"] == [
        "https://www.article19.org/synthetic",
        "https://t.me/azattyq_synthetic/42",
    ]


def test_invariants(row):
    check_invariants(row)
