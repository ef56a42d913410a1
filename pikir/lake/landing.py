"""Pieces of a landing: the report, Parquet writing, and the metrics and raw rows of a batch."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pikir.lake import layout, storage
from pikir.schema import sha256_text

ROW_GROUP_SIZE = 122_880
COMPRESSION = "zstd"


DICTIONARY_MAX_DISTINCT = 0.5
"""Dictionary-encode a column only when at most this share of its values is distinct."""

DISTINCT_SAMPLE_ROWS = 256
"""How many leading rows of a column decide whether its values repeat."""

SMALL_COLUMN_BYTES = 4096
"""Columns smaller than this (in memory) are compressed with snappy instead of zstd."""


def _leaf_paths(field: pa.Field, prefix: str = "") -> list[str]:
    """The Parquet column paths of an Arrow field (``links.list.element`` for a list)."""
    path = f"{prefix}{field.name}"
    kind = field.type
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _leaf_paths(pa.field("element", kind.value_type), f"{path}.list.")
    if pa.types.is_struct(kind):
        return [leaf for child in kind for leaf in _leaf_paths(child, f"{path}.")]
    return [path]


def encoding_options(data: pa.Table) -> dict[str, Any]:
    """Per-column compression and dictionary choices for writing ``data`` as one file.

    Parquet writers' defaults (dictionary pages and zstd for every column) pay a fixed set-up
    per column chunk; on the lake's many small daily partitions that set-up, not the bytes,
    dominated landing (``bench/telegram.py``). So: dictionary only where values repeat (at
    most :data:`DICTIONARY_MAX_DISTINCT` distinct), zstd where a column is large enough for
    its ratio to matter, snappy (cheap to start) below :data:`SMALL_COLUMN_BYTES`.
    """
    dictionary: list[str] = []
    compression: dict[str, str] = {}
    for column_field, column in zip(data.schema, data.columns, strict=True):
        codec = COMPRESSION if column.nbytes >= SMALL_COLUMN_BYTES else "snappy"
        compression.update(dict.fromkeys(_leaf_paths(column_field), codec))
        if pa.types.is_nested(column_field.type) or column.null_count == len(column):
            continue
        sample = column.slice(0, DISTINCT_SAMPLE_ROWS)  # hashing every long text costs
        if pc.count_distinct(sample).as_py() <= DICTIONARY_MAX_DISTINCT * len(sample):
            dictionary.append(column_field.name)
    return {"compression": compression, "use_dictionary": dictionary or False}


def write_parquet(data: pa.Table, path: Path) -> None:
    """Write one Parquet file with the lake's row groups and :func:`encoding_options`."""
    options = {"row_group_size": ROW_GROUP_SIZE, **encoding_options(data)}
    if storage.is_object(path):
        storage.write_table(data, path, **options)
        return
    pq.write_table(data, path, **options)


