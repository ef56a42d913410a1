"""Spider for public Telegram channels through their web preview, ``<base_url>/s/<channel>``.

Usage::

    scrapy crawl telegram_web -a channels=chan_one,chan_two [-a base_url=https://t.me]
        [-a since=2021-09-01] [-a until=2022-01-31] [-a full=1]

Pages are walked from the newest backwards through ``?before=<id>``. A channel stops at the
stored watermark (incremental runs), at ``since``, at its first post, or when the pages stop
moving backwards (loop guard). Its outcome lands in the crawler stats under
``pikir/channel/<name>/…``: ``status`` (ok|empty|unavailable|failed), ``items``, ``pages``,
``stop_reason`` (watermark|since|end|loop|unavailable|layout), ``error``, ``max_id``, ``min_id``.
Parsing lives in :mod:`spiders.parsing.telegram_preview`.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response

from pikir.state import close_gap, open_gap, read_gap, read_watermark
from spiders import startup
from spiders.parsing.telegram_item import map_message
from spiders.parsing.telegram_preview import (
    ChannelPage,
    PreviewMessage,
    PreviewParseError,
    is_preview_disabled,
    parse_channel_page,
)

PLATFORM = "telegram"
DEFAULT_BASE_URL = "https://t.me"
WALK_COMPLETE = frozenset({"watermark", "since", "end"})
"""Stop reasons after which every post down to the watermark has been seen."""
_CHANNEL_RE = re.compile(r"^[A-Za-z0-9_]{3,64}$")


@dataclass(frozen=True)
class ChannelCrawl:
    """Where the walk through one channel stands; travels in each request's ``cb_kwargs``.

    Attributes:
        channel: the channel name, lower-cased.
        watermark: highest post id already landed (None: collect everything).
        before: the ``?before=`` cursor of this request (None for the newest page).
        pages: pages parsed so far, items: items yielded so far.
        prev_min: smallest id on the previous page (loop guard).
        max_id, min_id: range of the ids yielded so far.
    """

    channel: str
    watermark: int | None = None
    before: int | None = None
    pages: int = 0
    items: int = 0
    prev_min: int | None = None
    max_id: int | None = None
    min_id: int | None = None


def _channels(value: str | None) -> tuple[str, ...]:
    names = [n.strip().lstrip("@").lower() for n in (value or "").split(",") if n.strip()]
    if not names:
        raise ValueError("telegram_web needs channels: -a channels=name_one,name_two")
    bad = [n for n in names if not _CHANNEL_RE.match(n)]
    if bad:
        raise ValueError(f"telegram_web: not channel usernames: {', '.join(bad)}")
    return tuple(dict.fromkeys(names))


class TelegramWebSpider(scrapy.Spider):
    """Collect posts of public Telegram channels from their web preview pages."""

    name = "telegram_web"
    platform = PLATFORM

    def __init__(
        self,
        *args: Any,
        channels: str | None = None,
        base_url: str | None = None,
        since: str | None = None,
        until: str | None = None,
        full: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.channels = _channels(channels)
        self.base_url = (base_url or DEFAULT_BASE_URL).strip().rstrip("/")
        self.since, self.until_end = startup.crawl_window(
            since, until, self.name, name_day_errors=True
        )
        self.full = startup.switched_on(full)
        self.collected_at = datetime.now(UTC)
        self.collector = f"{self.name}@{startup.VERSION}"
        self.run_id = ""

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> TelegramWebSpider:
        """Create the spider; the run id comes from ``PIKIR_RUN_ID`` or is generated."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        startup.attach_run(spider, crawler.settings)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Yield the newest preview page of every channel."""
        for channel in self.channels:
            crawl = self.channel_crawl(channel)
            if crawl is not None:
                yield self.page_request(crawl)

    def channel_crawl(self, channel: str) -> ChannelCrawl | None:
        """Return the starting state of a channel, with its watermark unless ``full`` is set."""
        if self.full:
            return ChannelCrawl(channel)
        try:
            mark = read_watermark(self.home, PLATFORM, channel)
            gap = read_gap(self.home, PLATFORM, channel)
        except ValueError as exc:
            self.finish(ChannelCrawl(channel), "failed", None, error=str(exc))
            return None
        if gap is not None:  # the last walk stopped short: walk down to its floor again
            return ChannelCrawl(channel, watermark=gap["floor"])
        return ChannelCrawl(channel, watermark=mark.max_post_id if mark else None)

    def page_request(self, crawl: ChannelCrawl) -> scrapy.Request:
        """Return the request for the page of ``crawl`` (newest, or older than ``before``)."""
        url = f"{self.base_url}/s/{crawl.channel}"
        if crawl.before is not None:
            url += f"?before={crawl.before}"
        return scrapy.Request(
            url, callback=self.parse, errback=self.on_error, cb_kwargs={"crawl": crawl}
        )

    def parse(self, response: Response, crawl: ChannelCrawl) -> Iterator[Any]:
        """Yield the new posts of one preview page, then the request for the older page."""
        if is_preview_disabled(response):
            self.finish(crawl, "unavailable", "unavailable")
            return
        try:
            page = parse_channel_page(response, self.base_url)
        except PreviewParseError as exc:
            self.finish(crawl, "failed", "layout", error=self._error(crawl, response, str(exc)))
            return
        if page.layout_problem:
            error = self._error(crawl, response, page.layout_problem)
            self.finish(crawl, "failed", "layout", error=error)
            return
        crawl = replace(crawl, pages=crawl.pages + 1)
        if crawl.prev_min is not None and page.post_ids and max(page.post_ids) >= crawl.prev_min:
            self.logger.warning("%s: %s repeats older pages; stopping", crawl.channel, response.url)
            self.finish(crawl, None, "loop")
            return
        items = [m for m in page.messages if self._wanted(m, crawl)]
        # Posts at or below the watermark on a page we fetched anyway are re-sightings: the
        # lake turns them into fresh engagement observations (or a new version if edited).
        resighted = [m for m in page.messages if self._resighting(m, crawl)]
        for message in items + resighted:
            yield self.item(message, page, crawl.channel)
        if resighted:
            self.crawler.stats.inc_value(f"pikir/channel/{crawl.channel}/resighted", len(resighted))
        seen = [i for i in (crawl.max_id, crawl.min_id) if i is not None]
        ids = [m.post_id for m in items] + seen
        crawl = replace(
            crawl,
            items=crawl.items + len(items),
            prev_min=min(page.post_ids) if page.post_ids else crawl.prev_min,
            max_id=max(ids, default=None),
            min_id=min(ids, default=None),
        )
        reason = self._stop_reason(page, crawl)
        if reason:
            self.finish(crawl, None, reason)
        else:
            self.record(crawl)
            yield self.page_request(replace(crawl, before=page.older_before))

    def _wanted(self, message: PreviewMessage, crawl: ChannelCrawl) -> bool:
        if crawl.watermark is not None and message.post_id <= crawl.watermark:
            return False
        if self.since and message.published_at < self.since:
            return False
        return not (self.until_end and message.published_at >= self.until_end)

    def _resighting(self, message: PreviewMessage, crawl: ChannelCrawl) -> bool:
        if crawl.watermark is None or message.post_id > crawl.watermark:
            return False
        return self._wanted(message, replace(crawl, watermark=None))

    def _stop_reason(self, page: ChannelPage, crawl: ChannelCrawl) -> str | None:
        if crawl.watermark is not None and page.post_ids and min(page.post_ids) <= crawl.watermark:
            return "watermark"
        if self.since and any(m.published_at < self.since for m in page.messages):
            return "since"
        if page.older_before is None:
            return "end"
        if crawl.before is not None and page.older_before >= crawl.before:
            self.logger.warning("%s: cursor did not move back from %s", crawl.channel, crawl.before)
            return "loop"
        return None

    def item(self, message: PreviewMessage, page: ChannelPage, source: str) -> dict[str, Any]:
        """Return the lake row of one message (see :func:`map_message`)."""
        return map_message(
            message,
            page,
            source,
            collected_at=self.collected_at,
            run_id=self.run_id,
            collector=self.collector,
            pseudonymize=self.pseudonymize,
        )

    def on_error(self, failure) -> None:
        """Record a channel whose page could not be fetched (HTTP error, DNS, timeout)."""
        crawl: ChannelCrawl = failure.request.cb_kwargs["crawl"]
        response = getattr(failure.value, "response", None)
        if response is not None:
            problem = f"HTTP {response.status}"
            if response.status == 429:
                problem += (
                    " (rate limited; Retry-After beyond RETRY_AFTER_MAX_SECONDS or retries spent)"
                )
        else:
            problem = f"{failure.type.__name__}: {failure.value}"
        error = self._error(crawl, failure.request, problem)
        self.finish(crawl, "failed", None, error=error)

    def _error(self, crawl: ChannelCrawl, response_or_request, problem: str) -> str:
        return f"telegram channel {crawl.channel!r} at {response_or_request.url}: {problem}"

    def record(self, crawl: ChannelCrawl) -> None:
        """Write the running counters of a channel to the crawler stats."""
        stats = self.crawler.stats
        prefix = f"pikir/channel/{crawl.channel}"
        stats.set_value(f"{prefix}/items", crawl.items)
        stats.set_value(f"{prefix}/pages", crawl.pages)
        for key in ("max_id", "min_id"):
            if getattr(crawl, key) is not None:
                stats.set_value(f"{prefix}/{key}", getattr(crawl, key))

    def finish(
        self,
        crawl: ChannelCrawl,
        status: str | None,
        reason: str | None,
        *,
        error: str | None = None,
    ) -> None:
        """Record how a channel ended; ``status`` None means ok/empty by the items collected."""
        self.record(crawl)
        prefix = f"pikir/channel/{crawl.channel}"
        stats = self.crawler.stats
        stats.set_value(f"{prefix}/status", status or ("ok" if crawl.items else "empty"))
        if reason:
            stats.set_value(f"{prefix}/stop_reason", reason)
        if error:
            stats.set_value(f"{prefix}/error", error)
            self.logger.error(error)
        if status != "unavailable" and not self.full:
            if reason in WALK_COMPLETE:
                close_gap(self.home, PLATFORM, crawl.channel)
            elif crawl.items:  # newer posts landed and will move the watermark past a gap
                open_gap(self.home, PLATFORM, crawl.channel, crawl.watermark)
