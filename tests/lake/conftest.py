"""Fixtures for lake tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pikir.config import DataHome


@pytest.fixture
def home(tmp_path: Path) -> DataHome:
    return DataHome.from_env(tmp_path / "home").ensure()
