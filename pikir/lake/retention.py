"""Retention: drop raw payload partitions older than a number of days, atomically."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pikir.config import DataHome
from pikir.lake import layout
from pikir.lake.journal import Transaction, recover
from pikir.lake.lock import lake_lock


def apply_retention(
    home: DataHome, *, raw_days: int | None, today: date | None = None
) -> dict[str, int]:
    """Retire every ``raw`` file whose collection day is more than ``raw_days`` days ago.

    Posts, metrics and runs are never dropped by retention (they are the research record);
    raw payloads are only needed to re-derive fields, so operators may bound them.

    Returns:
        ``dropped_partitions`` and ``dropped_files`` counts.
    """
    counts = {"dropped_partitions": 0, "dropped_files": 0}
    if raw_days is None:
        return counts
    if raw_days < 0:
        raise ValueError("raw_days must be >= 0")
    cutoff = (today or datetime.now(UTC).date()) - timedelta(days=raw_days)
    with lake_lock(home.state):
        recover(home.state / "journal", home.lake)
        txn = Transaction(home.state / "journal")
        for directory in list(layout.partitions(home.lake, layout.RAW)):
            values = layout.partition_values(home.lake, layout.RAW, directory)
            if date.fromisoformat(values["date"]) >= cutoff:
                continue
            files = list(layout.data_files(directory))
            txn.retire.extend(files)
            counts["dropped_partitions"] += 1
            counts["dropped_files"] += len(files)
        txn.commit()
    return counts
