"""The lake writer: buffered, deduplicating, atomic landing of posts, metrics and raw payloads.

Guarantees (each proved in ``tests/lake``):

1. No reader sees a partial file: files are staged under temp names and published through a
   journaled :class:`~pikir.lake.journal.Transaction`.
2. Re-landing the same posts never duplicates a ``post_key``: unchanged posts add only a
   ``metrics`` observation; an edited post replaces its older version (version + 1, first
   ``collected_at`` kept).
3. Writes are batched (``batch_rows``, default 50k rows per flush; one file per touched
   partition and table per flush).
"""

from __future__ import annotations

import concurrent.futures
import logging
from pathlib import Path
from typing import Any

import pyarrow as pa

from pikir.config import DataHome
from pikir.lake import layout, rows
from pikir.lake.integrity import quarantine_file
from pikir.lake.journal import Transaction, crashpoint, recover
from pikir.lake.landing import (
    RAW_PAYLOADS,
    LandingReport,
    count_sources,
    metrics_rows,
    payload_table,
    raw_rows,
    write_parquet,
)
from pikir.lake.lock import lake_lock
from pikir.lake.merge import (
    PartitionIndex,
    listing_signature,
    load_index,
    merge_partition,
    without_keys,
)
from pikir.lake.rejects import save_rejects
from pikir.lake.watermarks import watermarks_from
from pikir.state import write_watermarks

log = logging.getLogger(__name__)

CONVERT_ROWS = 10_000

__all__ = ["LakeWriter", "LandingReport", "write_parquet"]


