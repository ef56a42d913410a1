"""Clock and time-zone faults (F31, F32): the host zone never moves a post to another day.

The writer runs in child processes under ``TZ=Asia/Vladivostok`` and ``TZ=America/New_York``;
relative dates on news pages are read in the site's zone and stored as UTC.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pikir.lake import layout
from spiders.news.dates import parse_date
from tests.faults.fault_ledger import reconcile

CRASH_WRITER = Path(__file__).parents[1] / "lake" / "crash_writer.py"


def write_under(home, zone: str, start: int, end: int, run: int) -> None:
    env = {**os.environ, "TZ": zone}
    args = [sys.executable, str(CRASH_WRITER), str(home.root), str(start), str(end), str(run)]
    done = subprocess.run(args, env=env, capture_output=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]


@pytest.mark.slow
def test_f31_host_time_zone_never_changes_the_partition_day(home):
    # Posts are published 08:00-17:59 UTC: past midnight in Vladivostok (UTC+10).
    write_under(home, "Asia/Vladivostok", 0, 600, run=1)
    write_under(home, "America/New_York", 300, 900, run=2)
    for path in layout.data_files(home.lake / "posts"):
        day = layout.partition_values(home.lake, layout.POSTS, path.parent)["date"]
        published = pq.read_table(path, columns=["published_at"])["published_at"]
        assert published.type.tz == "UTC"
        assert {t.astimezone(UTC).date().isoformat() for t in published.to_pylist()} == {day}
    expected = {f"telegram:chan:{i}" for i in range(900)}
    reconcile(home, "F31 TZ=Asia/Vladivostok then America/New_York", expected, faults=2)


@pytest.mark.parametrize(
    ("text", "now", "utc"),
    [
        # 02:30 in Almaty on 2 March is still 1 March in UTC: "вчера" is 1 March, Almaty time.
        ("вчера в 14:05", "2022-03-01T20:30:00+00:00", "2022-03-01T08:05:00+00:00"),
        ("кеше 09:15", "2022-03-01T20:30:00+00:00", "2022-03-01T03:15:00+00:00"),
        ("сегодня в 23:50", "2022-03-01T18:10:00+00:00", "2022-03-02T17:50:00+00:00"),
        ("15 минут назад", "2021-11-01T05:59:00+00:00", "2021-11-01T05:44:00+00:00"),
    ],
    ids=["F32-yesterday-ru", "F32-yesterday-kk", "F32-today-after-local-midnight", "F32-ago"],
)
def test_f32_relative_dates_are_read_in_the_site_zone_and_stored_as_utc(text, now, utc):
    parsed = parse_date(text, now=datetime.fromisoformat(now))
    assert parsed.utcoffset().total_seconds() == 0
    assert parsed == datetime.fromisoformat(utc)
