"""Discovery for news spiders: feeds, sitemaps, listings, searches and nightly re-crawls.

A mixin of :class:`spiders.news.spider.NewsSpider` (which holds the state it reads: ``home``,
``source``, the window, ``outcome``); split out so each module keeps one job.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import scrapy
from scrapy.http import Response

from pikir.state import read_gap
from spiders.news.article import PLATFORM
from spiders.news.feeds import Entry, FeedError, parse_feed
from spiders.news.recrawl import recent_article_urls
from spiders.news.window import entry_skip, sitemap_in_window
from spiders.startup import published_watermark

SEARCH_TERMS = ("закон о соцсетях", "әлеуметтік желілер туралы заң", "social media law")
"""The bill's terms looked up on sites with a search page (Russian, Kazakh, English)."""


class NewsDiscovery:
    """Where a news spider finds its articles (mixed into ``NewsSpider``)."""

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Yield the discovery requests: feeds, then listing page 1, then search listings."""
        if not self.full:
            try:
                watermark = published_watermark(self.home, PLATFORM, self.source)
                gap = read_gap(self.home, PLATFORM, self.source)
            except ValueError as exc:
                self.outcome.failures.append(str(exc))
                self.publish()
                return
            if watermark is not None:
                self.watermark = watermark
            if gap is not None:  # the last run left pages behind: look back to its floor
                floor = gap["floor"]
                self.watermark = datetime.fromisoformat(floor) if floor else None
        for path in self.feeds:
            yield self.discovery(self.url(path), self.parse_feed)
        for request in self.recrawl_requests():
            yield request
        if self.since:
            for path in self.sitemaps:
                yield self.discovery(self.url(path), self.parse_feed)
        if self.listing:
            yield self.listing_request(1)
        if self.use_search:
            for term in SEARCH_TERMS:
                yield self.listing_request(1, term)
        self.publish()

    def recrawl_requests(self) -> list[scrapy.Request]:
        """Requests for the articles of the last ``recrawl_days`` (nightly runs only)."""
        if self.since or self.until_end or self.recrawl_days <= 0:
            return []
        cutoff = self.collected_at - timedelta(days=self.recrawl_days)
        urls = recent_article_urls(self.home, self.source, cutoff)
        self.outcome.recrawled = len(urls)
        return [
            scrapy.Request(
                self.rebase(url),
                callback=self.parse_article,
                errback=self.on_error,
                meta={"handle_httpstatus_list": [404, 410], "recrawl": True},
            )
            for url in urls
        ]

    def discovery(self, url: str, callback, **cb_kwargs: Any) -> scrapy.Request:
        """A request for a discovery page (failures are reachability findings)."""
        return scrapy.Request(
            url, callback=callback, errback=self.on_error, cb_kwargs=cb_kwargs, priority=-1
        )

    def listing_request(self, page: int, term: str | None = None) -> scrapy.Request:
        """The request for page ``page`` of the section listing, or of a search for ``term``."""
        request = self.discovery(
            self.url(self.listing_path(page, term)), self.parse_listing, page=page, term=term
        )
        if page > 1 or self.empty_listing_404:
            request.meta["handle_httpstatus_list"] = [404]
        return request

    def listing_path(self, page: int, term: str | None = None) -> str:
        """The path of a listing page (subclasses with dated archives override)."""
        template = self.search if term else self.listing
        assert template is not None
        return template.format(page=page, query=quote(term or ""))

    def max_pages(self) -> int:
        """How deep listings are walked: a few pages nightly, far back when backfilling."""
        return self.max_pages_backfill if self.since else self.max_pages_incremental

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow the entries of an RSS/Atom feed or sitemap (and nested sitemaps)."""
        try:
            entries, nested = parse_feed(response.body)
        except FeedError as exc:
            self.outcome.layout.append(f"{response.url}: {exc}")
            self.publish()
            return
        self.outcome.discovery_pages += 1
        for sitemap in nested:
            wanted = not self.sitemap_follow or any(
                re.search(pattern, sitemap.url) for pattern in self.sitemap_follow
            )
            if wanted and sitemap_in_window(sitemap, self.stop_at, self.until_end):
                yield self.discovery(self.rebase(sitemap.url), self.parse_feed)
        if not nested:
            yield from self.follow(entries)
        self.publish()

    def parse_listing(
        self, response: Response, page: int, term: str | None = None
    ) -> Iterator[scrapy.Request]:
        """Follow the articles of a listing page, then the next page unless a stop applies.

        A 404 past page 1 (or on a dated archive) is the end of the listing, not a failure;
        so is a search page without hits.
        """
        if response.status == 404:
            return
        entries = self.parse_listing_page(response)
        if term and not entries:
            return  # a search with no hits is an answer, not a layout change
        self.outcome.discovery_pages += 1
        reached_stop = False
        if entries:
            reached_stop = yield from self.follow(entries)
        if entries and not reached_stop and page < self.max_pages():
            yield self.listing_request(page + 1, term)
        self.publish()

    def follow(self, entries: list[Entry]) -> Iterator[scrapy.Request]:
        """Yield article requests for entries in the window; return whether any was too old."""
        self.outcome.entries += len(entries)
        reached_stop = False
        for entry in entries:
            when = entry.published_at
            if when is not None and self.stop_at is not None and when <= self.stop_at:
                reached_stop = True
            if entry_skip(entry, self.stop_at, self.until_end):
                self.outcome.old += 1
                continue
            undated = entry.published_at is None and entry.modified_at is None
            if entry.from_sitemap and undated and not self.sitemap_undated:
                self.outcome.old += 1  # a whole site's history, undated: opt in
                continue
            yield scrapy.Request(
                self.rebase(entry.url),
                callback=self.parse_article,
                errback=self.on_error,
                meta={"handle_httpstatus_list": [404, 410]},
            )
        return reached_stop
