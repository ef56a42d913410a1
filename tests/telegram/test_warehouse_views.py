"""The new posts columns and the completeness mart through the warehouse layers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from telethon.tl import types

from collectors.telegram.audit import Side, compare
from pikir.lake import layout
from pikir.lake.append import append_rows
from tests.telegram.tg_fakes import NOW, message, run_collect
from tests.warehouse_query import warehouse_rows as query
from warehouse.build import build_warehouse


def test_posts_mart_exposes_deleted_at_grouped_id_and_forwarded_at(home, server):
    channel = server.add_channel("kaznews", 777)
    base = NOW - timedelta(days=10)
    for i in range(1, 6):
        channel.messages[i] = message(777, i, date=base + timedelta(hours=i), grouped_id=55)
    channel.messages[3].fwd_from = types.MessageFwdHeader(date=base, from_name="Кто-то")
    run_collect(home, server, ["kaznews"], now=NOW - timedelta(days=9))
    del channel.messages[4]
    run_collect(home, server, ["kaznews"], run_id="r2", now=NOW - timedelta(days=9, hours=-1))
    build_warehouse(home)
    rows = {
        key: (deleted is not None, group, fwd)
        for key, deleted, group, fwd in query(
            home, "select post_key, deleted_at, grouped_id, forwarded_at from posts"
        )
    }
    assert rows["telegram:kaznews:4"][0] is True
    assert rows["telegram:kaznews:1"] == (False, 55, None)
    assert rows["telegram:kaznews:3"][2] == base


def test_collection_completeness_mart(home):
    d = datetime(2022, 1, 1, tzinfo=UTC)
    row = compare(Side(posts={1: d, 2: d, 4: d}), Side(posts={1: d, 5: d}))
    older = dict(row, audit_id="a1", source="kaznews", audited_at=d, platform="telegram")
    newer = dict(row, audit_id="a2", source="kaznews", audited_at=d + timedelta(days=1))
    for audit in (older, newer):
        audit.update(platform="telegram", window_start=d, window_end=d, run_id="r")
    append_rows(home, layout.COMPLETENESS, [older, newer], run_id="r")
    build_warehouse(home)
    got = query(
        home,
        "select audit_id, is_latest, only_api_count, only_web_count, gap_count, "
        "web_coverage_of_api from collection_completeness order by audit_id",
    )
    assert got[0][:5] == ("a1", False, 2, 1, 1)
    assert got[1][1] is True
    assert abs(got[1][5] - 1 / 3) < 1e-9
