"""Reconciliation for the fault campaign: expected keys against what the lake and views hold.

After every injected fault a case calls :func:`reconcile`, which

* lists the ``post_key`` values in every readable ``posts`` file (pyarrow, file by file, so a
  duplicate across files is seen even when a view would hide it),
* counts duplicates in the lake and, when asked, in the warehouse ``posts`` mart,
* finds files that DuckDB views would glob (published ``*.parquet`` of every lake table) but
  that cannot be fully decoded,
* appends one JSON line per case to the session ledger (:data:`LEDGER_ENV` names the file) and
  asserts the campaign invariants: 0 lost, 0 duplicates, 0 unreadable files visible, resumed.

``tests/faults/conftest.py`` sets the ledger path under the pytest session's base temp dir and
prints the totals at the end of the run (:func:`summary_line`).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pikir.config import DataHome
from pikir.lake import layout
from pikir.lake.integrity import problem_with

LEDGER_ENV = "PIKIR_FAULT_LEDGER"


@dataclass
class CaseRecord:
    """One reconciled fault case, as written to the ledger."""

    case: str
    faults: int
    expected: int
    found: int
    lost: int
    duplicates: int
    unreadable_visible: int
    resumed: bool | None


def lake_keys(home: DataHome) -> list[str]:
    """Every ``post_key`` in every readable published ``posts`` file (duplicates kept)."""
    keys: list[str] = []
    for path in layout.data_files(home.lake / layout.POSTS.name):
        try:
            keys += pq.read_table(path, columns=["post_key"])["post_key"].to_pylist()
        except (pa.ArrowException, OSError):
            continue  # counted by unreadable_visible(), not here
    return keys


def duplicates(keys: Iterable[str]) -> int:
    """How many rows repeat a key already seen."""
    return sum(count - 1 for count in Counter(keys).values())


def unreadable_visible(home: DataHome) -> list[Path]:
    """Published files of any lake table (what the views glob) that do not fully decode."""
    bad = []
    for table in layout.TABLES.values():
        for path in layout.data_files(home.lake / table.name):
            if problem_with(path, list(table.key), deep=True) is not None:
                bad.append(path)
    return bad


def mart_duplicates(home: DataHome) -> int:
    """Build the warehouse from the lake and count duplicate ``post_key`` rows in ``posts``."""
    from warehouse.build import build_warehouse

    build_warehouse(home)
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        total, distinct = con.execute(
            "select count(*), count(distinct post_key) from posts"
        ).fetchone()
    finally:
        con.close()
    return int(total) - int(distinct)


def ledger_path() -> Path | None:
    """The session's ledger file (None outside the fault suite)."""
    value = os.environ.get(LEDGER_ENV)
    return Path(value) if value else None


def record(entry: CaseRecord) -> None:
    """Append a case to the session ledger."""
    path = ledger_path()
    if path is None:
        return
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(entry)) + "\n")


def reconcile(
    home: DataHome,
    case: str,
    expected: Iterable[str],
    *,
    faults: int = 1,
    resumed: bool | None = None,
    check_mart: bool = False,
) -> CaseRecord:
    """Compare expected keys with the lake, record the case and assert the invariants.

    Args:
        home: the data home after the fault and the recovery run.
        case: the F-number and a short label, e.g. ``"F01 503 then 200"``.
        expected: the keys the fixture published (every one must be in the lake).
        faults: how many faults the case injected (each kill point, each corrupt variant).
        resumed: whether the run after the fault completed (None: the case has no rerun).
        check_mart: also build the warehouse and count duplicates in the ``posts`` mart.
    """
    wanted = set(expected)
    keys = lake_keys(home)
    lost = len(wanted - set(keys))
    dups = duplicates(keys) + (mart_duplicates(home) if check_mart else 0)
    bad = unreadable_visible(home)
    entry = CaseRecord(case, faults, len(wanted), len(set(keys)), lost, dups, len(bad), resumed)
    record(entry)
    assert lost == 0, f"{case}: {lost} expected keys missing, e.g. {sorted(wanted - set(keys))[:3]}"
    assert dups == 0, f"{case}: {dups} duplicate post_key rows"
    assert not bad, f"{case}: unreadable files visible to views: {bad}"
    assert resumed is not False, f"{case}: the run after the fault did not complete"
    return entry


def read_ledger(path: Path) -> list[CaseRecord]:
    """Every case recorded in a ledger file."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [CaseRecord(**json.loads(line)) for line in lines if line.strip()]


def summary_line(entries: list[CaseRecord]) -> str:
    """The campaign's one-line result, computed from the ledger."""
    resumable = [e for e in entries if e.resumed is not None]
    resumed = sum(1 for e in resumable if e.resumed)
    return (
        f"{len(entries)} cases, {sum(e.faults for e in entries)} faults injected, "
        f"{sum(e.lost for e in entries)} rows lost, {sum(e.duplicates for e in entries)} "
        f"duplicates, {sum(e.unreadable_visible for e in entries)} unreadable files visible, "
        f"{resumed}/{len(resumable)} runs resumed"
    )


LEDGER_GLOB = "fault_ledger-*.jsonl"


def session_base(config) -> Path:
    """The base temp dir of the whole session (under pytest-xdist: the controller's)."""
    base = config._tmp_path_factory.getbasetemp()
    return base.parent if hasattr(config, "workerinput") else base


def print_summary(terminalreporter, config) -> None:
    """Print the campaign totals summed over every process's ledger (nothing if none ran)."""
    if hasattr(config, "workerinput"):
        return
    paths = sorted(session_base(config).glob(LEDGER_GLOB))
    entries = [entry for path in paths for entry in read_ledger(path)]
    if not paths:
        return
    terminalreporter.write_sep("=", "fault campaign")
    terminalreporter.write_line(summary_line(entries))
