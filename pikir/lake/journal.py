"""Publish several files and retire others as one unit that survives a crash (a tiny commit log).

A :class:`Transaction` stages every new file under a temporary name that no reader sees,
fsyncs it, then writes a journal entry naming the files to publish and the files to retire.
Only after the journal entry is durable are the temporary files renamed into place and the
retired files deleted. A process killed at any point leaves either an unreferenced temporary
file (deleted by :func:`recover`) or a journal entry that :func:`recover` rolls forward.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from pikir.fsutil import TMP_PREFIX, TMP_SUFFIX, atomic_write_text, fsync_dir, temp_name
from pikir.lake import storage

log = logging.getLogger(__name__)

# Test hook: name of a point at which to kill the process (SIGKILL tests); see crashpoint().
CRASH_ENV = "PIKIR_CRASH_AT"


def crashpoint(name: str) -> None:
    """Kill this process abruptly if ``$PIKIR_CRASH_AT`` names this point (fault tests only)."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), 9)


@dataclass
class Transaction:
    """Files to publish and files to retire, applied all-or-nothing.

    Attributes:
        journal_dir: ``state/journal``.
        staged: (temporary path, final path) pairs.
        retire: published files that the new files replace.
    """

    journal_dir: Path
    staged: list[tuple[Path, Path]] = field(default_factory=list)
    retire: list[Path] = field(default_factory=list)

    def stage(self, final: Path) -> Path:
        """Reserve a temporary path for a file that will be published at ``final``."""
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = temp_name(final)
        self.staged.append((tmp, final))
        return tmp

    def commit(self) -> None:
        """Make every staged file visible and retire the replaced ones, crash-safely."""
        if not self.staged and not self.retire:
            return
        for tmp, _final in self.staged:
            storage.sync(tmp)
        crashpoint("before_journal")
        entry = self.journal_dir / f"{uuid.uuid4().hex}.json"
        atomic_write_text(
            entry,
            json.dumps(
                {
                    "publish": [[str(t), str(f)] for t, f in self.staged],
                    "retire": [str(p) for p in self.retire],
                }
            ),
        )
        crashpoint("after_journal")
        _apply(entry, self.staged[0][1] if self.staged else self.retire[0])

    def abort(self) -> None:
        """Delete staged temporary files (nothing was published)."""
        for tmp, _final in self.staged:
            tmp.unlink(missing_ok=True)
        self.staged.clear()
        self.retire.clear()


def _apply(entry: Path, lake_path: PurePath) -> None:
    """Publish and retire what ``entry`` lists (paths of the same kind as ``lake_path``)."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    for index, (tmp, final) in enumerate(data["publish"]):
        tmp_path, final_path = storage.like(lake_path, tmp), storage.like(lake_path, final)
        if tmp_path.exists():
            storage.publish(tmp_path, final_path)
        elif not final_path.exists():
            log.error("journal %s: %s vanished before it was published", entry.name, tmp)
        if index == 0:
            crashpoint("mid_publish")
    for retired in data["retire"]:
        storage.like(lake_path, retired).unlink(missing_ok=True)
    crashpoint("before_journal_delete")
    entry.unlink()
    fsync_dir(entry.parent)


def recover(journal_dir: Path, lake_dir: Path) -> dict[str, int]:
    """Finish interrupted transactions and delete orphaned temporary files.

    Must be called while holding the lake lock, so no live writer has files in flight.

    Returns:
        Counts of ``rolled_forward`` journal entries and ``orphans_removed`` temp files.
    """
    rolled = 0
    referenced: set[str] = set()
    if journal_dir.exists():
        for entry in sorted(journal_dir.glob("*.json")):
            try:
                data = json.loads(entry.read_text(encoding="utf-8"))
            except json.JSONDecodeError:
                # Journal entries are written atomically, so a torn one cannot exist; an
                # unreadable entry is foreign and must not be acted on.
                log.warning("ignoring unreadable journal entry %s", entry)
                continue
            referenced.update(tmp for tmp, _ in data.get("publish", []))
            _apply(entry, lake_dir)
            rolled += 1
    orphans = 0
    if lake_dir.exists():
        for tmp in lake_dir.rglob(f"{TMP_PREFIX}*{TMP_SUFFIX}"):
            if str(tmp) not in referenced:
                tmp.unlink(missing_ok=True)
                orphans += 1
    return {"rolled_forward": rolled, "orphans_removed": orphans}
