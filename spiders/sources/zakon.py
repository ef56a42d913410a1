"""Zakon.kz, national news and legal-information portal (Russian).

Discovery: the news listing ``/news/?p=N`` only. The feed is unresolved (sources.md Table 3, low
confidence: ``/rss/news.xml`` comes from copies of a single project and ``/rss`` answers 404), so
no feed is requested until one is probed live. The listing cards follow a public scraper of the
site: ``a.newscard_link`` holding ``.newscard__title`` and ``.newscard__date`` (``13:51``,
``Сегодня, 13:51`` or ``13:51, 15 августа 2025``); the ``?p=N`` page parameter is assumed.
Articles: ``h1``, the lead in ``.description``, the body in ``.content`` (the same scraper), the
date in ``article:published_time`` (assumed; the printed ``.date`` is the fallback), tags in
``.tags a`` (assumed). URLs end in ``/<id>-<slug>.html``. Comments are loaded by script after
scrolling (an older scraper of the site), so none are in the page and none are collected.

Usage: ``scrapy crawl zakon [-a since=2021-09-01] [-a base_url=...]``.
"""

from __future__ import annotations

import re
from datetime import datetime

from scrapy.http import Response

from spiders.news.article import Article
from spiders.news.article_page import meta_byline, meta_modified, page_fields, require
from spiders.news.dates import parse_date_or_none
from spiders.news.extract import (
    body_text,
    canonical,
    clean,
    count,
    first_text,
    meta,
    text_of,
    texts,
)
from spiders.news.feeds import Entry
from spiders.news.spider import NewsSpider

_ID = re.compile(r"/(\d{5,})-[^/]+\.html$")
_TIME_FIRST = re.compile(r"^(\d{1,2}:\d{2}),\s*(.+)$")


class ZakonSpider(NewsSpider):
    """Articles of zakon.kz."""

    name = "zakon"
    source = "zakon.kz"
    outlet = "Zakon.kz"
    lang = "ru"
    default_base_url = "https://www.zakon.kz"
    hosts = ("zakon.kz",)
    feeds = ()
    listing = "/news/?p={page}"

    def printed_date(self, value: str | None) -> datetime | None:
        """A date as zakon prints it; ``13:51, 15 августа 2025`` puts the time first."""
        text = clean(value)
        if text:
            text = _TIME_FIRST.sub(r"\2, \1", text)
        return parse_date_or_none(text, now=self.collected_at)

    def parse_listing_page(self, response: Response) -> list[Entry]:
        """The ``a.newscard_link`` cards of a listing page."""
        entries = []
        for card in response.css("a.newscard_link"):
            href = card.attrib.get("href")
            if href:
                entries.append(
                    Entry(
                        url=self.absolute(response, href),
                        published_at=self.printed_date(text_of(card.css(".newscard__date"))),
                        title=text_of(card.css(".newscard__title")),
                    )
                )
        return entries

    def parse_article_page(self, response: Response) -> Article:
        """Read one article page."""
        url = canonical(response, response.url)
        match = _ID.search(url)
        title = first_text(response, "h1")
        published = parse_date_or_none(meta(response, "article:published_time"))
        published = published or self.printed_date(first_text(response, ".date"))
        body = response.css("div.content")[:1]
        require("no id, title, date or body (div.content)", match, title, published, body)
        return Article(
            **page_fields(self, response, url, body),
            post_id=match.group(1),
            title=title,
            lead=clean(text_of(response.css(".description")[:1])),
            text=body_text(body, exclude=(".read-also", ".banner", ".tags")),
            authors=meta_byline(response),
            published_at=published,
            modified_at=meta_modified(response),
            tags=texts(response, ".tags a::text"),
            views=count(text_of(response.css(".views"))),
        )
