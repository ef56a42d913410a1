"""Contracts: each one can fail, loudly, naming the view, column and offending rows."""

from __future__ import annotations

import shutil
from datetime import timedelta

import duckdb
import pytest

from warehouse.build import BuildError, build_warehouse
from warehouse.contracts import ContractError, run_contracts
from warehouse.docs import apply_docs


def test_contracts_report_name_passed_and_detail(home, lake):
    lake.write_posts([lake.post(1)])
    report = build_warehouse(home)
    names = {r.name for r in report.contracts}
    assert {"unique_posts_post_key", "accepted_values_posts_kind", "not_null_posts_date"} <= names
    assert all(r.passed and r.detail == "ok" for r in report.contracts)


def test_kind_outside_kinds_fails_the_build(home, lake):
    bad = lake.post(2)
    bad["kind"] = "story"  # the Post model refuses it; a foreign writer might not
    lake.write_posts([lake.post(1), bad])
    with pytest.raises(ContractError, match=r"posts\.kind\]: 1 offending row") as info:
        build_warehouse(home)
    assert "telegram:kaz_news:2 kind=story" in str(info.value)
    assert [r.name for r in info.value.results] == ["accepted_values_posts_kind"]


def test_date_partition_not_matching_published_at_fails(home, lake):
    row = lake.post(1)
    (path,) = lake.write_posts([row])
    wrong = path.parent.parent / "date=2021-09-14"
    path.parent.rename(wrong)
    with pytest.raises(ContractError, match=r"posts_date_is_utc_published_date \[posts\.date\]"):
        build_warehouse(home)


def test_unknown_run_status_fails(home, lake):
    lake.write_runs([lake.run("kaz_news", "exploded")])
    with pytest.raises(ContractError, match=r"collection_health\.status.*status=exploded"):
        build_warehouse(home)


def test_corrupt_lake_file_fails_the_build_naming_the_file(home, lake):
    (path,) = lake.write_posts([lake.post(1)])
    (path.parent / "corrupt.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(BuildError, match=r"src_lake__posts: .*corrupt\.parquet"):
        build_warehouse(home)


def test_failed_build_keeps_previous_warehouse(home, lake):
    lake.write_posts([lake.post(1)])
    build_warehouse(home)
    before = home.warehouse.stat().st_ino
    bad = lake.post(2)
    bad["kind"] = "story"
    lake.write_posts([bad], name="bad.parquet")
    with pytest.raises(ContractError):
        build_warehouse(home)
    assert home.warehouse.stat().st_ino == before
    assert not [p for p in home.root.iterdir() if p.name.startswith("_tmp-")]


def _scratch_copy(home, tmp_path) -> duckdb.DuckDBPyConnection:
    copy = tmp_path / "scratch.duckdb"
    shutil.copy(home.warehouse, copy)
    return duckdb.connect(str(copy))


def _failed(con) -> dict[str, str]:
    return {r.name: r.detail for r in run_contracts(con) if not r.passed}


def test_unique_post_key_contract_catches_a_broken_dedup(home, lake, tmp_path):
    old = lake.post(1)
    new = lake.post(1, version=2, updated_at=old["updated_at"] + timedelta(hours=1))
    lake.write_posts([old], name="a.parquet")
    lake.write_posts([new], name="b.parquet")
    build_warehouse(home)
    con = _scratch_copy(home, tmp_path)
    try:
        con.execute(
            "create or replace view int_posts_deduplicated as select * from stg_lake__posts"
        )
        failed = _failed(con)
    finally:
        con.close()
    assert failed["unique_posts_post_key"] == (
        "1 surplus row(s) over 1 key(s), e.g. ['telegram:kaz_news:1 x2']"
    )


def test_daily_volume_contract_catches_lost_posts(home, lake, tmp_path):
    lake.write_posts([lake.post(1), lake.post(2, platform="news", kind="article")])
    build_warehouse(home)
    con = _scratch_copy(home, tmp_path)
    try:
        con.execute(
            "create or replace view daily_volume as select date as day, platform, source, "
            "'ru' as lang, count(*) as posts, sum(views) as views, 1.0 as posts_7d_mean "
            "from posts where platform = 'telegram' group by all"
        )
        apply_docs(con)
        failed = _failed(con)
    finally:
        con.close()
    assert failed == {
        "daily_volume_posts_sum_to_posts": "sum(daily_volume.posts) = 1 but posts has 2 rows"
    }


def test_docs_contract_catches_an_undocumented_column(home, tmp_path):
    build_warehouse(home)
    con = _scratch_copy(home, tmp_path)
    try:
        con.execute("create or replace view events as select *, 1 as extra from seed_events")
        apply_docs(con)
        failed = _failed(con)
    finally:
        con.close()
    assert failed == {"docs_events": "undocumented columns ['extra']; documented but absent []"}


def events_seed(tmp_path, row: str):
    """An events seed file holding one data ``row`` under the real header."""
    seed = tmp_path / "events.csv"
    seed.write_text(
        f"event_date,date_precision,title_en,description,confidence,source_url\n{row}\n",
        encoding="utf-8",
    )
    return seed


def test_events_dates_not_null_contract(home, tmp_path):
    seed = events_seed(tmp_path, ",day,No date,Missing date,high,https://example.org")
    with pytest.raises(ContractError, match=r"events\.event_date\]: 1 offending row.*No date"):
        build_warehouse(home, events_csv=seed)


def test_events_low_confidence_row_is_refused(home, tmp_path):
    seed = events_seed(tmp_path, "2022-01-01,day,Rumour,Unverified,low,https://example.org")
    with pytest.raises(ContractError, match=r"events\.confidence\]: 1 offending.*confidence=low"):
        build_warehouse(home, events_csv=seed)
