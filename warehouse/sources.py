"""The generated source layer: one ``src_lake__<table>`` view per lake table.

The source views are the only place that knows where the lake is. They are generated from the
Arrow schemas in :mod:`pikir.schema` rather than written by hand, because what they must say
depends on the lake as it is at build time:

* every view has the full typed column set of its schema, in schema order, then the hive
  partition columns, then ``filename`` (the file a row came from, for lineage);
* a column that no file has yet (schema drift: a column added after older files were written)
  becomes ``CAST(NULL AS <type>)``; files that have it and files that lack it are read together
  with ``union_by_name``;
* a table with no files at all yet becomes a typed, empty ``SELECT ... WHERE false``, because
  ``read_parquet`` fails on a glob that matches nothing. Rebuild after the first landing.

Only ``*.parquet`` files at the partition depth whose name does not start with ``_`` or ``.``
are read (the rule of ``pikir.lake.layout.is_data_file``): the writers' temporary files
(``_tmp-<hex>-<name>.parquet.inprogress``) and any hidden or underscore file never match.
Paths are absolute, so the warehouse works from any working directory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pikir.lake import storage
from pikir.lake.layout import TABLES

HIVE_TYPES = {"platform": "VARCHAR", "date": "DATE"}
GLOB_METACHARACTERS = frozenset("*?[]{}")


@dataclass(frozen=True)
class LakeTable:
    """A lake table: its Arrow schema (file columns) and its hive partition columns."""

    name: str
    schema: pa.Schema
    partitions: tuple[str, ...]

    @property
    def view(self) -> str:
        """Name of the generated source view."""
        return f"src_lake__{self.name}"

    def pattern(self) -> str:
        """Glob of this table's data files, relative to the lake root."""
        dirs = "/".join(f"{name}=*" for name in self.partitions)
        return f"{self.name}/{dirs}/[!_.]*.parquet"


LAKE_TABLES = tuple(
    LakeTable(table.name, table.schema, table.partition_by) for table in TABLES.values()
)
"""Every table of :data:`pikir.lake.layout.TABLES`: a new lake table gets its source view."""


@dataclass(frozen=True)
class SourceView:
    """What was generated for one lake table, for the build report."""

    table: LakeTable
    sql: str
    files: int
    missing_columns: tuple[str, ...]
    unreadable_files: tuple[Path, ...] = field(default_factory=tuple)


def quote_ident(name: str) -> str:
    """Return ``name`` as a double-quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """Return ``value`` as a single-quoted SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def duckdb_type(dtype: pa.DataType) -> str:
    """Return the DuckDB type name for an Arrow type used in the lake schemas.

    Raises:
        TypeError: the Arrow type has no mapping here (extend this function with the schema).
    """
    simple = {
        pa.string(): "VARCHAR",
        pa.large_string(): "VARCHAR",
        pa.bool_(): "BOOLEAN",
        pa.int32(): "INTEGER",
        pa.int64(): "BIGINT",
        pa.uint32(): "UINTEGER",
        pa.float64(): "DOUBLE",
        pa.date32(): "DATE",
    }
    if dtype in simple:
        return simple[dtype]
    if pa.types.is_timestamp(dtype):
        return "TIMESTAMP WITH TIME ZONE" if dtype.tz else "TIMESTAMP"
    if pa.types.is_list(dtype) or pa.types.is_large_list(dtype):
        return f"{duckdb_type(dtype.value_type)}[]"
    if pa.types.is_struct(dtype):
        members = ", ".join(
            f"{quote_ident(child.name)} {duckdb_type(child.type)}" for child in dtype
        )
        return f"STRUCT({members})"
    raise TypeError(f"no DuckDB type for Arrow type {dtype}")


def check_lake_path(lake: Path) -> Path:
    """Return the absolute lake path, refusing paths that DuckDB would read as a glob.

    Raises:
        ValueError: the path contains a glob metacharacter such as ``*`` or ``[``.
    """
    absolute = lake if storage.is_object(lake) else lake.expanduser().resolve()
    bad = sorted(set(str(absolute)) & GLOB_METACHARACTERS)
    if bad:
        raise ValueError(f"lake path {absolute} contains glob characters {bad}; move the data home")
    return absolute


def lake_files(lake: Path, table: LakeTable) -> list[Path]:
    """Return the table's data files, sorted; the same set DuckDB's glob will read."""
    return sorted(path for path in lake.glob(table.pattern()) if path.is_file())


def inspect_columns(files: list[Path]) -> tuple[set[str], list[Path]]:
    """Return the union of column names in ``files`` and the files whose footer is unreadable."""
    names: set[str] = set()
    unreadable: list[Path] = []
    for path in files:
        try:
            names.update(storage.read_schema(path).names)
        except (pa.ArrowInvalid, OSError):
            unreadable.append(path)
    return names, unreadable


def _select_list(table: LakeTable, present: set[str] | None) -> tuple[list[str], list[str]]:
    """Return the typed select expressions and the columns that had to be filled with NULL."""
    exprs: list[str] = []
    missing: list[str] = []
    for column in table.schema:
        typ = duckdb_type(column.type)
        name = quote_ident(column.name)
        if present is not None and column.name in present:
            exprs.append(f"cast({name} as {typ}) as {name}")
        else:
            if present is not None:
                missing.append(column.name)
            exprs.append(f"cast(null as {typ}) as {name}")
    for part in table.partitions:
        name = quote_ident(part)
        value = name if present is not None else "null"
        exprs.append(f"cast({value} as {HIVE_TYPES[part]}) as {name}")
    exprs.append(
        '"filename" as "filename"' if present is not None else 'cast(null as VARCHAR) as "filename"'
    )
    return exprs, missing


def render_source_view(lake: Path, table: LakeTable) -> SourceView:
    """Inspect the table's files and return the ``CREATE VIEW`` statement for its source view."""
    lake = check_lake_path(lake)
    files = lake_files(lake, table)
    present, unreadable = inspect_columns(files)
    readable = bool(files) and len(unreadable) < len(files)
    exprs, missing = _select_list(table, present if readable else None)
    header = (
        f"-- generated by warehouse/sources.py from the {table.name} schema in pikir/schema.py\n"
        f"-- {len(files)} file(s) at build time"
    )
    body = ",\n    ".join(exprs)
    if readable:
        hive = ", ".join(
            f"{quote_literal(k)}: {quote_literal(HIVE_TYPES[k])}" for k in table.partitions
        )
        glob = quote_literal(f"{storage.location(lake)}/{table.pattern()}")
        source = (
            f"from read_parquet(\n    {glob},\n    hive_partitioning = true,\n"
            f"    union_by_name = true,\n    filename = true,\n    hive_types = {{{hive}}}\n)"
        )
    else:
        source = "where false  -- no readable files yet: typed and empty until the next build"
    sql = f"{header}\ncreate or replace view {table.view} as\nselect\n    {body}\n{source}\n"
    return SourceView(table, sql, len(files), tuple(missing), tuple(unreadable))


def render_sources(lake: Path) -> list[SourceView]:
    """Return the source views of every lake table, in :data:`LAKE_TABLES` order."""
    return [render_source_view(lake, table) for table in LAKE_TABLES]
