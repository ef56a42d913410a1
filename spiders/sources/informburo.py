"""Informburo.kz, national news site (Russian).

Discovery: the news listing ``/novosti?page=N`` only. The feed is unresolved (sources.md Table 3,
low confidence: ``/rss``, ``/rss.xml``, ``/xml/rss.xml`` and ``/rss/pubsubhubbub-feed.xml`` are
all cited and conflict), so no feed is requested until one is probed live.
Listing markup follows public scrapers of the site: ``ul.uk-nav.uk-nav-default > li``, where an
``h2.date-heading`` item (``Сегодня``, ``15 сентября 2021``) heads the day and each article item
holds ``.uk-width-expand > a`` (title as its own text) and ``time.article-time`` (``14:05``).
Articles: ``h1``, the lead in ``.article-excerpt`` (an ``h3``), the body in ``div.article``
(its ``.read-more`` boxes dropped), tags in ``ul.article-tags a``, views in the
``small#arrilot-widget-container-N`` widget, the date in ``article:published_time`` or the first
``time[datetime]``. The byline in ``meta[name=author]`` is assumed. URLs carry no numeric id:
the post id is the slug. No public comments are shown (not confirmed: no scraper reads any).

Usage: ``scrapy crawl informburo [-a since=2021-09-01] [-a base_url=...]``.
"""

from __future__ import annotations

import re

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

_SLUG = re.compile(r"/(?:novosti|stati|cards|interview|mneniya)/([\w-]+?)(?:\.html)?/?$")
_TIME = re.compile(r"^\d{1,2}:\d{2}$")


class InformburoSpider(NewsSpider):
    """Articles of informburo.kz."""

    name = "informburo"
    source = "informburo.kz"
    outlet = "Informburo.kz"
    lang = "ru"
    default_base_url = "https://informburo.kz"
    hosts = ("informburo.kz",)
    feeds = ()
    listing = "/novosti?page={page}"

    def parse_listing_page(self, response: Response) -> list[Entry]:
        """Articles of a ``/novosti`` page, dated by the day heading above them."""
        entries, day = [], None
        for item in response.css("ul.uk-nav.uk-nav-default > li"):
            heading = text_of(item.css(".date-heading"))
            if heading:
                day = heading
                continue
            link = item.css(".uk-width-expand > a")[:1]
            href = link.attrib.get("href") if link else None
            if not href:
                continue
            clock = text_of(item.css("time.article-time")) or ""
            when = f"{day}, {clock}" if day and _TIME.match(clock) else None
            entries.append(
                Entry(
                    url=self.absolute(response, href),
                    published_at=parse_date_or_none(when, now=self.collected_at),
                    title=clean(" ".join(link.xpath("./text()").getall())),
                )
            )
        return entries

    def parse_article_page(self, response: Response) -> Article:
        """Read one article page."""
        url = canonical(response, response.url)
        match = _SLUG.search(url)
        title = first_text(response, "h1.article-title", "h1")
        published = parse_date_or_none(
            meta(response, "article:published_time") or response.css("time::attr(datetime)").get()
        )
        body = response.css("div.article")[:1]
        require("no slug, title, date or body (div.article)", match, title, published, body)
        return Article(
            **page_fields(self, response, url, body),
            post_id=match.group(1),
            title=title,
            lead=clean(text_of(response.css(".article-excerpt")[:1])),
            text=body_text(body, exclude=(".read-more", ".article-excerpt", ".article-tags")),
            authors=meta_byline(response),
            published_at=published,
            modified_at=meta_modified(response),
            tags=texts(response, "ul.article-tags a::text"),
            views=count(text_of(response.css("small[id^='arrilot-widget-container']"))),
        )
