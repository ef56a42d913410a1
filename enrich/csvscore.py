"""``pikir score``: add language, relevance and sentiment columns to any CSV, streaming.

The input is read in blocks by pyarrow's streaming CSV reader (every column kept as text, so
nothing is re-typed on the way through) and each block is written as soon as it is scored.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from enrich.scorer import OUTPUT_SCHEMA, Enricher

BLOCK_BYTES = 1 << 20


class ScoreError(ValueError):
    """The input CSV cannot be scored (e.g. the text column is missing)."""


def _flat(table: pa.Table) -> pa.Table:
    """CSV cannot hold lists: ``matched_terms`` becomes ``a|b|c``."""
    terms = table.column("matched_terms")
    joined = pc.binary_join(terms, "|")
    index = table.schema.get_field_index("matched_terms")
    return table.set_column(index, "matched_terms", joined)


def _header(source: Path) -> list[str]:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def score_csv(
    source: Path,
    target: Path,
    enricher: Enricher,
    *,
    text_column: str = "text",
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Score ``source`` into ``target``; ``progress(bytes_read, total_bytes)``; return rows.

    Raises:
        ScoreError: ``text_column`` is not a column of the input, or an output column
            name is already taken.
    """
    total = source.stat().st_size
    names = _header(source)
    if text_column not in names:
        raise ScoreError(f"no column {text_column!r} in {source} (columns: {names})")
    clash = sorted(set(names) & set(OUTPUT_SCHEMA.names))
    if clash:
        raise ScoreError(f"{source} already has output column(s) {clash}")
    string_schema = pa.schema([pa.field(n, pa.string()) for n in names])
    reader = pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES),
        convert_options=pacsv.ConvertOptions(column_types=string_schema, strings_can_be_null=False),
    )
    rows = 0
    writer: pacsv.CSVWriter | None = None
    done = 0
    try:
        for batch in reader:
            table = pa.Table.from_batches([batch])
            texts = table.column(text_column).to_pylist()
            scores = _flat(enricher.score(texts))
            for field in scores.schema:
                table = table.append_column(field, scores.column(field.name))
            if writer is None:
                writer = pacsv.CSVWriter(target, table.schema)
            writer.write_table(table)
            rows += table.num_rows
            done = min(total, done + BLOCK_BYTES)
            if progress:
                progress(done, total)
    finally:
        if writer is not None:
            writer.close()
    if writer is None:
        empty = string_schema
        for field in OUTPUT_SCHEMA:
            typ = pa.string() if field.name == "matched_terms" else field.type
            empty = empty.append(pa.field(field.name, typ))
        pacsv.write_csv(empty.empty_table(), target)
    if progress:
        progress(total, total)
    return rows
