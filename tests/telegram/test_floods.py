"""FloodWait below and above the threshold, deferral, the circuit breaker, with a fake clock."""

from __future__ import annotations

import asyncio

import pytest
from telethon import errors

from collectors.telegram.floods import ChannelDeferred, CircuitOpen, Clock, Gate
from collectors.telegram.state import load_state
from tests.telegram.tg_fakes import (
    FakeClock,
    history_request,
    lake_table,
    run_collect,
    sender_client,
)


def test_flood_error_is_built_like_the_sender_builds_it(server):
    request = history_request(1, 2)
    server.add_channel("a", 1, n=1)
    server.floods[1] = 30
    with pytest.raises(errors.FloodWaitError) as caught:
        server.answer(request)
    assert caught.value.seconds == 30
    assert caught.value.code == 420


def test_short_flood_is_slept_through_and_recorded(home, server):
    server.add_channel("kaznews", 777, n=250)
    server.floods[3] = 30  # the second GetHistory (request 1 is ResolveUsername)
    clock = FakeClock()
    reports, _gate = run_collect(home, server, ["kaznews"], clock=clock)
    assert reports[0].status == "ok"
    assert reports[0].new_items == 250
    assert 30 in clock.sleeps
    assert reports[0].flood_wait_s == 30
    run = lake_table(home, "runs")[0]
    assert run["flood_wait_s"] == 30
    assert run["retries"] == 1


def test_long_flood_checkpoints_defers_the_channel_and_others_continue(home, server):
    server.add_channel("kaznews", 777, n=250)
    server.add_channel("orda", 888, n=40)
    server.floods[4] = 3600  # kaznews' third GetHistory
    reports, _ = run_collect(home, server, ["kaznews", "orda"])
    kaz, orda = reports
    assert kaz.status == "partial"
    assert kaz.flood_wait_s == 3600
    assert "3600" in kaz.error
    assert orda.status == "ok"
    assert orda.new_items == 40
    state = load_state(home, "kaznews")
    assert (state.min_id, state.max_id) == (51, 250)
    assert state.deferred_until
    runs = {r["source"]: r for r in lake_table(home, "runs")}
    assert runs["kaznews"]["status"] == "partial"
    assert runs["kaznews"]["flood_wait_s"] == 3600
    # the checkpoint landed the first two pages
    posts = {p["post_key"] for p in lake_table(home, "posts") if p["source"] == "kaznews"}
    assert len(posts) == 200
    # while deferred, the next run does not ask Telegram about it
    server.requests.clear()
    reports, _ = run_collect(home, server, ["kaznews"], run_id="run-2")
    assert reports[0].status == "partial"
    assert not server.requests


def test_circuit_breaker_stops_the_run_after_repeated_floods(home, server):
    for i, name in enumerate(["a_chan", "b_chan", "c_chan"]):
        server.add_channel(name, 100 + i, n=10)
    server.floods.update({1: 5, 2: 5, 3: 5})
    reports, gate = run_collect(home, server, ["a_chan", "b_chan", "c_chan"], max_floods=3)
    assert [r.status for r in reports] == ["failed", "failed", "failed"]
    assert "circuit breaker" in reports[0].error
    assert "not attempted" in reports[2].error
    assert len(server.requests) == 3
    assert gate.is_open


def gate_over_telethon(server, clock: FakeClock) -> Gate:
    """A gate over Telethon's real client (real ``_call``) whose sender answers from ``server``."""
    return Gate(sender_client(server), clock=Clock(clock.now, clock.sleep))


def test_telethons_own_call_raises_floods_to_the_gate_and_remembers_them(server):
    """Seam B: the real ``_call`` runs; only the sender is fake."""
    server.add_channel("kaznews", 777, n=10)
    server.floods[1] = 120
    clock = FakeClock()

    async def go():
        gate = gate_over_telethon(server, clock)
        request = history_request(777, 4242)
        with pytest.raises(ChannelDeferred) as deferred:
            await gate(request)
        assert deferred.value.seconds == 120
        # Telethon remembers the flood: an identical request fails early, without the network
        with pytest.raises(ChannelDeferred):
            await gate(request)
        with pytest.raises(CircuitOpen):
            await Gate(gate.client, clock=gate.clock, max_floods=1)(request)
        return gate.client

    client = asyncio.run(go())
    assert client.flood_sleep_threshold == 0
    assert len(server.requests) == 1


def test_short_flood_through_telethons_call_is_retried(server):
    server.add_channel("kaznews", 777, n=10)
    server.floods[1] = 2
    clock = FakeClock()

    async def go():
        return await gate_over_telethon(server, clock)(history_request(777, 4242))

    result = asyncio.run(go())
    assert len(result.messages) == 10
    assert clock.sleeps == [2]
    assert len(server.requests) == 2
