"""Where each lake table lives on disk and how its files are named and found."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pikir.fsutil import TMP_PREFIX, TMP_SUFFIX
from pikir.schema import (
    COMPLETENESS_SCHEMA,
    ENRICHMENT_SCHEMA,
    METRICS_SCHEMA,
    POSTS_SCHEMA,
    RAW_SCHEMA,
    RUNS_SCHEMA,
)

_SAFE_VALUE = re.compile(r"^[A-Za-z0-9_.\-]+$")


@dataclass(frozen=True)
class Table:
    """A lake table: its file schema, its hive partition keys and the column dated by ``date``.

    Attributes:
        name: directory under ``lake/``.
        schema: columns stored inside each Parquet file.
        partition_by: hive keys in path order (``platform`` and/or ``date``).
        date_column: the timestamp column whose UTC day becomes the ``date`` partition.
        key: columns that identify a row; the lake never holds two rows with the same key
            after a flush or a compaction.
    """

    name: str
    schema: pa.Schema
    partition_by: tuple[str, ...]
    date_column: str
    key: tuple[str, ...]

    def input_schema(self) -> pa.Schema:
        """Schema of the rows handed to the writer: file columns plus the ``platform`` key."""
        if "platform" in self.partition_by:
            return self.schema.insert(0, pa.field("platform", pa.string(), nullable=False))
        return self.schema


POSTS = Table("posts", POSTS_SCHEMA, ("platform", "date"), "published_at", ("post_key",))
METRICS = Table(
    "metrics", METRICS_SCHEMA, ("platform", "date"), "observed_at", ("post_key", "observed_at")
)
RAW = Table("raw", RAW_SCHEMA, ("platform", "date"), "collected_at", ("post_key", "raw_sha256"))
RUNS = Table("runs", RUNS_SCHEMA, ("date",), "started_at", ("run_id", "platform", "source"))
ENRICHMENT = Table(
    "enrichment",
    ENRICHMENT_SCHEMA,
    ("platform", "date"),
    "published_at",
    ("post_key", "model", "content_sha256"),
)
COMPLETENESS = Table(
    "completeness", COMPLETENESS_SCHEMA, ("date",), "audited_at", ("audit_id", "source")
)
TABLES = {t.name: t for t in (POSTS, METRICS, RAW, RUNS, ENRICHMENT, COMPLETENESS)}


def check_partition_value(value: str) -> str:
    """Return ``value`` if it is safe as a directory name, else raise ValueError."""
    if not _SAFE_VALUE.match(value) or value in {".", ".."}:
        raise ValueError(f"unsafe partition value {value!r}")
    return value


def partition_dir(lake: Path, table: Table, values: dict[str, str]) -> Path:
    """Return ``lake/<table>/<k>=<v>/...`` for one partition."""
    path = lake / table.name
    for key in table.partition_by:
        path = path / f"{key}={check_partition_value(values[key])}"
    return path


def new_file_name(run_id: str, tag: str = "part") -> str:
    """Return a fresh data-file name that records the run that wrote it."""
    safe_run = re.sub(r"[^A-Za-z0-9_-]", "_", run_id)[:64]
    return f"{tag}-{safe_run}-{uuid.uuid4().hex[:12]}.parquet"


def is_data_file(path: Path) -> bool:
    """Whether a path is a published Parquet data file (not a temp or hidden file)."""
    name = path.name
    return (
        name.endswith(".parquet")
        and not name.startswith((TMP_PREFIX, ".", "_"))
        and not name.endswith(TMP_SUFFIX)
    )


def data_files(root: Path) -> Iterator[Path]:
    """Yield every published Parquet file below ``root`` in a stable order."""
    if not root.exists():
        return
    for path in sorted(root.rglob("*.parquet")):
        if path.is_file() and is_data_file(path):
            yield path


def partitions(lake: Path, table: Table) -> Iterator[Path]:
    """Yield every partition directory of a table that holds at least one data file."""
    seen: set[Path] = set()
    for path in data_files(lake / table.name):
        if path.parent not in seen:
            seen.add(path.parent)
            yield path.parent


def partition_values(lake: Path, table: Table, directory: Path) -> dict[str, str]:
    """Parse ``k=v`` path segments of a partition directory."""
    rel = directory.relative_to(lake / table.name)
    values = dict(part.split("=", 1) for part in rel.parts if "=" in part)
    return values
