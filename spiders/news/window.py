"""Which discovered entries and nested sitemaps can hold articles of the crawl's window (pure).

The window is ``(stop_at, until_end)``: ``stop_at`` is the watermark or the backfill's ``since``
(articles at or before it are not wanted), ``until_end`` the end of a backfill. Sitemaps give
``lastmod`` (``Entry.modified_at``), which is never earlier than publication: an entry or
nested sitemap last modified at or before ``stop_at`` holds nothing newer. Nested sitemaps are
often split by month (``post-sitemap-2021-09.xml``, ``sitemap/2021/09.xml``); a month wholly
outside the window is skipped (with slack for the site's time zone).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from spiders.news.feeds import Entry

_MONTH_IN_URL = re.compile(r"(?<!\d)(20\d\d)[-_/.]?(0[1-9]|1[0-2])(?!\d)")
SLACK = timedelta(hours=14)
"""The widest UTC offset: a month named in a site's local time can reach this far past UTC's."""


def month_span(url: str) -> tuple[datetime, datetime] | None:
    """The month a sitemap URL names, as ``(first instant, first instant of the next)``.

    Examples:
        >>> month_span("https://x.kz/post-sitemap-2021-09.xml")[0].date().isoformat()
        '2021-09-01'
        >>> month_span("https://x.kz/post-sitemap2.xml") is None
        True
    """
    match = _MONTH_IN_URL.search(url)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    first = datetime(year, month, 1, tzinfo=UTC)
    following = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
    return first, following


def entry_skip(entry: Entry, stop_at: datetime | None, until_end: datetime | None) -> bool:
    """Whether an article entry is certainly outside the window."""
    if stop_at is not None:
        if entry.published_at is not None and entry.published_at <= stop_at:
            return True
        if entry.modified_at is not None and entry.modified_at <= stop_at:
            return True
    return (
        until_end is not None
        and entry.published_at is not None
        and (entry.published_at >= until_end)
    )


def sitemap_in_window(entry: Entry, stop_at: datetime | None, until_end: datetime | None) -> bool:
    """Whether a nested sitemap can list articles of the window."""
    if stop_at is not None and entry.modified_at is not None and entry.modified_at <= stop_at:
        return False
    span = month_span(entry.url)
    if span is None:
        return True
    first, following = span
    if stop_at is not None and following + SLACK <= stop_at:
        return False
    return not (until_end is not None and first - SLACK >= until_end)
