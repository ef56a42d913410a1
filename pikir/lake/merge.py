"""Merge incoming posts with what a partition already holds: new, unchanged or edited.

Everything here is vectorised: a partition's index is an Arrow table of key columns, and the
classification is a hash join, so landing stays close to the cost of writing Parquet.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pikir.lake import storage
from pikir.lake.layout import data_files

log = logging.getLogger(__name__)

INDEX_COLUMNS = ["post_key", "content_sha256", "version", "collected_at", "updated_at", "collector"]
_OLD = {name: f"__old_{name}" for name in INDEX_COLUMNS[1:]}

COLLECTOR_PRECEDENCE = {"telegram_api": 2, "telegram_export": 1}
"""Rank of a collector (the part of ``collector`` before ``@``); unlisted collectors rank 0.

The same post seen by two collectors is one row (same ``post_key``). A version from a
higher-ranked collector replaces a lower-ranked one even when their content hashes agree (the
Telegram API carries forwards, reply counts, exact views and edit times the web preview lacks),
and a lower-ranked collector never replaces a higher-ranked version: its sightings still add
``metrics`` observations, but edits and deletions are then tracked by the richer collector.
"""


@dataclass
class PartitionIndex:
    """The key columns of one posts partition (plus ``__file``) and the listing they came from.

    ``directory`` is the partition (local or object-store path), so file names read back from
    ``__file`` become paths of the same kind.
    """

    signature: tuple[tuple[str, int, int], ...]
    table: pa.Table | None = None
    directory: PurePath | None = None

    def add(self, written: pa.Table, file: Path) -> None:
        """Record freshly published rows without re-reading the partition."""
        part = _index_part(written.select(INDEX_COLUMNS), file)
        self.table = part if self.table is None else pa.concat_tables([self.table, part])


def _index_part(data: pa.Table, file: Path) -> pa.Table:
    return data.append_column("__file", pa.array([str(file)] * data.num_rows, pa.string()))


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
    parts = []
    for path in data_files(directory):
        try:
            parts.append(_index_part(storage.read_table(path, columns=INDEX_COLUMNS), path))
        except (pa.ArrowInvalid, OSError, KeyError) as exc:
            on_corrupt(path, f"unreadable while indexing: {exc}")
    table = pa.concat_tables(parts) if parts else None
    return PartitionIndex(listing_signature(directory), table, directory)


@dataclass
class Merge:
    """The outcome of merging one partition's incoming rows."""

    to_write: pa.Table
    new: int
    updated: int
    unchanged: int
    superseded: dict[Path, list[str]]


def _latest(index: pa.Table) -> pa.Table:
    """One index row per key: the highest version, then the latest update."""
    if pc.count_distinct(index["post_key"]).as_py() == index.num_rows:
        return index
    order = pc.sort_indices(
        index, [("post_key", "ascending"), ("version", "descending"), ("updated_at", "descending")]
    )
    ordered = index.take(order)
    keys = ordered["post_key"]
    first = pc.not_equal(keys.slice(1), keys.slice(0, len(keys) - 1))
    mask = pa.concat_arrays([pa.array([True]), first.combine_chunks()])
    return ordered.filter(mask)


def collector_rank(collectors: pa.ChunkedArray | pa.Array) -> pa.Array:
    """The :data:`COLLECTOR_PRECEDENCE` rank of each ``name@version`` (0 when unlisted or null)."""
    names = pc.fill_null(collectors, "")
    ranks = pa.array(np.zeros(len(names), dtype=np.int8))
    for name, rank in COLLECTOR_PRECEDENCE.items():
        hit = pc.or_(pc.equal(names, name), pc.starts_with(names, f"{name}@"))
        ranks = pc.if_else(hit, pa.scalar(rank, pa.int8()), ranks)
    return ranks


def merge_partition(incoming: pa.Table, index: PartitionIndex) -> Merge:
    """Classify incoming rows against the partition and build the rows to publish.

    New keys are written as they are. A key whose content hash changed (or whose landed
    version came from a lower-ranked collector, see :data:`COLLECTOR_PRECEDENCE`) becomes
    version ``old + 1`` and keeps the first ``collected_at``; the file holding the old version is
    listed in ``superseded`` so the caller can rewrite it without that key. Unchanged keys,
    versions older than the one already landed and versions from a lower-ranked collector are
    not written again.
    """
    if index.table is None or index.table.num_rows == 0:
        return Merge(incoming, incoming.num_rows, 0, 0, {})
    old = _latest(index.table).rename_columns(["post_key", *_OLD.values(), "__old_file"])
    # Acero joins cannot carry list columns, so join the keys alone and realign by row number.
    probe = pa.table(
        {
            "post_key": incoming["post_key"],
            "content_sha256": incoming["content_sha256"],
            "updated_at": incoming["updated_at"],
            "__row": pa.array(np.arange(incoming.num_rows)),
        }
    )
    joined = probe.join(old, keys="post_key", join_type="left outer", use_threads=False)
    joined = joined.take(pc.sort_indices(joined["__row"]))
    is_new = pc.is_null(joined[_OLD["content_sha256"]])
    same = pc.equal(joined["content_sha256"], joined[_OLD["content_sha256"]])
    rank, old_rank = (
        collector_rank(incoming["collector"]),
        collector_rank(joined[_OLD["collector"]]),
    )
    stale = pc.or_(
        pc.less_equal(joined["updated_at"], joined[_OLD["updated_at"]]), pc.less(rank, old_rank)
    )
    upgrade = pc.greater(rank, old_rank)
    edited = pc.fill_null(
        pc.and_not(pc.invert(is_new), pc.or_(pc.and_not(same, upgrade), stale)), False
    )
    new_rows = incoming.filter(is_new)
    edited_rows = incoming.filter(edited)
    superseded: dict[Path, list[str]] = {}
    kind = index.directory if index.directory is not None else Path()
    if edited_rows.num_rows:
        old_of_edited = joined.filter(edited)
        for key, file in zip(
            old_of_edited["post_key"].to_pylist(),
            old_of_edited["__old_file"].to_pylist(),
            strict=True,
        ):
            superseded.setdefault(storage.like(kind, file), []).append(key)
        bumped = pc.add(old_of_edited[_OLD["version"]], pa.scalar(1, pa.int32()))
        edited_rows = edited_rows.set_column(
            edited_rows.schema.get_field_index("version"), "version", bumped
        )
        edited_rows = edited_rows.set_column(
            edited_rows.schema.get_field_index("collected_at"),
            "collected_at",
            old_of_edited[_OLD["collected_at"]],
        )
    edited_rows = edited_rows.select(incoming.column_names).cast(incoming.schema)
    to_write = pa.concat_tables([new_rows.cast(incoming.schema), edited_rows])
    n_new, n_edited = new_rows.num_rows, edited_rows.num_rows
    return Merge(to_write, n_new, n_edited, incoming.num_rows - n_new - n_edited, superseded)


def without_keys(path: Path, drop: list[str]) -> pa.Table:
    """Return the rows of a published file minus the given post keys."""
    data = storage.read_table(path)
    mask = pc.invert(pc.is_in(data["post_key"], value_set=pa.array(sorted(set(drop)))))
    return data.filter(mask)
