"""Pieces of a landing: the report, Parquet writing, and the metrics and raw rows of a batch."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pikir.lake import layout, storage
from pikir.schema import sha256_text

ROW_GROUP_SIZE = 122_880
COMPRESSION = "zstd"


def write_parquet(data: pa.Table, path: Path) -> None:
    """Write one Parquet file with the lake's compression and row-group size."""
    if storage.is_object(path):
        storage.write_table(data, path, compression=COMPRESSION, row_group_size=ROW_GROUP_SIZE)
        return
    pq.write_table(data, path, compression=COMPRESSION, row_group_size=ROW_GROUP_SIZE)


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


def raw_rows(landed: list[pa.Table], payloads: dict[str, dict]) -> pa.Table:
    """The ``raw`` rows of the post versions that were landed and came with a payload.

    Column-wise: only the post keys go through Python (to look their payloads up).
    """
    schema = layout.RAW.input_schema()
    if not payloads or not landed:
        return schema.empty_table()
    data = pa.concat_tables(landed)
    found = [payloads.get(key) for key in data["post_key"].to_pylist()]
    data = data.filter(pa.array([raw is not None for raw in found], pa.bool_()))
    found = [raw for raw in found if raw is not None]
    texts = [str(raw.get("payload", "")) for raw in found]
    hashes = [
        sha or sha256_text(text)
        for sha, text in zip(data["raw_sha256"].to_pylist(), texts, strict=True)
    ]
    columns = {
        "platform": data["platform"],
        "post_key": data["post_key"],
        "raw_sha256": pa.array(hashes, pa.string()),
        "collected_at": data["updated_at"],
        "run_id": data["run_id"],
        "content_type": pa.array([raw.get("content_type") for raw in found], pa.string()),
        "payload": pa.array(texts, pa.string()),
    }
    return pa.Table.from_arrays(
        [pa.chunked_array(columns[f.name]).cast(f.type) for f in schema], schema=schema
    )


def count_sources(seen: pa.Table, written: pa.Table, report: LandingReport) -> None:
    """Add per-source items/new/updated/unchanged counts of one partition to ``report``."""

    def per_source(data: pa.Table) -> dict[str, int]:
        labels = pc.binary_join_element_wise(data["platform"], data["source"], ":")
        return {e["values"]: e["counts"] for e in pc.value_counts(labels).to_pylist()}

    items = per_source(seen)
    new = per_source(written.filter(pc.equal(written["version"], 1)))
    edited = per_source(written.filter(pc.greater(written["version"], 1)))
    for label, count in items.items():
        counts = report.per_source[tuple(label.split(":", 1))]
        counts["items"] += count
        counts["new"] += new.get(label, 0)
        counts["updated"] += edited.get(label, 0)
        counts["unchanged"] += count - new.get(label, 0) - edited.get(label, 0)
