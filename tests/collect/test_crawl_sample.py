"""Real ``scrapy crawl`` child processes against the sample server: landing, increments, edits."""

from __future__ import annotations

import duckdb
import pytest

from pikir.collect import crawl, new_run_id

pytestmark = pytest.mark.slow
CHANNEL = "pikir_demo_en"


def crawl_sample(home, server, channels=(CHANNEL,), **arguments):
    args = {"channels": ",".join(channels), "base_url": server.base_url, **arguments}
    return crawl(
        home,
        "telegram_web",
        run_id=new_run_id("test"),
        arguments=args,
        sources=list(channels),
        fast=True,
        timeout=120,
    )


def lake_rows(home, sql):
    glob = str(home.lake / "posts" / "**" / "*.parquet")
    con = duckdb.connect()
    con.execute(f"create view lake as select * from read_parquet('{glob}', hive_partitioning=1)")
    return con.execute(sql).fetchall()


def test_full_history_lands_every_post_once(home, server):
    (result,) = crawl_sample(home, server)
    assert result.status == "ok"
    assert result.new_items == result.items == 55
    assert lake_rows(home, "select count(*), count(distinct post_key) from lake") == [(55, 55)]


def test_second_crawl_is_incremental_and_duplicates_nothing(home, server):
    crawl_sample(home, server)
    server.requests.clear()
    (again,) = crawl_sample(home, server)
    assert (again.status, again.new_items) == ("empty", 0)
    pages = [r for r in server.requests if r.path.startswith(f"/s/{CHANNEL}")]
    assert len(pages) == 1, "an incremental run reads only the newest page"
    assert lake_rows(home, "select count(*) from lake") == [(55,)]


def test_new_post_is_picked_up_next_night(home, server):
    crawl_sample(home, server)
    newest = max(p["id"] for p in server.channel(CHANNEL).posts)
    server.add_post(
        CHANNEL,
        {
            "id": newest + 1,
            "date": "2022-07-01T09:00:00+00:00",
            "text": "A brand new synthetic post",
            "views": 150,
        },
    )
    (result,) = crawl_sample(home, server)
    assert (result.status, result.new_items) == ("ok", 1)
    assert lake_rows(home, f"select text from lake where post_id = '{newest + 1}'") == [
        ("A brand new synthetic post",)
    ]


def test_edited_post_becomes_a_new_version(home, server):
    crawl_sample(home, server)
    newest = max(p["id"] for p in server.channel(CHANNEL).posts if not p.get("service"))
    server.edit_post(CHANNEL, newest, text="Corrected synthetic text", edited=True)
    (result,) = crawl_sample(home, server)
    assert result.updated_items == 1
    rows = lake_rows(home, f"select text, version from lake where post_id = '{newest}'")
    assert rows == [("Corrected synthetic text", 2)]


def test_disabled_preview_is_unavailable_not_empty(home, server):
    (result,) = crawl_sample(home, server, channels=("pikir_demo_closed",))
    assert result.status == "unavailable"


def test_unknown_channel_fails_with_a_reason(home, server):
    (result,) = crawl_sample(home, server, channels=("no_such_channel",))
    assert result.status == "failed"
    assert "404" in (result.error or "")


def test_since_limits_the_backfill(home, server):
    (result,) = crawl_sample(home, server, since="2022-04-01")
    oldest = lake_rows(home, "select min(published_at) from lake")[0][0]
    assert oldest.date().isoformat() >= "2022-04-01"
    assert 0 < result.items < 55
