"""Build ``$PIKIR_HOME/warehouse.duckdb``: layered views over the lake plus small seed tables.

The build writes a new database next to the old one under a temporary name, applies

1. the generated source layer (``src_lake__*``, :mod:`warehouse.sources`),
2. the seeds (``seed_events`` from ``seeds/events.csv``, ``seed_topics`` from the topic files),
3. the SQL files under ``sql/`` in path order (``10_staging`` → ``20_intermediate`` →
   ``30_marts``), each file one view named after its stem; before the first mart, the table
   ``int_near_duplicates`` (:mod:`warehouse.near_duplicates`, read by ``repost_clusters``),
4. the column documentation (:mod:`warehouse.docs`),

then runs the contracts (:mod:`warehouse.contracts`). Only when they all pass is the new file
moved over the old one with ``os.replace``, so a reader sees either the old warehouse or the
complete new one, never half of either; a failing build leaves the old warehouse in place.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pikir.config import DataHome
from pikir.fsutil import TMP_PREFIX, TMP_SUFFIX, fsync_dir
from pikir.lake.storage import register_lake
from warehouse.contracts import ContractResult, enforce, evaluate
from warehouse.docs import MART_COLUMNS, apply_docs
from warehouse.near_duplicates import materialise_near_duplicates
from warehouse.seeds import SeedError, load_topics
from warehouse.sources import SourceView, quote_literal, render_sources

PACKAGE_DIR = Path(__file__).resolve().parent
SQL_DIR = PACKAGE_DIR / "sql"
DEFAULT_EVENTS_CSV = PACKAGE_DIR / "seeds" / "events.csv"
MARTS = tuple(MART_COLUMNS)
MARTS_LAYER = "30_marts"

EVENTS_COLUMNS = {
    "event_date": "DATE",
    "date_precision": "VARCHAR",
    "title_en": "VARCHAR",
    "description": "VARCHAR",
    "confidence": "VARCHAR",
    "source_url": "VARCHAR",
}

_CREATE_VIEW = re.compile(r"create\s+or\s+replace\s+view\s+(\w+)\s+as\b", re.IGNORECASE)


class BuildError(RuntimeError):
    """A SQL file or seed could not be applied."""


@dataclass(frozen=True)
class BuildReport:
    """What a build produced.

    Attributes:
        path: The warehouse file.
        views: Every view created, in creation order (source, staging, intermediate, marts).
        row_counts: Rows in each mart.
        contracts: The result of every contract (all passed, or the build would have raised).
        seconds: Wall time of the build.
        lake_files: Number of Parquet files per lake table at build time.
        missing_columns: Per lake table, schema columns no file had (filled with typed NULLs).
        unreadable_files: Lake files whose Parquet footer could not be read.
    """

    path: Path
    views: tuple[str, ...]
    row_counts: dict[str, int]
    contracts: tuple[ContractResult, ...]
    seconds: float
    lake_files: dict[str, int] = field(default_factory=dict)
    missing_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unreadable_files: tuple[Path, ...] = ()

    def views_in_layer(self, prefix: str) -> tuple[str, ...]:
        """Return the views whose name starts with ``prefix`` (``src_``, ``stg_``, ``int_``)."""
        return tuple(v for v in self.views if v.startswith(prefix))

    def summary(self) -> str:
        """Return a short human-readable summary for the CLI."""
        passed = sum(r.passed for r in self.contracts)
        lines = [
            f"warehouse {self.path} built in {self.seconds:.2f} s: {len(self.views)} views",
            "lake files: " + ", ".join(f"{t}={n}" for t, n in self.lake_files.items()),
        ]
        lines += [f"  {mart:<18} {n:>12,} rows" for mart, n in self.row_counts.items()]
        lines.append(f"contracts: {passed}/{len(self.contracts)} passed")
        empty = [t for t, n in self.lake_files.items() if not n]
        if empty:
            lines.append(f"note: no files yet for {', '.join(empty)}; rebuild after landing")
        lines += [f"note: {t} files lack {', '.join(c)}" for t, c in self.missing_columns.items()]
        lines += [f"warning: unreadable lake file {p}" for p in self.unreadable_files]
        return "\n".join(lines)


def sql_files(root: Path = SQL_DIR) -> list[Path]:
    """Return the layer SQL files in the order they are applied (their relative path)."""
    return sorted(root.glob("*/*.sql"), key=lambda p: p.relative_to(root).as_posix())


def apply_sql_file(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    """Create the single view a SQL file defines and return its name.

    Raises:
        BuildError: the file does not define exactly one view named after its stem, or fails.
    """
    text = path.read_text(encoding="utf-8")
    names = _CREATE_VIEW.findall(text)
    if names != [path.stem]:
        raise BuildError(f"{path} must define exactly one view named {path.stem}, found {names}")
    try:
        con.execute(text)
    except duckdb.Error as exc:
        raise BuildError(f"{path.relative_to(SQL_DIR)}: {exc}") from exc
    return path.stem


def load_events(con: duckdb.DuckDBPyConnection, csv_path: Path) -> None:
    """Load the events seed into the table ``seed_events`` with explicit column types.

    Raises:
        BuildError: the CSV is missing or does not match the expected columns and types.
    """
    columns = ", ".join(
        f"{quote_literal(k)}: {quote_literal(v)}" for k, v in EVENTS_COLUMNS.items()
    )
    options = (
        "header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
        f"dateformat = '%Y-%m-%d', columns = {{{columns}}}"
    )
    path = quote_literal(str(csv_path.resolve()))
    sql = f"create or replace table seed_events as select * from read_csv({path}, {options})"  # noqa: S608
    try:
        con.execute(sql)
    except duckdb.Error as exc:
        raise BuildError(f"events seed {csv_path}: {exc}") from exc


def _create_sources(con: duckdb.DuckDBPyConnection, sources: list[SourceView]) -> list[str]:
    for source in sources:
        try:
            con.execute(source.sql)
        except duckdb.Error as exc:
            raise BuildError(f"source view {source.table.view}: {exc}") from exc
    return [source.table.view for source in sources]


def _populate(
    con: duckdb.DuckDBPyConnection, sources: list[SourceView], events_csv: Path
) -> list[str]:
    con.execute("set TimeZone = 'UTC'")
    views = _create_sources(con, sources)
    load_events(con, events_csv)
    try:
        load_topics(con)
    except SeedError as exc:
        raise BuildError(str(exc)) from exc
    files = sql_files()
    views += [apply_sql_file(con, path) for path in files if path.parent.name != MARTS_LAYER]
    materialise_near_duplicates(con)  # a table the repost_clusters mart reads
    views += [apply_sql_file(con, path) for path in files if path.parent.name == MARTS_LAYER]
    apply_docs(con)
    return views


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def build_warehouse(
    home: DataHome, *, events_csv: str | os.PathLike[str] | None = None
) -> BuildReport:
    """Create or replace ``home.warehouse`` with views over ``home.lake``; run the contracts.

    Args:
        home: The data home; its lake is read, its ``warehouse.duckdb`` replaced.
        events_csv: The events seed; defaults to ``warehouse/seeds/events.csv``.

    Returns:
        The build report (views, mart row counts, contract results, timings).

    Raises:
        ContractError: a contract failed; the previous warehouse is left untouched.
        BuildError: a SQL file, seed or source view could not be applied (e.g. a corrupt
            Parquet file in the lake; the message names it).
        ValueError: the lake path contains glob characters DuckDB would expand.
    """
    started = time.perf_counter()
    target = home.warehouse
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{TMP_PREFIX}{uuid.uuid4().hex}-{target.name}{TMP_SUFFIX}")
    sources = render_sources(home.lake)
    try:
        con = duckdb.connect(str(tmp))
        try:
            register_lake(con, home.lake)
            views = _populate(con, sources, Path(events_csv or DEFAULT_EVENTS_CSV))
            results, seen = evaluate(con)
            enforce(results)
            counts = {mart: seen[mart] for mart in MARTS}
        finally:
            con.close()
        # A stale WAL next to the old file would be replayed against the new one.
        target.with_name(target.name + ".wal").unlink(missing_ok=True)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        _remove(tmp)
    return BuildReport(
        path=target,
        views=tuple(views),
        row_counts=counts,
        contracts=tuple(results),
        seconds=time.perf_counter() - started,
        lake_files={s.table.name: s.files for s in sources},
        missing_columns={s.table.name: s.missing_columns for s in sources if s.missing_columns},
        unreadable_files=tuple(p for s in sources for p in s.unreadable_files),
    )
