"""Helpers shared by the importer tests: keyed data homes and reading back what landed."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pikir.config import DataHome
from pikir.lake import layout
from pikir.lake.append import read_table
from pikir.lake.runs import read_runs
from pikir.privacy import ENV_KEY, Pseudonymizer

FILES = Path(__file__).parent / "files"
KEY = "test-pseudonym-key-0123456789"
# Names and numbers of the synthetic private people in the fixtures: never stored anywhere.
PRIVATE_NAMES = (
    "Айгерим Демо",
    "aigerim.demo",
    "Ерлан Демо",
    "Марат Демо",
    "marat.demo",
    "Dana Demo",
    "dana.demo",
    "Marat Demo",
    "Болат Демо",
    "bolat_demo",
    "Гүлнар Демо",
    "gulnar.demo",
    "Бауыржан Демо",
    "701 555 01 02",
    "7015550102",
    "701 123 45 67",
)


def pseudonymizer() -> Pseudonymizer:
    """The pseudonymizer the tests' data homes use."""
    return Pseudonymizer(KEY.encode())


@contextlib.contextmanager
def keyed_home(root: Path) -> Iterator[DataHome]:
    """A fresh data home under ``root`` whose pseudonym key is the tests' key."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_KEY, KEY)
        yield DataHome(root).ensure()


def posts(home: DataHome) -> dict[str, dict[str, Any]]:
    """Every landed post row by post key."""
    return {r["post_key"]: r for r in read_table(home, layout.POSTS).to_pylist()}


def raw_payloads(home: DataHome) -> dict[str, str]:
    """Every landed raw payload by post key."""
    return {r["post_key"]: r["payload"] for r in read_table(home, layout.RAW).to_pylist()}


def runs(home: DataHome) -> list[dict[str, Any]]:
    """Every recorded run row."""
    return read_runs(home).to_pylist()


def dumped(value: Any) -> str:
    """A row or payload as one string, to search for names that must not be there."""
    return json.dumps(value, ensure_ascii=False, default=str)


def engagement(row: dict[str, Any]) -> tuple[int | None, ...]:
    """A row's ``(views, forwards, replies, reaction_total)``."""
    return row["views"], row["forwards"], row["replies"], row["reaction_total"]


def by_post_id(rows: dict[str, dict[str, Any]], post_id: str) -> dict[str, Any]:
    """The one row with ``post_id``."""
    (row,) = (r for r in rows.values() if r["post_id"] == post_id)
    return row
