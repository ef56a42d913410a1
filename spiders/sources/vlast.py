"""Vlast.kz, independent outlet named in the founding article (Russian).

Discovery: the RSS feed ``/feed/`` (sources.md Table 3, high confidence) and the news listing
``/novosti/?page=N`` for backfills. Article markup follows public scrapers of the site:
title in ``ol.breadcrumb li.has-title h1.title``, lead in ``div.default-item-desc``, body in
``div.default-item-in.js-editor``, date in ``time.news-date.js-date-long[datetime]`` (text
``15.09.2021, 14:05``), views next to ``.icon--view-gray``, byline in ``meta[name=author]``.
The listing markup (``div.news-list .item-title a`` with ``time``) and the tag box
(``div.item-tags a``) are not confirmed by a public scraper. Vlast shows no public comments.

Usage: ``scrapy crawl vlast [-a since=2021-09-01] [-a base_url=...]``.
"""

from __future__ import annotations

import re

from scrapy.http import Response

from spiders.news.article import Article
from spiders.news.article_page import (
    meta_byline,
    meta_modified,
    page_fields,
    require,
    stamp_text,
)
from spiders.news.dates import parse_date_or_none
from spiders.news.extract import body_text, canonical, clean, count, first_text, text_of
from spiders.news.feeds import Entry
from spiders.news.spider import NewsSpider

_ID = re.compile(r"/(\d+)-[^/]+\.html$")


class VlastSpider(NewsSpider):
    """Articles of vlast.kz."""

    name = "vlast"
    source = "vlast.kz"
    outlet = "Vlast.kz"
    lang = "ru"
    default_base_url = "https://vlast.kz"
    hosts = ("vlast.kz",)
    feeds = ("/feed/",)
    listing = "/novosti/?page={page}"

    def parse_listing_page(self, response: Response) -> list[Entry]:
        """Articles of a ``/novosti/`` page: ``.item-title a`` with the item's ``time``."""
        entries = []
        for item in response.css("div.news-list .item"):
            href = item.css(".item-title a::attr(href)").get()
            if not href:
                continue
            when = item.css("time::attr(datetime)").get() or text_of(item.css("time"))
            entries.append(
                Entry(
                    url=self.absolute(response, href),
                    published_at=parse_date_or_none(when),
                    title=text_of(item.css(".item-title")),
                )
            )
        return entries

    def parse_article_page(self, response: Response) -> Article:
        """Read one article page."""
        url = canonical(response, response.url)
        match = _ID.search(url)
        title = first_text(response, "ol.breadcrumb li.has-title h1.title", "h1")
        stamp = response.css("time.news-date.js-date-long")
        published = parse_date_or_none(stamp_text(stamp))
        body = response.css("div.default-item-in.js-editor")
        require(
            "no id, title, date or body (div.default-item-in.js-editor)",
            *(match, title, published, body),
        )
        views = response.xpath(
            "//ul[contains(@class, 'item-expand-meta')]/li[.//*[contains(@class, 'icon--view')]]"
        )
        return Article(
            **page_fields(self, response, url, body),
            post_id=match.group(1),
            title=title.removesuffix(" | Vlast.kz"),
            lead=clean(body_text(response.css("div.default-item-desc"))),
            text=body_text(body, exclude=(".share", ".read-also")),
            authors=meta_byline(response),
            published_at=published,
            modified_at=meta_modified(response),
            tags=[
                t for t in (clean(x) for x in response.css("div.item-tags a::text").getall()) if t
            ],
            views=count(text_of(views)),
        )
