"""Keyed append for tables other than posts: idempotent, partitioned, crash-safe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from builders import query

from pikir.lake.append import append_rows, read_table
from pikir.lake.layout import COMPLETENESS, ENRICHMENT, POSTS


def enrichment_row(i, model="m@1", sha="s"):
    return {
        "platform": "telegram",
        "post_key": f"telegram:chan:{i}",
        "model": model,
        "content_sha256": sha,
        "lang": "ru",
        "relevance": 0.5,
        "matched_terms": ["закон"],
        "published_at": datetime(2021, 9, 15, tzinfo=UTC),
        "scored_at": datetime(2022, 1, 1, tzinfo=UTC),
        "run_id": "r",
    }


def test_append_twice_lands_once(home):
    rows = [enrichment_row(i) for i in range(10)]
    assert append_rows(home, ENRICHMENT, rows, run_id="a") == 10
    assert append_rows(home, ENRICHMENT, rows, run_id="b") == 0
    assert query(home, "select count(*) from lake", table="enrichment") == [(10,)]


def test_new_model_version_adds_rows_and_keeps_old_scores(home):
    append_rows(home, ENRICHMENT, [enrichment_row(1)], run_id="a")
    append_rows(home, ENRICHMENT, [enrichment_row(1, model="m@2")], run_id="b")
    models = query(home, "select model from lake order by model", table="enrichment")
    assert models == [("m@1",), ("m@2",)]


def test_duplicates_within_one_call_land_once(home):
    assert append_rows(home, ENRICHMENT, [enrichment_row(1), enrichment_row(1)], run_id="a") == 1


def test_read_table_restores_the_platform_column(home):
    append_rows(home, ENRICHMENT, [enrichment_row(1)], run_id="a")
    table = read_table(home, ENRICHMENT)
    assert table["platform"].to_pylist() == ["telegram"]


def test_completeness_rows_partition_by_audit_day(home):
    row = {
        "audit_id": "x",
        "source": "chan",
        "audited_at": datetime(2022, 5, 3, tzinfo=UTC),
        "only_web_ids": [5, 6],
        "api_count": 3,
    }
    append_rows(home, COMPLETENESS, [row], run_id="a")
    assert [p.name for p in (home.lake / "completeness").iterdir()] == ["date=2022-05-03"]


def test_posts_are_refused(home):
    with pytest.raises(ValueError, match="LakeWriter"):
        append_rows(home, POSTS, [], run_id="a")
