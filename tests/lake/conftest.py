"""Fixtures for lake tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Fixtures of the S3 lake tests (a moto server on loopback), shared by every lake test module.
from s3_helpers import s3_endpoint, s3_env, s3_home  # noqa: F401

from pikir.config import DataHome


@pytest.fixture
def home(tmp_path: Path) -> DataHome:
    return DataHome.from_env(tmp_path / "home").ensure()
