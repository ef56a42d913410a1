"""Telethon faults (F16-F21) through the real collector and Telethon's real client.

The fake sits at Telethon's request boundary (``tests/telegram/tg_fakes``): it answers with real
``tl.types`` objects or raises the errors Telethon raises (FloodWaitError, ConnectionError).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta

import pytest
from telethon.tl import functions

from collectors.telegram.session import open_session
from collectors.telegram.state import load_state
from tests.faults.fault_ledger import reconcile
from tests.telegram.tg_fakes import NOW, FakeClock, FakeTelegram, lake_table, run_collect


def keys(channel: str, n: int) -> set[str]:
    return {f"telegram:{channel}:{i}" for i in range(1, n + 1)}


@pytest.fixture
def server() -> FakeTelegram:
    return FakeTelegram()


def test_f16_short_flood_is_slept_through_with_nothing_lost(home, server):
    server.add_channel("kaznews", 777, n=250)
    server.floods[3] = 30
    clock = FakeClock()
    (report,), _ = run_collect(home, server, ["kaznews"], clock=clock)
    assert report.status == "ok"
    assert 30 in clock.sleeps
    reconcile(home, "F16 FloodWait 30 s below the threshold", keys("kaznews", 250))


def test_f17_long_flood_defers_the_channel_and_a_later_run_resumes(home, server):
    server.add_channel("kaznews", 777, n=250)
    server.add_channel("orda", 888, n=40)
    server.floods[4] = 24_348
    clock = FakeClock()
    kaz, orda = run_collect(home, server, ["kaznews", "orda"], clock=clock)[0]
    assert kaz.status == "partial"
    assert "24348" in kaz.error  # names the wait
    assert orda.status == "ok"
    assert 24_348 not in clock.sleeps  # never slept in-process
    assert load_state(home, "kaznews").deferred_until
    later = NOW + timedelta(seconds=24_348 + 3600)
    (again,), _ = run_collect(home, server, ["kaznews"], now=later, run_id="run-2")
    assert again.status in {"ok", "empty"}, again.error
    reconcile(
        home,
        "F17 FloodWait 24348 s: defer then resume",
        keys("kaznews", 250) | keys("orda", 40),
        resumed=True,
    )


def test_f18_flood_storm_opens_the_breaker_and_bounds_the_calls(home, server):
    for i, name in enumerate(["a_chan", "b_chan", "c_chan"]):
        server.add_channel(name, 100 + i, n=10)
    run_collect(home, server, ["a_chan", "b_chan", "c_chan"])  # resolves and lands all three
    server.requests.clear()
    for i in range(1, 4):
        server.add_channel(f"x{i}", 200 + i)
    server.floods.update({1: 5, 2: 5, 3: 5, 4: 5})
    reports, gate = run_collect(
        home, server, ["a_chan", "b_chan", "c_chan"], run_id="storm", max_floods=3
    )
    assert gate.is_open
    assert "circuit breaker" in reports[0].error
    assert len(server.requests) <= 4
    resolves = [
        r for r in server.requests if isinstance(r, functions.contacts.ResolveUsernameRequest)
    ]
    assert resolves == []  # (id, access_hash) came from the cache
    expected = keys("a_chan", 10) | keys("b_chan", 10) | keys("c_chan", 10)
    (_, _, _), _ = run_collect(
        home, server, ["a_chan", "b_chan", "c_chan"], run_id="after-storm", max_floods=3
    )
    reconcile(home, "F18 flood storm", expected, faults=3, resumed=True)


def test_f19_locked_session_fails_fast_naming_the_file_and_keeps_it(tmp_path, monkeypatch):
    from collectors.telegram.session import GuardedSQLiteSession, SessionLocked

    path = tmp_path / "acct.session"
    open_session(path, create=True).close()
    before = path.read_bytes()
    monkeypatch.setattr(GuardedSQLiteSession, "lock_timeout", 0.1)
    holder = sqlite3.connect(path)
    holder.execute("begin exclusive")
    try:
        with pytest.raises(SessionLocked, match=str(path)):
            open_session(path)
    finally:
        holder.rollback()
        holder.close()
    assert path.read_bytes() == before


@pytest.mark.parametrize("damage", ["truncated", "random"], ids=["F20-truncated", "F20-random"])
def test_f20_corrupt_session_is_reported_and_preserved(tmp_path, damage):
    path = tmp_path / "acct.session"
    open_session(path, create=True).close()
    data = path.read_bytes()[:100] if damage == "truncated" else os.urandom(4096)
    path.write_bytes(data)
    path.chmod(0o600)
    with pytest.raises(RuntimeError) as caught:
        open_session(path)
    message = str(caught.value)
    assert str(path) in message
    assert "login" in message
    assert path.read_bytes() == data  # never deleted or rewritten


def test_f21_connection_lost_mid_history_resumes_from_the_checkpoint(home, server):
    server.add_channel("kaznews", 777, n=500)
    calls = {"history": 0}

    def drop_third_page(request):
        if isinstance(request, functions.messages.GetHistoryRequest):
            calls["history"] += 1
            if calls["history"] == 3:
                return ConnectionError("Connection to Telegram failed 5 time(s)")
        return None

    server.fail_on = drop_third_page
    (first,), _ = run_collect(home, server, ["kaznews"])
    assert first.status in {"partial", "failed"}
    assert "Connection" in (first.error or ""), first.error
    server.fail_on = lambda request: None
    (second,), _ = run_collect(home, server, ["kaznews"], run_id="run-2")
    assert second.status in {"ok", "empty"}, second.error
    assert all(r["status"] for r in lake_table(home, "runs"))
    reconcile(home, "F21 ConnectionError mid-history", keys("kaznews", 500), resumed=True)
