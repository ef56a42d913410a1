"""Rate-limit headers of JSON APIs, and a downloader middleware that waits as they ask.

APIs announce their budget in response headers: how many calls remain and when the window
resets. The reset comes in three shapes, named by :class:`RateLimitHeaders.reset_kind`:

- ``epoch``: Unix seconds (X ``x-rate-limit-reset``, TikTok);
- ``seconds``: seconds from now (Reddit ``X-Ratelimit-Reset``);
- ``iso``: an ISO-8601 time (Mastodon ``X-RateLimit-Reset``).

:func:`rate_limit_wait` turns headers into a wait (pure, tested with a fixed ``now``).
:class:`RateLimitMiddleware` remembers, per host, until when the budget is spent and holds every
request to that host until then; a 429 without ``Retry-After`` is retried after the reset
(the retry itself is :class:`spiders.middlewares.RetryAfterMiddleware`'s job). A request whose
``meta["pikir_wait_s"]`` is set waits that long first (VK's "too many requests" retry).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateLimitHeaders:
    """Which headers carry an API's budget, and how its reset is written."""

    remaining: str
    reset: str
    reset_kind: str = "epoch"


def _header(headers: Any, name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        return None
    return (value.decode("latin-1") if isinstance(value, bytes) else str(value)).strip()


def reset_in_seconds(value: str, kind: str, now: float) -> float | None:
    """Seconds until a reset header's moment (None when unreadable)."""
    try:
        if kind == "epoch":
            return float(value) - now
        if kind == "seconds":
            return float(value)
        if kind == "iso":
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return when.timestamp() - now
    except ValueError:
        return None
    raise ValueError(f"unknown reset kind {kind!r}")


def rate_limit_wait(
    headers: Any, spec: RateLimitHeaders, *, status: int = 200, now: float | None = None
) -> float | None:
    """Seconds to wait before the next call, or None when the budget is not spent.

    The budget is spent when the remaining count is 0 (or below 1: Reddit sends ``0.0``) or the
    server answered 429. A reset already past gives 0 (the window has renewed).
    """
    remaining = _header(headers, spec.remaining)
    spent = status == 429
    if remaining is not None:
        with contextlib.suppress(ValueError):
            spent = spent or float(remaining) < 1
    if not spent:
        return None
    reset = _header(headers, spec.reset)
    if reset is None:
        return None
    wait = reset_in_seconds(reset, spec.reset_kind, time.time() if now is None else now)
    return None if wait is None else max(0.0, wait)


class RateLimitMiddleware:
    """Hold requests to a host until its announced rate-limit window resets.

    Spiders opt in with a ``rate_limit`` attribute (a :class:`RateLimitHeaders`). A wait longer
    than ``RATE_LIMIT_MAX_WAIT_S`` (default 900 s) is not slept: the request is dropped with
    :class:`~scrapy.exceptions.IgnoreRequest` (its errback names the wait), so the run ends with
    a clear error instead of hanging a nightly run.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("RATE_LIMIT_MAX_WAIT_S", 900.0)
        self.resume_at: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the middleware for a crawler."""
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        """Sleep until the host's window resets (or as long as ``meta["pikir_wait_s"]`` asks)."""
        host = urlsplit(request.url).netloc
        wait = self.resume_at.get(host, 0.0) - time.time()
        wait = max(wait, float(request.meta.get("pikir_wait_s") or 0.0))
        if wait > self.max_wait:
            self.crawler.stats.inc_value("pikir/ratelimit_exceeded")
            raise IgnoreRequest(
                f"rate limit of {host} resets in {wait:.0f} s "
                f"(> RATE_LIMIT_MAX_WAIT_S={self.max_wait:.0f}): not waiting"
            )
        if wait > 0:
            self.crawler.stats.inc_value("pikir/ratelimit_waits")
            self.crawler.stats.inc_value("pikir/retry_after_wait_s", round(wait, 3))
            log.info("rate limit of %s spent: waiting %.1f s", host, wait)
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response) -> Response:
        """Remember the reset announced by a response that spent the budget."""
        spec = getattr(self.crawler.spider, "rate_limit", None)
        if spec is None:
            return response
        wait = rate_limit_wait(response.headers, spec, status=response.status)
        if wait is None:
            return response
        host = urlsplit(request.url).netloc
        self.resume_at[host] = max(self.resume_at.get(host, 0.0), time.time() + wait)
        return response
