"""The per-source table an operator reads in the Prefect UI: outcome, flood waits, deferrals.

Every source of a nightly run becomes one row with its counts, the seconds it spent waiting on
rate limits (Telegram FloodWaits, HTTP ``Retry-After``), and what was deferred and why: a
Telegram channel put off by a FloodWait longer than the client sleeps through, a channel not
attempted because the account's circuit breaker is open, or a source skipped because its API
token is missing.
"""

from __future__ import annotations

from typing import Any

import pyarrow.compute as pc

from pikir.config import DataHome
from pikir.lake.runs import read_runs

ARTIFACT_COLUMNS = (
    "source",
    "status",
    "items",
    "new_items",
    "updated_items",
    "flood_wait_s",
    "deferred",
    "error",
)
"""Columns of the ``nightly-sources`` table artifact, in order."""

_FLOOD_DEFERRAL_MARKERS = ("deferred until", "channel deferred")


def deferral(record: dict[str, Any]) -> str | None:
    """What was put off for this source and why, or None when it ran normally."""
    status, error = record.get("status"), str(record.get("error") or "")
    if status == "skipped":
        return f"skipped: {error or 'no reason given'}"
    lowered = error.lower()
    if any(marker in lowered for marker in _FLOOD_DEFERRAL_MARKERS):
        return f"FloodWait: {error}"
    if "not attempted" in lowered:
        return f"not attempted: {error}"
    return None


def flood_waits(home: DataHome, run_id: str) -> dict[str, float]:
    """Seconds each source of ``run_id`` waited on rate limits, from the ``runs`` table."""
    runs = read_runs(home)
    mine = runs.filter(pc.equal(runs["run_id"], run_id))
    waits: dict[str, float] = {}
    for source, wait in zip(
        mine["source"].to_pylist(), mine["flood_wait_s"].to_pylist(), strict=True
    ):
        waits[source] = waits.get(source, 0.0) + float(wait or 0.0)
    return waits


def with_outcomes(results: list[dict[str, Any]], waits: dict[str, float]) -> list[dict[str, Any]]:
    """Copies of the per-source results with ``flood_wait_s`` and ``deferred`` filled in."""
    enriched = []
    for record in results:
        own = float(record.get("flood_wait_s") or 0.0)
        recorded = waits.get(str(record.get("source", "")).lower(), 0.0)
        enriched.append(
            {**record, "flood_wait_s": round(max(own, recorded), 1), "deferred": deferral(record)}
        )
    return enriched


def artifact_rows(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table artifact's rows: :data:`ARTIFACT_COLUMNS` of every result."""
    rows = []
    for record in results:
        row = {name: record.get(name) for name in ARTIFACT_COLUMNS}
        row["flood_wait_s"] = float(row["flood_wait_s"] or 0.0)
        row["deferred"] = row["deferred"] if "deferred" in record else deferral(record)
        rows.append(row)
    return rows
