"""Turn buffered row dicts into validated Arrow tables and split them by partition."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pikir.lake.layout import Table
from pikir.schema import KINDS

REQUIRED_POST_KEYS = ("platform", "source", "post_id", "published_at", "collected_at", "run_id")


class RowError(ValueError):
    """A row handed to the lake writer breaks the data contract."""


def check_post_row(row: dict[str, Any]) -> None:
    """Reject a post row that lacks a required value or carries a naive timestamp.

    Raises:
        RowError: naming the row's key and the problem.
    """
    for key in REQUIRED_POST_KEYS:
        if row.get(key) in (None, ""):
            raise RowError(f"post {row.get('post_key')!r}: missing {key}")
    for key in ("published_at", "collected_at", "edited_at", "updated_at"):
        value = row.get(key)
        if isinstance(value, datetime) and value.utcoffset() is None:
            raise RowError(f"post {row.get('post_key')!r}: {key} has no time zone")
    expected = f"{row['platform']}:{row['source']}:{row['post_id']}"
    if row.get("post_key") != expected:
        raise RowError(f"post_key {row.get('post_key')!r} should be {expected!r}")
    if row.get("kind", "post") not in KINDS:
        raise RowError(f"post {expected!r}: kind {row.get('kind')!r} not in {KINDS}")


def to_table(rows: list[dict[str, Any]], table: Table) -> pa.Table:
    """Convert row dicts to an Arrow table with the table's input schema (extra keys ignored)."""
    return pa.Table.from_pylist(rows, schema=table.input_schema())


def fill_post_defaults(data: pa.Table) -> pa.Table:
    """Fill derived post columns that a raw row dict may omit (kind, version, updated_at)."""
    if data.num_rows == 0:
        return data
    updates = {
        "kind": pc.fill_null(data["kind"], "post"),
        "version": pc.fill_null(data["version"], pa.scalar(1, pa.int32())),
        "updated_at": pc.coalesce(data["updated_at"], data["collected_at"]),
    }
    schema = data.schema
    for name, column in updates.items():
        data = data.set_column(data.schema.get_field_index(name), name, column)
    return data.cast(schema)


def keep_newest(data: pa.Table, key: str, order_by: str) -> pa.Table:
    """Keep one row per ``key``: the one with the greatest ``order_by`` (last wins on ties)."""
    if data.num_rows < 2 or pc.count_distinct(data[key]).as_py() == data.num_rows:
        return data
    ordered = data.take(pc.sort_indices(data, [(order_by, "ascending")]))
    ordered = ordered.append_column("__pos", pa.array(np.arange(ordered.num_rows)))
    newest = ordered.group_by(key, use_threads=False).aggregate([("__pos", "max")])
    picked = pc.sort_indices(newest["__pos_max"])
    return ordered.take(pc.take(newest["__pos_max"], picked)).drop_columns(["__pos"])


def split_partitions(data: pa.Table, table: Table) -> Iterator[tuple[dict[str, str], pa.Table]]:
    """Yield ``(partition values, rows)`` for each hive partition present in ``data``.

    The ``date`` partition is the UTC day of the table's date column.
    """
    if data.num_rows == 0:
        return
    dates = pc.strftime(data[table.date_column], format="%Y-%m-%d")
    if "platform" in table.partition_by:
        labels = pc.binary_join_element_wise(data["platform"], dates, "/")
    else:
        labels = dates
    encoded = pc.dictionary_encode(labels).combine_chunks()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    bounds = np.flatnonzero(np.diff(sorted_codes)) + 1
    for chunk in np.split(order, bounds):
        label = encoded.dictionary[int(codes[chunk[0]])].as_py()
        parts = label.split("/")
        values = dict(zip(table.partition_by, parts, strict=True))
        yield values, data.take(pa.array(chunk))


def file_columns(data: pa.Table, table: Table) -> pa.Table:
    """Drop partition columns and cast to the table's file schema."""
    drop = [name for name in table.partition_by if name in data.column_names]
    return data.drop_columns(drop).select(table.schema.names).cast(table.schema)
