"""The generated source layer: type mapping, drift, empty tables, unreadable files."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from pikir.schema import POSTS_SCHEMA, RUNS_SCHEMA
from warehouse.sources import LAKE_TABLES, duckdb_type, render_source_view


@pytest.mark.parametrize("table", LAKE_TABLES, ids=lambda t: t.name)
def test_every_schema_field_maps_to_the_same_duckdb_type_as_parquet(table, tmp_path):
    path = tmp_path / "t.parquet"
    import pyarrow.parquet as pq

    pq.write_table(table.schema.empty_table(), path)
    con = duckdb.connect()
    try:
        described = con.execute(f"describe select * from read_parquet('{path}')").fetchall()
    finally:
        con.close()
    expected = {f.name: duckdb_type(f.type).replace('"', "") for f in table.schema}
    assert {r[0]: r[1] for r in described} == expected


def test_unknown_arrow_type_is_refused():
    with pytest.raises(TypeError, match="no DuckDB type"):
        duckdb_type(pa.float16())


def test_empty_table_renders_typed_empty_select(tmp_path):
    posts = next(t for t in LAKE_TABLES if t.name == "posts")
    view = render_source_view(tmp_path, posts)
    assert view.files == 0
    assert "read_parquet" not in view.sql
    assert 'cast(null as TIMESTAMP WITH TIME ZONE) as "published_at"' in view.sql


def test_runs_view_keeps_platform_column_and_date_partition(tmp_path):
    runs = next(t for t in LAKE_TABLES if t.name == "runs")
    assert runs.pattern() == "runs/date=*/[!_.]*.parquet"
    view = render_source_view(tmp_path, runs)
    names = [f.name for f in RUNS_SCHEMA]
    assert names.count("platform") == 1
    assert '"date"' in view.sql


def test_unreadable_file_is_reported(tmp_path):
    posts = next(t for t in LAKE_TABLES if t.name == "posts")
    part = tmp_path / "posts" / "platform=telegram" / "date=2021-09-15"
    part.mkdir(parents=True)
    import pyarrow.parquet as pq

    pq.write_table(POSTS_SCHEMA.empty_table(), part / "good.parquet")
    (part / "bad.parquet").write_bytes(b"garbage")
    view = render_source_view(tmp_path, posts)
    assert [p.name for p in view.unreadable_files] == ["bad.parquet"]
    assert view.files == 2
    assert "read_parquet" in view.sql
