"""A read-only, sandboxed DuckDB connection to the warehouse for ad-hoc SQL (``pikir query``).

Layers of defence, each proved by a test in ``tests/analysis/test_sandbox.py``:

* the warehouse is opened ``read_only`` (no CREATE, INSERT, ...);
* only the data home is reachable: ``allowed_directories`` = the data home, then
  ``enable_external_access = false`` (no other file, no network, no extension loading) and
  ``lock_configuration = true`` (the query cannot undo either);
* only a single ``SELECT`` (or ``EXPLAIN``) statement is accepted, so ``COPY ... TO``,
  ``ATTACH``, ``EXPORT``, ``SET`` and ``PRAGMA`` are refused before anything runs;
* values are bound as parameters (``$name``), never pasted into the SQL text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import duckdb
import pyarrow as pa

from pikir.config import DataHome
from pikir.lake import storage

ALLOWED_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
_INTEGER = re.compile(r"-?[1-9][0-9]{0,17}|0")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class SandboxError(ValueError):
    """The SQL or a parameter is refused before it runs."""


def parse_params(pairs: Iterable[str]) -> dict[str, Any]:
    """Parse ``k=v`` pairs: integers become ``int``, everything else stays a string.

    Raises:
        SandboxError: a pair has no ``=`` or its name is not an identifier.
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not _NAME.fullmatch(name):
            raise SandboxError(f"--param must look like name=value, got {pair!r}")
        params[name] = int(value) if _INTEGER.fullmatch(value) else value
    return params


def check_sql(sql: str) -> None:
    """Accept exactly one SELECT or EXPLAIN statement.

    Raises:
        SandboxError: the SQL does not parse, holds several statements, or is of another kind.
    """
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise SandboxError(f"SQL does not parse: {exc}") from exc
    if len(statements) != 1:
        raise SandboxError(f"exactly one statement is allowed, got {len(statements)}")
    kind = statements[0].type
    if kind not in ALLOWED_STATEMENTS:
        raise SandboxError(f"only SELECT queries are allowed, not {kind.name}")


def connect(home: DataHome) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only, confined to the data home, with the configuration locked.

    Raises:
        FileNotFoundError: the warehouse has not been built yet.
    """
    if not home.warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {home.warehouse}; run `pikir build` first")
    con = duckdb.connect(
        str(home.warehouse),
        read_only=True,
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
    )
    # Order matters: allowed_directories cannot be set once external access is off.
    allowed = [f"{home.root}/"]
    if storage.is_object(home.lake):  # an S3 lake: its views read s3:// through fsspec
        storage.register_lake(con, home.lake)
        allowed.append(f"{storage.location(home.lake)}/")
    con.execute("set allowed_directories = $dirs", {"dirs": allowed})
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return con


def run_query(home: DataHome, sql: str, params: Mapping[str, Any] | None = None) -> pa.Table:
    """Run one checked SELECT in the sandbox, binding ``params``; return the result as Arrow.

    Raises:
        SandboxError: the SQL is refused (see :func:`check_sql`).
        duckdb.Error: DuckDB refused or failed the query (e.g. a file outside the data home).
    """
    check_sql(sql)
    con = connect(home)
    try:
        return con.sql(sql, params=dict(params or {})).to_arrow_table()
    finally:
        con.close()
