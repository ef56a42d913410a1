"""The backfill flow: re-walk chosen sources over a date window (parameters: sources, since, until).

Backfills ignore watermarks (``full``) so a window that was missed, or collected before a
parser fix, is read again; the lake writer turns what is already there into re-sightings, so
a backfill never duplicates a post.
"""

from __future__ import annotations

from dataclasses import asdict

from prefect import flow, task
from prefect.artifacts import create_table_artifact
from prefect.task_runners import ThreadPoolTaskRunner

from flows.crawl_step import crawl_source
from flows.transient import (
    RETRY_DELAY_S,
    TASK_RETRIES,
    retry_if_transient,
    retry_transient_failure,
)
from pikir.collect import new_run_id
from pikir.config import DataHome, SourcesConfig

ARTIFACT_COLUMNS = ("source", "status", "items", "new_items", "error")


@task(
    name="backfill-telegram-channel",
    task_run_name="backfill {channel}",
    retries=TASK_RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
    retry_condition_fn=retry_if_transient,
)
def backfill_channel(
    home_path: str,
    channel: str,
    base_url: str,
    run_id: str,
    since: str,
    until: str | None,
    fast: bool,
) -> dict:
    """Walk one channel's history between ``since`` and ``until`` into the lake."""
    arguments = {"channels": channel, "base_url": base_url, "since": since, "full": "1"}
    if until:
        arguments["until"] = until
    result = crawl_source(
        home_path,
        "telegram_web",
        channel,
        run_id=run_id,
        arguments=arguments,
        flow="backfill",
        fast=fast,
    )
    return retry_transient_failure(asdict(result))


@flow(name="backfill", task_runner=ThreadPoolTaskRunner(max_workers=2), log_prints=True)
def backfill(
    since: str,
    until: str | None = None,
    sources: list[str] | None = None,
    home: str | None = None,
    sources_file: str | None = None,
    base_url: str | None = None,
    fast: bool = False,
) -> list[dict]:
    """Re-collect ``sources`` (default: every configured channel) published in [since, until].

    Args:
        since: first day to collect (YYYY-MM-DD).
        until: last day to collect (YYYY-MM-DD); default today.
        sources: channel names; default every channel of the sources file.
        home: data home (default ``$PIKIR_HOME`` or ``./data``).
        sources_file: sources TOML (default ``config/sources.toml``).
        base_url: override the Telegram base URL (a mirror or a test server).
        fast: drop politeness delays (only for the loopback sample).
    """
    data_home = DataHome.from_env(home).ensure()
    config = SourcesConfig.load(sources_file)
    names = sources or [c.name for c in config.channels]
    url = base_url or config.telegram_base_url
    run_id = new_run_id("backfill")
    futures = [
        backfill_channel.submit(str(data_home.root), name, url, run_id, since, until, fast)
        for name in names
    ]
    results = [f.result() for f in futures]
    create_table_artifact(
        key="backfill-sources",
        table=[
            {k: r[k] for k in ("source", "status", "items", "new_items", "error")} for r in results
        ],
        description=f"Backfill {since}..{until or 'today'} ({run_id})",
    )
    return results


if __name__ == "__main__":
    import sys

    backfill(since=sys.argv[1] if len(sys.argv) > 1 else "2021-09-01")
