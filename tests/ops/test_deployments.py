"""Deployments from prefect.yaml on a real Prefect server with a real process worker."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import duckdb
import pytest
from prefect_server import BIN, PrefectServer

from pikir.config import REPO_ROOT, SAMPLE_SOURCES_FILE, DataHome
from pikir.sample.server import SampleServer

# Whole nightly runs on the sample: minutes each when the cores are shared (no timing asserts).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = PrefectServer(tmp_path_factory.mktemp("prefect"))
    try:
        running.wait_healthy()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def sample():
    with SampleServer() as running:
        yield running


@pytest.fixture(scope="module")
def deployed(server):
    done = subprocess.run(
        [str(BIN / "pikir"), "setup-prefect"],
        env=server.env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def prefect(server, *args, timeout=300, cwd=None):
    return subprocess.run(
        [str(BIN / "prefect"), *args],
        env=server.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
    )


def trigger_nightly(server, sample, home):
    params = {
        "home": str(home),
        "sources_file": str(SAMPLE_SOURCES_FILE),
        "base_url": sample.base_url,
        "fast": True,
    }
    done = prefect(server, "deployment", "run", "nightly/nightly", "--params", json.dumps(params))
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def flow_runs(server):
    code = (
        "import json; from prefect.client.orchestration import get_client\n"
        "with get_client(sync_client=True) as c:\n"
        "    runs = c.read_flow_runs()\n"
        "    out = []\n"
        "    for r in runs:\n"
        "        arts = c.read_artifacts() if r.state and r.state.is_completed() else []\n"
        "        keys = sorted({a.key for a in arts if a.flow_run_id == r.id and a.key})\n"
        "        out.append({'id': str(r.id), 'state': r.state.type.value, 'artifacts': keys})\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run(
        [str(BIN / "python"), "-c", code],
        env=server.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


def run_worker_once(server, cwd):
    """A process worker of ``pikir-process`` that runs the next scheduled flow run, then exits."""
    return prefect(server, "worker", "start", "--pool", "pikir-process", "--run-once", cwd=cwd)


def lake_counts(home):
    glob = str(DataHome.from_env(home).lake / "posts" / "**" / "*.parquet")
    con = duckdb.connect()
    total, distinct, telegram = con.execute(
        "select count(*), count(distinct post_key), count(*) filter (platform = 'telegram') "
        f"from read_parquet('{glob}', hive_partitioning = true)"
    ).fetchall()[0]
    assert total == distinct, "a post_key is duplicated in the lake"
    return telegram, distinct - (total - telegram)


def test_setup_creates_pool_limits_and_three_deployments(server, deployed):
    listing = prefect(server, "deployment", "ls")
    for name in ("nightly/nightly", "backfill/backfill", "maintenance/maintenance"):
        assert name in listing.stdout
    limits = prefect(server, "concurrency-limit", "ls")
    assert "telegram-account" in limits.stdout
    schedule = prefect(server, "deployment", "schedule", "ls", "nightly/nightly")
    assert "0 3 * * *" in schedule.stdout


def test_worker_runs_the_nightly_deployment(server, deployed, sample, tmp_path):
    home = tmp_path / "home"
    trigger_nightly(server, sample, home)
    worker = run_worker_once(server, tmp_path)
    assert worker.returncode == 0, worker.stdout[-3000:] + worker.stderr[-3000:]
    completed = [r for r in flow_runs(server) if r["state"] == "COMPLETED"]
    assert completed, worker.stdout[-4000:] + worker.stderr[-4000:]
    assert {"nightly-sources", "nightly-summary"} <= set(completed[0]["artifacts"])
    assert lake_counts(home) == (167, 167)


def test_killed_worker_then_next_run_completes_without_duplicates(
    server, deployed, sample, tmp_path
):
    home = tmp_path / "home"
    trigger_nightly(server, sample, home)
    worker = subprocess.Popen(
        [str(BIN / "prefect"), "worker", "start", "--pool", "pikir-process"],
        env=server.env(),
        cwd=tmp_path,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not (DataHome.from_env(home).lake / "runs").exists():
        time.sleep(0.5)  # wait until the first crawl recorded its run: the flow is mid-way
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    trigger_nightly(server, sample, home)
    finished = run_worker_once(server, tmp_path)
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    assert lake_counts(home) == (167, 167)


def test_prefect_yaml_has_no_machine_paths():
    text = (REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8")
    assert "/work/" not in text
    assert "/home/" not in text
    assert str(REPO_ROOT) not in text
