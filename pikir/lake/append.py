"""Land rows into any keyed lake table (enrichment, completeness, ...) idempotently.

Posts have their own writer (versions, metrics, raw payloads). Every other table is
append-only with a key: rows whose key is already in the lake are skipped, so running the
same job twice lands nothing new. Files are published through the same journaled transaction
as posts, under the lake lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pikir.config import DataHome
from pikir.lake import layout, rows, storage
from pikir.lake.integrity import quarantine_file
from pikir.lake.journal import Transaction, recover
from pikir.lake.landing import write_parquet
from pikir.lake.lock import lake_lock


def key_strings(data: pa.Table, key: tuple[str, ...]) -> pa.ChunkedArray | pa.Array:
    """One string per row that identifies it by the table's key columns."""
    parts = [pc.fill_null(pc.cast(data[name], pa.string()), "\x00") for name in key]
    return parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, "\x1f")


def existing_keys(home: DataHome, table: layout.Table, directory: Path) -> pa.Array:
    """The keys already published in one partition (corrupt files are quarantined)."""
    found = []
    for path in layout.data_files(directory):
        try:
            part = storage.read_table(path, columns=list(table.key))
        except (pa.ArrowInvalid, OSError, KeyError) as exc:
            quarantine_file(home, path, f"unreadable while indexing: {exc}")
            continue
        found.append(pc.unique(key_strings(part, table.key)))
    if not found:
        return pa.array([], pa.string())
    return pc.unique(pa.chunked_array(found).combine_chunks())


def append_rows(
    home: DataHome, table: layout.Table, data: pa.Table | list[dict[str, Any]], *, run_id: str
) -> int:
    """Land the rows of ``data`` whose key is not yet in the lake; return how many landed.

    Args:
        home: the data home.
        table: a keyed lake table other than ``posts`` (see :data:`pikir.lake.layout.TABLES`).
        data: rows with the table's input schema (``platform`` first when partitioned by it).
        run_id: recorded in the file names.

    Raises:
        ValueError: ``table`` is ``posts`` (use :class:`~pikir.lake.writer.LakeWriter`).
    """
    if table is layout.POSTS:
        raise ValueError("posts are landed by LakeWriter, which keeps versions and metrics")
    if isinstance(data, list):
        data = rows.to_table(data, table)
    data = data.select(table.input_schema().names).cast(table.input_schema())
    if data.num_rows == 0:
        return 0
    keys = key_strings(data, table.key)
    data = rows.keep_newest(
        data.append_column("__key", keys).append_column(
            "__n", pa.array(range(data.num_rows), pa.int64())
        ),
        "__key",
        "__n",
    )
    landed = 0
    home.ensure()
    with lake_lock(home.state):
        recover(home.state / "journal", home.lake)
        txn = Transaction(home.state / "journal")
        try:
            for values, part in rows.split_partitions(data, table):
                directory = layout.partition_dir(home.lake, table, values)
                seen = existing_keys(home, table, directory)
                fresh = part.filter(pc.invert(pc.is_in(part["__key"], value_set=seen)))
                if not fresh.num_rows:
                    continue
                final = directory / layout.new_file_name(run_id)
                fresh = fresh.drop_columns(["__key", "__n"])
                write_parquet(rows.file_columns(fresh, table), txn.stage(final))
                landed += fresh.num_rows
            txn.commit()
        except BaseException:
            txn.abort()
            raise
    return landed


def read_table(home: DataHome, table: layout.Table) -> pa.Table:
    """Read a whole (small) lake table with its hive ``platform`` column when it has one."""
    parts = []
    for path in layout.data_files(home.lake / table.name):
        data = storage.read_table(path, schema=table.schema)
        if "platform" in table.partition_by and "platform" not in data.column_names:
            values = layout.partition_values(home.lake, table, path.parent)
            platform = pa.array([values.get("platform")] * data.num_rows, pa.string())
            data = data.add_column(0, "platform", platform)
        parts.append(data)
    if not parts:
        return table.input_schema().empty_table()
    return pa.concat_tables(parts)
