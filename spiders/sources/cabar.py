"""CABAR.asia, Central Asian analysis platform (Russian and English editions).

Discovery: the WordPress feeds ``/ru/feed`` (sources.md Table 3, medium–low; ``/feed`` is the
cited fallback) and ``/en/feed`` (medium), read in the same run: the editions share the domain,
hence the source and its watermark. Backfills walk the WordPress search ``/ru/page/N/?s=``.
Public code only confirms the feeds and the sitemap; the page markup is assumed to be the
standard WordPress theme markup: ``h1.entry-title``, ``div.entry-content`` (share and "related"
boxes dropped), ``article:published_time`` or ``time.entry-date[datetime]``, tags in
``a[rel=tag]``, the byline in ``.author a`` / ``meta[name=author]``. URLs are
``/<lang>/<slug>``: the post id is ``<lang>/<slug>``. Comments are read when the page carries
WordPress's public comment list (``li.comment`` with ``.comment-author .fn``,
``time[datetime]``, ``.comment-content``, replies nested in ``ul.children``); whether CABAR
shows any is not confirmed.

Usage: ``scrapy crawl cabar [-a since=2021-09-01] [-a english=0] [-a base_url=...]``.
"""

from __future__ import annotations

import re

from scrapy.http import Response

from spiders.news import wordpress
from spiders.news.article import Article
from spiders.news.article_page import meta_modified, page_fields, require
from spiders.news.dates import parse_date_or_none
from spiders.news.extract import body_text, canonical, meta, texts
from spiders.news.feeds import Entry
from spiders.news.spider import NewsSpider
from spiders.news.wordpress import wordpress_basics, wordpress_comments

_PATH = re.compile(r"^https?://[^/]+/((?:ru|en|ky|uz|tj)/[\w%-]+)/?$")
_BOILERPLATE = (".sharedaddy", ".share", ".related-posts", ".jp-relatedposts", ".tags")


class CabarSpider(NewsSpider):
    """Articles (and any public comments) of cabar.asia, Russian and English."""

    name = "cabar"
    source = "cabar.asia"
    outlet = "CABAR.asia"
    lang = "ru"
    default_base_url = "https://cabar.asia"
    hosts = ("cabar.asia",)
    feeds = ("/ru/feed", "/en/feed")
    sitemaps = wordpress.SITEMAPS
    sitemap_follow = wordpress.SITEMAP_FOLLOW
    english_feeds = ("/en/feed",)
    search = "/ru/page/{page}/?s={query}"

    def parse_listing_page(self, response: Response) -> list[Entry]:
        """Articles of a WordPress search page (``article`` items with ``.entry-title a``)."""
        entries = []
        for item in response.css("article"):
            href = item.css(".entry-title a::attr(href)").get()
            if href:
                when = item.css("time::attr(datetime)").get()
                entries.append(Entry(self.absolute(response, href), parse_date_or_none(when)))
        return entries

    def parse_article_page(self, response: Response) -> Article:
        """Read one article page and its comments."""
        url = canonical(response, response.url)
        match = _PATH.match(url)
        title, published, body = wordpress_basics(response)
        require(
            "no path id, title, date or body (div.entry-content)", match, title, published, body
        )
        author = texts(response, ".entry-meta .author a::text") or [meta(response, "author")]
        return Article(
            **page_fields(self, response, url, body, match.group(1)[:2]),
            post_id=match.group(1),
            title=title,
            lead=meta(response, "description"),
            text=body_text(body, exclude=_BOILERPLATE),
            authors=[a for a in author if a],
            published_at=published,
            modified_at=meta_modified(response),
            tags=texts(response, "a[rel~=tag]::text"),
            comment_count=len(response.css("li.comment")) or None,
            comments=wordpress_comments(response),
        )
