"""A writer killed with SIGKILL at any point leaves the lake queryable, complete, recoverable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from builders import query

from pikir.lake.journal import recover
from pikir.lake.writer import LakeWriter

CRASH_WRITER = Path(__file__).with_name("crash_writer.py")
POINTS = ["staged", "before_journal", "after_journal", "mid_publish", "before_journal_delete"]


def run_writer(home, start, end, run, suffix="", crash_at=None):
    env = {**os.environ}
    if crash_at:
        env["PIKIR_CRASH_AT"] = crash_at
    args = [sys.executable, str(CRASH_WRITER), str(home.root), str(start), str(end), str(run)]
    return subprocess.run([*args, suffix], env=env, capture_output=True, check=False, timeout=120)


def assert_lake_whole(home, expected):
    rows = query(home, "select post_key, text from lake")
    keys = [key for key, _ in rows]
    assert len(keys) == len(set(keys)), "a post_key is duplicated in the lake"
    assert {int(k.rsplit(":", 1)[1]) for k in keys} == set(expected)
    return dict(rows)


@pytest.mark.parametrize("point", POINTS)
def test_sigkill_at_each_point_loses_nothing(home, point):
    assert run_writer(home, 0, 100, run=1).returncode == 0
    crashed = run_writer(home, 50, 150, run=2, suffix=" (edited)", crash_at=point)
    assert crashed.returncode == -signal.SIGKILL
    # Readers still get an answer, and every post landed before the crash is there.
    present = {
        int(k.rsplit(":", 1)[1]) for (k,) in query(home, "select distinct post_key from lake")
    }
    assert set(range(100)) <= present
    # The next writer recovers (rolls the journal forward or drops orphans), then re-lands.
    assert run_writer(home, 50, 150, run=2, suffix=" (edited)").returncode == 0
    texts = assert_lake_whole(home, range(150))
    assert texts["telegram:chan:60"] == "post 60 (edited)"
    assert texts["telegram:chan:10"] == "post 10"
    leftovers = list(home.lake.rglob("*.inprogress")) + list((home.state / "journal").glob("*"))
    assert leftovers == []


def test_sigkill_at_random_moments_never_breaks_readers(home):
    assert run_writer(home, 0, 2_000, run=1).returncode == 0
    for attempt, delay in enumerate((0.3, 0.6, 0.9, 1.2)):
        proc = subprocess.Popen(
            [sys.executable, str(CRASH_WRITER), str(home.root), "0", "20000", str(10 + attempt)],
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        # Whatever moment the kill hit, DuckDB reads the lake and the first 2,000 are there.
        (count,) = query(home, "select count(distinct post_key) from lake")[0]
        assert count >= 2_000
    with LakeWriter(home, run_id="recovery"):
        pass
    recover(home.state / "journal", home.lake)
    assert run_writer(home, 0, 20_000, run=20).returncode == 0
    assert_lake_whole(home, range(20_000))
