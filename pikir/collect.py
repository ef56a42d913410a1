"""Run a Scrapy spider in a child process and read back what it recorded.

Each crawl runs as ``python -m scrapy crawl`` in its own process: the Twisted reactor cannot
be restarted inside one process, and a crash or leak in a crawl cannot take the caller
(a Prefect flow, the CLI) down with it. The child lands items through the lake writer and
records one ``runs`` row per source; the caller reads those rows back.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.compute as pc

from pikir.config import REPO_ROOT, DataHome
from pikir.lake.runs import read_runs, record_runs

FAST_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "RETRY_AFTER_MAX_SECONDS": "5",
}
"""Overrides for crawling the bundled sample on loopback (never for real sites)."""


@dataclass(frozen=True)
class CrawlResult:
    """What one source yielded in one crawl, as recorded in ``runs``."""

    source: str
    status: str
    items: int
    new_items: int
    updated_items: int
    pages: int
    http_errors: int
    error: str | None
    seconds: float
    log_path: str


def new_run_id(flow: str = "manual") -> str:
    """Return a sortable, unique run id such as ``nightly-20220503T010000Z-1a2b3c``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{flow}-{stamp}-{uuid.uuid4().hex[:6]}"


def crawl(
    home: DataHome,
    spider: str,
    *,
    run_id: str,
    arguments: dict[str, str],
    sources: list[str],
    flow: str = "manual",
    fast: bool = False,
    timeout: float = 3600,
    env: dict[str, str] | None = None,
) -> list[CrawlResult]:
    """Crawl with ``spider`` in a child process and return one result per source.

    Args:
        home: the data home the child lands into.
        spider: spider name (``scrapy list``).
        run_id: recorded on every row the crawl lands.
        arguments: spider arguments (``-a key=value``).
        sources: the sources the crawl covers (e.g. channel names), for the results.
        flow: which flow started the crawl (recorded in ``runs``).
        fast: use :data:`FAST_SETTINGS` (only for the loopback sample and tests).
        timeout: seconds before the child is killed and its sources reported failed.
        env: extra environment for the child only (e.g. an API token from a Secret block).
    """
    home.ensure()
    log_dir = home.state / "logs" / run_id
    log_dir.mkdir(parents=True, exist_ok=True)
    label = re.sub(r"[^A-Za-z0-9_.-]", "_", "_".join(sources))[:80].lstrip(".") or "all"
    log_path = log_dir / f"{spider}-{label}.log"  # sources are never path parts
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in arguments.items():
        command += ["-a", f"{key}={value}"]
    settings = {"PIKIR_HOME": str(home.root), "PIKIR_RUN_ID": run_id, "PIKIR_FLOW": flow}
    if fast:
        settings.update(FAST_SETTINGS)
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    env = {
        **os.environ,
        **(env or {}),
        "SCRAPY_SETTINGS_MODULE": "spiders.settings",
        "PIKIR_HOME": str(home.root),
    }
    started = time.monotonic()
    started_at = datetime.now(UTC)
    error = None
    with open(log_path, "wb") as log:
        try:
            completed = subprocess.run(
                command,
                cwd=REPO_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
            if completed.returncode != 0:
                error = f"crawl process exited with code {completed.returncode}; see {log_path}"
        except subprocess.TimeoutExpired:
            error = f"crawl killed after {timeout:.0f} s; see {log_path}"
    seconds = time.monotonic() - started
    return _results(home, spider, run_id, flow, sources, error, seconds, log_path, started_at)


def _results(
    home: DataHome,
    spider: str,
    run_id: str,
    flow: str,
    sources: list[str],
    error: str | None,
    seconds: float,
    log_path: Path,
    started_at: datetime,
) -> list[CrawlResult]:
    runs = read_runs(home)
    mine = runs.filter(pc.equal(runs["run_id"], run_id)).to_pylist()
    by_source = {row["source"]: row for row in mine}
    missing = [s for s in sources if s.lower() not in by_source]
    if missing:
        # The child died before recording its runs: record the failure ourselves.
        failed = [
            {
                "run_id": run_id,
                "flow": flow,
                "source": s.lower(),
                "collector": spider,
                "started_at": started_at,
                "finished_at": datetime.now(UTC),
                "status": "failed",
                "error": error or "crawl recorded no run for this source",
            }
            for s in missing
        ]
        record_runs(home, failed)
        by_source.update({row["source"]: row for row in failed})
    results = []
    for source in sources:
        row = by_source[source.lower()]
        results.append(
            CrawlResult(
                source=source.lower(),
                status=row["status"],
                items=int(row.get("items") or 0),
                new_items=int(row.get("new_items") or 0),
                updated_items=int(row.get("updated_items") or 0),
                pages=int(row.get("pages") or 0),
                http_errors=int(row.get("http_errors") or 0),
                error=row.get("error") or error,
                seconds=round(seconds, 2),
                log_path=str(log_path),
            )
        )
    return results
