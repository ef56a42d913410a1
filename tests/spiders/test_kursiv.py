"""kursiv: saved feeds (Russian, English), category listing and articles (synthetic text)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from news_helpers import (
    article_fixtures,
    check_invariants,
    make_news_spider,
    run_callback,
    sample_page,
    saved,
    start_requests,
)

from spiders.sources.kursiv import KursivSpider

BASE = "https://kz.kursiv.media"
URL = f"{BASE}/2022-04-20/biznes-ocenil-zakon-o-socsetyah/"
EN_URL = f"{BASE}/en/2022-04-21/senators-return-social-media-bill/"


spider, rows, row = article_fixtures(KursivSpider, URL, EN_URL)


def test_nightly_reads_both_feeds_and_no_listing(spider):
    assert [r.url for r in start_requests(spider)] == [f"{BASE}/feed/", f"{BASE}/en/feed/"]


def test_english_can_be_dropped(tmp_path):
    spider = make_news_spider(KursivSpider, tmp_path, full="1", english="0")
    assert [r.url for r in start_requests(spider)] == [f"{BASE}/feed/"]


def test_backfill_walks_category_and_search(tmp_path):
    spider = make_news_spider(KursivSpider, tmp_path, since="2021-09-01")
    urls = [r.url for r in start_requests(spider)]
    assert f"{BASE}/category/news/page/1/" in urls
    assert any(u.startswith(f"{BASE}/page/1/?s=") for u in urls)


def test_feeds(spider):
    _, ru = run_callback(spider.parse_feed, sample_page(f"{BASE}/feed/"))
    _, en = run_callback(spider.parse_feed, sample_page(f"{BASE}/en/feed/"))
    assert ([r.url for r in ru], [r.url for r in en]) == ([URL], [EN_URL])


def test_category_listing(spider):
    page = saved("kursiv/category_page1.html", f"{BASE}/category/news/page/1/")
    entries = spider.parse_listing_page(page)
    assert [e.url for e in entries] == [URL, f"{BASE}/2022-03-09/mazhilis-odobril-popravki/"]
    assert entries[0].published_at == datetime(2022, 4, 20, 13, 30, tzinfo=UTC)
    assert entries[1].title == "Мажилис одобрил поправки о платформах"


def test_post_key_is_the_path(row, rows):
    assert row["post_key"] == "news:kz.kursiv.media:2022-04-20/biznes-ocenil-zakon-o-socsetyah"
    assert rows[1]["post_id"] == "en/2022-04-21/senators-return-social-media-bill"


def test_url_is_canonical(row):
    assert row["url"] == URL


def test_title(row):
    assert row["title"] == "Бизнес оценил закон о соцсетях: расходы платформ вырастут"


def test_lead_from_description(row):
    assert row["lead"] == "Представители IT-отрасли считают, что требования закона лягут на бизнес."


def test_body_without_boilerplate(row):
    assert row["text"].startswith("Это синтетический текст для тестов pikir.")
    for noise in ("Поделиться", "Реклама", "Читайте также", "IT\n"):
        assert noise not in row["text"]
    assert row["text"].endswith("на рекламодателей.")


def test_published_and_modified(row):
    assert row["published_at"] == datetime(2022, 4, 20, 13, 30, tzinfo=UTC)
    assert row["edited_at"] == datetime(2022, 4, 20, 15, 0, tzinfo=UTC)


def test_english_printed_date(rows):
    assert rows[1]["published_at"] == datetime(2022, 4, 21, 5, 15, tzinfo=UTC)


def test_byline_and_outlet(row):
    assert (row["author_name"], row["signature"]) == ("Kursiv.media", "Мадина Алиева")


def test_tags(row):
    assert row["tags"] == ["соцсети", "IT"]


def test_links_out(row):
    assert row["links"] == ["https://astanahub.com/synthetic"]


def test_language_per_edition(rows):
    assert [r["lang_hint"] for r in rows] == ["ru", "en"]


@pytest.mark.parametrize("index", range(2))
def test_invariants(rows, index):
    check_invariants(rows[index])
