"""Yield checks: a source that suddenly yields far less than usual is a failure, not a success.

A layout change, a block or a broken login often looks like "nothing new". Comparing each
source's yield in this run with the median of its recent runs turns that silence into an alert.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import pyarrow.compute as pc

from pikir.config import DataHome
from pikir.lake.runs import read_runs


@dataclass(frozen=True)
class YieldPolicy:
    """When a drop in yield counts as an alert.

    Attributes:
        window: how many earlier runs of the source form its baseline.
        min_history: no alert until the source has this many earlier runs.
        min_median: sources whose usual yield is below this are too quiet to judge.
        ratio: alert when this run yields less than ``ratio`` × the baseline median.
    """

    window: int = 7
    min_history: int = 3
    min_median: float = 5.0
    ratio: float = 0.5


def yield_alerts(home: DataHome, run_id: str, policy: YieldPolicy | None = None) -> list[dict]:
    """Return one alert per source of ``run_id`` whose yield dropped below its recent median.

    Yield is ``new_items + updated_items``; earlier runs count only if they did not fail.
    """
    policy = policy or YieldPolicy()
    runs = read_runs(home)
    if runs.num_rows == 0:
        return []
    current = runs.filter(pc.equal(runs["run_id"], run_id)).to_pylist()
    history = runs.filter(pc.not_equal(runs["run_id"], run_id)).to_pylist()
    alerts = []
    for row in current:
        if row["status"] in ("failed", "unavailable"):
            continue  # already reported as such
        earlier = sorted(
            (
                r
                for r in history
                if (r["platform"], r["source"]) == (row["platform"], row["source"])
                and r["status"] not in ("failed",)
                and r["started_at"] < row["started_at"]
            ),
            key=lambda r: r["started_at"],
        )[-policy.window :]
        if len(earlier) < policy.min_history:
            continue
        median = statistics.median(
            (r["new_items"] or 0) + (r["updated_items"] or 0) for r in earlier
        )
        got = (row["new_items"] or 0) + (row["updated_items"] or 0)
        if median >= policy.min_median and got < policy.ratio * median:
            alerts.append(
                {
                    "source": row["source"],
                    "yield": got,
                    "median": median,
                    "runs_in_baseline": len(earlier),
                    "message": (
                        f"{row['source']} yielded {got} new/updated items; its median over the "
                        f"last {len(earlier)} runs is {median:g}"
                    ),
                }
            )
    return alerts