@dataclass
class LandingReport:
    """Counts from one or more flushes; ``per_source`` maps (platform, source) to counts."""

    rows_in: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    metrics: int = 0
    raw: int = 0
    files: int = 0
    per_source: dict[tuple[str, str], dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )

    def add(self, other: LandingReport) -> None:
        """Accumulate another report into this one."""
        for name in ("rows_in", "new", "updated", "unchanged", "rejected", "metrics", "raw"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.files += other.files
        for key, counts in other.per_source.items():
            for name, value in counts.items():
                self.per_source[key][name] += value


ENGAGEMENT = ("views", "forwards", "replies", "reaction_total")


def metrics_rows(data: pa.Table) -> pa.Table:
    """One ``metrics`` observation per post of the batch that shows any engagement count."""
    metrics = pa.table(
        {
            "platform": data["platform"],
            "post_key": data["post_key"],
            "observed_at": data["updated_at"],
            **{name: data[name] for name in ENGAGEMENT},
            "run_id": data["run_id"],
            "signatures": pa.nulls(data.num_rows, pa.int64()),
        }
    )
    has_any = pc.or_(
        pc.or_(pc.is_valid(data["views"]), pc.is_valid(data["forwards"])),
        pc.or_(pc.is_valid(data["replies"]), pc.is_valid(data["reaction_total"])),
    )
    return metrics.filter(has_any)


RAW_PAYLOADS = pa.schema(
    [
        pa.field("post_key", pa.string()),
        pa.field("payload", pa.string()),
        pa.field("content_type", pa.string()),
        pa.field("raw_sha256", pa.string()),
    ]
)
"""Buffered raw payloads: one row per payload handed to the writer, in arrival order.

``raw_sha256`` may be null (it is then taken from the post row or computed from the payload).
"""


def payload_table(payloads: dict[str, dict]) -> pa.Table:
    """``_raw`` payload dicts by ``post_key`` (the row path) as a :data:`RAW_PAYLOADS` table."""
    found = list(payloads.values())
    return pa.Table.from_arrays(
        [
            pa.array(list(payloads), pa.string()),
            pa.array([str(raw.get("payload", "")) for raw in found], pa.string()),
            pa.array([raw.get("content_type") for raw in found], pa.string()),
            pa.array([raw.get("raw_sha256") for raw in found], pa.string()),
        ],
        schema=RAW_PAYLOADS,
    )


def _match_payloads(data: pa.Table, buffered: pa.Table) -> tuple[pa.Table, pa.Table]:
    """The landed rows that have a payload, and their payloads row for row (the newest wins)."""
    n = buffered.num_rows
    if pc.count_distinct(buffered["post_key"]).as_py() < n:  # newest first: it is found first
        buffered = buffered.take(pa.array(np.arange(n - 1, -1, -1)))
    index = pc.index_in(data["post_key"], value_set=buffered["post_key"])
    if index.null_count == 0 and len(index) == n:
        positions = index.to_numpy()
        if (positions == np.arange(n)).all():  # every payload landed, in order: no copying
            return data, buffered
    has_payload = pc.is_valid(index)
    return data.filter(has_payload), buffered.take(index.filter(has_payload))


def raw_rows(landed: list[pa.Table], payloads: list[pa.Table]) -> pa.Table:
    """The ``raw`` rows of the post versions that were landed and came with a payload.

    Args:
        landed: the post rows written by this flush.
        payloads: :data:`RAW_PAYLOADS` tables in arrival order; of two payloads for one
            ``post_key`` the later wins (as a later row replaces an earlier one).

    Column-wise: only posts without a ``raw_sha256`` have it computed in Python.
    """
    schema = layout.RAW.input_schema()
    buffered = pa.concat_tables(payloads) if payloads else RAW_PAYLOADS.empty_table()
    if not buffered.num_rows or not landed:
        return schema.empty_table()
    data = pa.concat_tables(
        [
            part.select(["platform", "post_key", "raw_sha256", "updated_at", "run_id"])
            for part in landed
        ]
    )
    data, chosen = _match_payloads(data, buffered)
    hashes = pc.coalesce(data["raw_sha256"], chosen["raw_sha256"])
    if hashes.null_count:
        texts = chosen["payload"].to_pylist()
        hashes = pa.array(
            [sha or sha256_text(text) for sha, text in zip(hashes.to_pylist(), texts, strict=True)],
            pa.string(),
        )
    columns = {
        "platform": data["platform"],
        "post_key": data["post_key"],
        "raw_sha256": hashes,
        "collected_at": data["updated_at"],
        "run_id": data["run_id"],
        "content_type": chosen["content_type"],
        "payload": chosen["payload"],
    }
    return pa.Table.from_arrays(
        [pa.chunked_array(columns[f.name]).cast(f.type) for f in schema], schema=schema
    )


def count_sources(seen: list[pa.Table], written: list[pa.Table], report: LandingReport) -> None:
    """Add per-source items/new/updated/unchanged counts of one landing to ``report``.

    Args:
        seen: the incoming rows of every partition.
        written: the rows written (new posts and new versions of edited ones).
        report: where the counts go.
    """

    def per_source(data: pa.Table) -> dict[str, int]:
        labels = pc.binary_join_element_wise(data["platform"], data["source"], ":")
        return {e["values"]: e["counts"] for e in pc.value_counts(labels).to_pylist()}

    if not seen:
        return
    columns = ["platform", "source", "version"]  # concatenate and filter nothing else
    schema = pa.schema([seen[0].schema.field(name) for name in columns])
    seen_rows = pa.concat_tables([part.select(columns).cast(schema) for part in seen])
    done = pa.concat_tables(
        [schema.empty_table()] + [t.select(columns).cast(schema) for t in written]
    )
    items = per_source(seen_rows)
    new = per_source(done.filter(pc.equal(done["version"], 1)))
    edited = per_source(done.filter(pc.greater(done["version"], 1)))
    for label, count in items.items():
        counts = report.per_source[tuple(label.split(":", 1))]
        counts["items"] += count
        counts["new"] += new.get(label, 0)
        counts["updated"] += edited.get(label, 0)
        counts["unchanged"] += count - new.get(label, 0) - edited.get(label, 0)
