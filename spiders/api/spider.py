"""The base of every API spider: token, JSON pages, paging chains, window, watermark, outcome.

A subclass names its ``platform``, ``default_base_url``, ``token_env`` (None: no token needed),
``rate_limit`` headers, and implements two methods::

    first_requests() -> Iterable[Request]        # one per paging chain (query, listing…)
    parse_page(data, response, chain) -> Page    # pure mapping of one JSON page to rows

Arguments (``-a``): ``source`` (the configured name: the lake's ``source`` column),
``base_url`` (live API, the sample or a test server), ``since`` / ``until`` (YYYY-MM-DD backfill
window), ``full`` (ignore the watermark), ``public`` (comma-separated account ids or handles that
are public actors and keep their names; every other author is pseudonymised).

A *chain* is one paging sequence (a search's pages). Its rows are held until the chain ends
(last page, ``since`` or watermark reached, page limit), then handed to the lake together: a
chain that breaks midway (HTTP error, rate limit beyond the allowed wait, malformed JSON) lands
nothing, so the watermark never jumps over posts that were not collected. A missing token skips
the source with a clear error instead of a crash.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from spiders import settings as project_settings
from spiders import startup
from spiders.api.mapping import MapContext
from spiders.api.outcome import ApiOutcome
from spiders.api.page import ApiShapeError, Page, error_reason
from spiders.api.ratelimit import RateLimitHeaders
from spiders.outcome_stats import publish_outcome

__all__ = ["API_MIDDLEWARES", "ApiShapeError", "ApiSpider", "Page"]

API_MIDDLEWARES = {
    **project_settings.DOWNLOADER_MIDDLEWARES,
    "spiders.api.ratelimit.RateLimitMiddleware": 560,
}


class ApiSpider(scrapy.Spider):
    """Shared behaviour of the API spiders (never run on its own)."""

    platform = ""
    default_base_url = ""
    token_env: str | None = None
    token_required = True
    """Without its token the source is skipped; False: the token is only sent when set."""
    rate_limit: RateLimitHeaders | None = None
    newest_first = True
    """Pages come newest first, so a post at or before the watermark ends the chain."""
    max_pages_incremental = 5
    max_pages_backfill = 500
    custom_settings: ClassVar[dict[str, Any]] = {
        "DOWNLOADER_MIDDLEWARES": API_MIDDLEWARES,
        "ROBOTSTXT_OBEY": False,
    }
    """API hosts are governed by their API terms and rate limits, not robots.txt."""

    def __init__(
        self,
        *args: Any,
        source: str | None = None,
        base_url: str | None = None,
        since: str | None = None,
        until: str | None = None,
        full: str | None = None,
        public: str | None = None,
        max_pages: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not source:
            raise ValueError(f"{self.name}: -a source=<configured name> is required")
        self.source = source.strip().lower()
        self.channels = (self.source,)
        self.base_url = (base_url or self.default_base_url).strip().rstrip("/")
        self.since, self.until_end = startup.crawl_window(since, until, self.name)
        self.full = startup.switched_on(full)
        self.public = {p.strip().lower().lstrip("@") for p in (public or "").split(",") if p}
        self.page_limit = int(max_pages) if max_pages else None
        self.collected_at = datetime.now(UTC)
        self.collector = f"{self.name}@{startup.VERSION}"
        self.outcome = ApiOutcome(self.source)
        self.watermark: datetime | None = None
        self.token: str | None = None
        self.run_id = ""
        self._held: dict[str, list[dict[str, Any]]] = {}

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> ApiSpider:
        """Create the spider with its run id, data home, pseudonymizer and token."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        startup.attach_run(spider, crawler.settings)
        if cls.token_env:
            spider.token = (os.environ.get(cls.token_env) or "").strip() or None
        return spider

    # -- the crawl --------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Yield the first page of every chain (nothing when the token is missing)."""
        if self.token_env and self.token_required and not self.token:
            self.skip(f"{self.token_env} not set")
            return
        if not self.full:
            try:
                self.watermark = startup.published_watermark(self.home, self.platform, self.source)
            except ValueError as exc:
                self.outcome.failures.append(str(exc))
                self.publish()
                return
        for request in self.first_requests():
            yield request
        self.publish()

    def skip(self, reason: str) -> None:
        """Collect nothing from this source and say why (run status ``failed``, named reason)."""
        self.logger.error("%s %s: skipped: %s", self.platform, self.source, reason)
        self.outcome.failures.append(f"skipped: {reason}")
        self.crawler.stats.set_value(f"pikir/channel/{self.source}/skipped", reason)
        self.publish()

    @property
    def stop_at(self) -> datetime | None:
        """Posts published at or before this are not wanted (watermark or ``since``)."""
        return startup.stop_at(self.since, self.watermark, self.full)

    def in_window(self, row: dict[str, Any]) -> bool:
        """Whether a row is newer than the stop (watermark, ``since``) and before ``until``."""
        return startup.in_window(row["published_at"], self.stop_at, self.until_end)

    def max_pages(self) -> int:
        """How deep a chain is walked: a few pages nightly, far back when backfilling."""
        if self.page_limit:
            return self.page_limit
        return self.max_pages_backfill if self.since else self.max_pages_incremental

    def api_request(
        self,
        path_or_url: str,
        *,
        chain: str,
        page: int = 1,
        params: dict[str, Any] | None = None,
        callback=None,
        method: str = "GET",
        formdata: dict[str, str] | None = None,
        json_body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> scrapy.Request:
        """A request for one JSON page of ``chain`` (the token goes in a header, never the URL)."""
        url = path_or_url if "://" in path_or_url else self.base_url + path_or_url
        query = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        if query:
            url += ("&" if "?" in url else "?") + urlencode(query, doseq=True)
        all_headers = {"Accept": "application/json", **self.auth_headers(), **(headers or {})}
        body: bytes | None = None
        if formdata is not None:
            body = urlencode(formdata).encode("utf-8")
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body).encode("utf-8")
            all_headers["Content-Type"] = "application/json"
        self._held.setdefault(chain, [])
        return scrapy.Request(
            url,
            method=method,
            body=body,
            headers=all_headers,
            callback=self.on_page,
            errback=self.on_error,
            cb_kwargs={"chain": chain, "page": page, "parser": callback},
            dont_filter=True,
        )

    def auth_headers(self) -> dict[str, str]:
        """Headers carrying the token (subclasses with another scheme override)."""
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def on_page(
        self, response: Response, chain: str, page: int, parser=None
    ) -> Iterator[dict[str, Any] | scrapy.Request]:
        """Parse one JSON page, keep its rows in the window, follow the chain or land it."""
        try:
            yield from self._page(response, chain, page, parser or self.parse_page)
        finally:
            self.publish()

    def _page(self, response, chain, page, parser) -> Iterator[dict[str, Any] | scrapy.Request]:
        try:
            data = json.loads(response.text)
        except ValueError as exc:
            self.break_chain(chain, f"{response.url}: malformed JSON ({exc})")
            return
        try:
            result = parser(data, response, chain)
        except (ApiShapeError, KeyError, TypeError, ValueError) as exc:
            self.break_chain(
                chain, f"{response.url}: unexpected JSON ({type(exc).__name__}: {exc})"
            )
            return
        self.outcome.pages += 1
        self.outcome.seen += len(result.rows) if result.seen is None else result.seen
        reached_stop = False
        for row in result.rows:
            if self.in_window(row):
                self._held.setdefault(chain, []).append(row)
                continue
            self.outcome.old += 1
            if self.stop_at is not None and row["published_at"] <= self.stop_at:
                reached_stop = True
        yield from result.spawn
        stop = reached_stop and self.newest_first
        if result.next is not None and not stop and page < self.max_pages():
            result.next.cb_kwargs.update(chain=chain, page=page + 1)
            yield result.next
            return
        yield from self.land(chain)

    def land(self, chain: str) -> Iterator[dict[str, Any]]:
        """Hand a finished chain's rows to the lake."""
        rows = self._held.pop(chain, [])
        self.outcome.items += len(rows)
        for row in rows:
            when = row["published_at"]
            if self.outcome.newest is None or when > self.outcome.newest:
                self.outcome.newest = when
        yield from rows

    def break_chain(self, chain: str, problem: str) -> None:
        """Record a failure and drop the rows the chain held (nothing is half-landed)."""
        self.outcome.failures.append(problem)
        self.outcome.dropped += len(self._held.pop(chain, []))
        self.logger.error("%s %s: %s", self.platform, self.source, problem)

    def on_error(self, failure) -> None:
        """A request got no usable response: the chain breaks."""
        request = failure.request
        response = getattr(failure.value, "response", None)
        problem = f"HTTP {response.status}" if response is not None else str(failure.value)
        reason = self.error_reason(response) if response is not None else None
        if reason:
            problem += f" ({reason})"
        self.break_chain(request.cb_kwargs.get("chain", "?"), f"{request.url}: {problem}")
        self.publish()

    def error_reason(self, response: Response) -> str | None:
        """The API's own account of an HTTP error (subclasses with other error shapes override)."""
        return error_reason(response.text if hasattr(response, "text") else "")

    @property
    def context(self) -> MapContext:
        """What the mappers need: provenance and the public accounts."""
        return MapContext(
            platform=self.platform,
            source=self.source,
            pseudonymize=self.pseudonymize,
            collected_at=self.collected_at,
            run_id=self.run_id,
            collector=self.collector,
            public=frozenset(self.public),
        )

    def first_requests(self) -> Iterable[scrapy.Request]:
        """The first page of every chain (subclasses override)."""
        raise NotImplementedError

    def parse_page(self, data: Any, response: Response, chain: str) -> Page:
        """Map one JSON page to rows and the next request (subclasses override)."""
        raise NotImplementedError

    # -- outcome ----------------------------------------------------------------------------------

    def publish(self) -> None:
        """Write the outcome so far to the crawl stats read by the runs recorder."""
        counters = ("items", "pages", "seen", "old", "dropped")
        publish_outcome(self.crawler.stats, self.source, self.outcome, counters, self.watermark)
