"""A petition page: the petition as one ``posts`` row, its signature count as a ``metrics`` row.

Usage::

    scrapy crawl petition -a base_url=https://secure.avaaz.org/community_petitions/en/<slug>/
        [-a source=avaaz.org] [-a lang=ru] [-a organisation=1] [-a since=… -a until=… (ignored)]

``base_url`` is the petition page itself (configured as ``[[petitions]]`` in the sources file,
:mod:`pikir.petition_config`). Every run reads the page (Avaaz community petitions:
:mod:`spiders.parsing.petition_page`), yields the petition as a post (``kind=post``; an edited
text becomes a new version) and then reads the live counter. The count lands in ``metrics``
as a ``signatures`` observation at the run's ``collected_at`` when the crawl closes, so each
run adds one point to the petition's curve. The starter is a private person unless
``organisation=1``: pseudonymised, never named. No public comment list is confirmed on Avaaz
community petition pages (the public scraper reads none), so none are collected. Outcome
stats: ``pikir/channel/<source>/…``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from pikir.lake import layout
from pikir.lake.append import append_rows
from pikir.schema import Post
from spiders import startup
from spiders.parsing.petition_page import (
    PetitionPage,
    PetitionParseError,
    is_invalid_page,
    parse_petition_page,
    parse_signatures,
    stats_url,
)

PLATFORM = "petition"


def default_source(url: str) -> str:
    """The petition site as a lake source: the host without ``www.``/``secure.``."""
    host = (urlsplit(url).hostname or "").lower()
    for prefix in ("www.", "secure."):
        host = host.removeprefix(prefix)
    if not host:
        raise ValueError(f"petition: base_url {url!r} is not an absolute URL")
    return host


class PetitionSpider(scrapy.Spider):
    """Record one petition page and its signature count on every run."""

    name = "petition"
    platform = PLATFORM

    def __init__(
        self,
        *args: Any,
        base_url: str | None = None,
        source: str | None = None,
        lang: str | None = None,
        organisation: str | None = None,
        since: str | None = None,
        until: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        del since, until  # accepted like every spider's; a petition page is always read whole
        if not base_url:
            raise ValueError("petition needs the page: -a base_url=<petition page URL>")
        self.page_url = base_url.strip()
        self.source = (source or default_source(self.page_url)).lower()
        self.channels = [self.source]  # the run recorder's sources
        self.lang = lang
        self.organisation = startup.switched_on(organisation)
        self.collected_at = datetime.now(UTC)
        self.collector = f"{self.name}@{startup.VERSION}"
        self.run_id = ""
        self.observations: list[dict[str, Any]] = []

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> PetitionSpider:
        """Create the spider; the run id comes from ``PIKIR_RUN_ID`` or is generated."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        startup.attach_run(spider, crawler.settings)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Request the petition page."""
        yield scrapy.Request(self.page_url, callback=self.parse, errback=self.on_error)

    def parse(self, response: Response) -> Iterator[Any]:
        """Yield the petition as a post, then the request for its signature counter."""
        self._stat("pages", 1)
        if is_invalid_page(response.text, response.url):
            self.finish("unavailable", f"{response.url}: the page says the petition is gone")
            return
        try:
            page = parse_petition_page(response.text, response.url)
            item = self.item(page)
        except PetitionParseError as exc:
            self.finish("failed", f"petition {self.source} at {response.url}: {exc}")
            return
        yield item
        self._stat("items", 1)
        if page.petition_id is None:
            self.finish("partial", f"{response.url}: no petitionId, signature count unknown")
            return
        yield scrapy.Request(
            stats_url(response.url, page.petition_id),
            callback=self.parse_stats,
            errback=self.on_error,
            cb_kwargs={"post_key": item["post_key"]},
        )

    def parse_stats(self, response: Response, post_key: str) -> None:
        """Keep the signature count as this run's observation of the petition."""
        self._stat("pages", 1)
        try:
            count = parse_signatures(response.text)
        except PetitionParseError as exc:
            self.finish("partial", f"{response.url}: {exc}")
            return
        self.observations.append(
            {
                "platform": PLATFORM,
                "post_key": post_key,
                "observed_at": self.collected_at,
                "signatures": count,
                "run_id": self.run_id,
            }
        )
        self.crawler.stats.set_value(f"pikir/channel/{self.source}/signatures", count)
        self.finish("ok", None)

    def item(self, page: PetitionPage) -> dict[str, Any]:
        """Return the posts row of the petition (starter pseudonymised unless an organisation)."""
        author_id = author_name = None
        if page.starter and self.organisation:
            author_id = author_name = page.starter
        elif page.starter:
            author_id = self.pseudonymize(PLATFORM, page.starter)
        published = page.created_at or page.updated_at
        if published is None:
            raise PetitionParseError("no createdAtTimestamp: the petition's date is unknown")
        text = page.text
        if page.recipient:
            text = f"{text}\n\n→ {page.recipient}" if text else f"→ {page.recipient}"
        return Post(
            platform=PLATFORM,
            source=self.source,
            post_id=page.slug,
            published_at=published,
            collected_at=self.collected_at,
            run_id=self.run_id,
            collector=self.collector,
            kind="post",
            url=page.canonical_url or self.page_url,
            author_id=author_id,
            author_name=author_name,
            edited_at=page.updated_at if page.updated_at != page.created_at else None,
            title=page.title,
            text=text,
            lang_hint=page.lang or self.lang,
        ).to_row()

    def on_error(self, failure) -> None:
        """Record a page or counter that could not be fetched; a 404/410 page is ``unavailable``."""
        response = getattr(failure.value, "response", None)
        url = failure.request.url
        if response is not None and response.status in (404, 410) and url == self.page_url:
            self.finish("unavailable", f"{url}: HTTP {response.status} (petition removed?)")
            return
        problem = f"HTTP {response.status}" if response is not None else repr(failure.value)
        status = "failed" if url == self.page_url else "partial"
        self.finish(status, f"petition {self.source} at {url}: {problem}")

    def _stat(self, name: str, value: int) -> None:
        self.crawler.stats.inc_value(f"pikir/channel/{self.source}/{name}", value)

    def finish(self, status: str, error: str | None) -> None:
        """Record the source's outcome in the crawl stats (read by the run recorder)."""
        prefix = f"pikir/channel/{self.source}"
        self.crawler.stats.set_value(f"{prefix}/status", status)
        if error:
            self.crawler.stats.set_value(f"{prefix}/error", error)
            self.logger.warning(error)

    def closed(self, reason: str) -> None:
        """Append this run's signature observations to ``metrics`` (unless landing is off)."""
        if self.observations and self.settings.getbool("PIKIR_LAND", True):
            append_rows(self.home, layout.METRICS, self.observations, run_id=self.run_id)
