"""Fixtures for lake tests."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pikir.config import DataHome


@pytest.fixture
def home(tmp_path: Path) -> DataHome:
    return DataHome.from_env(tmp_path / "home").ensure()


def query(home: DataHome, sql: str, table: str = "posts") -> list[tuple]:
    """Run SQL over ``lake`` = read_parquet of one lake table (as any DuckDB reader would)."""
    glob = str(home.lake / table / "**" / "*.parquet")
    con = duckdb.connect()
    try:
        con.execute(
            "create view lake as select * from "
            f"read_parquet('{glob}', hive_partitioning = true, union_by_name = true)"
        )
        return con.execute(sql).fetchall()
    finally:
        con.close()
