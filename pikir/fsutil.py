"""Small filesystem helpers that never leave a half-written file behind."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

TMP_PREFIX = "_tmp-"
TMP_SUFFIX = ".inprogress"


def temp_name(final: Path) -> Path:
    """Return a temporary sibling of ``final`` that no lake reader will ever pick up.

    The ``_`` prefix hides it from pyarrow dataset discovery and the ``.inprogress`` suffix
    keeps it out of DuckDB's ``**/*.parquet`` globs (tech-notes §5).
    """
    return final.with_name(f"{TMP_PREFIX}{uuid.uuid4().hex}-{final.name}{TMP_SUFFIX}")


def fsync_dir(path: Path) -> None:
    """Flush a directory entry so a rename survives a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(tmp: Path, final: Path) -> None:
    """Fsync ``tmp`` and atomically rename it to ``final``."""
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, final)
    fsync_dir(final.parent)


def atomic_write_text(path: Path, text: str, mode: int = 0o644) -> None:
    """Write ``text`` to ``path`` atomically (temp file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(path)
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, mode)
    publish(tmp, path)
