"""A forgotten post or author is nowhere in the lake afterwards."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from builders import post_row, query

from pikir.lake.append import append_rows
from pikir.lake.forget import forget
from pikir.lake.layout import ENRICHMENT, data_files
from pikir.lake.writer import LakeWriter
from pikir.privacy import Pseudonymizer


def land(home, rows):
    with LakeWriter(home, run_id="r") as writer:
        for row in rows:
            writer.add(row)


def bytes_everywhere(home, needle: str) -> list[str]:
    return [str(p) for p in data_files(home.lake) if needle.encode() in p.read_bytes()]


def test_forgotten_post_key_is_nowhere(home):
    land(home, [post_row(i) for i in range(10)])
    append_rows(
        home,
        ENRICHMENT,
        [
            {
                "platform": "telegram",
                "post_key": "telegram:chan:3",
                "model": "m@1",
                "content_sha256": "x",
                "published_at": datetime(2021, 9, 4, tzinfo=UTC),
                "scored_at": datetime(2022, 1, 1, tzinfo=UTC),
                "run_id": "r",
            }
        ],
        run_id="e",
    )
    report = forget(home, post_keys=["telegram:chan:3"])
    assert report.rows_removed == {"posts": 1, "metrics": 1, "raw": 1, "enrichment": 1}
    assert not list(data_files(home.lake / "enrichment"))  # its only row was forgotten
    for table in ("posts", "metrics", "raw"):
        assert query(
            home, "select count(*) from lake where post_key = 'telegram:chan:3'", table=table
        ) == [(0,)]
    assert bytes_everywhere(home, "telegram:chan:3") == []
    assert query(home, "select count(*) from lake") == [(9,)]


def test_author_is_found_by_name_and_by_pseudonym(home):
    rows = [post_row(i) for i in range(6)]
    rows[1]["author_name"] = "Айдана К."
    rows[2]["forwarded_from"] = Pseudonymizer.for_home(home)("telegram", "Айдана К.")
    land(home, rows)
    report = forget(home, author="Айдана К.")
    assert report.post_keys == 2
    assert query(home, "select count(*) from lake") == [(4,)]


def test_request_log_holds_counts_not_content(home):
    land(home, [post_row(1)])
    forget(home, post_keys=["telegram:chan:1"])
    (line,) = (home.state / "forget_log.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["post_keys"] == 1
    assert "telegram:chan:1" not in line


def test_nothing_to_forget_is_an_error(home):
    with pytest.raises(ValueError, match="post keys or an author"):
        forget(home)
