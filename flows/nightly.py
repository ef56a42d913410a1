"""The nightly flow: crawl every configured source, compact, check, rebuild the warehouse.

Run it with ``pikir nightly`` (embedded Prefect API) or deploy it from ``prefect.yaml``.
Each source is its own task, so one failing channel neither stops the others nor hides:
the run artifact lists every source's outcome, and the flow ends Failed when a source did.
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from urllib.parse import urlparse

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.task_runners import ThreadPoolTaskRunner

from flows.crawl_step import crawl_source
from flows.enrich_step import enrich_posts
from flows.import_step import import_files
from flows.outcomes import artifact_rows, flood_waits, with_outcomes
from flows.social import crawl_social
from flows.summary import render_summary
from flows.telegram_api import collect_telegram_api, flatten_results, telegram_api_credentials
from flows.transient import (
    RETRY_DELAY_S,
    TASK_RETRIES,
    retry_if_transient,
    retry_transient_failure,
)
from pikir.collect import CrawlResult, new_run_id
from pikir.config import DataHome, SourcesConfig
from pikir.health import yield_alerts
from pikir.lake.compaction import compact
from pikir.lake.integrity import scan_lake
from pikir.news_config import load_news_outlets
from pikir.petition_config import load_petitions
from pikir.social_config import load_social_sources
from warehouse.build import build_warehouse

MAX_PER_DOMAIN = 2
_domain_slots: dict[str, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


class CollectionFailed(RuntimeError):
    """At least one source failed; the warehouse was still rebuilt with what landed."""


def _slot(url: str) -> threading.BoundedSemaphore:
    """At most ``MAX_PER_DOMAIN`` crawls of one site run at once within this process."""
    domain = urlparse(url).netloc
    with _slots_lock:
        return _domain_slots.setdefault(domain, threading.BoundedSemaphore(MAX_PER_DOMAIN))


def _crawl_in_slot(
    home_path: str,
    spider: str,
    source: str,
    base_url: str,
    arguments: dict,
    run_id: str,
    since: str | None,
    fast: bool,
) -> CrawlResult:
    """Crawl one source of ``base_url``'s site (within its per-site limit) from ``since`` on."""
    args = {**arguments, "base_url": base_url, **({"since": since} if since else {})}
    return crawl_source(
        home_path,
        spider,
        source,
        run_id=run_id,
        arguments=args,
        flow="nightly",
        fast=fast,
        slot=_slot(base_url),
    )


@task(
    name="crawl-telegram-channel",
    task_run_name="crawl {channel}",
    retries=TASK_RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
    retry_condition_fn=retry_if_transient,
)
def crawl_channel(
    home_path: str, channel: str, base_url: str, run_id: str, since: str | None, fast: bool
) -> dict:
    """Crawl one channel's web preview into the lake and return its run record."""
    arguments = {"channels": channel}
    result = _crawl_in_slot(
        home_path, "telegram_web", channel, base_url, arguments, run_id, since, fast
    )
    if result.error:
        get_run_logger().warning("%s: %s", channel, result.error)
    return retry_transient_failure(asdict(result))


@task(
    name="crawl-news-outlet",
    task_run_name="crawl {source}",
    retries=TASK_RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
    retry_condition_fn=retry_if_transient,
)
def crawl_outlet(
    home_path: str,
    spider: str,
    source: str,
    base_url: str,
    arguments: dict,
    run_id: str,
    since: str | None,
    fast: bool,
) -> dict:
    """Crawl one news outlet with its spider into the lake and return its run record."""
    result = _crawl_in_slot(home_path, spider, source, base_url, arguments, run_id, since, fast)
    return retry_transient_failure(asdict(result))


@task(name="check-lake")
def check_lake(home_path: str) -> dict:
    """Quarantine unreadable files so the views keep answering."""
    report = scan_lake(DataHome.from_env(home_path))
    if report.quarantined:
        get_run_logger().warning("quarantined %d files", len(report.quarantined))
    return {"checked": report.checked, "quarantined": report.quarantined}