class LakeWriter:
    """Buffer post rows and land them in the lake in large, atomic, deduplicated batches.

    Example:
        >>> with LakeWriter(DataHome.from_env(), run_id="r1") as writer:  # doctest: +SKIP
        ...     writer.add(post.to_row())

    Args:
        home: the data home.
        run_id: provenance recorded on every row and file name.
        batch_rows: flush automatically once this many rows are buffered.
        lock_timeout: seconds to wait for another writer holding the lake lock.
    """

    def __init__(
        self, home: DataHome, *, run_id: str, batch_rows: int = 50_000, lock_timeout: float = 600
    ) -> None:
        self.home = home.ensure()
        self.run_id = run_id
        self.batch_rows = batch_rows
        self.lock_timeout = lock_timeout
        self.report = LandingReport()
        self._pending: list[dict[str, Any]] = []
        self._chunks: list[pa.Table] = []
        self._buffered = 0
        self._raw: dict[str, dict[str, Any]] = {}
        self._raw_parts: list[pa.Table] = []
        self._rejects: list[tuple[dict[str, Any], str]] = []
        self._indexes: dict[Path, PartitionIndex] = {}
        self._recovered = False
        self._closed = False
        # Parquet encoding and zstd release the GIL: write partition files two at a time.
        self._pool = concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="lake-writer")
        self._writes: list[concurrent.futures.Future] = []

    def __enter__(self) -> LakeWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def add(self, row: dict[str, Any]) -> None:
        """Buffer one post row (``Post.to_row()`` plus optional ``_raw`` payload dict)."""
        try:
            rows.check_time_zones(row)
        except rows.RowError as exc:
            self._rejects.append((row, str(exc)))
            log.warning("rejected row: %s", exc)
            return
        raw = row.get("_raw")
        if raw:
            self._raw[row["post_key"]] = raw
        self._pending.append(row)
        self._buffered += 1
        if len(self._pending) >= CONVERT_ROWS:
            self._convert()
        if self._buffered >= self.batch_rows:
            self.flush()

    def add_table(self, data: pa.Table, raw: pa.Table | None = None) -> None:
        """Buffer post rows already in Arrow: the columnar twin of :meth:`add`.

        Args:
            data: rows in the posts input schema (``layout.POSTS.input_schema()``); Arrow
                timestamps carry their time zone, so no per-row check is needed.
            raw: optional payloads of these rows, a :data:`~pikir.lake.landing.RAW_PAYLOADS`
                table (``post_key``, ``payload``, ``content_type``, ``raw_sha256``).
        """
        self._convert()  # keep arrival order: rows added before this table come first
        self._chunks.append(data.select(layout.POSTS.input_schema().names))
        if raw is not None and raw.num_rows:
            self._raw_parts.append(raw.select(RAW_PAYLOADS.names).cast(RAW_PAYLOADS))
        self._buffered += data.num_rows
        if self._buffered >= self.batch_rows:
            self.flush()

    def _convert(self) -> None:
        """Turn pending dicts into an Arrow chunk (small chunks convert ~2x faster)."""
        if self._raw:
            raw, self._raw = self._raw, {}
            self._raw_parts.append(payload_table(raw))
        if self._pending:
            pending, self._pending = self._pending, []
            try:
                self._chunks.append(rows.to_table(pending, layout.POSTS))
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                self._chunks.append(rows.to_table(self._reject_misfits(pending), layout.POSTS))

    def _reject_misfits(self, pending: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Set aside rows whose values do not fit the posts schema (schema drift at a source)."""
        fitting = []
        for row in pending:
            try:
                rows.to_table([row], layout.POSTS)
            except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
                self._rejects.append((row, f"post {row.get('post_key')!r}: {exc}"))
                self._buffered -= 1
                log.warning("rejected row %s: %s", row.get("post_key"), exc)
                continue
            fitting.append(row)
        return fitting

    def close(self) -> LandingReport:
        """Flush what is buffered and return the totals of this writer."""
        if self._closed:
            return self.report
        try:
            self.flush()
        finally:
            self._closed = True
            self._pool.shutdown(wait=True)
        return self.report

    def flush(self) -> LandingReport:
        """Land every buffered row now; return the counts of this flush."""
        self._convert()
        chunks, self._chunks = self._chunks, []
        raw, self._raw_parts = self._raw_parts, []
        rejects, self._rejects = self._rejects, []
        buffered, self._buffered = self._buffered, 0
        flush_report = LandingReport(rows_in=buffered + len(rejects), rejected=len(rejects))
        if rejects:
            self._write_rejects(rejects)
        if chunks:
            with lake_lock(self.home.state, self.lock_timeout):
                if not self._recovered:
                    recover(self.home.state / "journal", self.home.lake)
                    self._recovered = True
                self._land(pa.concat_tables(chunks), raw, flush_report)
        self.report.add(flush_report)
        return flush_report

    # -- internals -------------------------------------------------------------------------

    def _land(self, data: pa.Table, raw_payloads: list, report: LandingReport) -> None:
        data, rejects = rows.split_valid(data)
        if rejects:
            report.rejected += len(rejects)
            self._write_rejects(rejects)
        data = rows.keep_newest(rows.fill_post_defaults(data), "post_key", "updated_at")
        txn = Transaction(self.home.state / "journal")
        landed: list[pa.Table] = []
        seen: list[pa.Table] = []
        touched: dict[Path, tuple[Path, pa.Table]] = {}
        if data.num_rows == 0:
            return
        try:
            for values, part in rows.split_partitions(data, layout.POSTS):
                directory = layout.partition_dir(self.home.lake, layout.POSTS, values)
                merged = merge_partition(part, self._index(directory))
                report.new += merged.new
                report.updated += merged.updated
                report.unchanged += merged.unchanged
                seen.append(part)
                if merged.to_write.num_rows:
                    final = self._stage(txn, layout.POSTS, values, merged.to_write)
                    landed.append(merged.to_write)
                    touched[directory] = (final, merged.to_write)
                for old_file, keys in merged.superseded.items():
                    self._stage_rewrite(txn, old_file, keys)
                    self._indexes.pop(directory, None)
            count_sources(seen, landed, report)
            report.metrics = self._stage_metrics(txn, data)
            report.raw = self._stage_raw(txn, landed, raw_payloads)
            report.files = len(txn.staged)
            self._wait_for_writes()
            crashpoint("staged")
            txn.commit()
        except BaseException:
            for future in self._writes:
                future.cancel()
            concurrent.futures.wait(self._writes)
            self._writes = []
            txn.abort()
            raise
        for directory, (final, written) in touched.items():
            index = self._indexes.get(directory)
            if index is not None:
                index.add(written, final)
                index.signature = listing_signature(directory)
        write_watermarks(self.home, list(watermarks_from(data)))

    def _index(self, directory: Path) -> PartitionIndex:
        cached = self._indexes.get(directory)
        if cached is not None and cached.signature == listing_signature(directory):
            return cached
        index = load_index(directory, lambda p, why: quarantine_file(self.home, p, why))
        self._indexes[directory] = index
        return index

    def _stage(self, txn: Transaction, table: layout.Table, values: dict, data: pa.Table) -> Path:
        directory = layout.partition_dir(self.home.lake, table, values)
        final = directory / layout.new_file_name(self.run_id)
        tmp = txn.stage(final)
        self._writes.append(self._pool.submit(write_parquet, rows.file_columns(data, table), tmp))
        return final

    def _wait_for_writes(self) -> None:
        """Block until every staged file is written; re-raise the first failure.

        On a failure the other writes are cancelled or waited for before raising, so no
        thread is still creating a staged file when the transaction is aborted.
        """
        writes, self._writes = self._writes, []
        try:
            for future in writes:
                future.result()
        except BaseException:
            for future in writes:
                future.cancel()
            concurrent.futures.wait(writes)
            raise

    def _stage_rewrite(self, txn: Transaction, old_file: Path, keys: list[str]) -> None:
        kept = without_keys(old_file, keys)
        if kept.num_rows:
            final = old_file.parent / layout.new_file_name(self.run_id, tag="rewrite")
            write_parquet(kept.select(layout.POSTS.schema.names), txn.stage(final))
        txn.retire.append(old_file)

    def _stage_metrics(self, txn: Transaction, data: pa.Table) -> int:
        metrics = metrics_rows(data)
        for values, part in rows.split_partitions(metrics, layout.METRICS):
            self._stage(txn, layout.METRICS, values, part)
        return metrics.num_rows

    def _stage_raw(self, txn: Transaction, landed: list[pa.Table], payloads: list) -> int:
        table = raw_rows(landed, payloads)
        for values, part in rows.split_partitions(table, layout.RAW):
            self._stage(txn, layout.RAW, values, part)
        return table.num_rows

    def _write_rejects(self, rejects: list[tuple[dict[str, Any], str]]) -> None:
        save_rejects(self.home, self.run_id, rejects)
