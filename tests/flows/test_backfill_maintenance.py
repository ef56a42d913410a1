"""The backfill and maintenance flows on Prefect's real engine."""

from __future__ import annotations

import duckdb
import pytest

from pikir.config import SAMPLE_SOURCES_FILE, DataHome
from pikir.sample.server import SampleServer

# Whole nightly runs on the sample: minutes each when the cores are shared (no timing asserts).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def server():
    with SampleServer() as running:
        yield running


def lake_posts(home, where="true"):
    glob = str(DataHome.from_env(home).lake / "posts" / "**" / "*.parquet")
    con = duckdb.connect()
    return con.execute(
        f"select count(*), count(distinct post_key), min(published_at)::date::varchar, "
        f"max(published_at)::date::varchar from read_parquet('{glob}') where {where}"
    ).fetchall()[0]


def test_backfill_collects_only_the_window_and_twice_adds_nothing(tmp_path, server):
    from flows.backfill import backfill

    kwargs = {
        "since": "2022-03-01",
        "until": "2022-03-31",
        "sources": ["pikir_demo_ru"],
        "home": str(tmp_path),
        "sources_file": str(SAMPLE_SOURCES_FILE),
        "base_url": server.base_url,
        "fast": True,
    }
    (first,) = backfill(**kwargs)
    count, distinct, first_day, last_day = lake_posts(tmp_path)
    assert first["status"] == "ok"
    assert count == distinct == first["new_items"] > 0
    assert first_day >= "2022-03-01"
    assert last_day <= "2022-03-31"
    (again,) = backfill(**kwargs)
    assert again["new_items"] == 0
    assert lake_posts(tmp_path)[:2] == (count, count)


def test_maintenance_quarantines_compacts_and_rebuilds(tmp_path, server):
    from flows.maintenance import maintenance
    from flows.nightly import nightly

    nightly(
        home=str(tmp_path),
        sources_file=str(SAMPLE_SOURCES_FILE),
        base_url=server.base_url,
        fast=True,
    )
    home = DataHome.from_env(tmp_path)
    con = duckdb.connect(str(home.warehouse), read_only=True)
    (before,) = con.execute("select count(*) from posts").fetchall()[0]
    con.close()
    victim = next((home.lake / "posts").rglob("*.parquet"))
    victim.write_bytes(victim.read_bytes()[:100])
    summary = maintenance(home=str(tmp_path), raw_days=None)
    assert [q["file"] for q in summary["quarantined"]] == [str(victim.relative_to(home.lake))]
    assert summary["warehouse"] == str(home.warehouse)
    con = duckdb.connect(str(home.warehouse), read_only=True)
    (posts,) = con.execute("select count(*) from posts").fetchall()[0]
    assert 0 < posts < before  # the quarantined file's posts are gone from the views
