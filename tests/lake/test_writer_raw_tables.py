"""Raw payloads handed to the writer as Arrow tables (the columnar path) and as row dicts."""

from __future__ import annotations

import pyarrow as pa
from builders import post_row, query

from pikir.lake import layout, rows
from pikir.lake.landing import RAW_PAYLOADS
from pikir.lake.writer import LakeWriter
from pikir.schema import sha256_text


def posts_table(row_dicts: list[dict]) -> pa.Table:
    """Rows as the posts input table the columnar collectors hand over (no ``_raw``)."""
    return rows.to_table(
        [{k: v for k, v in r.items() if k != "_raw"} for r in row_dicts], layout.POSTS
    )


def payloads(keys: list[str], texts: list[str], shas: list[str | None] | None = None) -> pa.Table:
    return pa.Table.from_pydict(
        {
            "post_key": keys,
            "payload": texts,
            "content_type": ["text/plain"] * len(keys),
            "raw_sha256": shas or [None] * len(keys),
        },
        schema=RAW_PAYLOADS,
    )


def raw_lake(home) -> dict[str, tuple[str, str, str]]:
    found = query(home, "select post_key, payload, raw_sha256, content_type from lake", "raw")
    return {key: (payload, sha, kind) for key, payload, sha, kind in found}


def test_a_table_of_payloads_lands_one_raw_row_per_landed_post(home):
    posts = [post_row(i) for i in range(3)]
    keys = [r["post_key"] for r in posts]
    with LakeWriter(home, run_id="r") as writer:
        writer.add_table(posts_table(posts), payloads(keys, ["a", "b", "c"]))
    got = raw_lake(home)
    assert {k: v[0] for k, v in got.items()} == dict(zip(keys, ["a", "b", "c"], strict=True))
    assert {v[2] for v in got.values()} == {"text/plain"}


def test_the_posts_raw_sha256_wins_then_the_payloads_then_one_is_computed(home):
    posts = [post_row(i) for i in range(3)]
    posts[0]["raw_sha256"] = "f" * 64
    posts[1]["raw_sha256"] = posts[2]["raw_sha256"] = None
    keys = [r["post_key"] for r in posts]
    with LakeWriter(home, run_id="r") as writer:
        writer.add_table(
            posts_table(posts), payloads(keys, ["a", "b", "c"], [None, "e" * 64, None])
        )
    got = raw_lake(home)
    assert got[keys[0]][1] == "f" * 64
    assert got[keys[1]][1] == "e" * 64
    assert got[keys[2]][1] == sha256_text("c")


def test_a_later_payload_for_the_same_post_wins_across_rows_and_tables(home):
    first = post_row(1)  # carries a row-path "_raw" payload
    key = first["post_key"]
    with LakeWriter(home, run_id="r") as writer:
        writer.add(first)
        writer.add_table(posts_table([first]), payloads([key], ["from the table"]))
    assert raw_lake(home)[key][0] == "from the table"
    later = post_row(2)
    with LakeWriter(home, run_id="s") as writer:
        writer.add_table(posts_table([later]), payloads([later["post_key"]], ["table first"]))
        writer.add(later)
    assert raw_lake(home)[later["post_key"]][0] == later["_raw"]["payload"]


def test_payloads_of_posts_that_landed_nothing_new_add_no_raw_rows(home):
    posts = [post_row(i) for i in range(2)]
    keys = [r["post_key"] for r in posts]
    with LakeWriter(home, run_id="a") as writer:
        writer.add_table(posts_table(posts), payloads(keys, ["x", "y"]))
    with LakeWriter(home, run_id="b") as writer:
        writer.add_table(posts_table(posts), payloads(keys, ["x", "y"]))
    assert query(home, "select count(*) from lake", "raw") == [(2,)]
