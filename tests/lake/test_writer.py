"""The lake writer's landing guarantees: dedup, edits, metrics, raw payloads, batching."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow.parquet as pq
from builders import post_row, query

from pikir.lake.layout import data_files
from pikir.lake.writer import LakeWriter
from pikir.state import read_watermark


def land(home, rows, run_id="r", batch_rows=50_000):
    with LakeWriter(home, run_id=run_id, batch_rows=batch_rows) as writer:
        for row in rows:
            writer.add(row)
    return writer.report


def test_first_landing_writes_every_post_once(home):
    report = land(home, [post_row(i) for i in range(100)])
    assert report.new == 100
    assert query(home, "select count(*), count(distinct post_key) from lake") == [(100, 100)]


def test_same_crawl_twice_adds_no_post_rows(home):
    land(home, [post_row(i) for i in range(50)], run_id="a")
    report = land(home, [post_row(i, run=1) for i in range(50)], run_id="b")
    assert (report.new, report.updated, report.unchanged) == (0, 0, 50)
    assert query(home, "select count(*) from lake") == [(50,)]


def test_reseen_posts_append_metrics_observations(home):
    land(home, [post_row(i, views=10) for i in range(5)], run_id="a")
    land(home, [post_row(i, views=20, run=1) for i in range(5)], run_id="b")
    rows = query(
        home,
        "select views from lake where post_key = 'telegram:chan:3' order by observed_at",
        table="metrics",
    )
    assert rows == [(10,), (20,)]


def test_edit_replaces_old_version_and_keeps_first_collected_at(home):
    land(home, [post_row(i) for i in range(5)], run_id="a")
    report = land(home, [post_row(2, text="исправленный текст", run=3)], run_id="b")
    assert report.updated == 1
    rows = query(
        home,
        "select text, version, collected_at, updated_at from lake where post_id = '2'",
    )
    assert len(rows) == 1
    text, version, collected_at, updated_at = rows[0]
    assert (text, version) == ("исправленный текст", 2)
    assert collected_at < updated_at


def test_edit_leaves_other_posts_of_the_rewritten_file_intact(home):
    land(home, [post_row(i, day_spread=1) for i in range(10)], run_id="a")
    land(home, [post_row(4, text="new", run=1, day_spread=1)], run_id="b")
    assert query(home, "select count(*), count(distinct post_key) from lake") == [(10, 10)]
    assert query(home, "select text from lake where post_id = '7'") == [
        ("Пост номер 7 о законопроекте",)
    ]


def test_older_version_arriving_late_does_not_win(home):
    land(home, [post_row(1, text="v2", run=5)], run_id="new")
    land(home, [post_row(1, text="v1", run=1)], run_id="old")
    assert query(home, "select text, version from lake") == [("v2", 1)]


def test_duplicates_within_one_batch_keep_the_newest(home):
    report = land(home, [post_row(1, text="a", run=1), post_row(1, text="b", run=2)])
    assert report.new == 1
    assert query(home, "select text from lake") == [("b",)]


def test_raw_payload_is_kept_for_each_landed_version(home):
    land(home, [post_row(1)], run_id="a")
    land(home, [post_row(1, text="edited", run=1)], run_id="b")
    payloads = query(home, "select payload from lake order by collected_at", table="raw")
    assert len(payloads) == 2
    assert "edited" in payloads[1][0]


def test_partitions_are_platform_and_utc_day(home):
    land(home, [post_row(0)])
    (path,) = list(data_files(home.lake / "posts"))
    assert path.parent.name == "date=2021-09-01"
    assert path.parent.parent.name == "platform=telegram"
    assert "platform" not in pq.read_schema(path).names


def test_one_file_per_partition_per_flush(home):
    land(home, [post_row(i, day_spread=1) for i in range(25_000)], batch_rows=25_000)
    files = list(data_files(home.lake / "posts"))
    assert len(files) == 1
    assert pq.ParquetFile(files[0]).metadata.num_rows == 25_000


def test_invalid_rows_are_rejected_and_kept_aside(home):
    bad = post_row(1)
    bad["published_at"] = datetime(2021, 9, 1, 8)  # naive: no time zone
    report = land(home, [bad, post_row(2)])
    assert (report.new, report.rejected) == (1, 1)
    rejects = (home.quarantine / "rows" / "r.jsonl").read_text(encoding="utf-8")
    assert "has no time zone" in rejects


def test_watermark_tracks_highest_landed_id(home):
    land(home, [post_row(i) for i in (3, 17, 9)])
    mark = read_watermark(home, "telegram", "chan")
    assert (mark.max_post_id, mark.min_post_id) == (17, 3)
    assert mark.max_published_at.startswith("2021-09-18")


def test_published_at_is_stored_in_utc(home):
    row = post_row(1)
    row["published_at"] = datetime(2021, 9, 15, 2, 30, tzinfo=UTC)
    land(home, [row])
    assert query(home, "select cast(date as varchar) from lake") == [("2021-09-15",)]
