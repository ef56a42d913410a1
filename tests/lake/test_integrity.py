"""Corrupt or foreign files are detected, quarantined and reported; queries keep answering."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from builders import post_row, query

from pikir.lake.integrity import quarantined_files, scan_lake
from pikir.lake.layout import data_files
from pikir.lake.writer import LakeWriter


@pytest.fixture
def landed(home):
    with LakeWriter(home, run_id="r") as writer:
        for i in range(40):
            writer.add(post_row(i, day_spread=4))
    return home


def corrupt(path, how):
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "zero_bytes":
        path.write_bytes(b"")
    elif how == "bad_footer":
        path.write_bytes(data[:-12] + b"\x00" * 8 + data[-4:])
    elif how == "not_parquet":
        path.write_bytes(b"<html>this is not parquet</html>")


@pytest.mark.parametrize("how", ["truncated", "zero_bytes", "bad_footer", "not_parquet"])
def test_corrupt_file_is_quarantined_and_queries_answer(landed, how):
    victim = next(iter(data_files(landed.lake / "posts")))
    corrupt(victim, how)
    report = scan_lake(landed)
    assert [q["file"] for q in report.quarantined] == [str(victim.relative_to(landed.lake))]
    assert not victim.exists()
    (count,) = query(landed, "select count(*) from lake")[0]
    assert 0 < count < 40
    notes = quarantined_files(landed)
    assert notes[0]["original"] == str(victim.relative_to(landed.lake))
    assert notes[0]["reason"]


def test_foreign_parquet_file_is_quarantined(landed):
    foreign = landed.lake / "posts" / "platform=telegram" / "date=2021-09-01" / "stray.parquet"
    pq.write_table(pa.table({"x": [1, 2]}), foreign)
    report = scan_lake(landed)
    assert report.quarantined[0]["reason"].startswith("foreign file")
    assert query(landed, "select count(*) from lake") == [(40,)]


def test_clean_lake_quarantines_nothing_and_remembers_good_files(landed):
    first = scan_lake(landed)
    second = scan_lake(landed)
    assert first.quarantined == []
    assert first.checked > 0
    assert second.checked == 0
    assert second.skipped_known_good == first.checked


def test_deep_scan_catches_a_corrupt_page_with_an_intact_footer(landed):
    victim = next(iter(data_files(landed.lake / "posts")))
    data = bytearray(victim.read_bytes())
    for offset in range(8, 200):
        data[offset] = 0xFF
    victim.write_bytes(bytes(data))
    assert scan_lake(landed, deep=False).quarantined == []
    assert len(scan_lake(landed, deep=True).quarantined) == 1


def test_writer_quarantines_a_corrupt_file_it_must_index(landed):
    victim = next(iter(data_files(landed.lake / "posts")))
    corrupt(victim, "truncated")
    with LakeWriter(landed, run_id="again") as writer:
        for i in range(40):
            writer.add(post_row(i, day_spread=4, run=1))
    assert not victim.exists()
    assert query(landed, "select count(*), count(distinct post_key) from lake") == [(40, 40)]
