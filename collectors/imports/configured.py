"""Run the imports a sources file lists (``[[imports]]``), one outcome per file.

Used by the nightly flow. A bad file does not stop the others: its outcome is ``failed`` with
the importer's message; a file landed before comes back ``empty`` (nothing new).
"""

from __future__ import annotations

import os
from datetime import timedelta, timezone, tzinfo
from typing import Any

from collectors.imports.landing import ImportFileError
from pikir.config import DataHome
from pikir.imports_config import ImportEntry, load_imports


def _telegram_zone(value: str | None) -> tzinfo | None:
    if not value:
        return None
    from collectors.imports.whatsapp import zone_named

    if value[0] in "+-":
        hours, _, minutes = value[1:].partition(":")
        sign = -1 if value[0] == "-" else 1
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes or 0)))
    return zone_named(value)


def run_entry(home: DataHome, entry: ImportEntry, run_id: str | None = None) -> dict[str, Any]:
    """Import one listed file under ``run_id`` (a flow's); its outcome as a source record.

    The record has ``source`` (``<format>:<file name>``), ``status`` (ok, empty or failed),
    ``items``, ``new_items``, ``updated_items`` and ``error``.
    """
    outcome: dict[str, Any] = {"source": entry.label, "items": 0, "new_items": 0}
    outcome |= {"updated_items": 0, "error": None}
    try:
        if entry.format == "zeeschuimer":
            from collectors.imports.zeeschuimer import import_zeeschuimer

            report = import_zeeschuimer(home, [entry.path], run_id=run_id)
        elif entry.format == "meta-csv":
            from collectors.imports.meta_csv import import_meta_csv

            report = import_meta_csv(home, [entry.path], platform=entry.platform, run_id=run_id)
        elif entry.format == "whatsapp":
            from collectors.imports.whatsapp import DEFAULT_TZ, import_whatsapp

            report = import_whatsapp(
                home, entry.path, group=entry.group or "", tz=entry.tz or DEFAULT_TZ, run_id=run_id
            )
        else:
            from collectors.imports.telegram_export import ExportError, import_export

            try:
                tg = import_export(
                    home, entry.path, channel=entry.source, tz=_telegram_zone(entry.tz)
                )
            except ExportError as exc:
                raise ImportFileError(entry.path, str(exc)) from exc
            outcome |= {"items": tg.messages, "new_items": tg.new, "updated_items": tg.updated}
            outcome["status"] = "ok" if tg.new or tg.updated else "empty"
            return outcome
    except (ImportFileError, ValueError, OSError) as exc:
        return outcome | {"status": "failed", "error": str(exc)}
    outcome |= {"items": report.items, "new_items": report.new, "updated_items": report.updated}
    outcome["status"] = "ok" if report.new or report.updated else "empty"
    return outcome


def import_configured(
    home: DataHome,
    sources_file: str | os.PathLike[str] | None = None,
    run_id: str | None = None,
) -> list[dict[str, Any]]:
    """Import every file of the sources file's ``[[imports]]``; one outcome per file.

    A Telegram export keeps its own run id (its importer makes one); the others use ``run_id``.
    """
    return [run_entry(home, entry, run_id) for entry in load_imports(sources_file)]
