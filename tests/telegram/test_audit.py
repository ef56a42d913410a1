"""The completeness audit: the fake API against the sample server's web preview."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from telethon.tl import types

from collectors.telegram.audit import PoliteFetcher, Side, audit_channel, compare
from collectors.telegram.floods import Clock, Gate
from pikir.sample.content import id_span
from pikir.sample.server import SampleServer
from tests.telegram.tg_fakes import FakeClient, FakeClock, lake_table

CHANNEL = "pikir_demo_en"
SINCE = datetime(2021, 1, 1, tzinfo=UTC)
UNTIL = datetime(2023, 1, 1, tzinfo=UTC)


def api_from_sample(server, sample) -> None:
    """The fake API holds every message of the sample channel (albums: one per item)."""
    channel = server.add_channel(CHANNEL, 5150)
    for post in sample.channel(CHANNEL).posts:
        date = datetime.fromisoformat(post["date"])
        span = id_span(post)
        for msg_id in range(post["id"], post["id"] + span):
            if post.get("service"):
                channel.messages[msg_id] = types.MessageService(
                    id=msg_id,
                    peer_id=types.PeerChannel(5150),
                    date=date,
                    action=types.MessageActionChannelCreate(title="x"),
                )
            else:
                channel.messages[msg_id] = types.Message(
                    id=msg_id,
                    peer_id=types.PeerChannel(5150),
                    date=date,
                    message=post.get("text") or "",
                    grouped_id=post["id"] if span > 1 else None,
                )


def run_audit(home, server, base_url):
    async def go():
        gate = Gate(FakeClient(server), clock=Clock(FakeClock().now, FakeClock().sleep))
        fetch = PoliteFetcher(base_url, delay=0)
        return await audit_channel(
            home,
            gate,
            CHANNEL,
            types.InputPeerChannel(5150, 4242),
            fetch,
            base_url=base_url,
            since=SINCE,
            until=UTC_NOW,
            run_id="audit-run",
        )

    return asyncio.run(go())


UTC_NOW = datetime(2023, 1, 1, tzinfo=UTC)


@pytest.mark.slow
def test_audit_finds_ids_the_preview_misses_and_gaps(home, server):
    with SampleServer() as sample:
        api_from_sample(server, sample)
        posts = [p for p in sample.channel(CHANNEL).posts if not p.get("service")]
        hidden = [posts[10]["id"], posts[20]["id"]]
        gone = posts[30]["id"]
        for post_id in [*hidden, gone]:
            sample.delete_post(CHANNEL, post_id)
        del server.channels[CHANNEL].messages[gone]
        row = run_audit(home, server, sample.base_url)
    assert row["only_api_ids"] == sorted(hidden)
    assert row["only_web_ids"] == []
    assert gone in row["gap_ids"]
    assert row["gap_count"] >= 1
    assert row["api_count"] == row["both_count"] + 2
    landed = lake_table(home, "completeness")
    assert len(landed) == 1
    assert landed[0]["only_api_ids"] == sorted(hidden)
    assert landed[0]["source"] == CHANNEL


def test_compare_counts_album_items_present_when_one_is_on_the_web():
    d = datetime(2022, 1, 1, tzinfo=UTC)
    api = Side(posts={5: d, 6: d, 7: d, 9: d}, groups={5: 1, 6: 1, 7: 1}, service={1})
    web = Side(posts={5: d, 10: d})
    row = compare(api, web)
    assert row["only_api_ids"] == [9]
    assert row["only_web_ids"] == [10]
    assert row["both_count"] == 3
    assert row["gap_ids"] == [8]
