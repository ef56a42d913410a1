"""Exclusive.kz, business and politics outlet (Russian), a WordPress site.

Discovery: no feed is known (sources.md Table 3: searches for ``exclusive.kz/rss`` and
``/feed`` found nothing), so the spider walks the section listing
``/category/kontekst-dnya/page/N/`` and, when backfilling, the WordPress search
``/page/N/?s=`` (a public search configuration of the site names ``/?s=``). Listing markup
follows public scrapers of that section: ``div.section__item.item`` with ``h2.item__title a``
and ``p.item__time`` (``20 апреля, 2022``, a day without time); articles have their body in
``div.entry-content``. Assumed (standard WordPress/Yoast, not confirmed): ``h1``,
``article:published_time``, tags in ``a[rel=tag]``, the byline in ``meta[name=author]``, and the
comment list (read if shown; whether the site shows public comments is not confirmed).
URLs are ``/<slug>/``: the post id is the slug.

Usage: ``scrapy crawl exclusive [-a since=2021-09-01] [-a base_url=...]``.
"""

from __future__ import annotations

import re

from scrapy.http import Response

from spiders.news import wordpress
from spiders.news.article import Article
from spiders.news.article_page import meta_byline, meta_modified, page_fields, require
from spiders.news.dates import parse_date_or_none
from spiders.news.extract import body_text, canonical, meta, text_of, texts
from spiders.news.feeds import Entry
from spiders.news.spider import NewsSpider
from spiders.news.wordpress import wordpress_basics, wordpress_comments

_SLUG = re.compile(r"^https?://[^/]+/([\w%-]+)/?$")
_DAY_COMMA_YEAR = re.compile(r"^(\d{1,2}\s+\w+),\s*(\d{4})$")
_BOILERPLATE = (".sharedaddy", ".share", ".related", ".yarpp-related", ".tags")


class ExclusiveSpider(NewsSpider):
    """Articles of exclusive.kz."""

    name = "exclusive"
    source = "exclusive.kz"
    outlet = "Exclusive.kz"
    lang = "ru"
    default_base_url = "https://exclusive.kz"
    hosts = ("exclusive.kz",)
    feeds = ()
    sitemaps = wordpress.SITEMAPS
    sitemap_follow = wordpress.SITEMAP_FOLLOW
    listing = "/category/kontekst-dnya/page/{page}/"
    search = "/page/{page}/?s={query}"

    def parse_listing_page(self, response: Response) -> list[Entry]:
        """The ``div.section__item`` items of a section or search page.

        A listing prints the day only; an entry is dated at the end of that day (Almaty), so an
        article of the watermark's day is still fetched and judged by its own timestamp.
        """
        entries = []
        for item in response.css("div.section__item"):
            href = item.css("h2.item__title a::attr(href)").get()
            if not href:
                continue
            day = (text_of(item.css(".item__time")) or "").strip()
            when = parse_date_or_none(_DAY_COMMA_YEAR.sub(r"\1 \2, 23:59", day) if day else None)
            entries.append(
                Entry(self.absolute(response, href), when, text_of(item.css("h2.item__title")))
            )
        return entries

    def parse_article_page(self, response: Response) -> Article:
        """Read one article page and any public comments."""
        url = canonical(response, response.url)
        match = _SLUG.match(url)
        title, published, body = wordpress_basics(
            response, "time.entry-date::attr(datetime), time::attr(datetime)"
        )
        require("no slug, title, date or body (div.entry-content)", match, title, published, body)
        comments = wordpress_comments(response)
        return Article(
            **page_fields(self, response, url, body),
            post_id=match.group(1),
            title=title,
            lead=meta(response, "description"),
            text=body_text(body, exclude=_BOILERPLATE),
            authors=meta_byline(response),
            published_at=published,
            modified_at=meta_modified(response),
            tags=texts(response, "a[rel~=tag]::text"),
            comment_count=len(comments) or None,
            comments=comments,
        )
