"""The lake on an S3-compatible object store keeps every guarantee of the local lake.

A real S3 HTTP server (moto) listens on loopback; pikir writes through pyarrow's
``S3FileSystem`` and DuckDB reads through a registered ``s3fs`` filesystem.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest
from builders import post_row, query
from click.testing import CliRunner
from s3_helpers import lake_keys

from pikir.analysis.sandbox import run_query
from pikir.cli.main import cli
from pikir.config import DataHome
from pikir.doctor import diagnose
from pikir.lake import storage
from pikir.lake.compaction import compact
from pikir.lake.integrity import scan_lake
from pikir.lake.runs import read_runs, record_runs
from pikir.lake.writer import LakeWriter
from warehouse.build import build_warehouse

CRASH_WRITER = Path(__file__).with_name("crash_writer.py")


def land(home: DataHome, rows: list[dict], run_id: str = "r"):
    with LakeWriter(home, run_id=run_id) as writer:
        for row in rows:
            writer.add(row)
    return writer.report


def test_posts_land_in_the_bucket_and_nothing_on_local_disk(s3_home):
    report = land(s3_home, [post_row(i) for i in range(40)])
    assert report.new == 40
    assert query(s3_home, "select count(*), count(distinct post_key) from lake") == [(40, 40)]
    keys = lake_keys(s3_home)
    assert keys
    assert all(k.endswith(".parquet") for k in keys)
    assert {k.split("/")[0] for k in keys} == {"posts", "metrics", "raw"}
    assert not (s3_home.root / "lake").exists()
    assert list((s3_home.state / "journal").glob("*")) == []


def test_relanding_the_same_posts_adds_no_rows(s3_home):
    land(s3_home, [post_row(i) for i in range(30)], run_id="a")
    before = lake_keys(s3_home)
    report = land(s3_home, [post_row(i, run=1) for i in range(30)], run_id="b")
    assert (report.new, report.updated, report.unchanged) == (0, 0, 30)
    assert query(s3_home, "select count(*) from lake") == [(30,)]
    assert query(s3_home, "select count(*) from lake", table="metrics") == [(60,)]
    # Only metrics observations were added: no posts or raw object was written again.
    added = set(lake_keys(s3_home)) - set(before)
    assert added
    assert {key.split("/")[0] for key in added} == {"metrics"}
    assert set(before) <= set(lake_keys(s3_home))


def test_an_edit_becomes_version_two_and_replaces_the_old_row(s3_home):
    land(s3_home, [post_row(i) for i in range(5)], run_id="a")
    report = land(s3_home, [post_row(2, text="исправленный текст", run=3)], run_id="b")
    assert report.updated == 1
    rows = query(s3_home, "select post_id, text, version from lake order by post_id")
    assert len(rows) == 5
    assert rows[2] == ("2", "исправленный текст", 2)
    assert {version for post_id, _, version in rows if post_id != "2"} == {1}


def run_crash_writer(home: DataHome, start: int, end: int, run: int, crash_at: str | None = None):
    env = {**os.environ}
    if crash_at:
        env["PIKIR_CRASH_AT"] = crash_at
    args = [sys.executable, str(CRASH_WRITER), str(home.root), str(start), str(end), str(run)]
    return subprocess.run(args, env=env, capture_output=True, check=False, timeout=120)


@pytest.mark.parametrize("point", ["staged", "mid_publish"])
def test_a_writer_killed_before_publishing_leaves_nothing_visible(s3_home, point):
    crashed = run_crash_writer(s3_home, 0, 60, run=1, crash_at=point)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr.decode()
    temp_keys = [k for k in lake_keys(s3_home) if Path(k).name.startswith("_tmp-")]
    assert temp_keys, "the killed writer had staged temporary objects"
    published = [k for k in lake_keys(s3_home) if k.endswith(".parquet")]
    if point == "staged":
        assert published == []  # nothing is published before the journal entry is durable
    else:
        visible = query(s3_home, "select count(*), count(distinct post_key) from lake")
        assert visible[0][0] == visible[0][1]  # readers skip temp keys and see no duplicate
    finished = run_crash_writer(s3_home, 0, 60, run=1)
    assert finished.returncode == 0, finished.stderr.decode()
    assert query(s3_home, "select count(*), count(distinct post_key) from lake") == [(60, 60)]
    assert not [k for k in lake_keys(s3_home) if "_tmp-" in k]
    assert list((s3_home.state / "journal").glob("*")) == []


def test_compaction_over_s3_keeps_query_results(s3_home):
    for run in range(3):
        land(s3_home, [post_row(i, run=run, views=10 + run) for i in range(20)], run_id=f"r{run}")
    before = query(s3_home, "select count(*) from lake", table="metrics")
    report = compact(s3_home)
    assert report.files_after < report.files_before
    assert query(s3_home, "select count(*) from lake", table="metrics") == before
    assert query(s3_home, "select count(*) from lake") == [(20,)]


def test_warehouse_over_s3_has_the_same_marts_as_a_local_lake(s3_home, tmp_path, monkeypatch):
    rows = [post_row(i, source=f"chan{i % 3}") for i in range(45)]
    runs = [
        {
            "run_id": "r",
            "flow": "test",
            "source": f"telegram:chan{n}",
            "started_at": post_row(0)["collected_at"],
            "finished_at": post_row(0)["collected_at"],
            "status": "ok",
            "items": 15,
            "new_items": 15,
        }
        for n in range(3)
    ]
    land(s3_home, rows)
    record_runs(s3_home, runs)
    s3_report = build_warehouse(s3_home)
    assert s3_report.lake_files["posts"] > 0
    assert s3_report.lake_files["runs"] == 3
    monkeypatch.delenv("PIKIR_LAKE_URL")
    local = DataHome.from_env(tmp_path / "local").ensure()
    land(local, rows)
    record_runs(local, runs)
    local_report = build_warehouse(local)
    assert s3_report.row_counts == local_report.row_counts
    assert s3_report.row_counts["posts"] == 45
    assert s3_report.row_counts["source_summary"] == 3
    # The analysts' sandbox (pikir query) reads the s3:// views of the warehouse too.
    monkeypatch.setenv("PIKIR_LAKE_URL", s3_home.lake_url)
    answer = run_query(s3_home, "select source, posts from source_summary order by source")
    assert answer.to_pylist() == [{"source": f"chan{n}", "posts": 15} for n in range(3)]


def test_status_scans_s3_files_and_quarantines_a_corrupt_one(s3_home):
    land(s3_home, [post_row(i) for i in range(10)])
    record_runs(
        s3_home,
        [
            {
                "run_id": "r",
                "source": "telegram:chan",
                "started_at": post_row(0)["collected_at"],
                "status": "ok",
                "items": 10,
            }
        ],
    )
    bad = s3_home.lake / "posts" / "platform=telegram" / "date=2021-09-01" / "part-bad.parquet"
    with bad.fs.open_output_stream(bad.as_posix()) as out:
        out.write(b"PAR1 this is not a parquet file")
    result = CliRunner().invoke(cli, ["status", "--home", str(s3_home.root), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["tables"]["posts"]["rows"] == 10
    assert payload["sources"][0]["posts"] == 10
    assert [r["source"] for r in payload["recent_runs"]] == ["telegram:chan"]
    assert [q["file"] for q in payload["newly_quarantined"]] == [
        "posts/platform=telegram/date=2021-09-01/part-bad.parquet"
    ]
    assert not bad.exists()
    moved = s3_home.root / payload["newly_quarantined"][0]["moved_to"]
    assert moved.read_bytes() == b"PAR1 this is not a parquet file"
    assert scan_lake(s3_home).quarantined == []
    assert read_runs(s3_home).num_rows == 1


def test_settings_never_show_the_secret(s3_env):
    settings = storage.S3Settings.from_env()
    assert settings.secret_key == s3_env["AWS_SECRET_ACCESS_KEY"]
    assert s3_env["AWS_SECRET_ACCESS_KEY"] not in repr(settings)
    assert s3_env["AWS_SECRET_ACCESS_KEY"] not in repr(
        storage.object_lake(s3_env["PIKIR_LAKE_URL"])
    )


def test_a_lake_url_that_is_not_s3_is_refused():
    with pytest.raises(ValueError, match="s3://bucket/prefix"):
        storage.object_lake("gs://bucket/lake")


def test_temporary_objects_are_invisible_to_readers(s3_home):
    land(s3_home, [post_row(i) for i in range(3)])
    final = s3_home.lake / "posts" / "platform=telegram" / "date=2021-09-01" / "part-x.parquet"
    tmp = final.with_name(f"_tmp-0123-{final.name}.inprogress")
    storage.write_table(pa.table({"post_key": ["telegram:chan:999"]}), tmp)
    assert query(s3_home, "select count(*) from lake") == [(3,)]
    storage.publish(tmp, final)
    assert not tmp.exists()
    assert final.is_file()


def test_doctor_checks_an_s3_lake_and_removes_orphaned_temp_keys(s3_home):
    land(s3_home, [post_row(i) for i in range(8)])
    orphan = (
        s3_home.lake / "posts" / "platform=telegram" / "date=2021-09-02" / "_tmp-ab-x.inprogress"
    )
    storage.write_table(pa.table({"post_key": ["telegram:chan:77"]}), orphan)
    findings = {f.check: f for f in diagnose(s3_home, fix=True)}
    assert findings["duplicates"].level == "ok"
    assert findings["files"].level == "ok"
    assert findings["secrets"].level == "ok"
    assert not orphan.exists()
    assert query(s3_home, "select count(*) from lake") == [(8,)]
