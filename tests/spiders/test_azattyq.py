"""azattyq: saved zone listing and article (Pangea CMS structure), both editions."""

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

from spiders.sources.azattyq import AzattyqSpider

URL = "https://rus.azattyq.org/a/zakon-o-sotssetyah-senat/31813377.html"
KK_URL = "https://www.azattyq.org/a/aleumettik-zheliler-zan-zhobasy/31463210.html"


spider, rows, row = article_fixtures(AzattyqSpider, URL)


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


LISTINGS = {
    "ru": (
        "spider",
        lambda: sample_page("https://rus.azattyq.org/z/360?p=1"),
        [URL, "https://rus.azattyq.org/a/31480012.html", "https://rus.azattyq.org/z/360?p=2"],
    ),
    "kk": (
        "kk_spider",
        lambda: saved("azattyq/news_zone_kk.html", "https://www.azattyq.org/z/330?p=1"),
        [KK_URL, "https://www.azattyq.org/a/31463155.html", "https://www.azattyq.org/z/330?p=2"],
    ),
}
"""Per edition: spider fixture, first zone page, the requests it must make (articles only)."""


@pytest.mark.parametrize("edition", sorted(LISTINGS))
def test_listing_follows_articles_and_the_next_page(edition, request):
    spider_fixture, page, expected = LISTINGS[edition]
    spider = request.getfixturevalue(spider_fixture)
    _, requests = run_callback(spider.parse_listing, page(), page=1)
    assert [r.url for r in requests] == expected


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


# -- the Kazakh edition (azattyq.org) ----------------------------------------------------------


@pytest.fixture(scope="module")
def kk_spider(tmp_path_factory):
    return make_news_spider(
        AzattyqSpider, tmp_path_factory.mktemp("home-kk"), full="1", edition="kk"
    )


@pytest.fixture(scope="module")
def kk_row(kk_spider):
    return run_callback(kk_spider.parse_article, saved("azattyq/article_kk.html", KK_URL))[0][0]


def test_kazakh_listing_dates_use_kazakh_month_names(kk_spider):
    entries = kk_spider.parse_listing_page(
        saved("azattyq/news_zone_kk.html", "https://www.azattyq.org/z/330?p=1")
    )
    assert [e.published_at.date().isoformat() for e in entries] == ["2021-09-14", "2021-09-13"]


def test_kazakh_post_key_and_source(kk_row):
    assert kk_row["post_key"] == "news:azattyq.org:31463210"
    assert kk_row["source"] == "azattyq.org"


def test_kazakh_title(kk_row):
    assert kk_row["title"] == (
        "Мәжіліс әлеуметтік желілер туралы заң жобасын бірінші оқылымда мақұлдады"
    )


def test_kazakh_lead(kk_row):
    assert kk_row["lead"] == (
        "Депутаттар балаларды кибербуллингтен қорғау туралы түзетулерді қолдады."
    )


def test_kazakh_body_without_embeds(kk_row):
    assert kk_row["text"].startswith("Бұл pikir сынақтарына арналған синтетикалық мәтін.")
    assert "ендірме" not in kk_row["text"]


def test_kazakh_language(kk_row):
    assert kk_row["lang_hint"] == "kk"


def test_kazakh_published_in_utc(kk_row):
    assert kk_row["published_at"] == datetime(2021, 9, 15, 10, 40, tzinfo=UTC)
    assert kk_row["edited_at"] is None


def test_kazakh_authors(kk_row):
    assert kk_row["signature"] == "Әсел Синтетова, Ерлан Жасанды"


def test_kazakh_links_leave_the_outlet(kk_row):
    assert kk_row["links"] == ["https://adilsoz.kz/synthetic-kk"]


def test_kazakh_invariants(kk_row):
    check_invariants(kk_row)


# -- search result pages (backfills) -----------------------------------------------------------

SEARCH_URL = "https://rus.azattyq.org/s?k=%D0%B7%D0%B0%D0%BA%D0%BE%D0%BD&p=1"


def test_search_results_are_followed_with_the_next_search_page(tmp_path):
    spider = make_news_spider(AzattyqSpider, tmp_path, since="2021-09-01")
    _, requests = run_callback(
        spider.parse_listing,
        saved("azattyq/search_results.html", SEARCH_URL),
        page=1,
        term="закон о соцсетях",
    )
    urls = [r.url for r in requests]
    assert urls[:3] == [
        "https://rus.azattyq.org/a/zakon-o-sotssetyah-podpisan/31830001.html",
        URL,
        "https://rus.azattyq.org/a/31480012.html",
    ]
    assert urls[3].startswith("https://rus.azattyq.org/s?k=")
    assert urls[3].endswith("&p=2")
    assert len(urls) == 4


def test_search_stops_at_the_backfill_start(tmp_path):
    spider = make_news_spider(AzattyqSpider, tmp_path, since="2022-01-01")
    _, requests = run_callback(
        spider.parse_listing,
        saved("azattyq/search_results.html", SEARCH_URL),
        page=1,
        term="закон о соцсетях",
    )
    assert [r.url.rsplit("/", 1)[-1] for r in requests] == ["31830001.html", "31813377.html"]


def test_an_empty_search_is_not_a_layout_change(tmp_path):
    spider = make_news_spider(AzattyqSpider, tmp_path, since="2021-09-01")
    items, requests = run_callback(
        spider.parse_listing,
        saved("azattyq/search_empty.html", SEARCH_URL),
        page=1,
        term="закон о соцсетях",
    )
    assert (items, requests) == ([], [])
    assert spider.outcome.status() == "empty"
    assert spider.outcome.error() is None
