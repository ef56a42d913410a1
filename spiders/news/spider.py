"""The base of every news spider: discovery, date window, watermark, checks, outcome.

A subclass names its outlet (``source`` = domain, ``outlet``, ``default_base_url``, ``hosts``),
its discovery paths (``feeds``, ``listing``, ``search``) and two pure parsers::

    parse_listing_page(response) -> list[Entry]   # a section or search listing
    parse_article_page(response) -> Article       # raises ArticleParseError on a layout change

Arguments (``-a``): ``base_url`` (live site, the sample or a test server), ``since`` / ``until``
(YYYY-MM-DD: backfill window; ``since`` also switches on deep listing and search pagination
and the ``sitemaps``), ``full`` (ignore the watermark), ``recrawl`` (days of articles fetched
again nightly for late comments and counts, default 3; 0: off), ``search`` (1: also walk the
search listings), ``sitemap_undated`` (1: also follow sitemap URLs that carry no date).
Everything else is shared: feeds and sitemaps, the incremental stop at the watermark (newest
``published_at`` landed), 404/410, encoding repair or quarantine, paywalls, size limits,
reachability and a status that fails loudly (see :class:`~spiders.news.outcome.Outcome`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response

from pikir.state import close_gap, open_gap
from spiders import startup
from spiders.news.article import PLATFORM, Article, ArticleParseError, article_rows
from spiders.news.discovery import NewsDiscovery
from spiders.news.encoding import check_text, repair
from spiders.news.extract import paywall_reason
from spiders.news.feeds import Entry
from spiders.news.outcome import Outcome
from spiders.news.quarantine import quarantine_page
from spiders.outcome_stats import publish_outcome


class NewsSpider(NewsDiscovery, scrapy.Spider):
    """Shared behaviour of the news outlets' spiders (never run on its own)."""

    platform = PLATFORM
    source = ""
    outlet = ""
    lang: str | None = None
    default_base_url = ""
    hosts: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    english_feeds: tuple[str, ...] = ()
    """Feeds of an English edition, dropped with ``-a english=0``."""
    listing: str | None = None
    search: str | None = None
    sitemaps: tuple[str, ...] = ()
    """Sitemaps (or sitemap indexes) read on backfills; see :mod:`spiders.news.window`."""
    sitemap_follow: tuple[str, ...] = ()
    """Regexes a nested sitemap's URL must match to be read (empty: all), as in Scrapy's
    ``SitemapSpider``; WordPress lists pages, categories and users beside its posts."""
    paywall_css: tuple[str, ...] = ()
    recrawl_days = 3
    """Nightly runs fetch the articles of the last N days again (late comments, counts)."""
    max_pages_incremental = 3
    max_pages_backfill = 300
    max_page_bytes = 4 * 1024 * 1024
    empty_listing_404 = False
    """A 404 on listing page 1 means "nothing that day" (dated archives), not a broken URL."""

    def __init__(
        self,
        *args: Any,
        base_url: str | None = None,
        since: str | None = None,
        until: str | None = None,
        full: str | None = None,
        search: str | None = None,
        english: str | None = None,
        sitemap_undated: str | None = None,
        recrawl: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if startup.switched_off(english):
            self.feeds = tuple(f for f in self.feeds if f not in self.english_feeds)
        self.base_url = (base_url or self.default_base_url).strip().rstrip("/")
        self.channels = (self.source,)
        self.since, self.until_end = startup.crawl_window(since, until, self.name)
        self.full = startup.switched_on(full)
        self.sitemap_undated = startup.switched_on(sitemap_undated)
        if recrawl is not None:
            self.recrawl_days = int(recrawl)
        self.use_search = bool(self.search) and (
            startup.switched_on(search) or self.since is not None
        )
        self.collected_at = datetime.now(UTC)
        self.collector = f"{self.name}@{startup.VERSION}"
        self.outcome = Outcome(self.source)
        self.watermark: datetime | None = None
        self.run_id = ""

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        """Create the spider with its run id, data home and pseudonymizer."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        startup.attach_run(spider, crawler.settings)
        return spider

    # -- URLs -----------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        """The absolute URL of a site path under ``base_url``."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def rebase(self, url: str) -> str:
        """Map a link of the outlet (live host or root-relative) onto ``base_url``."""
        parts, base = urlsplit(url), urlsplit(self.base_url)
        host = parts.netloc.lower().removeprefix("www.")
        if host not in self.hosts and parts.netloc != base.netloc:
            return url
        path = parts.path or "/"
        if base.path and not path.startswith(base.path + "/"):
            path = base.path + path
        return f"{base.scheme}://{base.netloc}{path}" + (f"?{parts.query}" if parts.query else "")

    @property
    def stop_at(self) -> datetime | None:
        """Articles published at or before this are not wanted (watermark or ``since``)."""
        return startup.stop_at(self.since, self.watermark, self.full)

    # -- articles --------------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        """Yield the rows of one article page after every check passed."""
        self.outcome.fetched += 1
        try:
            yield from self._article(response)
        finally:
            self.publish()

    def _article(self, response: Response) -> Iterator[dict[str, Any]]:
        if response.status in (404, 410):
            self.outcome.gone += 1
            return
        if len(response.body) > self.max_page_bytes:
            self.refuse(response, f"page of {len(response.body)} bytes > {self.max_page_bytes}")
            return
        checked = self.decoded(response)
        if checked is None:
            return
        wall = paywall_reason(checked, self.paywall_css)
        if wall:
            self.outcome.paywalled += 1
            quarantine_page(self.home, self.run_id, self.source, response.url, wall, response.body)
            return
        try:
            article = self.parse_article_page(checked)
        except ArticleParseError as exc:
            self.outcome.layout.append(f"{response.url}: {exc}")
            return
        if not (article.text or "").strip():  # the body selector matched an empty shell
            self.outcome.layout.append(f"{response.url}: article body is empty (layout change?)")
            return
        if not self.wanted(article.published_at) and not response.meta.get("recrawl"):
            self.outcome.old += 1
            return
        self.outcome.articles += 1
        self.outcome.newest = max(filter(None, (self.outcome.newest, article.published_at)))
        rows = article_rows(
            article,
            source=self.source,
            outlet=self.outlet,
            collected_at=self.collected_at,
            run_id=self.run_id,
            collector=self.collector,
            pseudonymize=self.pseudonymize,
        )
        self.outcome.items += len(rows)
        yield from rows

    def wanted(self, published_at: datetime) -> bool:
        """Whether an article falls in the window and after the watermark."""
        return startup.in_window(published_at, self.stop_at, self.until_end)

    def decoded(self, response: Response) -> Response | None:
        """The response with clean text (re-decoded if the charset lied), or None: quarantined."""
        if check_text(response.text).problem is None:
            return response
        fixed = repair(response.body, response.encoding)
        if fixed is not None:
            self.crawler.stats.inc_value(f"pikir/channel/{self.source}/charset_repaired")
            return response.replace(body=fixed[0].encode("utf-8"), encoding="utf-8")
        self.refuse(response, check_text(response.text).problem or "mojibake")
        return None

    def refuse(self, response: Response, reason: str) -> None:
        """Quarantine a page that must not be stored."""
        self.outcome.quarantined += 1
        quarantine_page(self.home, self.run_id, self.source, response.url, reason, response.body)
        self.logger.warning("%s: quarantined %s: %s", self.source, response.url, reason)

    def parse_listing_page(self, response: Response) -> list[Entry]:
        """Return the articles a listing page links to (subclasses with a listing override)."""
        raise NotImplementedError

    def parse_article_page(self, response: Response) -> Article:
        """Return the article of a page (subclasses override)."""
        raise NotImplementedError

    def absolute(self, response: Response, href: str | None) -> str | None:
        """``href`` made absolute against the page (None stays None)."""
        return urljoin(response.url, href.strip()) if href else None

    # -- outcome ---------------------------------------------------------------------------------

    def on_error(self, failure) -> None:
        """Record a request that got no usable response (HTTP error, DNS, timeout, robots)."""
        response = getattr(failure.value, "response", None)
        if response is not None:
            problem = f"HTTP {response.status}"
        else:
            problem = f"{failure.type.__name__}: {failure.value}"
        self.outcome.failures.append(f"{failure.request.url}: {problem}")
        self.publish()

    def closed(self, reason: str) -> None:
        """Remember pages this run could not keep, so the next run looks back far enough."""
        out = self.outcome
        if self.full or (out.failures and not out.items and not out.discovery_pages):
            return
        if out.failures or out.layout or out.quarantined:
            if out.items:  # newer articles landed and move the watermark past those pages
                floor = self.watermark.isoformat() if self.watermark else None
                open_gap(self.home, PLATFORM, self.source, floor)
        else:
            close_gap(self.home, PLATFORM, self.source)

    def publish(self) -> None:
        """Write the outcome so far to the crawl stats read by the runs recorder."""
        keys = ("items", "pages", "entries", "old", "gone", "paywalled", "quarantined", "recrawled")
        publish_outcome(self.crawler.stats, self.source, self.outcome, keys, self.watermark)
