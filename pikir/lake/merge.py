"""Merge incoming posts with what a partition already holds: new, unchanged or edited."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pikir.lake.layout import data_files

log = logging.getLogger(__name__)

INDEX_COLUMNS = ["post_key", "content_sha256", "version", "collected_at", "updated_at"]


@dataclass
class Existing:
    """What one published post version looks like in the lake."""

    sha: str
    version: int
    collected_at: object
    updated_at: object
    file: Path


@dataclass
class PartitionIndex:
    """post_key → :class:`Existing` for one posts partition, with the file listing it came from."""

    signature: tuple[tuple[str, int, int], ...]
    keys: dict[str, Existing] = field(default_factory=dict)


def listing_signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """A cheap fingerprint of a partition's published files (name, size, mtime)."""
    entries = []
    for path in data_files(directory):
        stat = path.stat()
        entries.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def load_index(directory: Path, on_corrupt: Callable[[Path, str], None]) -> PartitionIndex:
    """Read the key columns of every file in a partition.

    Args:
        directory: the partition directory.
        on_corrupt: called with (path, reason) for a file that cannot be read; the caller
            quarantines it, and the index is built from the remaining files.
    """
    keys: dict[str, Existing] = {}
    for path in data_files(directory):
        try:
            part = pq.read_table(path, columns=INDEX_COLUMNS)
        except (pa.ArrowInvalid, OSError, KeyError) as exc:
            on_corrupt(path, f"unreadable while indexing: {exc}")
            continue
        columns = [part[name].to_pylist() for name in INDEX_COLUMNS]
        for key, sha, version, collected, updated in zip(*columns, strict=True):
            current = keys.get(key)
            if current is None or (version, updated) > (current.version, current.updated_at):
                keys[key] = Existing(sha, version, collected, updated, path)
    return PartitionIndex(listing_signature(directory), keys)


@dataclass
class Merge:
    """The outcome of merging one partition's incoming rows."""

    to_write: pa.Table
    new: int
    updated: int
    unchanged: int
    superseded: dict[Path, set[str]]


def merge_partition(incoming: pa.Table, index: PartitionIndex) -> Merge:
    """Classify incoming rows against the partition and build the rows to publish.

    New keys are written as they are. A key whose content hash changed becomes version
    ``old + 1`` and keeps the first ``collected_at``; the file holding the old version is
    listed in ``superseded`` so the caller can rewrite it without that key. Unchanged keys,
    and versions older than the one already landed, are not written again.
    """
    if not index.keys:
        return Merge(incoming, incoming.num_rows, 0, 0, {})
    keys = incoming["post_key"].to_pylist()
    shas = incoming["content_sha256"].to_pylist()
    updated_at = incoming["updated_at"].to_pylist()
    new_rows: list[int] = []
    edited_rows: list[int] = []
    edited_meta: list[Existing] = []
    unchanged = 0
    for i, (key, sha, seen_at) in enumerate(zip(keys, shas, updated_at, strict=True)):
        old = index.keys.get(key)
        if old is None:
            new_rows.append(i)
        elif old.sha == sha or seen_at <= old.updated_at:
            unchanged += 1
        else:
            edited_rows.append(i)
            edited_meta.append(old)
    parts = [incoming.take(pa.array(new_rows, pa.int64()))]
    superseded: dict[Path, set[str]] = {}
    if edited_rows:
        edited = incoming.take(pa.array(edited_rows, pa.int64()))
        versions = pa.array([m.version + 1 for m in edited_meta], pa.int32())
        first_seen = pa.array([m.collected_at for m in edited_meta], edited["collected_at"].type)
        edited = edited.set_column(edited.schema.get_field_index("version"), "version", versions)
        edited = edited.set_column(
            edited.schema.get_field_index("collected_at"), "collected_at", first_seen
        )
        parts.append(edited.cast(incoming.schema))
        for i, meta in zip(edited_rows, edited_meta, strict=True):
            superseded.setdefault(meta.file, set()).add(keys[i])
    return Merge(pa.concat_tables(parts), len(new_rows), len(edited_rows), unchanged, superseded)


def without_keys(path: Path, drop: set[str]) -> pa.Table:
    """Return the rows of a published file minus the given post keys."""
    data = pq.read_table(path)
    mask = pc.invert(pc.is_in(data["post_key"], value_set=pa.array(sorted(drop))))
    return data.filter(mask)
