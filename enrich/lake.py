"""The enrichment stage: score every current post version the current models have not scored.

Posts are read with DuckDB straight from the lake (only the columns needed, hive partitions,
temp files ignored by the ``*.parquet`` glob) and anti-joined on ``(post_key, content_sha256)``
against the enrichment rows of the current ``model``, so a re-run scores nothing twice, a new
model version re-scores everything without re-collecting, and old scores stay in the lake.
Rows land through :func:`pikir.lake.append.append_rows` (keyed, idempotent, journaled).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from enrich.near_duplicates import minhash_column
from enrich.scorer import Enricher
from pikir.config import DataHome
from pikir.lake import layout, storage
from pikir.lake.append import append_rows
from warehouse.sources import quote_literal

BATCH_ROWS = 5_000
FLUSH_ROWS = 50_000
TEXT_COLUMNS = ("title", "lead", "text")
SIGNED_COLUMNS = ("title", "text")
"""What the ``minhash`` signature covers: what ``repost_clusters`` compares (no news lead)."""


@dataclass(frozen=True)
class EnrichReport:
    """What one enrichment run did."""

    run_id: str
    model: str
    pending: int
    scored: int
    landed: int
    seconds: float


def _has_files(home: DataHome, table: layout.Table) -> bool:
    return next(layout.data_files(home.lake / table.name), None) is not None


def _glob(home: DataHome, table: layout.Table) -> str:
    return quote_literal(f"{storage.location(home.lake)}/{table.name}/**/*.parquet")


def pending_sql(home: DataHome, model: str, present: tuple[str, ...] = TEXT_COLUMNS) -> str:
    """SQL selecting the current post versions without a score by ``model``.

    Text columns not in ``present`` (lakes written before a column existed) read as NULL.
    """
    posts = (
        f"read_parquet({_glob(home, layout.POSTS)}, hive_partitioning = true, "
        "union_by_name = true, hive_types = {'platform': VARCHAR, 'date': DATE})"
    )
    columns = ", ".join(
        f"p.{c}" if c in present else f"cast(null as varchar) as {c}" for c in TEXT_COLUMNS
    )
    sql = (
        "select p.platform, p.post_key, p.content_sha256, p.published_at, "  # noqa: S608
        f"{columns} from {posts} as p"
    )
    if _has_files(home, layout.ENRICHMENT):
        scored = (
            "select post_key, content_sha256 from read_parquet("  # noqa: S608 -- quoted literals
            f"{_glob(home, layout.ENRICHMENT)}, hive_partitioning = true, union_by_name = true) "
            f"where model = {quote_literal(model)}"
        )
        sql += f" anti join ({scored}) as e on p.post_key = e.post_key "
        sql += "and p.content_sha256 is not distinct from e.content_sha256"
    return sql


def post_text(
    batch: pa.RecordBatch | pa.Table, columns: tuple[str, ...] = TEXT_COLUMNS
) -> pa.Array:
    """Title, lead and text (or ``columns``) of each post joined by blank lines (nulls skipped)."""
    parts = [pc.fill_null(batch.column(c), "") for c in columns if c in batch.schema.names]
    joined = pc.binary_join_element_wise(*parts, "\n\n")
    return pc.utf8_trim(joined, characters="\n")


def pending_batches(
    home: DataHome, model: str, batch_rows: int = BATCH_ROWS
) -> tuple[int, Iterator[pa.RecordBatch]]:
    """Count the pending post versions and stream them in record batches."""
    if not _has_files(home, layout.POSTS):
        return 0, iter(())
    con = duckdb.connect()
    storage.register_lake(con, home.lake)
    glob = _glob(home, layout.POSTS)
    described = con.sql(f"describe select * from read_parquet({glob}, union_by_name = true)")  # noqa: S608
    present = tuple(c for c in TEXT_COLUMNS if c in {row[0] for row in described.fetchall()})
    sql = pending_sql(home, model, present)
    total = con.sql(f"select count(*) from ({sql})").fetchall()[0][0]  # noqa: S608
    reader = con.sql(sql).to_arrow_reader(batch_rows)

    def batches() -> Iterator[pa.RecordBatch]:
        try:
            yield from reader
        finally:
            con.close()

    return total, batches()


def scored_rows(
    batch: pa.RecordBatch, enricher: Enricher, run_id: str, scored_at: datetime
) -> pa.Table:
    """The enrichment rows (table input schema) of one batch of posts."""
    texts = post_text(batch).to_pylist()
    scores = enricher.score(texts)
    n = batch.num_rows
    columns = {
        "platform": batch.column("platform"),
        "post_key": batch.column("post_key"),
        "model": pa.array([enricher.model_id] * n, pa.string()),
        "topic": pa.array([enricher.topic.name] * n, pa.string()),
        **{name: scores.column(name) for name in scores.schema.names},
        "content_sha256": batch.column("content_sha256"),
        "published_at": batch.column("published_at"),
        "scored_at": pa.array([scored_at] * n, layout.ENRICHMENT.schema.field("scored_at").type),
        "run_id": pa.array([run_id] * n, pa.string()),
        "minhash": minhash_column(
            post_text(batch, SIGNED_COLUMNS).to_pylist(), enricher.near_duplicates
        ),
    }
    schema = layout.ENRICHMENT.input_schema()
    return pa.table({f.name: columns[f.name] for f in schema}).cast(schema)


def enrich_lake(
    home: DataHome,
    enricher: Enricher,
    run_id: str,
    *,
    batch_rows: int = BATCH_ROWS,
    flush_rows: int = FLUSH_ROWS,
    progress: Callable[[int, int], None] | None = None,
) -> EnrichReport:
    """Score every pending post version and land the rows; ``progress(done, total)``."""
    started = datetime.now(UTC)
    total, batches = pending_batches(home, enricher.model_id, batch_rows)
    scored = landed = 0
    buffer: list[pa.Table] = []
    buffered = 0
    for batch in batches:
        buffer.append(scored_rows(batch, enricher, run_id, started))
        scored += batch.num_rows
        buffered += batch.num_rows
        if buffered >= flush_rows:
            landed += append_rows(home, layout.ENRICHMENT, pa.concat_tables(buffer), run_id=run_id)
            buffer, buffered = [], 0
        if progress:
            progress(scored, total)
    if buffer:
        landed += append_rows(home, layout.ENRICHMENT, pa.concat_tables(buffer), run_id=run_id)
    seconds = (datetime.now(UTC) - started).total_seconds()
    return EnrichReport(run_id, enricher.model_id, total, scored, landed, round(seconds, 3))
