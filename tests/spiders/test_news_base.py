"""The news base layer, tested once: dates, encoding, discovery, window, checks and outcome."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from news_helpers import (
    FILES,
    make_news_spider,
    run_callback,
    sample_file,
    sample_page,
    saved,
    start_requests,
)
from scrapy import Request
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TimeoutError
from twisted.python.failure import Failure

from pikir.state import Watermark, write_watermark
from spiders.news.dates import DateParseError, parse_date
from spiders.news.encoding import check_text, repair
from spiders.news.feeds import Entry, FeedError, parse_feed
from spiders.news.outcome import Outcome
from spiders.sources.vlast import VlastSpider

ARTICLE_URL = "https://vlast.kz/novosti/47120-mazhilis-odobril-popravki-o-socsetyah.html"
NOW = datetime(2021, 9, 16, 3, 0, tzinfo=UTC)  # 09:00 in Almaty
LOCAL_1405 = datetime(2021, 9, 15, 8, 5, tzinfo=UTC)  # 14:05 in Almaty (UTC+6)


@pytest.mark.parametrize(
    "text",
    [
        "2021-09-15T14:05:00+06:00",
        "2021-09-15T08:05:00Z",
        "2021-09-15 14:05",
        "15.09.2021, 14:05",
        "15.09.2021 14:05",
        "15 сентября 2021, 14:05",
        "Среда, 15 сентября 2021 в 14:05",
        "2021 жылғы 15 қыркүйек 14:05",
        "15 қыркүйек 2021, 14:05",
        "September 15, 2021 14:05",
        "Wed, 15 Sep 2021 08:05:00 +0000",
        "вчера в 14:05",
        "Вчера, 14:05",
        "кеше 14:05",
        "yesterday at 14:05",
    ],
)
def test_dates_are_almaty_time_stored_in_utc(text):
    assert parse_date(text, now=NOW) == LOCAL_1405


def test_today_and_bare_time_are_today():
    assert parse_date("сегодня в 14:05", now=NOW) == parse_date("14:05", now=NOW)
    assert parse_date("бүгін 14:05", now=NOW) == datetime(2021, 9, 16, 8, 5, tzinfo=UTC)


def test_may_genitive_and_kazakh_mamyr():
    assert parse_date("3 мая 2022") == parse_date("3 мамыр 2022")
    assert parse_date("3 мая 2022") == datetime(2022, 5, 2, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "15 сентября", "not a date", "32.13.2021"])
def test_unreadable_or_yearless_dates_are_refused(text):
    with pytest.raises((DateParseError, ValueError)):
        parse_date(text, now=NOW)


TEXT = "Мажилис одобрил в первом чтении поправки о социальных сетях. " * 10


def test_clean_text_passes_the_check():
    assert check_text(TEXT).problem is None


def test_utf8_read_as_cp1251_is_mojibake():
    assert "mojibake" in check_text(TEXT.encode("utf-8").decode("cp1251")).problem


def test_utf8_read_as_latin1_is_mojibake():
    assert "mojibake" in check_text(TEXT.encode("utf-8").decode("latin-1")).problem


def test_cp1251_read_as_utf8_is_undecodable():
    assert "undecodable" in check_text(TEXT.encode("cp1251").decode("utf-8", "replace")).problem


def test_repair_finds_cp1251_behind_a_lying_utf8_header():
    assert repair(TEXT.encode("cp1251"), "utf-8") == (TEXT, "cp1251")


def test_repair_refuses_double_encoded_text():
    double = TEXT.encode("utf-8").decode("cp1251").encode("utf-8")
    assert repair(double, "utf-8") is None


def test_rss_feed_entries():
    entries, nested = parse_feed((FILES / "vlast/feed.xml").read_bytes())
    assert nested == []
    assert next(e.published_at for e in entries) == LOCAL_1405
    assert entries[0].url.endswith("47120-mazhilis-odobril-popravki-o-socsetyah.html")


def test_atom_feed_entries():
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>'
        '<link rel="alternate" href="https://x.kz/a/1"/><published>2021-09-15T14:05:00+06:00'
        "</published></entry></feed>"
    )
    entries, _ = parse_feed(atom)
    assert [(e.url, e.published_at) for e in entries] == [("https://x.kz/a/1", LOCAL_1405)]


def test_sitemaps_and_sitemap_indexes():
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    urlset = (
        f"<urlset {ns}><url><loc>https://x.kz/a/1</loc><lastmod>2021-09-15</lastmod></url></urlset>"
    )
    index = f"<sitemapindex {ns}><sitemap><loc>https://x.kz/s1.xml</loc></sitemap></sitemapindex>"
    assert parse_feed(urlset)[0][0].url == "https://x.kz/a/1"
    assert parse_feed(index) == ([], [Entry("https://x.kz/s1.xml")])


def test_html_is_not_a_feed():
    with pytest.raises(FeedError):
        parse_feed("<html><body>502 Bad Gateway</body></html>")


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        (Outcome("x.kz", discovery_pages=1, entries=3, fetched=3, articles=3, items=3), "ok"),
        (Outcome("x.kz", discovery_pages=2, entries=4, old=4), "empty"),
        (Outcome("x.kz", discovery_pages=2, entries=0), "failed"),
        (Outcome("x.kz", failures=["https://x.kz/feed/: DNSLookupError"]), "failed"),
        (Outcome("x.kz", discovery_pages=1, entries=2, fetched=2, layout=["a", "b"]), "failed"),
        (Outcome("x.kz", discovery_pages=1, entries=2, fetched=2, quarantined=2), "failed"),
    ],
)
def test_outcome_status(outcome, status):
    assert outcome.status() == status


def test_zero_yield_error_names_the_source():
    assert "vlast.kz" in Outcome("vlast.kz", discovery_pages=1).error()


@pytest.fixture
def spider(tmp_path):
    return make_news_spider(VlastSpider, tmp_path / "home")


def stat(spider, key):
    return spider.crawler.stats.get_value(f"pikir/channel/vlast.kz/{key}")


def article(spider, body=None, **kwargs):
    return run_callback(
        spider.parse_article, saved(sample_file(ARTICLE_URL), ARTICLE_URL, body=body, **kwargs)
    )[0]


def test_base_url_rebases_live_and_relative_links(tmp_path):
    spider = make_news_spider(VlastSpider, tmp_path, base_url="http://127.0.0.1:9/news/vlast.kz")
    assert next(r.url for r in start_requests(spider)) == "http://127.0.0.1:9/news/vlast.kz/feed/"
    assert spider.rebase(ARTICLE_URL).startswith("http://127.0.0.1:9/news/vlast.kz/novosti/47120")
    assert spider.rebase("http://127.0.0.1:9/novosti/1-a.html").endswith(
        "vlast.kz/novosti/1-a.html"
    )
    assert spider.rebase("https://t.me/vlastkz") == "https://t.me/vlastkz"


def test_watermark_skips_older_articles_and_stops_the_listing(tmp_path):
    home = tmp_path / "home"
    from pikir.config import DataHome

    mark = Watermark("news", "vlast.kz", max_published_at="2021-09-14T12:00:00+00:00")
    write_watermark(DataHome.from_env(home), mark)
    spider = make_news_spider(VlastSpider, home)
    start_requests(spider)
    _, requests = run_callback(
        spider.parse_listing,
        sample_page("https://vlast.kz/novosti/?page=1"),
        page=1,
    )
    assert [r.url.rsplit("/", 1)[-1][:5] for r in requests] == ["47120"], "no next page"
    assert stat(spider, "watermark_before") == "2021-09-14T12:00:00+00:00"


def test_since_and_until_bound_the_articles(tmp_path):
    spider = make_news_spider(VlastSpider, tmp_path, since="2021-09-16")
    assert article(spider) == []
    spider = make_news_spider(VlastSpider, tmp_path, until="2021-09-14")
    assert article(spider) == []
    spider = make_news_spider(VlastSpider, tmp_path, since="2021-09-15", until="2021-09-15")
    assert len(article(spider)) == 1


def test_gone_articles_are_counted_not_failed(spider):
    assert article(spider, status=410) == []
    assert (stat(spider, "gone"), stat(spider, "status")) == (1, "empty")


def test_lying_charset_header_is_repaired(spider):
    body = (FILES / "vlast/article_cp1251.html").read_bytes()
    (row,) = article(spider, body=body)
    assert row["title"].startswith("Мажилис одобрил")
    assert stat(spider, "charset_repaired") == 1


def test_mojibake_is_quarantined_never_stored(spider, tmp_path):
    text = sample_file(ARTICLE_URL).read_text(encoding="utf-8")
    assert article(spider, body=text.encode("utf-8").decode("cp1251").encode("utf-8")) == []
    assert stat(spider, "quarantined") == 1
    assert list((tmp_path / "home/quarantine/pages/run-test").glob("*.html"))


def test_paywall_is_flagged_not_stored(spider):
    text = sample_file(ARTICLE_URL).read_text(encoding="utf-8")
    walled = text.replace('<main class="main">', '<main class="main"><p>Только для подписчиков</p>')
    assert article(spider, body=walled.encode("utf-8")) == []
    assert stat(spider, "paywalled") == 1


def test_oversized_pages_are_refused(spider):
    spider.max_page_bytes = 1000
    assert article(spider) == []
    assert stat(spider, "quarantined") == 1


def test_layout_change_fails_the_run_naming_the_source(spider):
    blank = b"<html><body><div class='redesigned'>new layout</div></body></html>"
    run_callback(
        spider.parse_listing,
        saved("x.html", "https://vlast.kz/novosti/?page=1", body=blank),
        page=1,
    )
    assert stat(spider, "status") == "failed"
    assert "vlast.kz" in stat(spider, "error")


@pytest.mark.parametrize(
    ("error", "expected"),
    [(DNSLookupError("vlast.kz"), "DNSLookupError"), (TimeoutError("30 s"), "TimeoutError")],
)
def test_unreachable_site_fails_with_the_reason(spider, error, expected):
    failure = Failure(error)
    failure.request = Request("https://vlast.kz/feed/")
    spider.on_error(failure)
    assert stat(spider, "status") == "failed"
    assert expected in stat(spider, "error")


def test_http_error_on_discovery_is_recorded(spider):
    response = saved(sample_file(ARTICLE_URL), "https://vlast.kz/feed/", status=503)
    failure = Failure(HttpError(response))
    failure.request = response.request
    spider.on_error(failure)
    assert "HTTP 503" in stat(spider, "error")
