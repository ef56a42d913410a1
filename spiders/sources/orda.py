"""Orda.kz, independent outlet (Russian), a WordPress site.

Discovery: the WordPress feed ``/feed/`` (sources.md Table 3, medium–high; it carries a short
description only, so articles are fetched) and the daily archives ``/YYYY/MM/DD/`` whose items
are ``.newslist3 li`` (``a`` + ``span`` title), one day per listing page, for backfills.
Articles, as public scrapers read them: the first ``time[datetime]``, tags ``.tags a``, body
paragraphs and blockquotes; the post id comes from WordPress' ``postid-N`` body class or the
``?p=N`` shortlink. Orda shows no public comments.
"""

from __future__ import annotations

import re
from datetime import timedelta

from scrapy.http import Response

from spiders.news import wordpress
from spiders.news.article import Article
from spiders.news.article_page import meta_byline, meta_modified, page_fields, require
from spiders.news.dates import ALMATY, parse_date_or_none
from spiders.news.extract import body_text, canonical, first_text, meta, text_of, texts
from spiders.news.feeds import Entry
from spiders.news.spider import NewsSpider

_POSTID = re.compile(r"\bpostid-(\d+)\b")
_SHORTLINK = re.compile(r"[?&]p=(\d+)")


class OrdaSpider(NewsSpider):
    """Articles of orda.kz."""

    name = "orda"
    source = "orda.kz"
    outlet = "Orda.kz"
    lang = "ru"
    default_base_url = "https://orda.kz"
    hosts = ("orda.kz",)
    feeds = ("/feed/",)
    sitemaps = wordpress.SITEMAPS
    sitemap_follow = wordpress.SITEMAP_FOLLOW
    listing = "/{y}/{m:02d}/{d:02d}/"
    empty_listing_404 = True

    def listing_path(self, page: int, term: str | None = None) -> str:
        """Page N of the listing is the daily archive of N-1 days ago (Almaty time)."""
        day = self.collected_at.astimezone(ALMATY).date() - timedelta(days=page - 1)
        return f"/{day.year}/{day.month:02d}/{day.day:02d}/"

    def max_pages(self) -> int:
        """Nightly: today and yesterday; backfill: every day back to ``since``."""
        if self.since is None:
            return 2
        return (self.collected_at.date() - self.since.date()).days + 1

    def parse_listing_page(self, response: Response) -> list[Entry]:
        """Items of a daily archive."""
        entries = []
        for item in response.css(".newslist3 li"):
            href = item.css("a::attr(href)").get()
            if href:
                entries.append(
                    Entry(self.absolute(response, href), None, text_of(item.css("span")))
                )
        return entries

    def parse_article_page(self, response: Response) -> Article:
        """Read one article page."""
        url = canonical(response, response.url)
        found = _POSTID.search(response.css("body::attr(class)").get("")) or _SHORTLINK.search(
            response.xpath("//link[@rel='shortlink']/@href").get("")
        )
        title = first_text(response, "h1.entry-title", "article h1", "h1")
        stamp = response.css("time[datetime]")[:1]
        published = parse_date_or_none(stamp.attrib.get("datetime") if stamp else None)
        body = response.css(".entry-content, .post-content")[:1]
        require(
            "no post id, title, time[datetime] or body (.entry-content)",
            *(found, title, published, body),
        )
        return Article(
            **page_fields(self, response, url, body),
            post_id=found.group(1),
            title=title,
            lead=meta(response, "description"),
            text=body_text(body, exclude=(".sharedaddy", ".related-posts")),
            authors=meta_byline(response),
            published_at=published,
            modified_at=meta_modified(response),
            tags=texts(response, ".tags a::text"),
        )
