"""Downloader middlewares that make pikir's spiders polite and predictable.

- :class:`FailClosedRobotsTxtMiddleware`: a robots.txt that answers 5xx, times out or cannot
  be fetched means "disallow everything" for that site, not "allow everything" (Scrapy's
  default); a 404 still means no restrictions, as RFC 9309 says.
- :class:`RetryAfterMiddleware`: on 429/503 wait for the server's ``Retry-After`` before
  retrying; give up (and say so in the stats) when the server asks for longer than
  ``RETRY_AFTER_MAX_SECONDS``.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.response import response_status_message
from twisted.internet.defer import Deferred

log = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class FailClosedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, except that errors and 5xx forbid crawling the site.

    A request refused because of a fail-closed robots.txt carries the cause in its
    ``IgnoreRequest`` message (``robots.txt of x.kz unavailable (DNS lookup failed ...)``), so the
    run's error names what actually went wrong rather than "Forbidden by robots.txt".
    """

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._closed: dict[str, str] = {}

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            log.error(
                "robots.txt of %s answered %s: not crawling this site (fail-closed)",
                netloc,
                response.status,
            )
            self._stats.inc_value("pikir/robots_fail_closed")
            self._closed[netloc] = f"HTTP {response.status}"
            response = response.replace(body=DISALLOW_ALL)
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if not isinstance(exc, IgnoreRequest):
            self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        log.error("robots.txt of %s could not be fetched (%s): fail-closed", netloc, exc)
        self._stats.inc_value("pikir/robots_fail_closed")
        self._closed[netloc] = f"{type(exc).__name__}: {exc}"
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)

    def process_request_2(self, rp, request: Request) -> None:
        """Refuse as Scrapy does, naming the cause when robots.txt itself was unavailable.

        Raises:
            IgnoreRequest: the request is disallowed.
        """
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as exc:
            netloc = urlsplit(request.url).netloc
            if netloc in self._closed:
                raise IgnoreRequest(
                    f"robots.txt of {netloc} unavailable ({self._closed[netloc]}): "
                    "not crawling (fail-closed)"
                ) from exc
            raise


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Parse a ``Retry-After`` header: delta-seconds or an HTTP date. None when absent/invalid."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Retry transient failures, honouring ``Retry-After`` on 429 and 503 responses."""

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX_SECONDS", 120.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        """Wait as the server asks, then retry; pass the response on when giving up."""
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        stats = self.crawler.stats
        stats.inc_value(f"pikir/http_status/{response.status}")
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is not None and response.status in (429, 503):
            if wait > self.max_wait:
                stats.inc_value("pikir/retry_after_exceeded")
                log.warning(
                    "%s asks to wait %.0f s (> %.0f s allowed): giving up on %s",
                    request.url,
                    wait,
                    self.max_wait,
                    request.url,
                )
                return response
            stats.inc_value("pikir/retry_after_wait_s", wait)
            await asyncio.sleep(wait)
        retry = self._retry(request, response_status_message(response.status))
        return retry or response
