"""orda: saved WordPress feed, daily archive and article."""

from __future__ import annotations

from datetime import UTC, datetime

from news_helpers import article_fixtures, check_invariants, make_news_spider, run_callback, saved

from spiders.sources.orda import OrdaSpider

URL = "https://orda.kz/zakon-o-sotssetyah-chto-izmenili-senatory-312345/"


spider, rows, row = article_fixtures(OrdaSpider, URL)


def test_feed(spider):
    _, requests = run_callback(spider.parse_feed, saved("orda/feed.xml", "https://orda.kz/feed/"))
    assert [r.url for r in requests] == [URL, "https://orda.kz/mazhilis-prinyal-popravki-309876/"]


def test_daily_archives_walk_back_to_since(tmp_path):
    spider = make_news_spider(OrdaSpider, tmp_path, since="2022-04-19")
    spider.collected_at = datetime(2022, 4, 20, 20, 0, tzinfo=UTC)  # 21 Apr in Almaty
    assert spider.listing_path(1) == "/2022/04/21/"
    assert spider.listing_path(3) == "/2022/04/19/"
    assert spider.max_pages() == 2


def test_archive_items(spider):
    _, requests = run_callback(
        spider.parse_listing, saved("orda/day_archive.html", "https://orda.kz/2022/04/20/"), page=1
    )
    assert requests[0].url == URL
    assert len(requests) == 3


def test_post_key_from_wordpress_postid(row):
    assert row["post_key"] == "news:orda.kz:312345"


def test_title(row):
    assert row["title"] == "Закон о соцсетях: что изменили сенаторы"


def test_lead(row):
    assert row["lead"] == "Разбираем поправки Сената к закону о социальных сетях."


def test_body_keeps_quotes_drops_share(row):
    assert "«Мы не вводим цензуру»" in row["text"]
    assert "Поделиться" not in row["text"]


def test_published_and_modified(row):
    assert row["published_at"] == datetime(2022, 4, 20, 13, 0, tzinfo=UTC)
    assert row["edited_at"] == datetime(2022, 4, 20, 15, 10, tzinfo=UTC)


def test_author_and_tags(row):
    assert (row["signature"], row["tags"]) == ("Ерлан Синтетов", ["закон", "Сенат"])


def test_links_out(row):
    assert row["links"] == ["https://senate.parlam.kz/synthetic"]


def test_invariants(row):
    check_invariants(row)
