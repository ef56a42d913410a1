"""Compaction merges small files without changing what queries return."""

from __future__ import annotations

from builders import post_row, query

from pikir.lake.compaction import compact
from pikir.lake.layout import data_files
from pikir.lake.runs import read_runs, record_runs
from pikir.lake.writer import LakeWriter

DAILY = "select date, count(distinct post_key), sum(views) from lake group by 1 order by 1"


def land_in_runs(home, runs):
    for run in range(runs):
        with LakeWriter(home, run_id=f"r{run}") as writer:
            for i in range(run * 10, run * 10 + 10):
                writer.add(post_row(i, day_spread=2, run=run))


def test_compaction_leaves_one_file_per_partition(home):
    land_in_runs(home, 5)
    before = len(list(data_files(home.lake / "posts")))
    report = compact(home)
    after = list(data_files(home.lake / "posts"))
    assert before == 10
    assert len(after) == 2
    assert report.files_before >= before


def test_compaction_keeps_query_results(home):
    land_in_runs(home, 5)
    expected_posts = query(home, DAILY)
    expected_metrics = query(home, "select count(*), sum(views) from lake", table="metrics")
    compact(home)
    assert query(home, DAILY) == expected_posts
    assert query(home, "select count(*), sum(views) from lake", table="metrics") == expected_metrics


def test_compaction_is_idempotent(home):
    land_in_runs(home, 3)
    compact(home)
    files = sorted(data_files(home.lake))
    report = compact(home)
    assert report.partitions == 0
    assert sorted(data_files(home.lake)) == files


def test_runs_rerecorded_replace_not_duplicate(home):
    record = {"run_id": "r1", "source": "chan", "status": "ok", "items": 3}
    from datetime import UTC, datetime

    record["started_at"] = datetime(2022, 5, 3, tzinfo=UTC)
    record_runs(home, [record])
    record_runs(home, [{**record, "items": 5}])
    runs = read_runs(home).to_pylist()
    assert [(r["run_id"], r["items"]) for r in runs] == [("r1", 5)]
