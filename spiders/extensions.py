"""Record each crawl in the lake's ``runs`` table: one row per source the spider visited."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from pikir.config import DataHome
from pikir.lake.runs import record_runs
from spiders.pipelines import run_id_from
from spiders.reachability import network_failures

log = logging.getLogger(__name__)


def _sum_stats(stats: dict[str, Any], prefix: str, contains: str = "") -> int:
    return int(
        sum(v for k, v in stats.items() if k.startswith(prefix) and contains in k and v) or 0
    )


def run_records(
    stats: dict[str, Any],
    *,
    sources: list[str],
    platform: str,
    run_id: str,
    flow: str,
    collector: str,
    reason: str,
    started_at: datetime,
    finished_at: datetime,
) -> list[dict[str, Any]]:
    """Build run rows from a crawl's stats (pure; tested without a crawl).

    A source with no recorded status never got a response (robots.txt refused, DNS or
    connection failure) and is ``failed``; an ``ok`` source of a crawl that did not finish
    normally is ``partial``.
    """
    status_counts = {
        k.rsplit("/", 1)[-1]: v
        for k, v in stats.items()
        if k.startswith("downloader/response_status_count/")
    }
    http_errors = sum(v for code, v in status_counts.items() if code[:1] in {"4", "5"})
    status_counts.update(network_failures(stats))  # dns, refused, timeout, tls, ...
    shared = {
        "run_id": run_id,
        "flow": flow,
        "platform": platform,
        "collector": collector,
        "started_at": started_at,
        "finished_at": finished_at,
        "retries": int(stats.get("retry/count", 0)),
        "timeouts": _sum_stats(stats, "downloader/exception_type_count/", "Timeout"),
        "bytes": int(stats.get("downloader/response_bytes", 0)),
        "http_errors": http_errors,
        "status_counts": json.dumps(status_counts, sort_keys=True),
        "flood_wait_s": float(stats.get("pikir/retry_after_wait_s", 0.0)),
    }
    records = []
    for source in sources:
        key = f"pikir/channel/{source}"
        status = stats.get(f"{key}/status")
        error = stats.get(f"{key}/error")
        if status is None:
            status = "failed"
            if stats.get("pikir/robots_fail_closed"):
                error = error or "robots.txt unreachable or 5xx: crawling refused (fail-closed)"
            elif stats.get("robotstxt/forbidden"):
                error = error or "forbidden by robots.txt"
            else:
                error = error or f"no usable response (finish reason: {reason})"
        elif status == "ok" and reason != "finished":
            status = "partial"
            error = error or f"crawl ended early: {reason}"
        landing = f"pikir/landing/{platform}/{source}"
        records.append(
            {
                **shared,
                "source": source,
                "status": status,
                "items": int(stats.get(f"{key}/items", 0)),
                "new_items": int(stats.get(f"{landing}/new", 0)),
                "updated_items": int(stats.get(f"{landing}/updated", 0)),
                "pages": int(stats.get(f"{key}/pages", 0)),
                "watermark_before": _str(stats.get(f"{key}/watermark_before")),
                "watermark_after": _str(stats.get(f"{key}/max_id")),
                "error": error,
            }
        )
    return records


def _str(value: object) -> str | None:
    return None if value is None else str(value)


class RunRecorder:
    """On spider close, write one ``runs`` row per source (channel, outlet) of the crawl."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("PIKIR_LAND", True):
            raise NotConfigured("PIKIR_LAND is off")
        self.crawler = crawler
        self.started_at = datetime.now(UTC)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the extension for a crawler."""
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        """Remember when the crawl started."""
        self.started_at = datetime.now(UTC)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Land the run rows for every source of the crawl."""
        settings = self.crawler.settings
        home = DataHome.from_env(settings.get("PIKIR_HOME"))
        sources = [str(s).lower() for s in getattr(spider, "channels", None) or [spider.name]]
        records = run_records(
            self.crawler.stats.get_stats(),
            sources=sources,
            platform=getattr(spider, "platform", "web"),
            run_id=run_id_from(self.crawler),
            flow=settings.get("PIKIR_FLOW", "manual"),
            collector=getattr(spider, "collector", spider.name),
            reason=reason,
            started_at=self.started_at,
            finished_at=datetime.now(UTC),
        )
        record_runs(home, records)
        for record in records:
            log.info("run %s %s: %s", record["run_id"], record["source"], record["status"])
