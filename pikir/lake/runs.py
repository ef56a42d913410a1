"""Record one row per collection run and source in ``lake/runs``; read them back."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from pikir.config import DataHome
from pikir.lake import layout, rows, storage
from pikir.lake.journal import Transaction, recover
from pikir.lake.landing import write_parquet
from pikir.lake.lock import lake_lock
from pikir.schema import RUN_STATUSES


def _run_file(directory: Path, run_id: str, source: str, platform: str | None) -> Path:
    # A source name can exist on several platforms (one search query on X and on Bluesky).
    name = f"{run_id}\x00{source}" if platform is None else f"{run_id}\x00{platform}\x00{source}"
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return directory / f"run-{digest}.parquet"


def record_runs(home: DataHome, records: list[dict[str, Any]]) -> int:
    """Land run records; re-recording the same (run_id, platform, source) replaces the earlier row.

    Each record holds :data:`pikir.schema.RUNS_SCHEMA` columns; ``status_counts`` may be a
    dict (stored as JSON).

    Raises:
        ValueError: a record has an unknown status or lacks run_id/source/started_at.
    """
    if not records:
        return 0
    clean = []
    for record in records:
        if record.get("status") not in RUN_STATUSES:
            raise ValueError(f"run status {record.get('status')!r} not in {RUN_STATUSES}")
        for key in ("run_id", "source", "started_at"):
            if not record.get(key):
                raise ValueError(f"run record lacks {key}: {record}")
        row = dict(record)
        if isinstance(row.get("status_counts"), dict):
            row["status_counts"] = json.dumps(row["status_counts"], sort_keys=True)
        clean.append(row)
    data = rows.to_table(clean, layout.RUNS)
    home.ensure()
    with lake_lock(home.state):
        recover(home.state / "journal", home.lake)
        txn = Transaction(home.state / "journal")
        try:
            for values, part in rows.split_partitions(data, layout.RUNS):
                directory = layout.partition_dir(home.lake, layout.RUNS, values)
                for i in range(part.num_rows):
                    one = part.slice(i, 1)
                    final = _run_file(
                        directory,
                        one["run_id"][0].as_py(),
                        one["source"][0].as_py(),
                        one["platform"][0].as_py(),
                    )
                    write_parquet(rows.file_columns(one, layout.RUNS), txn.stage(final))
            txn.commit()
        except BaseException:
            txn.abort()
            raise
    return data.num_rows


def read_runs(home: DataHome) -> pa.Table:
    """Return every recorded run (empty table with the runs schema when there are none)."""
    files = list(layout.data_files(home.lake / layout.RUNS.name))
    if not files:
        return layout.RUNS.schema.empty_table()
    tables = [storage.read_table(f, schema=layout.RUNS.schema) for f in files]
    return pa.concat_tables(tables)
