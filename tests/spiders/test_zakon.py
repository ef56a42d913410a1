"""zakon: saved listing cards and articles in the site's structure (synthetic text)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from news_helpers import check_invariants, make_news_spider, run_callback, sample_page, saved

from spiders.sources.zakon import ZakonSpider

URL = "https://www.zakon.kz/politika/6021455-senat-vernul-zakon-o-sotssetyakh-v-mazhilis.html"
OTHER = "https://www.zakon.kz/obshestvo/6021390-yuristy-o-kiberbullinge.html"
LISTING = "https://www.zakon.kz/news/?p=1"
UNDATED_CARD = """
<a class="newscard_link" href="/politika/6021300-deputaty-o-predstavitelstvakh-platform.html">
 <div class="newscard">
  <div class="newscard__title">Депутаты о представительствах платформ</div>
 </div></a>
"""
"""A card without a date, added to the sample's listing (whose cards all carry one)."""


@pytest.fixture(scope="module")
def spider(tmp_path_factory):
    return make_news_spider(ZakonSpider, tmp_path_factory.mktemp("home"), full="1")


@pytest.fixture(scope="module")
def rows(spider):
    first = run_callback(spider.parse_article, sample_page(URL))[0]
    second = run_callback(spider.parse_article, saved("zakon/article_printed_date.html", OTHER))[0]
    return first + second


@pytest.fixture(scope="module")
def row(rows):
    return rows[0]


@pytest.fixture
def listing():
    return sample_page(LISTING, insert=UNDATED_CARD, before="</div>\n</main>")


def test_source_drops_www(spider):
    assert (spider.source, spider.feeds) == ("zakon.kz", ())


def test_listing_cards(spider, listing):
    entries = spider.parse_listing_page(listing)
    assert [e.url for e in entries] == [
        URL,
        OTHER,
        "https://www.zakon.kz/politika/6021300-deputaty-o-predstavitelstvakh-platform.html",
    ]
    assert [e.published_at for e in entries] == [
        datetime(2022, 4, 20, 12, 40, tzinfo=UTC),
        datetime(2022, 4, 20, 10, 5, tzinfo=UTC),
        None,
    ]
    assert entries[1].title == "Юристы о кибербуллинге: что изменит закон"


def test_listing_follows_then_next_page(spider, listing):
    _, requests = run_callback(spider.parse_listing, listing, page=1)
    assert requests[-1].url == "https://www.zakon.kz/news/?p=2"
    assert len(requests) == 4


def test_post_key(row):
    assert row["post_key"] == "news:zakon.kz:6021455"


def test_url_is_canonical(row):
    assert row["url"] == URL


def test_title(row):
    assert row["title"] == "Сенат вернул закон о соцсетях в Мажилис"


def test_lead(row):
    assert row["lead"] == "Сенаторы поправили шесть норм закона о защите детей от кибербуллинга."


def test_body_without_boxes(row):
    assert row["text"].startswith("Это синтетический текст для тестов pikir.")
    assert "Читайте также" not in row["text"]
    assert "Подпишитесь" not in row["text"]
    assert row["text"].endswith("исключена.")


def test_published_at_from_meta(row):
    assert row["published_at"] == datetime(2022, 4, 20, 12, 40, tzinfo=UTC)


def test_published_at_from_printed_time_first_date(rows):
    assert rows[1]["published_at"] == datetime(2022, 4, 20, 10, 5, tzinfo=UTC)


def test_byline_and_outlet(row):
    assert (row["author_name"], row["signature"]) == ("Zakon.kz", "Ержан Касымов")


def test_tags(row):
    assert row["tags"] == ["соцсети", "Сенат"]


def test_views(row):
    assert row["views"] == 7845


def test_links_out(row):
    assert row["links"] == ["https://senate.parlam.kz/ru-RU/news/synthetic"]


def test_language(row):
    assert row["lang_hint"] == "ru"


@pytest.mark.parametrize("index", range(2))
def test_invariants(rows, index):
    check_invariants(rows[index])
