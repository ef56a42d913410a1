"""tengrinews: saved listing, an article with comments and a 2021-layout article."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from news_helpers import article_fixtures, check_invariants, run_callback, sample_page

from spiders.sources.tengrinews import TengrinewsSpider

URL = "https://tengrinews.kz/kazakhstan_news/senat-vernul-zakon-o-sotssetyah-468120/"
OLD_URL = "https://tengrinews.kz/kazakhstan_news/majilis-prinyal-zakon-o-sotssetyah-449871/"


spider, rows, row = article_fixtures(TengrinewsSpider, URL)


@pytest.fixture(scope="module")
def comments(rows):
    return rows[1:]


def test_listing(spider):
    page = sample_page("https://tengrinews.kz/news/page/1/")
    _, requests = run_callback(spider.parse_listing, page, page=1)
    assert [r.url.rstrip("/").rsplit("-", 1)[-1] for r in requests[:2]] == ["468120", "468300"]
    assert requests[-1].url.endswith("/news/page/2/")


def test_post_key(row):
    assert row["post_key"] == "news:tengrinews.kz:468120"


def test_title_without_badge(row):
    assert row["title"] == "Сенат вернул закон о соцсетях в Мажилис"


def test_lead(row):
    assert row["lead"].startswith("Сенаторы внесли поправки")


def test_body(row):
    assert row["text"].startswith("Синтетический текст для тестов pikir")
    assert "Читайте также" not in row["text"]
    assert "соцсети" not in row["text"].split("\n")[-1]


def test_published_at(row):
    assert row["published_at"] == datetime(2022, 4, 20, 12, 40, tzinfo=UTC)


def test_tags(row):
    assert row["tags"] == ["закон", "соцсети"]


def test_views_and_comment_count(row):
    assert (row["views"], row["replies"]) == (12450, 3)


def test_links_out(row):
    assert row["links"] == ["https://senate.parlam.kz/ru-RU/news/synthetic"]


def test_comments_are_children_of_the_article(row, comments):
    assert [c["post_key"] for c in comments] == [
        "news:tengrinews.kz:468120-c9001",
        "news:tengrinews.kz:468120-c9002",
        "news:tengrinews.kz:468120-c9003",
    ]
    assert {c["parent_key"] for c in comments} == {row["post_key"]}


def test_comment_reply(comments):
    assert comments[1]["reply_to_key"] == "news:tengrinews.kz:468120-c9001"


def test_comment_authors_pseudonymised_everywhere(comments):
    assert comments[0]["author_id"] == comments[2]["author_id"] != comments[1]["author_id"]
    for comment in comments:
        assert "Синтетический" not in comment["_raw"]["payload"]
        assert comment["author_name"] is None


def test_comment_time_and_likes(comments):
    assert comments[0]["published_at"] == datetime(2022, 4, 20, 13, 2, tzinfo=UTC)
    assert comments[0]["reaction_total"] == 14


def test_2021_layout(spider):
    (old,) = run_callback(spider.parse_article, sample_page(OLD_URL))[0]
    assert old["title"] == "Мажилис принял закон о соцсетях в первом чтении"
    assert old["published_at"] == datetime(2021, 9, 15, 8, 5, tzinfo=UTC)
    assert old["views"] == 8311


@pytest.mark.parametrize("index", range(4))
def test_invariants(rows, index):
    check_invariants(rows[index])
