"""Backfill, increments, resume after a crash, re-polls, edits and deletions, against a fake
Telegram at Telethon's request boundary."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest

from collectors.telegram import history
from collectors.telegram.floods import Clock
from collectors.telegram.history import ChannelWalker
from collectors.telegram.mapping import ChannelContext
from collectors.telegram.run import CollectOptions, RunCollector, make_gate
from collectors.telegram.state import load_state
from pikir.lake.writer import LakeWriter
from tests.telegram.tg_fakes import (
    NOW,
    FakeClient,
    FakeClock,
    lake_posts,
    lake_table,
    message,
    run_collect,
)


def keys(home):
    return [r["post_key"] for r in lake_posts(home)]


def test_backfill_paginates_several_hundred_messages(home, server):
    server.add_channel("KazNews", 777, n=530)
    reports, _gate = run_collect(home, server, ["kaznews"])
    assert reports[0].status == "ok"
    assert reports[0].new_items == 530
    landed = keys(home)
    assert len(landed) == len(set(landed)) == 530
    assert set(landed) == {f"telegram:kaznews:{i}" for i in range(1, 531)}
    offsets = [r.offset_id for r in server.history_requests()]
    assert offsets == [0, 431, 331, 231, 131, 31]
    assert all(r.limit == 100 for r in server.history_requests())
    state = load_state(home, "kaznews")
    assert (state.min_id, state.max_id, state.complete_history) == (1, 530, True)
    assert (state.channel_id, state.access_hash) == (777, 4242)


def test_channel_is_resolved_once_ever(home, server):
    server.add_channel("kaznews", 777, n=5)
    run_collect(home, server, ["kaznews"])
    server.channels["kaznews"].messages[6] = message(777, 6)
    run_collect(home, server, ["kaznews"], run_id="run-2")
    resolves = [r for r in server.requests if type(r).__name__ == "ResolveUsernameRequest"]
    assert len(resolves) == 1
    assert len(keys(home)) == 6


def test_requests_are_paced_one_per_second(home, server):
    server.add_channel("kaznews", 777, n=450)
    clock = FakeClock()
    run_collect(home, server, ["kaznews"], clock=clock)
    assert len(server.history_requests()) == 5
    assert clock.sleeps == [1.0] * 4


def test_incremental_run_fetches_only_new_and_the_repoll_window(home, server):
    channel = server.add_channel("kaznews", 777, n=300)
    run_collect(home, server, ["kaznews"])
    before = len(server.history_requests())
    for i in range(301, 311):
        channel.messages[i] = message(777, i)
    reports, _ = run_collect(home, server, ["kaznews"], run_id="run-2")
    assert reports[0].new_items == 10
    assert len(server.history_requests()) - before == 1
    assert len(keys(home)) == 310
    assert load_state(home, "kaznews").max_id == 310


def test_nothing_new_is_empty(home, server):
    server.add_channel("kaznews", 777, n=20)
    run_collect(home, server, ["kaznews"])
    reports, _ = run_collect(home, server, ["kaznews"], run_id="run-2")
    assert reports[0].status == "empty"


def test_resume_after_crash_at_message_251_loses_and_duplicates_nothing(home, server, monkeypatch):
    server.add_channel("kaznews", 777, n=500)
    real = history.PostColumns.add

    def crash_at_251(columns, msg, *args, **kwargs):
        if msg.id == 251:
            raise KeyboardInterrupt("simulated crash")
        return real(columns, msg, *args, **kwargs)

    monkeypatch.setattr(history.PostColumns, "add", crash_at_251)

    async def crashing_run():
        client = FakeClient(server)
        gate = make_gate(client, Clock(FakeClock().now, FakeClock().sleep))
        collector = RunCollector(
            home, gate, CollectOptions(checkpoint_rows=100), run_id="crash", now=lambda: NOW
        )
        await collector.collect(["kaznews"])

    with pytest.raises(KeyboardInterrupt):
        asyncio.run(crashing_run())
    state = load_state(home, "kaznews")
    assert (state.min_id, state.max_id, state.complete_history) == (301, 500, False)
    # The writer lands what was buffered (300..252) while unwinding; the state stays at the
    # last checkpoint, behind the lake, which is the safe direction.
    assert len(keys(home)) == 249

    monkeypatch.setattr(history.PostColumns, "add", real)
    server.requests.clear()
    reports, _ = run_collect(home, server, ["kaznews"], run_id="resume")
    landed = Counter(keys(home))
    assert set(landed) == {f"telegram:kaznews:{i}" for i in range(1, 501)}
    assert max(landed.values()) == 1
    assert reports[0].new_items == 251
    assert [r.offset_id for r in server.history_requests()] == [0, 301, 201, 101]
    assert load_state(home, "kaznews").complete_history


def test_since_limits_the_backfill_and_keeps_history_incomplete(home, server):
    server.add_channel("kaznews", 777, n=300)
    since = server.channels["kaznews"].messages[101].date
    run_collect(home, server, ["kaznews"], options=CollectOptions(since=since))
    assert sorted(int(k.rsplit(":", 1)[1]) for k in keys(home)) == list(range(101, 301))
    assert not load_state(home, "kaznews").complete_history


def _recent_channel(server, n=30):
    channel = server.add_channel("kaznews", 777)
    for i in range(1, n + 1):
        channel.messages[i] = message(777, i, date=NOW - timedelta(days=10) + timedelta(hours=i))
    return channel


def test_repoll_appends_metrics_for_the_window_only(home, server):
    channel = _recent_channel(server)  # posts from NOW-10d+1h to NOW-8.75d
    first = NOW - timedelta(days=8)
    run_collect(home, server, ["kaznews"], now=first)
    channel.messages[30].views = 9999
    run_collect(home, server, ["kaznews"], run_id="run-2", now=first + timedelta(hours=1))
    metrics = lake_table(home, "metrics")
    assert sorted(m["views"] for m in metrics if m["post_key"] == "telegram:kaznews:30") == [
        130,
        9999,
    ]
    in_window = {m["post_key"] for m in metrics if m["run_id"] == "run-2"}
    assert in_window == {f"telegram:kaznews:{i}" for i in range(1, 31)}
    # A week later every post is older than the 7-day window: nothing is re-read.
    run_collect(home, server, ["kaznews"], run_id="run-3", now=NOW)
    assert not [m for m in lake_table(home, "metrics") if m["run_id"] == "run-3"]


def test_edit_replaces_text_and_keeps_edited_at(home, server):
    channel = _recent_channel(server)
    later = NOW - timedelta(days=9)
    run_collect(home, server, ["kaznews"], now=later)
    edit_time = later + timedelta(minutes=5)
    channel.messages[20].message = "исправленный текст"
    channel.messages[20].edit_date = edit_time
    reports, _ = run_collect(
        home, server, ["kaznews"], run_id="run-2", now=later + timedelta(hours=1)
    )
    assert reports[0].updated_items == 1
    rows = [r for r in lake_posts(home) if r["post_key"] == "telegram:kaznews:20"]
    assert len(rows) == 1
    assert rows[0]["text"] == "исправленный текст"
    assert rows[0]["edited_at"] == edit_time
    assert rows[0]["is_edited"]
    assert rows[0]["version"] == 2


@pytest.mark.parametrize("keep", [False, True])
def test_deleted_message_gets_deleted_at_and_text_only_if_allowed(home, server, keep):
    channel = _recent_channel(server)
    later = NOW - timedelta(days=9)
    run_collect(home, server, ["kaznews"], now=later)
    del channel.messages[25]
    noticed = later + timedelta(hours=2)
    reports, _ = run_collect(
        home,
        server,
        ["kaznews"],
        run_id="run-2",
        now=noticed,
        options=CollectOptions(keep_deleted_text=keep),
    )
    assert reports[0].deleted == 1
    rows = {r["post_key"]: r for r in lake_posts(home)}
    gone = rows["telegram:kaznews:25"]
    assert gone["deleted_at"] == noticed
    assert gone["version"] == 2
    assert gone["text"] == ("post 25 о законе" if keep else None)
    assert sum(r["deleted_at"] is not None for r in rows.values()) == 1
    assert len(rows) == 30


def test_walker_checkpoints_are_durable_before_state_moves(home, server):
    server.add_channel("kaznews", 777, n=250)
    state = load_state(home, "kaznews")
    state.channel_id, state.access_hash = 777, 4242

    async def go():
        gate = make_gate(FakeClient(server), Clock(FakeClock().now, FakeClock().sleep))
        ctx = ChannelContext("kaznews", 777, "t", lambda p, s: "anon:x", "r1")
        with LakeWriter(home, run_id="r1", batch_rows=10**9) as writer:
            walker = ChannelWalker(
                home, gate, writer, state, ctx, CollectOptions(checkpoint_rows=100), lambda: NOW
            )
            await walker.run()

    asyncio.run(go())
    assert load_state(home, "kaznews").min_id == 1
    assert len(keys(home)) == 250
