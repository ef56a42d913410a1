"""exclusive: saved section listing and an article with a comment (synthetic text)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from news_helpers import (
    article_fixtures,
    check_invariants,
    make_news_spider,
    run_callback,
    sample_page,
    start_requests,
)

from spiders.sources.exclusive import ExclusiveSpider

BASE = "https://exclusive.kz"
URL = f"{BASE}/senat-vernul-zakon-o-socsetjah-v-mazhilis/"
SECTION = f"{BASE}/category/kontekst-dnya/page/1/"


spider, rows, row = article_fixtures(ExclusiveSpider, URL)


def test_no_feed_only_the_section_listing(spider):
    assert [r.url for r in start_requests(spider)] == [SECTION]


def test_backfill_also_searches(tmp_path):
    spider = make_news_spider(ExclusiveSpider, tmp_path, since="2021-09-01")
    urls = [r.url for r in start_requests(spider)]
    assert sum(u.startswith(f"{BASE}/page/1/?s=") for u in urls) == 3


def test_listing_items_dated_at_end_of_day(spider):
    entries = spider.parse_listing_page(sample_page(SECTION))
    assert [e.url for e in entries] == [URL, f"{BASE}/pravozashhitniki-o-zakone-o-kiberbullinge/"]
    assert entries[0].published_at == datetime(2022, 4, 20, 17, 59, tzinfo=UTC)
    assert entries[1].title == "Правозащитники о законе о кибербуллинге"


def test_listing_follows_then_next_page(spider):
    _, requests = run_callback(spider.parse_listing, sample_page(SECTION), page=1)
    assert requests[-1].url == f"{BASE}/category/kontekst-dnya/page/2/"
    assert len(requests) == 3


def test_post_key_is_the_slug(row):
    assert row["post_key"] == "news:exclusive.kz:senat-vernul-zakon-o-socsetjah-v-mazhilis"


def test_title(row):
    assert row["title"] == "Сенат вернул закон о соцсетях в Мажилис"


def test_lead(row):
    assert row["lead"] == "Сенаторы предложили создать экспертную комиссию по кибербуллингу."


def test_body_keeps_quote_drops_share(row):
    assert row["text"].startswith("Это синтетический текст для тестов pikir.")
    assert "Блокировать платформы целиком" in row["text"]
    assert "Поделиться" not in row["text"]


def test_published_at(row):
    assert row["published_at"] == datetime(2022, 4, 20, 12, 55, tzinfo=UTC)


def test_byline_and_outlet(row):
    assert (row["author_name"], row["signature"]) == ("Exclusive.kz", "Синтетический Редактор")


def test_tags(row):
    assert row["tags"] == ["закон", "соцсети"]


def test_links_out(row):
    assert row["links"] == ["https://senate.parlam.kz/ru-RU/news/synthetic"]


def test_comment(row, rows):
    (comment,) = rows[1:]
    assert comment["post_key"] == f"{row['post_key']}-c771"
    assert comment["parent_key"] == row["post_key"]
    assert comment["published_at"] == datetime(2022, 4, 20, 13, 20, tzinfo=UTC)
    assert comment["text"] == "Синтетический комментарий: комиссия — это уже лучше."
    assert row["replies"] == 1


def test_commenter_pseudonymised(rows):
    comment = rows[1]
    assert comment["author_id"].startswith("anon:")
    assert "Читатель" not in comment["_raw"]["payload"]


@pytest.mark.parametrize("index", range(2))
def test_invariants(rows, index):
    check_invariants(rows[index])
