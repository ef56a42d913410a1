"""vlast: saved feed, listing and article pages (synthetic text in the site's structure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from news_helpers import article_fixtures, check_invariants, run_callback, sample_page, saved

from spiders.sources.vlast import VlastSpider

URL = "https://vlast.kz/novosti/47120-mazhilis-odobril-popravki-o-socsetyah.html"


spider, rows, row = article_fixtures(VlastSpider, URL)


def test_feed_yields_every_article(spider):
    _, requests = run_callback(spider.parse_feed, saved("vlast/feed.xml", "https://vlast.kz/feed/"))
    assert [r.url.split("/")[-1].split("-")[0] for r in requests] == ["47120", "47101", "47055"]


def test_listing_yields_articles_then_next_page(spider):
    page = sample_page("https://vlast.kz/novosti/?page=1")
    _, requests = run_callback(spider.parse_listing, page, page=1)
    assert len(requests) == 4
    assert requests[-1].url == "https://vlast.kz/novosti/?page=2"


def test_post_key(row):
    assert row["post_key"] == "news:vlast.kz:47120"


def test_url_is_canonical(row):
    assert row["url"] == URL


def test_title(row):
    assert row["title"] == "Мажилис одобрил в первом чтении поправки о социальных сетях"


def test_lead(row):
    assert row["lead"].startswith("Депутаты поддержали законопроект")


def test_body_without_boilerplate(row):
    assert row["text"].startswith("Это синтетический текст")
    assert "Поделиться" not in row["text"]
    assert "Vlast.kz" not in row["text"]
    assert row["text"].count("\n\n") == 2


def test_published_at_utc(row):
    assert row["published_at"] == datetime(2021, 9, 15, 8, 5, tzinfo=UTC)


def test_modified_at(row):
    assert row["edited_at"] == datetime(2021, 9, 15, 10, 20, tzinfo=UTC)


def test_byline_and_outlet(row):
    assert (row["signature"], row["author_name"]) == ("Айгерим Сапарова", "Vlast.kz")


def test_tags(row):
    assert row["tags"] == ["соцсети", "Мажилис"]


def test_views(row):
    assert row["views"] == 3722


def test_links_out(row):
    assert row["links"] == [
        "https://adilet.zan.kz/rus/docs/synthetic-bill",
        "https://t.me/vlastkz/12345",
    ]


def test_language(row):
    assert row["lang_hint"] == "ru"


def test_cp1251_variant_reads_the_same(spider, row):
    (again,) = run_callback(spider.parse_article, saved("vlast/article_cp1251.html", URL))[0]
    assert (again["title"], again["text"]) == (row["title"], row["text"])


@pytest.mark.parametrize("index", [0])
def test_invariants(rows, index):
    check_invariants(rows[index])
