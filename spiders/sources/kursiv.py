"""Kursiv.media, Kazakhstan business outlet (kz.kursiv.media, Russian and English).

Discovery: the WordPress feeds ``/feed/`` (Russian; sources.md Table 3, high confidence) and
``/en/feed/`` (English, medium), both read in the same run: the editions share the domain, hence
the source and its watermark, so they are crawled together (``-a english=0`` drops the English
feed). Backfills walk ``/category/news/page/N/`` and the WordPress search ``/page/N/?s=``
(a public search configuration of the site names it). Listing and article markup follow a public
scraper of the English edition: ``article.news-post`` items with ``h2.single-header__title a``
and ``time.post-date`` (``April 20, 2022 18:40``), the byline in ``.author-card__name a``, the
body in ``div.single-body`` without ``.banner``, ``.share-bar``, ``.single-read-more``,
``.single-tags`` and ``.post-info``. Assumed: the Russian edition uses the same theme (dates
``20 апреля 2022 18:40``), the ``h1.single-header__title`` heading, tags in ``.single-tags a``,
Yoast's ``article:published_time``, and the Russian ``/category/news/`` path. URLs carry no
numeric id: the post id is the path (``2022-04-20/slug``, ``en/2022-04-20/slug``). No public
comments are shown (not confirmed).

Usage: ``scrapy crawl kursiv [-a since=2021-09-01] [-a english=0] [-a base_url=...]``.
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import Response

from spiders.news import wordpress
from spiders.news.article import Article
from spiders.news.article_page import meta_modified, page_fields, require, stamp_text
from spiders.news.dates import parse_date_or_none
from spiders.news.extract import body_text, canonical, first_text, meta, text_of, texts
from spiders.news.feeds import Entry
from spiders.news.spider import NewsSpider

_PATH = re.compile(r"^/((?:en/)?\d{4}-\d{2}-\d{2}/[\w-]+)/?$")
_BOILERPLATE = (".banner", ".share-bar", ".single-read-more", ".single-tags", ".post-info")


class KursivSpider(NewsSpider):
    """Articles of kz.kursiv.media (Russian and English editions)."""

    name = "kursiv"
    source = "kz.kursiv.media"
    outlet = "Kursiv.media"
    lang = "ru"
    default_base_url = "https://kz.kursiv.media"
    hosts = ("kz.kursiv.media",)
    feeds = ("/feed/", "/en/feed/")
    sitemaps = wordpress.SITEMAPS
    sitemap_follow = wordpress.SITEMAP_FOLLOW
    english_feeds = ("/en/feed/",)
    listing = "/category/news/page/{page}/"
    search = "/page/{page}/?s={query}"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.since:
            self.listing = None

    def parse_listing_page(self, response: Response) -> list[Entry]:
        """The ``article.news-post`` items of a category or search page."""
        entries = []
        for item in response.css("article.news-post"):
            href = item.css(".single-header__title a::attr(href)").get()
            if href:
                when = text_of(item.css("time.post-date"))
                entries.append(
                    Entry(
                        url=self.absolute(response, href),
                        published_at=parse_date_or_none(when, now=self.collected_at),
                        title=text_of(item.css(".single-header__title")),
                    )
                )
        return entries

    def parse_article_page(self, response: Response) -> Article:
        """Read one article page (either edition)."""
        url = canonical(response, response.url)
        match = _PATH.match(re.sub(r"^https?://[^/]+", "", url))
        title = first_text(response, "h1.single-header__title", "h1")
        stamp = response.css("time.post-date")[:1]
        published = parse_date_or_none(
            meta(response, "article:published_time") or stamp_text(stamp), now=self.collected_at
        )
        body = response.css("div.single-body")[:1]
        require("no path id, title, date or body (div.single-body)", match, title, published, body)
        edition = "en" if match.group(1).startswith("en/") else self.lang
        return Article(
            **page_fields(self, response, url, body, edition),
            post_id=match.group(1),
            title=title,
            lead=meta(response, "description"),
            text=body_text(body, exclude=_BOILERPLATE),
            authors=texts(response, ".author-card__name a::text"),
            published_at=published,
            modified_at=meta_modified(response),
            tags=texts(response, ".single-tags a::text"),
        )
