"""Retention drops old raw payloads and nothing else."""

from __future__ import annotations

from datetime import date

import pytest
from builders import post_row, query

from pikir.lake.retention import apply_retention
from pikir.lake.writer import LakeWriter


def land(home):
    with LakeWriter(home, run_id="r") as writer:
        for i in range(20):
            writer.add(post_row(i))


def test_old_raw_partitions_are_dropped(home):
    land(home)  # collected 2022-06-01
    counts = apply_retention(home, raw_days=30, today=date(2022, 9, 1))
    assert counts["dropped_partitions"] == 1
    assert not list((home.lake / "raw").rglob("*.parquet"))
    assert query(home, "select count(*) from lake") == [(20,)]
    assert query(home, "select count(*) from lake", table="metrics") == [(20,)]


def test_recent_raw_is_kept(home):
    land(home)
    assert apply_retention(home, raw_days=365, today=date(2022, 9, 1))["dropped_partitions"] == 0
    assert query(home, "select count(*) from lake", table="raw") == [(20,)]


def test_no_setting_keeps_everything(home):
    land(home)
    assert apply_retention(home, raw_days=None)["dropped_files"] == 0


def test_negative_days_are_refused(home):
    with pytest.raises(ValueError, match="raw_days"):
        apply_retention(home, raw_days=-1)
