"""Fixtures for crawls run end to end against the local sample server."""

from __future__ import annotations

from pathlib import Path

import pytest

from pikir.config import DataHome
from pikir.sample.server import SampleServer


@pytest.fixture
def server():
    with SampleServer() as running:
        yield running


@pytest.fixture
def home(tmp_path: Path) -> DataHome:
    return DataHome.from_env(tmp_path / "home").ensure()
