"""Item pipelines: validate each post against the data contract, then land it in the lake."""

from __future__ import annotations

import logging
import uuid
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from pikir.config import DataHome
from pikir.lake.rows import RowError, check_post_row
from pikir.lake.writer import LakeWriter

log = logging.getLogger(__name__)


def run_id_from(crawler: Crawler) -> str:
    """Return the run id set by the flow (``PIKIR_RUN_ID``), creating one for manual crawls."""
    run_id = crawler.settings.get("PIKIR_RUN_ID")
    if not run_id:
        run_id = f"manual-{uuid.uuid4().hex[:12]}"
        crawler.settings.frozen = False
        crawler.settings.set("PIKIR_RUN_ID", run_id, priority="cmdline")
        crawler.settings.frozen = True
    return run_id


class ValidatePostPipeline:
    """Drop items that break the posts contract, counting why in the crawl stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the pipeline for a crawler."""
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        """Return the item unchanged when valid.

        Raises:
            DropItem: with the contract violation as the reason.
        """
        try:
            check_post_row(item)
        except RowError as exc:
            self.stats.inc_value("pikir/items_invalid")
            raise DropItem(str(exc)) from exc
        return item


class LakePipeline:
    """Buffer items and land them through :class:`~pikir.lake.writer.LakeWriter`.

    Settings: ``PIKIR_HOME`` (data home; ``$PIKIR_HOME`` or ``./data`` when unset),
    ``PIKIR_RUN_ID`` (provenance), ``PIKIR_BATCH_ROWS`` (rows per flush). Set
    ``PIKIR_LAND = False`` to switch landing off (e.g. ``scrapy check`` or a dry run).
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("PIKIR_LAND", True):
            raise NotConfigured("PIKIR_LAND is off")
        self.crawler = crawler
        self.home = DataHome.from_env(crawler.settings.get("PIKIR_HOME"))
        self.run_id = run_id_from(crawler)
        self.batch_rows = crawler.settings.getint("PIKIR_BATCH_ROWS", 50_000)
        self.writer: LakeWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the pipeline for a crawler."""
        return cls(crawler)

    def open_spider(self) -> None:
        """Open the lake writer for this crawl."""
        self.writer = LakeWriter(self.home, run_id=self.run_id, batch_rows=self.batch_rows)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        """Buffer the item (flushing once a batch is full)."""
        assert self.writer is not None, "open_spider was not called"
        self.writer.add(dict(item))
        return item

    def close_spider(self) -> None:
        """Land what is buffered and publish the landing counts in the crawl stats."""
        if self.writer is None:
            return
        report = self.writer.close()
        stats = self.crawler.stats
        for name in ("new", "updated", "unchanged", "rejected", "metrics", "raw", "files"):
            stats.set_value(f"pikir/landing/{name}", getattr(report, name))
        for (platform, source), counts in report.per_source.items():
            for name, value in counts.items():
                stats.set_value(f"pikir/landing/{platform}/{source}/{name}", value)
        log.info(
            "landed %s new, %s updated, %s unchanged posts in %s",
            report.new,
            report.updated,
            report.unchanged,
            self.home.lake,
        )
