"""Documentation of every view and every mart column, applied as ``COMMENT ON`` at build time.

Analysts see it with ``SELECT table_name, column_name, comment FROM duckdb_columns()`` (or
``duckdb_views()`` for the views). The ``docs_complete`` contract fails the build when a mart
column is undocumented or a documented column no longer exists.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import duckdb

from warehouse.sources import LAKE_TABLES, quote_ident, quote_literal

SQL_DIR = Path(__file__).resolve().parent / "sql"
MARTS_DIR = SQL_DIR / "30_marts"


def _load(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from exc


def load_docs(sql_dir: Path = SQL_DIR) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Read ``<view>.toml`` beside each ``<view>.sql``: view descriptions and mart columns.

    Each view documents itself in a file next to its SQL (dbt's ``.yml`` habit), so adding a
    mart never means editing a shared module: ``description = "..."`` plus, for marts, a
    ``[columns]`` table mapping every column to its meaning.
    """
    views: dict[str, str] = {
        table.view: f"Generated: typed read of lake/{table.name} (see warehouse/sources.py)."
        for table in LAKE_TABLES
    }
    marts: dict[str, dict[str, str]] = {}
    for path in sorted(sql_dir.rglob("*.toml")):
        doc = _load(path)
        views[path.stem] = str(doc.get("description", ""))
        if path.parent.name == MARTS_DIR.name:
            marts[path.stem] = {str(k): str(v) for k, v in doc.get("columns", {}).items()}
    return views, marts


VIEW_DOCS, MART_COLUMNS = load_docs()


def apply_docs(con: duckdb.DuckDBPyConnection) -> int:
    """Comment every documented mart and column; return the number of comments applied."""
    applied = 0
    for view, text in VIEW_DOCS.items():
        con.execute(f"comment on view {quote_ident(view)} is {quote_literal(text)}")
        applied += 1
    for view, columns in MART_COLUMNS.items():
        existing = {
            row[0]
            for row in con.execute(
                "select column_name from duckdb_columns() where table_name = ?", [view]
            ).fetchall()
        }
        for column, text in columns.items():
            if column in existing:
                target = f"{quote_ident(view)}.{quote_ident(column)}"
                con.execute(f"comment on column {target} is {quote_literal(text)}")
                applied += 1
    return applied