@task(name="compact-lake")
def compact_lake(home_path: str) -> dict:
    """Merge small files per partition."""
    report = compact(DataHome.from_env(home_path))
    return {"partitions": report.partitions, "files_before": report.files_before}


@task(name="build-warehouse")
def build(home_path: str) -> dict:
    """Rebuild the warehouse views and run the contracts (raises when one fails)."""
    report = build_warehouse(DataHome.from_env(home_path))
    return {"path": str(report.path), "rows": report.row_counts}


@flow(name="nightly", task_runner=ThreadPoolTaskRunner(max_workers=4), log_prints=True)
def nightly(
    home: str | None = None,
    sources_file: str | None = None,
    base_url: str | None = None,
    since: str | None = None,
    fast: bool = False,
) -> dict:
    """Collect every configured source, then compact, check and rebuild the warehouse.

    Args:
        home: data home (default ``$PIKIR_HOME`` or ``./data``).
        sources_file: sources TOML (default ``config/sources.toml``).
        base_url: override the Telegram base URL (the sample server, a mirror).
        since: only collect posts published on or after this date (YYYY-MM-DD).
        fast: drop politeness delays (only for the loopback sample).
    """
    data_home = DataHome.from_env(home).ensure()
    config = SourcesConfig.load(sources_file)
    url = base_url or config.telegram_base_url
    run_id = new_run_id("nightly")
    channels = [c.name for c in config.channels]
    if telegram_api_credentials(base_url) is not None:  # the API when credentials exist
        futures = [collect_telegram_api.submit(str(data_home.root), channels, run_id, since)]
    else:
        futures = [
            crawl_channel.submit(str(data_home.root), c, url, run_id, since, fast) for c in channels
        ]
    futures += [
        crawl_outlet.submit(
            str(data_home.root),
            o.spider,
            o.source,
            o.base_url(base_url),
            o.arguments,
            run_id,
            since,
            fast,
        )
        for o in load_news_outlets(config.path)
    ]
    futures += [  # a petition is one page: crawled like an outlet by the petition spider
        crawl_outlet.submit(
            str(data_home.root),
            p.spider,
            p.source,
            p.page_url(base_url),
            {"source": p.source, **({"lang": p.lang} if p.lang else {})},
            run_id,
            None,
            fast,
        )
        for p in load_petitions(config.path)
    ]
    futures += [  # social-media APIs: a missing token skips the source (status "skipped")
        crawl_social.submit(str(data_home.root), s, run_id, since, fast, base_url)
        for s in load_social_sources(config.path)
    ]
    results = flatten_results(f.result() for f in futures)
    results = with_outcomes(results, flood_waits(data_home, run_id))
    alerts = yield_alerts(data_home, run_id)
    checked = check_lake(str(data_home.root))
    compacted = compact_lake(str(data_home.root))
    imported = import_files(str(data_home.root), str(config.path), run_id)
    enriched = enrich_posts(str(data_home.root))
    built = build(str(data_home.root))
    summary = {
        "run_id": run_id,
        "home": str(data_home.root),
        "sources": results,
        "quarantined": checked["quarantined"],
        "compaction": compacted,
        "warehouse": built,
        "yield_alerts": alerts,
        "enrichment": enriched,
        "imports": imported,
    }
    create_table_artifact(
        key="nightly-sources",
        table=artifact_rows(results + imported),
        description=f"Per-source outcome of {run_id}",
    )
    create_markdown_artifact(key="nightly-summary", markdown=render_summary(summary))
    failed = [r["source"] for r in results + imported if r["status"] == "failed"]
    problems = [f"sources failed: {', '.join(failed)}"] if failed else []
    problems += [a["message"] for a in alerts]
    problems += [enriched["error"]] if "error" in enriched else []
    if problems:
        raise CollectionFailed(f"{run_id}: " + "; ".join(problems))
    return summary


if __name__ == "__main__":
    nightly()
