"""Read-only queries on a built warehouse, for tests in any package."""

from __future__ import annotations

from typing import Any

import duckdb

from pikir.config import DataHome


def warehouse_rows(home: DataHome, sql: str) -> list[tuple[Any, ...]]:
    """Run ``sql`` on the built warehouse of ``home``, read-only, and return all rows."""
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
