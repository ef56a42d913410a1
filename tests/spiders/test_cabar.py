"""cabar: saved feeds (Russian, English) and articles, one with comments (synthetic text)."""

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

from spiders.sources.cabar import CabarSpider

BASE = "https://cabar.asia"
URL = f"{BASE}/ru/kazahstan-kurs-na-kontrol-nad-sotssetyami"
EN_URL = f"{BASE}/en/kazakhstan-towards-control-over-social-media"


spider, rows, row = article_fixtures(CabarSpider, URL, EN_URL)


@pytest.fixture(scope="module")
def comments(rows):
    return [r for r in rows if r["kind"] == "comment"]


def test_reads_both_feeds(spider):
    assert [r.url for r in start_requests(spider)] == [f"{BASE}/ru/feed", f"{BASE}/en/feed"]


def test_english_can_be_dropped(tmp_path):
    spider = make_news_spider(CabarSpider, tmp_path, full="1", english="no")
    assert [r.url for r in start_requests(spider)] == [f"{BASE}/ru/feed"]


def test_backfill_searches_the_bill(tmp_path):
    spider = make_news_spider(CabarSpider, tmp_path, since="2021-09-01")
    searches = [r.url for r in start_requests(spider) if "?s=" in r.url]
    assert len(searches) == 3
    assert searches[0].startswith(f"{BASE}/ru/page/1/?s=")


def test_feeds(spider):
    _, ru = run_callback(spider.parse_feed, sample_page(f"{BASE}/ru/feed"))
    _, en = run_callback(spider.parse_feed, sample_page(f"{BASE}/en/feed"))
    assert [r.url for r in ru + en] == [URL, EN_URL]


def test_post_key_is_lang_and_slug(row, rows):
    assert row["post_key"] == "news:cabar.asia:ru/kazahstan-kurs-na-kontrol-nad-sotssetyami"
    assert rows[-1]["post_id"] == "en/kazakhstan-towards-control-over-social-media"


def test_title(row):
    assert row["title"] == "Казахстан: курс на законодательный контроль над соцсетями"


def test_lead(row):
    assert row["lead"].startswith("Эксперт разбирает")


def test_body_without_share_and_related(row):
    assert row["text"].startswith("Это синтетический текст для тестов pikir.")
    assert "Что меняется для пользователей" in row["text"]
    assert "Поделиться" not in row["text"]
    assert "Похожие" not in row["text"]


def test_published_at(row):
    assert row["published_at"] == datetime(2021, 10, 12, 4, 0, tzinfo=UTC)
    assert row["is_edited"] is False


def test_byline(row, rows):
    assert row["signature"] == "Синтетический Эксперт"
    assert rows[-1]["signature"] == "Synthetic Analyst"


def test_tags(row):
    assert row["tags"] == ["Казахстан", "свобода слова"]


def test_links_out(row):
    assert row["links"] == ["https://adilet.zan.kz/rus/docs/synthetic"]


def test_language_per_edition(row, rows):
    assert (row["lang_hint"], rows[-1]["lang_hint"]) == ("ru", "en")


def test_comment_count(row):
    assert row["replies"] == 3


def test_comments_are_children_of_the_article(row, comments):
    assert [c["post_id"] for c in comments] == [
        "ru/kazahstan-kurs-na-kontrol-nad-sotssetyami-c5101",
        "ru/kazahstan-kurs-na-kontrol-nad-sotssetyami-c5102",
        "ru/kazahstan-kurs-na-kontrol-nad-sotssetyami-c5103",
    ]
    assert {c["parent_key"] for c in comments} == {row["post_key"]}


def test_nested_reply(comments):
    assert comments[1]["reply_to_key"] == comments[0]["post_key"]
    assert comments[0]["reply_to_key"] is None
    assert comments[2]["reply_to_key"] is None


def test_comment_text_and_time(comments):
    assert comments[1]["text"] == "Синтетический ответ: в Сенате их ещё могут поправить."
    assert comments[0]["published_at"] == datetime(2021, 10, 12, 6, 30, tzinfo=UTC)


def test_comment_authors_pseudonymised_everywhere(comments):
    assert comments[0]["author_id"] == comments[2]["author_id"] != comments[1]["author_id"]
    for comment in comments:
        assert "Читатель" not in comment["_raw"]["payload"]
        assert comment["author_name"] is None


def test_english_article_has_no_comments(rows):
    assert rows[-1]["kind"] == "article"
    assert rows[-1]["replies"] is None


@pytest.mark.parametrize("index", range(5))
def test_invariants(rows, index):
    check_invariants(rows[index])


# -- the WordPress sitemap (backfills) -----------------------------------------------------------


def test_backfill_reads_the_wordpress_sitemap(tmp_path):
    spider = make_news_spider(CabarSpider, tmp_path, since="2021-09-01")
    assert f"{BASE}/wp-sitemap.xml" in [r.url for r in start_requests(spider)]


def test_nightly_runs_do_not_read_the_sitemap(spider):
    assert f"{BASE}/wp-sitemap.xml" not in [r.url for r in start_requests(spider)]


def test_sitemap_index_follows_only_the_posts_sitemaps(tmp_path):
    spider = make_news_spider(CabarSpider, tmp_path, since="2021-09-01")
    _, requests = run_callback(
        spider.parse_feed, saved("cabar/wp-sitemap.xml", f"{BASE}/wp-sitemap.xml")
    )
    assert [r.url for r in requests] == [
        f"{BASE}/wp-sitemap-posts-post-1.xml",
        f"{BASE}/wp-sitemap-posts-post-2.xml",
    ]


def test_posts_sitemap_follows_dated_entries_in_the_window(tmp_path):
    spider = make_news_spider(CabarSpider, tmp_path, since="2021-09-01")
    _, requests = run_callback(
        spider.parse_feed,
        saved("cabar/wp-sitemap-posts-post-2.xml", f"{BASE}/wp-sitemap-posts-post-2.xml"),
    )
    assert [r.url for r in requests] == [URL, EN_URL]
    assert spider.outcome.old == 2  # modified before `since`; undated without opting in


def test_undated_sitemap_entries_are_followed_when_asked(tmp_path):
    spider = make_news_spider(CabarSpider, tmp_path, since="2021-09-01", sitemap_undated="1")
    _, requests = run_callback(
        spider.parse_feed,
        saved("cabar/wp-sitemap-posts-post-2.xml", f"{BASE}/wp-sitemap-posts-post-2.xml"),
    )
    assert [r.url for r in requests][-1] == f"{BASE}/ru/mediagramotnost-dlya-shkolnikov"
    assert len(requests) == 3
