"""The build: every view on any lake, absolute paths, atomic replace, idempotence."""

from __future__ import annotations

import re
from datetime import timedelta

import duckdb
import pytest

from pikir.lake.layout import TABLES
from warehouse.build import SQL_DIR, BuildReport, build_warehouse
from warehouse.docs import MART_COLUMNS

SOURCES = [f"src_lake__{name}" for name in TABLES]
STAGING = [p.stem for p in sorted((SQL_DIR / "10_staging").glob("*.sql"))]
INTERMEDIATE = [p.stem for p in sorted((SQL_DIR / "20_intermediate").glob("*.sql"))]
MARTS = [p.stem for p in sorted((SQL_DIR / "30_marts").glob("*.sql"))]
FOUNDATION_VIEWS = {
    "stg_lake__posts",
    "stg_lake__metrics",
    "stg_lake__runs",
    "int_posts_deduplicated",
    "posts",
    "daily_volume",
    "source_summary",
    "collection_health",
    "events",
}
ALL_VIEWS = SOURCES + STAGING + INTERMEDIATE + MARTS


def views_in(home) -> list[str]:
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        rows = con.execute("select view_name from duckdb_views() where not internal").fetchall()
    finally:
        con.close()
    return sorted(r[0] for r in rows)


def test_the_foundation_views_are_defined():
    assert set(STAGING + INTERMEDIATE + MARTS) >= FOUNDATION_VIEWS


def test_empty_lake_builds_every_view(home, lake):
    report = build_warehouse(home)
    assert report.views == tuple(ALL_VIEWS)
    assert views_in(home) == sorted(ALL_VIEWS)
    for view in ALL_VIEWS:
        assert lake.query(f"select count(*) from {view}") == [(19 if view == "events" else 0,)]


def test_empty_lake_views_have_full_typed_columns(home, lake):
    build_warehouse(home)
    types = dict(
        lake.query("select column_name, data_type from duckdb_columns() where table_name = 'posts'")
    )
    assert list(types) == list(MART_COLUMNS["posts"])
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["date"] == "DATE"
    assert types["views"] == "BIGINT"
    assert types["reactions"].startswith("STRUCT(emoji VARCHAR")


def test_report_has_layers_counts_and_contracts(home, lake):
    lake.write_posts([lake.post(1), lake.post(2)])
    report = build_warehouse(home)
    assert isinstance(report, BuildReport)
    assert report.path == home.warehouse
    assert report.views_in_layer("int_") == tuple(INTERMEDIATE)
    assert report.row_counts["posts"] == 2
    assert set(report.row_counts) == set(MARTS)
    assert report.contracts
    assert all(r.passed for r in report.contracts)
    assert report.lake_files["posts"] == 1
    assert "contracts: " in report.summary()


def test_schema_drift_old_file_lacking_columns(home, lake):
    lake.write_posts([lake.post(1)], name="old.parquet", drop=("signature", "reaction_total"))
    lake.write_posts(
        [lake.post(2, signature="Editor", reactions=[{"emoji": "👍", "count": 3}])],
        name="new.parquet",
    )
    build_warehouse(home)
    rows = lake.query("select post_id, signature, reaction_total from posts order by post_id")
    assert rows == [("1", None, None), ("2", "Editor", 3)]


def test_column_missing_from_every_file_is_typed_null(home, lake):
    lake.write_posts([lake.post(1)], drop=("media_kind",))
    report = build_warehouse(home)
    assert report.missing_columns == {"posts": ("media_kind",)}
    assert lake.query("select media_kind, typeof(media_kind) from posts") == [(None, "VARCHAR")]


def test_inprogress_files_are_ignored(home, lake):
    (path,) = lake.write_posts([lake.post(1)])
    (path.parent / "_tmp-0123abcd-part-1.parquet.inprogress").write_bytes(b"PAR1 half a file")
    build_warehouse(home)
    assert lake.query("select count(*) from posts") == [(1,)]


def test_hidden_and_underscore_parquet_files_are_ignored(home, lake):
    (path,) = lake.write_posts([lake.post(1)])
    for name in ("_partial.parquet", ".hidden.parquet"):
        (path.parent / name).write_bytes(b"PAR1 not a finished file")
    report = build_warehouse(home)
    assert report.lake_files["posts"] == 1
    assert lake.query("select count(*) from posts") == [(1,)]


def test_warehouse_works_from_another_cwd(home, lake, tmp_path, monkeypatch):
    lake.write_posts([lake.post(1)])
    build_warehouse(home)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert lake.query("select count(*) from posts") == [(1,)]
    (sql,) = lake.query("select sql from duckdb_views() where view_name = 'src_lake__posts'")[0]
    assert f"'{home.lake.as_posix()}/posts/" in sql


def test_new_lake_files_are_visible_without_rebuild(home, lake):
    lake.write_posts([lake.post(1)])
    build_warehouse(home)
    lake.write_posts([lake.post(2)], name="part-1.parquet")
    assert lake.query("select count(*) from posts") == [(2,)]


def test_rebuild_is_idempotent_and_leaves_no_temp_files(home, lake):
    lake.write_posts([lake.post(i, views=i) for i in range(5)])
    build_warehouse(home)
    inode = home.warehouse.stat().st_ino
    first_sql = lake.query("select view_name, sql from duckdb_views() order by 1")
    first = lake.query("select * from posts order by post_key")
    build_warehouse(home)
    assert lake.query("select view_name, sql from duckdb_views() order by 1") == first_sql
    assert lake.query("select * from posts order by post_key") == first
    assert home.warehouse.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert sorted(p.name for p in home.root.iterdir()) == [
        "lake",
        "quarantine",
        "reports",
        "state",
        "warehouse.duckdb",
    ]


def test_build_replaces_a_warehouse_that_is_open_for_reading(home, lake):
    lake.write_posts([lake.post(1)])
    build_warehouse(home)
    reader = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        lake.write_posts(
            [lake.post(2, published_at=lake.post(1)["published_at"] + timedelta(days=1))]
        )
        build_warehouse(home)
        assert reader.execute("select count(*) from posts").fetchall() == [(2,)]
    finally:
        reader.close()
    assert lake.query("select count(distinct day) from daily_volume") == [(2,)]


@pytest.mark.parametrize("bad", ["lake[1]", "la*ke"])
def test_lake_path_with_glob_characters_is_refused(tmp_path, bad):
    from pikir.config import DataHome

    home = DataHome(tmp_path / bad).ensure()
    with pytest.raises(ValueError, match="glob characters"):
        build_warehouse(home)


def test_summary_says_which_tables_need_a_rebuild_after_landing(home, lake):
    lake.write_posts([lake.post(1)])
    summary = build_warehouse(home).summary()
    assert "no files yet for metrics, raw, runs, enrichment, completeness; rebuild" in summary
    assert re.search(r"^  posts +1 rows$", summary, re.MULTILINE)


def test_every_view_is_commented(home, lake):
    build_warehouse(home)
    rows = lake.query("select view_name, comment from duckdb_views() where not internal")
    assert [name for name, comment in rows if not comment] == []
