"""The weekly maintenance flow: deep integrity scan, compaction, retention, warehouse rebuild."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from pikir.config import DataHome
from pikir.lake.compaction import compact
from pikir.lake.integrity import scan_lake
from pikir.lake.retention import apply_retention
from warehouse.build import build_warehouse


@task(name="deep-scan")
def deep_scan(home_path: str) -> list[dict]:
    """Decode every page of every lake file; quarantine what cannot be read."""
    report = scan_lake(DataHome.from_env(home_path), deep=True)
    if report.quarantined:
        get_run_logger().warning("quarantined %d files", len(report.quarantined))
    return report.quarantined


@task(name="apply-retention")
def retention(home_path: str, raw_days: int | None) -> dict:
    """Drop raw payload partitions older than ``raw_days`` (None keeps everything)."""
    return apply_retention(DataHome.from_env(home_path), raw_days=raw_days)


@task(name="compact")
def compaction(home_path: str) -> dict:
    """Merge small files per partition."""
    report = compact(DataHome.from_env(home_path))
    return {
        "partitions": report.partitions,
        "before": report.files_before,
        "after": report.files_after,
    }


@flow(name="maintenance", log_prints=True)
def maintenance(home: str | None = None, raw_days: int | None = None) -> dict:
    """Scan deeply, apply retention, compact, and rebuild the warehouse.

    Args:
        home: data home (default ``$PIKIR_HOME`` or ``./data``).
        raw_days: keep raw payloads for this many days (None = forever).
    """
    data_home = DataHome.from_env(home).ensure()
    root = str(data_home.root)
    quarantined = deep_scan(root)
    retained = retention(root, raw_days)
    compacted = compaction(root)
    built = build_warehouse(data_home)
    summary = {
        "quarantined": quarantined,
        "retention": retained,
        "compaction": compacted,
        "warehouse": str(built.path),
    }
    lines = [
        "# pikir maintenance",
        f"- quarantined files: {len(quarantined)}",
        f"- raw partitions dropped: {retained['dropped_partitions']}",
        f"- compaction: {compacted['before']} files -> {compacted['after']} in "
        f"{compacted['partitions']} partitions",
        f"- warehouse rebuilt: `{built.path}`",
    ]
    lines += [f"  - `{q['file']}`: {q['reason']}" for q in quarantined]
    create_markdown_artifact(key="maintenance-summary", markdown="\n".join(lines) + "\n")
    return summary


if __name__ == "__main__":
    maintenance()
