"""The nightly flow end to end on Prefect's real engine, against the bundled sample."""

from __future__ import annotations

import duckdb
import pytest

from pikir.config import SAMPLE_SOURCES_FILE, DataHome
from pikir.sample.server import SampleServer

# Whole nightly runs on the sample: minutes each when the cores are shared (no timing asserts).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
TELEGRAM_COUNTS = "select count(*), count(distinct post_key) from posts where platform = 'telegram'"


@pytest.fixture(scope="module")
def server():
    with SampleServer() as running:
        yield running


def run_nightly(home, server, sources_file=SAMPLE_SOURCES_FILE):
    from flows.nightly import nightly

    return nightly(
        home=str(home),
        sources_file=str(sources_file),
        base_url=server.base_url,
        fast=True,
        return_state=True,
    )


def warehouse_rows(home, sql):
    con = duckdb.connect(str(DataHome.from_env(home).warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def artifact_keys(flow_run_id):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {a.key for a in artifacts}


def test_nightly_lands_builds_and_reports(tmp_path, server):
    state = run_nightly(tmp_path, server)
    assert state.is_completed()
    summary = state.result()
    statuses = {r["source"]: r["status"] for r in summary["sources"]}
    expected = {
        "pikir_demo_ru": "ok",
        "pikir_demo_kk": "ok",
        "pikir_demo_en": "ok",
        "pikir_demo_closed": "unavailable",
    }
    assert {name: statuses.get(name) for name in expected} == expected
    assert all({"flood_wait_s", "deferred"} <= set(r) for r in summary["sources"])
    assert warehouse_rows(tmp_path, TELEGRAM_COUNTS) == [(167, 167)]
    assert {"nightly-sources", "nightly-summary"} <= artifact_keys(state.state_details.flow_run_id)


def test_nightly_twice_duplicates_nothing(tmp_path, server):
    run_nightly(tmp_path, server)
    state = run_nightly(tmp_path, server)
    assert state.is_completed()
    assert {
        r["new_items"] for r in state.result()["sources"] if r["source"].startswith("pikir_")
    } == {0}
    assert warehouse_rows(tmp_path, TELEGRAM_COUNTS) == [(167, 167)]
    (runs,) = warehouse_rows(tmp_path, "select count(distinct run_id) from collection_health")[0]
    assert runs == 2


def test_failed_source_fails_the_flow_after_building(tmp_path, server):
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[telegram_web]\n[[telegram_web.channels]]\nname = "pikir_demo_en"\n'
        '[[telegram_web.channels]]\nname = "no_such_channel"\n',
        encoding="utf-8",
    )
    state = run_nightly(tmp_path / "home", server, sources_file=sources)
    assert state.is_failed()
    assert "no_such_channel" in state.message
    assert warehouse_rows(tmp_path / "home", "select count(*) from posts") == [(55,)]
    failed = warehouse_rows(
        tmp_path / "home", "select source from collection_health where status = 'failed'"
    )
    assert failed == [("no_such_channel",)]
