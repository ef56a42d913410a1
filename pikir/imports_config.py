"""The files a sources file asks to import: its ``[[imports]]`` tables.

Each entry names a ``format`` (``zeeschuimer``, ``meta-csv``, ``whatsapp`` or
``telegram-export``) and a ``path`` relative to the sources file; a WhatsApp export also needs
its ``group``, a Telegram export its channel ``source``. Optional: ``tz`` (WhatsApp, Telegram)
and ``platform`` (a Meta Content Library CSV). The nightly flow imports them before
enrichment; importing a file again lands nothing new.

Example::

    [[imports]]
    format = "whatsapp"
    path = "imports/whatsapp_demo.txt"
    group = "pikir-demo-chat"
    tz = "Asia/Almaty"
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pikir.config import ConfigError, read_sources_file

FORMATS = ("zeeschuimer", "meta-csv", "whatsapp", "telegram-export")


@dataclass(frozen=True)
class ImportEntry:
    """One file to import."""

    format: str
    path: Path
    group: str | None = None
    source: str | None = None
    tz: str | None = None
    platform: str | None = None

    @property
    def label(self) -> str:
        """How runs and summaries name this import: ``<format>:<file name>``."""
        return f"{self.format}:{self.path.name}"


def load_imports(path: str | os.PathLike[str] | None = None) -> list[ImportEntry]:
    """Read ``[[imports]]`` from a sources file (none when the section is absent).

    Raises:
        ConfigError: the sources file is missing, or an entry has an unknown format, lacks
            its path, or lacks the group (WhatsApp) or source (Telegram export) it needs.
    """
    file, data = read_sources_file(path)
    entries = []
    for number, entry in enumerate(data.get("imports", []), start=1):
        where = f"{file}: [[imports]] entry {number}"
        if entry.get("format") not in FORMATS:
            raise ConfigError(
                f"{where}: format must be one of {FORMATS}, got {entry.get('format')!r}"
            )
        if not entry.get("path"):
            raise ConfigError(f"{where} lacks a path")
        if entry["format"] == "whatsapp" and not entry.get("group"):
            raise ConfigError(f'{where}: a whatsapp import needs group = "<name>"')
        if entry["format"] == "telegram-export" and not entry.get("source"):
            raise ConfigError(f'{where}: a telegram-export import needs source = "<channel>"')
        entries.append(
            ImportEntry(
                format=entry["format"],
                path=(file.parent / entry["path"]).resolve(),
                group=entry.get("group"),
                source=entry.get("source"),
                tz=entry.get("tz"),
                platform=entry.get("platform"),
            )
        )
    return entries
