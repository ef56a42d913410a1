"""Which entries and nested sitemaps can hold articles of a crawl's window."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spiders.news.feeds import Entry, parse_feed
from spiders.news.window import entry_skip, month_span, sitemap_in_window

SINCE = datetime(2021, 9, 1, tzinfo=UTC)
UNTIL_END = datetime(2022, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "month"),
    [
        ("https://x.kz/post-sitemap-2021-09.xml", "2021-09-01"),
        ("https://x.kz/sitemap/2022/05.xml", "2022-05-01"),
        ("https://x.kz/sitemap_202112.xml", "2021-12-01"),
        ("https://x.kz/sitemap.xml?yyyy=2021&mm=10", None),
        ("https://x.kz/wp-sitemap-posts-post-2.xml", None),
        ("https://x.kz/sitemap-2021-13.xml", None),
    ],
)
def test_month_span(url, month):
    span = month_span(url)
    assert (span[0].date().isoformat() if span else None) == month


def test_december_ends_in_january():
    assert month_span("https://x.kz/s-2021-12.xml")[1] == datetime(2022, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("entry", "kept"),
    [
        (Entry("https://x.kz/s-2021-07.xml"), False),  # wholly before the backfill
        (Entry("https://x.kz/s-2021-09.xml"), True),
        (Entry("https://x.kz/s-2022-05.xml"), True),
        (Entry("https://x.kz/s-2022-07.xml"), False),  # wholly after `until`
        (Entry("https://x.kz/s-3.xml"), True),  # no month: cannot tell
        (Entry("https://x.kz/s-3.xml", modified_at=datetime(2021, 3, 1, tzinfo=UTC)), False),
        (Entry("https://x.kz/s-3.xml", modified_at=datetime(2021, 10, 1, tzinfo=UTC)), True),
    ],
)
def test_sitemap_in_window(entry, kept):
    assert sitemap_in_window(entry, SINCE, UNTIL_END) is kept


def test_a_neighbouring_month_is_kept_while_a_time_zone_could_reach_into_the_window():
    # August 31st, 23:00 at UTC-12 is September 1st, 11:00 UTC
    assert sitemap_in_window(Entry("https://x.kz/s-2021-08.xml"), SINCE, None) is True
    next_day = datetime(2021, 9, 2, tzinfo=UTC)
    assert sitemap_in_window(Entry("https://x.kz/s-2021-08.xml"), next_day, None) is False
    # June 1st, 00:30 at UTC+14 is May 31st UTC, inside a window ending June 1st
    assert sitemap_in_window(Entry("https://x.kz/s-2022-06.xml"), None, UNTIL_END) is True


@pytest.mark.parametrize(
    ("entry", "skipped"),
    [
        (Entry("u", published_at=datetime(2021, 8, 31, tzinfo=UTC)), True),
        (Entry("u", published_at=datetime(2021, 9, 2, tzinfo=UTC)), False),
        (Entry("u", published_at=datetime(2022, 6, 1, tzinfo=UTC)), True),
        # lastmod never precedes publication: modified before `since` means published before
        (Entry("u", modified_at=datetime(2021, 8, 1, tzinfo=UTC)), True),
        # modified after the window says nothing about publication
        (Entry("u", modified_at=datetime(2023, 1, 1, tzinfo=UTC)), False),
        (Entry("u"), False),
    ],
)
def test_entry_skip(entry, skipped):
    assert entry_skip(entry, SINCE, UNTIL_END) is skipped


def test_no_window_keeps_everything():
    assert not entry_skip(Entry("u", published_at=datetime(2000, 1, 1, tzinfo=UTC)), None, None)
    assert sitemap_in_window(Entry("https://x.kz/s-2000-01.xml"), None, None)


def test_google_news_sitemap_gives_publication_dates():
    xml = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://x.kz/a/1</loc>
        <news:news><news:publication><news:name>X</news:name><news:language>ru</news:language>
        </news:publication><news:publication_date>2022-05-03T12:00:00+06:00</news:publication_date>
        <news:title>Закон подписан</news:title></news:news>
        <lastmod>2022-05-04T09:00:00+06:00</lastmod></url>
    </urlset>"""
    (entry,), nested = parse_feed(xml)
    assert nested == []
    assert entry.published_at == datetime(2022, 5, 3, 6, tzinfo=UTC)
    assert entry.modified_at == datetime(2022, 5, 4, 3, tzinfo=UTC)
    assert entry.title == "Закон подписан"
    assert entry.from_sitemap
