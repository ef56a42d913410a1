"""Lake writer crashes and a full disk (F22-F25): SIGKILL at every named point, EFBIG mid-write.

The writer runs in a child process (``tests/lake/crash_writer.py``) that kills itself at the
crash point named by ``PIKIR_CRASH_AT`` (:func:`pikir.lake.journal.crashpoint`). After each
fault the next writer must recover and land the same posts once.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pikir.lake.journal import CRASH_ENV
from tests.faults.fault_ledger import lake_keys, reconcile

pytestmark = pytest.mark.slow
CRASH_WRITER = Path(__file__).parents[1] / "lake" / "crash_writer.py"
POINTS = {
    "F22-killed-while-staging": "staged",
    "F22-killed-before-journal": "before_journal",
    "F23-killed-after-journal-before-publish": "after_journal",
    "F23-killed-mid-publish": "mid_publish",
    "F24-killed-after-publish-before-cleanup": "before_journal_delete",
}


def keys(start: int, end: int) -> set[str]:
    """The post keys ``tests/lake/builders.post_row`` gives posts start..end-1."""
    return {f"telegram:chan:{i}" for i in range(start, end)}


def run_writer(home, start, end, run, *, crash_at=None, file_limit=None, suffix=""):
    """Land posts start..end-1 in a child process; optionally crash it or cap its file size."""
    env = {**os.environ}
    env.pop(CRASH_ENV, None)
    if crash_at:
        env[CRASH_ENV] = crash_at

    def cap_file_size():
        if file_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    args = [sys.executable, str(CRASH_WRITER), str(home.root), str(start), str(end), str(run)]
    return subprocess.run(
        [*args, suffix],
        env=env,
        capture_output=True,
        check=False,
        timeout=120,
        preexec_fn=cap_file_size,
    )


@pytest.mark.parametrize("point", POINTS.values(), ids=POINTS.keys())
def test_sigkill_at_each_writer_point_then_rerun_lands_everything_once(home, point):
    assert run_writer(home, 0, 300, run=1).returncode == 0
    crashed = run_writer(home, 200, 500, run=2, crash_at=point, suffix=" (edited)")
    assert crashed.returncode == -signal.SIGKILL
    assert keys(0, 300) <= set(lake_keys(home))  # nothing published before the crash is lost
    rerun = run_writer(home, 200, 500, run=2, suffix=" (edited)")
    assert rerun.returncode == 0, rerun.stderr.decode()
    case = next(name for name, value in POINTS.items() if value == point)
    reconcile(home, case, keys(0, 500), faults=1, resumed=True, check_mart=point == "mid_publish")
    assert not list(home.lake.rglob("*.inprogress"))
    assert not list((home.state / "journal").glob("*.json"))


def test_f25_file_size_limit_mid_write_fails_naming_the_cause_and_keeps_the_lake(home):
    """F25: EFBIG (``prlimit --fsize``) stands in for a full disk on one machine without root."""
    assert run_writer(home, 0, 300, run=1).returncode == 0
    before = sorted(lake_keys(home))
    failed = run_writer(home, 200, 3_000, run=2, file_limit=16_384, suffix=" (edited)")
    assert failed.returncode != 0
    assert "File too large" in failed.stderr.decode(), failed.stderr.decode()[-2000:]
    assert sorted(lake_keys(home)) == before  # the previous partitions are intact
    assert not list(home.lake.rglob("*.inprogress"))
    rerun = run_writer(home, 200, 3_000, run=2, suffix=" (edited)")
    assert rerun.returncode == 0, rerun.stderr.decode()
    reconcile(home, "F25 disk full (EFBIG)", keys(0, 3_000), resumed=True, check_mart=True)
