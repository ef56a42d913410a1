"""Find lake files that readers would choke on and move them to quarantine.

A file is bad when it is empty, lacks the Parquet magic bytes, has an unreadable footer
(truncated or corrupt), cannot be fully decoded (``deep`` scans), or does not carry the key
columns of the table it sits in (a foreign file). Bad files are moved, with a JSON note
saying why, to ``$PIKIR_HOME/quarantine/<table>/...`` so DuckDB globs and pyarrow discovery
never see them again. Verified files are remembered by (size, mtime) so scans stay cheap.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from pikir.config import DataHome
from pikir.fsutil import atomic_write_text
from pikir.lake import storage
from pikir.lake.layout import TABLES, data_files

log = logging.getLogger(__name__)
MAGIC = b"PAR1"


@dataclass
class ScanReport:
    """What a scan found."""

    checked: int = 0
    skipped_known_good: int = 0
    quarantined: list[dict[str, str]] = field(default_factory=list)


def problem_with(path: Path, required: list[str], deep: bool = False) -> str | None:
    """Return why ``path`` is not a usable lake file, or None when it is fine."""
    size = path.stat().st_size
    if size < 12:
        return f"file is {size} bytes, too small to be Parquet"
    head, tail = storage.head_and_tail(path)
    if head != MAGIC or tail != MAGIC:
        return "missing Parquet magic bytes (truncated or not Parquet)"
    try:
        meta = storage.parquet_file(path)
        names = set(meta.schema_arrow.names)
        if deep:
            meta.read()
    except (pa.ArrowException, OSError) as exc:
        return f"unreadable Parquet: {exc}"
    missing = [name for name in required if name not in names]
    if missing:
        return f"foreign file: lacks key columns {missing}"
    return None


def quarantine_file(home: DataHome, path: Path, reason: str) -> Path:
    """Move a lake file to quarantine with a note; return its new location."""
    rel = path.relative_to(home.lake)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = home.quarantine / stamp / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    storage.move_out(path, target)
    note = {"original": str(rel), "reason": reason, "quarantined_at": stamp}
    atomic_write_text(target.with_name(target.name + ".reason.json"), json.dumps(note, indent=2))
    log.warning("quarantined %s: %s", rel, reason)
    return target


def _cache_path(home: DataHome) -> Path:
    return home.state / "verified_files.json"


def _load_cache(home: DataHome) -> dict[str, list[int]]:
    try:
        return json.loads(_cache_path(home).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def scan_lake(home: DataHome, deep: bool = False) -> ScanReport:
    """Check every published file of every lake table; quarantine the bad ones.

    Args:
        home: the data home.
        deep: decode every page instead of only the footer (slower; used by doctor runs).
    """
    report = ScanReport()
    cache = {} if deep else _load_cache(home)
    fresh: dict[str, list[int]] = {}
    for table in TABLES.values():
        required = list(table.key)
        for path in data_files(home.lake / table.name):
            rel = str(path.relative_to(home.lake))
            stat = path.stat()
            stamp = [stat.st_size, stat.st_mtime_ns]
            if cache.get(rel) == stamp:
                report.skipped_known_good += 1
                fresh[rel] = stamp
                continue
            report.checked += 1
            reason = problem_with(path, required, deep=deep)
            if reason is None:
                fresh[rel] = stamp
                continue
            moved = quarantine_file(home, path, reason)
            report.quarantined.append(
                {"file": rel, "reason": reason, "moved_to": str(moved.relative_to(home.root))}
            )
    atomic_write_text(_cache_path(home), json.dumps(fresh))
    return report


def quarantined_files(home: DataHome) -> list[dict[str, str]]:
    """List quarantined files with the reason each was removed."""
    notes = []
    if home.quarantine.exists():
        for note in sorted(home.quarantine.rglob("*.reason.json")):
            try:
                notes.append(json.loads(note.read_text(encoding="utf-8")))
            except json.JSONDecodeError:
                notes.append({"original": str(note), "reason": "unreadable note"})
    return notes
