"""One source crawled by its spider in a child process, as every crawling task of a flow does it."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from prefect import get_run_logger

from pikir.collect import CrawlResult, crawl
from pikir.config import DataHome


def crawl_source(
    home_path: str,
    spider: str,
    source: str,
    *,
    run_id: str,
    arguments: dict[str, str],
    flow: str,
    fast: bool,
    slot: AbstractContextManager[object] | None = None,
) -> CrawlResult:
    """Crawl one source into the lake, log its outcome and return its result.

    Args:
        home_path: the data home.
        spider: the spider's name (``scrapy list``).
        source: the one source the crawl covers.
        run_id: the flow run's id, recorded in ``runs``.
        arguments: the spider's ``-a`` arguments.
        flow: the flow recorded in ``runs`` (``nightly``, ``backfill``).
        fast: crawl without politeness delays (the bundled sample, tests).
        slot: held only while the crawl runs (a per-site concurrency limit).
    """
    with slot or nullcontext():
        (result,) = crawl(
            DataHome.from_env(home_path),
            spider,
            run_id=run_id,
            arguments=arguments,
            sources=[source],
            flow=flow,
            fast=fast,
        )
    get_run_logger().info(
        "%s: %s, %d items, %d new", source, result.status, result.items, result.new_items
    )
    return result
