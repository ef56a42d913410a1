"""The nightly flow crawls configured petitions: each run adds a signature observation."""

from __future__ import annotations

import duckdb
import pytest

from pikir.config import DataHome
from pikir.sample.server import SampleServer

# Whole nightly runs on the sample: minutes each when the cores are shared (no timing asserts).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
PETITION = "/news/secure.avaaz.org/community_petitions/ru/pikir_demo_za_otkrytye_sotsseti/"


def test_nightly_records_signatures_on_every_run(tmp_path):
    from flows.nightly import nightly

    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[telegram_web]\n[[petitions]]\nsource = "avaaz.org"\nurl = "{PETITION}"\n',
        encoding="utf-8",
    )
    with SampleServer() as server:
        states = [
            nightly(
                home=str(tmp_path / "home"),
                sources_file=str(sources),
                base_url=server.base_url,
                fast=True,
                return_state=True,
            )
            for _ in range(2)
        ]
    assert [s.is_completed() for s in states] == [True, True]
    statuses = [[(r["source"], r["status"]) for r in s.result()["sources"]] for s in states]
    assert statuses == [[("avaaz.org", "ok")], [("avaaz.org", "ok")]]
    con = duckdb.connect(str(DataHome.from_env(tmp_path / "home").warehouse), read_only=True)
    try:
        rows = con.execute(
            "select post_key, observations, signatures > 1000 from petition_signatures"
        ).fetchall()
        (posts,) = con.execute("select count(*) from posts where platform = 'petition'").fetchone()
    finally:
        con.close()
    assert rows == [("petition:avaaz.org:pikir_demo_za_otkrytye_sotsseti", 2, True)]
    assert posts == 1
