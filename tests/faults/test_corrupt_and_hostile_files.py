"""Corrupt lake files (F26), schema drift (F27) and hostile files dropped into the lake (F35).

Posts are landed with the real :class:`~pikir.lake.writer.LakeWriter`; then a published file is
damaged by byte surgery, or a foreign file is dropped beside it. The integrity scan (shallow in
the nightly flow, deep in the weekly maintenance flow) must quarantine it with a reason that
names the problem, and landing the same posts again must restore every key exactly once.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pikir.lake import layout
from pikir.lake.integrity import quarantined_files, scan_lake
from pikir.lake.writer import LakeWriter
from tests.faults.fault_ledger import lake_keys, reconcile, unreadable_visible
from tests.lake.builders import post_row

POSTS = 400


def land(home, run: int = 1) -> set[str]:
    """Land posts 0..POSTS-1 (five days, so five partitions); return their keys."""
    with LakeWriter(home, run_id=f"run{run}") as writer:
        for i in range(POSTS):
            writer.add(post_row(i, run=run, day_spread=5))
    return {f"telegram:chan:{i}" for i in range(POSTS)}


def first_posts_file(home) -> Path:
    return next(layout.data_files(home.lake / "posts"))


def truncate_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def empty(path: Path) -> None:
    path.write_bytes(b"")


def bad_magic(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:-8] + b"\0" * 8)


def corrupt_mid_page(path: Path) -> None:
    """Overwrite bytes inside the data pages; the footer and magic stay valid."""
    meta = pq.ParquetFile(path).metadata
    column = meta.row_group(0).column(meta.schema.names.index("text"))
    start = column.data_page_offset + 16
    with open(path, "r+b") as handle:
        handle.seek(start)
        handle.write(os.urandom(min(64, column.total_compressed_size - 20)))


DAMAGE = {
    "F26-truncated": (truncate_half, False),
    "F26-zero-bytes": (empty, False),
    "F26-bad-magic": (bad_magic, False),
    "F26-mid-page-valid-footer": (corrupt_mid_page, True),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=DAMAGE.keys())
def test_f26_corrupt_file_is_quarantined_with_its_reason_and_rerun_restores_it(home, damage):
    expected = land(home)
    victim = first_posts_file(home)
    surgery, needs_deep = DAMAGE[damage]
    surgery(victim)
    assert unreadable_visible(home) == [victim]
    report = scan_lake(home, deep=needs_deep)  # the nightly (shallow) or maintenance (deep) scan
    assert [q["file"] for q in report.quarantined] == [str(victim.relative_to(home.lake))]
    assert quarantined_files(home)[0]["reason"]  # the operator reads why
    assert unreadable_visible(home) == []
    land(home, run=2)  # the next collection sees the posts again
    reconcile(home, f"{damage} quarantined", expected, resumed=True)


def test_f26_writer_quarantines_a_corrupt_file_in_a_partition_it_lands_into(home):
    expected = land(home)
    victim = first_posts_file(home)
    truncate_half(victim)
    land(home, run=2)  # no scan first: the writer meets the bad file while indexing
    assert not victim.exists()
    assert "unreadable" in quarantined_files(home)[0]["reason"]
    reconcile(home, "F26 corrupt file met by the writer", expected, resumed=True)


def test_f27_wrong_type_is_rejected_before_writing_and_a_new_column_is_tolerated(home):
    expected = land(home)
    drifted = post_row(POSTS + 1, run=2, day_spread=5)
    drifted["views"] = "many"  # an API changed an int field to a string
    fine = post_row(POSTS + 2, run=2, day_spread=5)
    with LakeWriter(home, run_id="run2") as writer:
        writer.add(drifted)
        writer.add(fine)
    assert writer.report.rejected == 1
    assert f"telegram:chan:{POSTS + 2}" in lake_keys(home)  # the batch still lands
    (note,) = (home.quarantine / "rows" / "run2.jsonl").read_text(encoding="utf-8").splitlines()
    assert "many" in note  # names the value ...
    assert f"telegram:chan:{POSTS + 1}" in note  # ... and the row
    expected |= {f"telegram:chan:{POSTS + 2}"}
    # A file written by a newer release with one more (nullable) column still reads.
    extra = pq.read_table(first_posts_file(home))
    extra = extra.append_column("new_field", pa.array(["x"] * extra.num_rows))
    target = first_posts_file(home)
    pq.write_table(extra, target)
    reconcile(home, "F27 schema drift", expected, faults=2)


def test_f35_hostile_files_dropped_into_the_lake_are_quarantined(home):
    expected = land(home)
    partition = first_posts_file(home).parent
    (partition / "evil.parquet").write_bytes(os.urandom(4096))
    pq.write_table(pa.table({"cmd": ["rm -rf /"]}), partition / "foreign.parquet")
    (partition / "_hidden.parquet").write_bytes(b"PAR1 not really PAR1")
    report = scan_lake(home)
    reasons = {Path(q["file"]).name: q["reason"] for q in report.quarantined}
    assert set(reasons) == {"evil.parquet", "foreign.parquet"}
    assert "key columns" in reasons["foreign.parquet"]
    assert (partition / "_hidden.parquet").exists()  # never globbed by views, left alone
    reconcile(home, "F35 hostile files in a partition", expected, faults=3)
