"""Fixtures of the Telegram API collector tests: a data home and a fake Telegram."""

from __future__ import annotations

import pytest

from pikir.config import DataHome
from tests.telegram.tg_fakes import FakeTelegram


@pytest.fixture
def home(tmp_path, monkeypatch) -> DataHome:
    monkeypatch.setenv("PIKIR_PSEUDONYM_KEY", "test-pseudonym-key-0123456789")
    return DataHome(tmp_path / "home").ensure()


@pytest.fixture
def server() -> FakeTelegram:
    return FakeTelegram()
