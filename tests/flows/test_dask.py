"""The nightly flow on a 2-worker Dask LocalCluster lands the same lake as the thread runner."""

from __future__ import annotations

import duckdb
import pytest

from pikir.config import SAMPLE_SOURCES_FILE, DataHome
from pikir.privacy import ENV_KEY
from pikir.sample.server import SampleServer

# Whole nightly runs on the sample: minutes each when the cores are shared (no timing asserts).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def lake_rows(home):
    glob = str(DataHome.from_env(home).lake / "posts" / "**" / "*.parquet")
    con = duckdb.connect()
    return con.execute(
        f"select post_key, content_sha256, text from read_parquet('{glob}') order by post_key"
    ).fetchall()


def test_dask_and_threads_give_the_same_lake(tmp_path, monkeypatch):
    from flows.nightly import nightly

    # One pseudonym key for both homes, so hidden forward authors hash alike.
    monkeypatch.setenv(ENV_KEY, "dask-equivalence-test-key")
    from flows.runners import make_task_runner

    with SampleServer() as server:
        kwargs = {
            "sources_file": str(SAMPLE_SOURCES_FILE),
            "base_url": server.base_url,
            "fast": True,
        }
        nightly(home=str(tmp_path / "threads"), **kwargs)
        on_dask = nightly.with_options(task_runner=make_task_runner("dask", workers=2))
        state = on_dask(home=str(tmp_path / "dask"), return_state=True, **kwargs)
    assert state.is_completed()
    threads, dask = lake_rows(tmp_path / "threads"), lake_rows(tmp_path / "dask")
    assert len(threads) >= 167
    assert dask == threads


def test_unknown_runner_is_refused():
    from flows.runners import make_task_runner

    with pytest.raises(ValueError, match="unknown task runner"):
        make_task_runner("ray")
