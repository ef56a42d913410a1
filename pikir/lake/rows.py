"""Turn buffered row dicts into validated Arrow tables and split them by partition."""

from __future__ import annotations

import itertools
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

    The lake writer applies the cheap part of this per row (time zones, which Arrow would
    otherwise silently read as UTC) and the rest vectorised (:func:`split_valid`); pipelines
    call it per item to drop bad items early with a clear reason.

    Raises:
        RowError: naming the row's key and the problem.
    """
    check_time_zones(row)
    for key in REQUIRED_POST_KEYS:
        if row.get(key) in (None, ""):
            raise RowError(f"post {row.get('post_key')!r}: missing {key}")
    expected = f"{row['platform']}:{row['source']}:{row['post_id']}"
    if row.get("post_key") != expected:
        raise RowError(f"post_key {row.get('post_key')!r} should be {expected!r}")
    if row.get("kind", "post") not in KINDS:
        raise RowError(f"post {expected!r}: kind {row.get('kind')!r} not in {KINDS}")


def check_time_zones(row: dict[str, Any]) -> None:
    """Raise RowError when a timestamp of the row has no time zone.

    Arrow would silently read a naive datetime as UTC, so this runs for every row.
    """
    for key in _TIMESTAMP_KEYS:
        value = row.get(key)
        if isinstance(value, datetime) and value.tzinfo is None:
            raise RowError(f"post {row.get('post_key')!r}: {key} has no time zone")


_TIMESTAMP_KEYS = ("published_at", "collected_at", "edited_at", "updated_at")


def split_valid(data: pa.Table) -> tuple[pa.Table, list[tuple[dict[str, Any], str]]]:
    """Split a posts table into valid rows and (row, reason) pairs for the invalid ones."""
    checks: list[tuple[pa.ChunkedArray, str]] = []
    for key in (*REQUIRED_POST_KEYS, "post_key", "content_sha256", "collector"):
        column = data[key]
        bad = pc.is_null(column)
        if pa.types.is_string(column.type):
            bad = pc.or_(bad, pc.equal(column, ""))
        checks.append((bad, f"missing {key}"))
    expected = pc.binary_join_element_wise(data["platform"], data["source"], data["post_id"], ":")
    checks.append(
        (pc.invert(pc.equal(data["post_key"], expected)), "post_key is not platform:source:post_id")
    )
    kinds = pa.array(KINDS)
    checks.append(
        (
            pc.invert(pc.is_in(pc.fill_null(data["kind"], "post"), value_set=kinds)),
            f"kind not in {KINDS}",
        )
    )
    bad_any = pc.fill_null(checks[0][0], True)
    for mask, _reason in checks[1:]:
        bad_any = pc.or_(bad_any, pc.fill_null(mask, True))
    if not pc.any(bad_any).as_py():
        return data, []
    rejects = []
    for row, *flags in zip(
        data.filter(bad_any).to_pylist(),
        *(pc.fill_null(m, True).filter(bad_any).to_pylist() for m, _ in checks),
        strict=True,
    ):
        reasons = [reason for flag, (_m, reason) in zip(flags, checks, strict=True) if flag]
        rejects.append((row, f"post {row.get('post_key')!r}: " + "; ".join(reasons)))
    return data.filter(pc.invert(bad_any)), rejects


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
    utc = data[table.date_column].cast(pa.timestamp("us", tz="UTC"))
    dates = pc.cast(pc.cast(utc, pa.date32()), pa.string())
    if "platform" in table.partition_by:
        labels = pc.binary_join_element_wise(data["platform"], dates, "/")
    else:
        labels = dates
    encoded = pc.dictionary_encode(labels).combine_chunks()
    if len(encoded.dictionary) == 1:  # the common nightly case: no reordering needed
        label = encoded.dictionary[0].as_py()
        yield dict(zip(table.partition_by, label.split("/"), strict=True)), data
        return
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    changes = np.flatnonzero(np.diff(codes)) + 1
    if len(changes) + 1 == len(encoded.dictionary):
        # Rows already arrive grouped by partition (crawls walk time in order): slice, no copy.
        ordered, sorted_codes = data, codes
    else:
        order = np.argsort(codes, kind="stable")
        ordered, sorted_codes = data.take(pa.array(order)), codes[order]
        changes = np.flatnonzero(np.diff(sorted_codes)) + 1
    bounds = [0, *changes.tolist(), len(sorted_codes)]
    for begin, end in itertools.pairwise(bounds):
        label = encoded.dictionary[int(sorted_codes[begin])].as_py()
        values = dict(zip(table.partition_by, label.split("/"), strict=True))
        yield values, ordered.slice(begin, end - begin)


def file_columns(data: pa.Table, table: Table) -> pa.Table:
    """Drop partition columns and cast to the table's file schema."""
    drop = [name for name in table.partition_by if name in data.column_names]
    selected = data.drop_columns(drop).select(table.schema.names)
    if selected.schema.equals(table.schema):
        return selected  # already the file schema: a cast would only copy
    return selected.cast(table.schema)
