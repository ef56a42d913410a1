"""Merge the many small files of a partition into one, without changing query results."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from pikir.config import DataHome
from pikir.lake import layout, rows, storage
from pikir.lake.journal import Transaction, recover
from pikir.lake.landing import write_parquet
from pikir.lake.lock import lake_lock

log = logging.getLogger(__name__)


@dataclass
class CompactionReport:
    """Files before and after, per table."""

    partitions: int = 0
    files_before: int = 0
    files_after: int = 0
    rows_dropped_as_duplicates: int = 0
    tables: dict[str, int] = field(default_factory=dict)


def _dedup(data: pa.Table, table: layout.Table) -> pa.Table:
    if table is layout.POSTS:
        data = data.append_column(
            "__order",
            pc.add(
                pc.multiply(pc.cast(data["version"], pa.int64()), pa.scalar(10**16)),
                pc.cast(pc.cast(data["updated_at"], pa.timestamp("us")), pa.int64()),
            ),
        )
        return rows.keep_newest(data, "post_key", "__order").drop_columns(["__order"])
    key = pc.binary_join_element_wise(
        *[pc.cast(data[name], pa.string()) for name in table.key], "\x1f"
    )
    data = data.append_column("__key", key)
    data = data.append_column("__n", pa.array(range(data.num_rows), pa.int64()))
    return rows.keep_newest(data, "__key", "__n").drop_columns(["__key", "__n"])


def compact(home: DataHome, min_files: int = 2, run_id: str = "compaction") -> CompactionReport:
    """Rewrite every partition holding at least ``min_files`` files as a single file.

    Duplicate keys (which a crash between publish and retire could leave) are collapsed to
    the newest version, exactly as the warehouse views do, so query results stay the same.
    """
    report = CompactionReport()
    with lake_lock(home.state):
        recover(home.state / "journal", home.lake)
        for table in layout.TABLES.values():
            for directory in list(layout.partitions(home.lake, table)):
                files = list(layout.data_files(directory))
                if len(files) < min_files:
                    continue
                data = pa.concat_tables(
                    [storage.read_table(f, schema=table.schema) for f in files]
                ).combine_chunks()
                deduped = _dedup(data, table)
                txn = Transaction(home.state / "journal")
                try:
                    final = directory / layout.new_file_name(run_id, tag="compact")
                    write_parquet(deduped.select(table.schema.names), txn.stage(final))
                    txn.retire.extend(files)
                    txn.commit()
                except BaseException:
                    txn.abort()
                    raise
                report.partitions += 1
                report.files_before += len(files)
                report.files_after += 1
                report.rows_dropped_as_duplicates += data.num_rows - deduped.num_rows
                report.tables[table.name] = report.tables.get(table.name, 0) + 1
    return report
