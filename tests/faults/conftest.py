"""Fault campaign fixtures: a data home, the session ledger, and the summary line at the end."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pikir.config import DataHome
from pikir.sample.server import SampleServer
from tests.faults.fault_ledger import LEDGER_ENV, session_base


@pytest.fixture(scope="session", autouse=True)
def fault_ledger(request) -> Path:
    """This process's ledger file, in the session's base temp dir (one file per xdist worker)."""
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    path = session_base(request.config) / f"fault_ledger-{worker}.jsonl"
    path.write_text("", encoding="utf-8")
    previous = os.environ.get(LEDGER_ENV)
    os.environ[LEDGER_ENV] = str(path)
    yield path
    if previous is None:
        os.environ.pop(LEDGER_ENV, None)
    else:
        os.environ[LEDGER_ENV] = previous


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> DataHome:
    """A fresh data home with a pseudonym key (collectors refuse to run without one)."""
    monkeypatch.setenv("PIKIR_PSEUDONYM_KEY", "fault-campaign-pseudonym-key-0123456789")
    return DataHome(tmp_path / "home").ensure()


@pytest.fixture
def sample_server():
    """The bundled sample served on a free loopback port (canned faults can be injected)."""
    with SampleServer() as running:
        yield running
