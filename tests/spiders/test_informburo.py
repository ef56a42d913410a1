"""informburo: saved listing (day headings) and article in the site's structure (synthetic)."""

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
)

from spiders.sources.informburo import InformburoSpider

URL = "https://informburo.kz/novosti/senat-vernul-zakon-o-socsetyax"
LISTING = "https://informburo.kz/novosti?page=1"
PREVIOUS_DAY = """<li><h2 class="date-heading">19 апреля 2022</h2></li>
<li class="uk-grid uk-grid-small uk-margin-remove-top">
 <div class="uk-width-expand"><a href="/novosti/deputaty-obsudili-kiberbulling">Депутаты обсудили \
кибербуллинг <time class="article-time">09:05</time></a></div>
</li>
"""
"""A second day heading and its item, added to the sample's one-day listing."""


spider, rows, row = article_fixtures(InformburoSpider, URL)


@pytest.fixture
def listing():
    return sample_page(LISTING, insert=PREVIOUS_DAY, before="</ul>")


def test_no_feed_is_requested_while_unresolved(spider):
    assert spider.feeds == ()
    assert spider.listing_path(2) == "/novosti?page=2"


def test_listing_entries_are_dated_by_day_heading(spider, listing):
    entries = spider.parse_listing_page(listing)
    assert [e.url for e in entries] == [
        URL,
        "https://informburo.kz/stati/kak-izmenitsya-rabota-platform",
        "https://informburo.kz/novosti/deputaty-obsudili-kiberbulling",
    ]
    assert entries[0].published_at == datetime(2022, 4, 20, 12, 40, tzinfo=UTC)
    assert entries[2].published_at == datetime(2022, 4, 19, 3, 5, tzinfo=UTC)
    assert entries[0].title == "Сенат вернул закон о соцсетях в Мажилис"


def test_listing_follows_articles_then_next_page(spider, listing):
    _, requests = run_callback(spider.parse_listing, listing, page=1)
    assert len(requests) == 4
    assert requests[-1].url == "https://informburo.kz/novosti?page=2"


def test_post_key_is_the_slug(row):
    assert row["post_key"] == "news:informburo.kz:senat-vernul-zakon-o-socsetyax"


def test_url_is_canonical(row):
    assert row["url"] == URL


def test_title(row):
    assert row["title"] == "Сенат вернул закон о соцсетях в Мажилис"


def test_lead(row):
    assert row["lead"] == (
        "Сенаторы изменили шесть пунктов законопроекта о защите детей от кибербуллинга."
    )


def test_body_without_read_more(row):
    assert row["text"].startswith("Это синтетический текст для тестов pikir.")
    assert "Читайте также" not in row["text"]
    assert row["text"].count("\n\n") == 2


def test_published_at_utc(row):
    assert row["published_at"] == datetime(2022, 4, 20, 12, 40, tzinfo=UTC)


def test_modified_at(row):
    assert row["edited_at"] == datetime(2022, 4, 20, 13, 10, tzinfo=UTC)
    assert row["is_edited"] is True


def test_byline_and_outlet(row):
    assert (row["author_name"], row["signature"]) == ("Informburo.kz", "Данияр Серикбаев")


def test_tags(row):
    assert row["tags"] == ["соцсети", "Сенат"]


def test_views(row):
    assert row["views"] == 5310


def test_links_out(row):
    assert row["links"] == ["https://senate.parlam.kz/ru-RU/news/synthetic"]


def test_language(row):
    assert row["lang_hint"] == "ru"


def test_no_comments(rows):
    assert len(rows) == 1


def test_missing_body_is_a_layout_finding(tmp_path):
    spider = make_news_spider(InformburoSpider, tmp_path, full="1")
    items, _ = run_callback(spider.parse_article, saved("informburo/article_no_body.html", URL))
    assert items == []
    assert "div.article" in spider.outcome.layout[0]


@pytest.mark.parametrize("index", range(1))
def test_invariants(rows, index):
    check_invariants(rows[index])
