"""What every file importer shares: the error type, raw payloads, private sources, landing.

An importer parses and maps *every* item of its files first (raising :class:`ImportFileError`
naming file and line on the first bad one), then hands the rows to :func:`land_rows`, which
lands them in one lake transaction and records one ``runs`` row per (platform, source). So a
malformed file lands nothing, and importing the same file again lands no new rows.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pikir.config import DataHome
from pikir.lake.runs import record_runs
from pikir.lake.writer import LakeWriter
from pikir.privacy import PREFIX, Pseudonymizer
from pikir.schema import sha256_text

RAW_CONTENT_TYPE = "application/json"
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d \u00a0().\-]{7,}\d(?!\w)")
PHONE_MASK = "[phone]"


class ImportFileError(ValueError):
    """A file cannot be imported; the message names the file and, when known, the line."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None) -> None:
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")
        self.path = str(path)
        self.line = line


@dataclass
class ImportReport:
    """What one import landed, over all its files."""

    run_id: str
    items: int
    skipped: int
    new: int
    updated: int
    per_source: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def sources(self) -> list[str]:
        """The ``platform:source`` labels the import touched, sorted."""
        return sorted(self.per_source)


@dataclass(frozen=True)
class ImportRun:
    """The provenance shared by every row of one import."""

    run_id: str
    now: datetime

    @classmethod
    def start(cls, run_id: str | None = None) -> ImportRun:
        """The collection time and ``run_id`` (a flow's), else a fresh ``import-<time>-<hex>``."""
        now = datetime.now(UTC)
        return cls(run_id or f"import-{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}", now)


def raw_payload(payload: Any) -> tuple[str, dict[str, str]]:
    """``(raw_sha256, _raw)`` for a row: the payload as canonical JSON and its hash."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return sha256_text(text), {"payload": text, "content_type": RAW_CONTENT_TYPE}


def attach_raw(row: dict[str, Any], payload: Any) -> dict[str, Any]:
    """Add ``raw_sha256`` and the ``_raw`` payload the lake writer stores in ``raw``."""
    row["raw_sha256"], row["_raw"] = raw_payload(payload)
    return row


def private_source(pseudonym: str) -> str:
    """The ``source`` of a private person's posts: their pseudonym without the ':'."""
    return "anon-" + pseudonym.removeprefix(PREFIX)


def mask_phones(text: str | None) -> str | None:
    """Replace phone-number-like runs (10+ digits, or 8+ after a '+') with ``[phone]``."""
    if not text:
        return text

    def _mask(match: re.Match[str]) -> str:
        value = match.group(0)
        digits = sum(c.isdigit() for c in value)
        plus = value.startswith("+")
        return PHONE_MASK if digits >= 10 or (plus and digits >= 8) else value

    return _PHONE.sub(_mask, text)


def read_text(path: str | Path) -> str:
    """The UTF-8 text of an import file (a BOM is dropped).

    Raises:
        ImportFileError: the file cannot be read or is not UTF-8.
    """
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = Path(path).read_bytes()[: exc.start].count(b"\n") + 1
        raise ImportFileError(path, f"not UTF-8 text ({exc.reason})", line) from exc
    except OSError as exc:
        raise ImportFileError(path, f"cannot be read: {exc.strerror or exc}") from exc


def land_rows(
    home: DataHome,
    rows: Iterable[dict[str, Any]],
    run: ImportRun,
    *,
    collector: str,
    skipped: int = 0,
) -> ImportReport:
    """Land already-validated rows in one lake transaction; record ``runs`` per source."""
    batch = list(rows)
    # One flush at close: the whole import commits (or fails) as one transaction.
    with LakeWriter(home, run_id=run.run_id, batch_rows=len(batch) + 1) as writer:
        for row in batch:
            writer.add(row)
    report = writer.report
    finished = datetime.now(UTC)
    records, per_source = [], {}
    for (platform, source), counts in sorted(report.per_source.items()):
        per_source[f"{platform}:{source}"] = dict(counts)
        records.append(
            {
                "run_id": run.run_id,
                "flow": "import",
                "source": source,
                "platform": platform,
                "collector": collector,
                "started_at": run.now,
                "finished_at": finished,
                "status": "ok" if counts["new"] or counts["updated"] else "empty",
                "items": counts["items"],
                "new_items": counts["new"],
                "updated_items": counts["updated"],
                "error": None,
            }
        )
    record_runs(home, records)
    return ImportReport(run.run_id, len(batch), skipped, report.new, report.updated, per_source)


Rows = list[dict[str, Any]]
FileReader = Callable[[str | Path, Callable[[str, str], str], ImportRun], tuple[Rows, int]]
"""Reads one import file with a pseudonymizer and the run: its rows and the items it skipped."""


def import_files(
    home: DataHome,
    paths: Iterable[str | Path],
    read_file: FileReader,
    *,
    collector: str,
    run_id: str | None = None,
    unique: Callable[[Rows], Iterable[dict[str, Any]]] | None = None,
) -> ImportReport:
    """Validate every file with ``read_file``, then land all their rows at once.

    Args:
        home: the data home.
        paths: the files, read in order.
        read_file: the importer's reader (raises :class:`ImportFileError` on a bad file).
        collector: ``name@version`` recorded in ``runs``.
        run_id: a flow's run id, else a fresh one.
        unique: drops rows repeated across the files before landing, when given.

    Raises:
        ImportFileError: a file is malformed (nothing is landed then).
    """
    run = ImportRun.start(run_id)
    pseudonymize = Pseudonymizer.for_home(home)
    rows: Rows = []
    skipped = 0
    for path in paths:
        file_rows, file_skipped = read_file(path, pseudonymize, run)
        rows += file_rows
        skipped += file_skipped
    batch = rows if unique is None else unique(rows)
    return land_rows(home, batch, run, collector=collector, skipped=skipped)
