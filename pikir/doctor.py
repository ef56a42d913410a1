"""``pikir doctor``: check a data home and say what an operator should do about each problem.

Every check returns a :class:`Finding` with a level (ok, warn, fail), what was found, and the
action to take. Nothing is changed unless ``fix`` is set (then unreadable files are quarantined
and orphaned temporary files removed, exactly as the writers themselves would).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb

from pikir.config import DataHome
from pikir.fsutil import TMP_PREFIX, TMP_SUFFIX
from pikir.lake import layout, storage
from pikir.lake.integrity import problem_with, quarantine_file, quarantined_files

SECRET_ENV = (
    "PIKIR_TG_API_HASH",
    "PIKIR_TG_SESSION",
    "PIKIR_PSEUDONYM_KEY",
    "PIKIR_TG_API_ID",
    # platform API tokens (spiders/sources/*): a leak of one is as bad as a Telegram login
    "PIKIR_X_BEARER_TOKEN",
    "PIKIR_VK_TOKEN",
    "PIKIR_MASTODON_TOKEN",
    "PIKIR_YOUTUBE_API_KEY",
    "PIKIR_TIKTOK_CLIENT_SECRET",
)
# A Telethon StringSession: version digit "1" then ~350 url-safe base64 characters.
STRING_SESSION = re.compile(rb"\b1[A-Za-z0-9_-]{300,}={0,2}")


@dataclass(frozen=True)
class Finding:
    """The result of one check."""

    check: str
    level: str
    detail: str
    action: str = ""


def check_permissions(home: DataHome) -> Iterator[Finding]:
    """Keys and session files must be private, and the data home not world-writable."""
    if home.root.exists() and stat.S_IMODE(home.root.stat().st_mode) & 0o002:
        yield Finding(
            "permissions", "fail", f"{home.root} is world-writable", f"chmod o-w {home.root}"
        )
    private = [home.state / "pseudonym.key", *home.root.rglob("*.session")]
    loose = [p for p in private if p.exists() and stat.S_IMODE(p.stat().st_mode) & 0o077]
    for path in loose:
        yield Finding("permissions", "fail", f"{path} is readable by others", f"chmod 600 {path}")
    if not loose:
        yield Finding("permissions", "ok", "key and session files are private")


def check_files(home: DataHome, fix: bool) -> Iterator[Finding]:
    """Every lake file must decode completely and carry its table's key columns."""
    bad = []
    checked = 0
    for table in layout.TABLES.values():
        for path in layout.data_files(home.lake / table.name):
            checked += 1
            reason = problem_with(path, list(table.key), deep=True)
            if reason:
                bad.append((path, reason))
                if fix:
                    quarantine_file(home, path, reason)
    for path, reason in bad:
        action = "quarantined" if fix else "run `pikir doctor --fix` (or `pikir scan --deep`)"
        yield Finding("files", "fail", f"{path.relative_to(home.lake)}: {reason}", action)
    if not bad:
        yield Finding("files", "ok", f"{checked} lake files fully readable")


def check_orphans(home: DataHome, fix: bool) -> Iterator[Finding]:
    """Temporary files and pending journal entries are left by interrupted writers."""
    orphans = list(home.lake.rglob(f"{TMP_PREFIX}*{TMP_SUFFIX}")) if home.lake.exists() else []
    journal = list((home.state / "journal").glob("*.json"))
    if fix and (orphans or journal):
        from pikir.lake.journal import recover
        from pikir.lake.lock import lake_lock

        with lake_lock(home.state):
            recover(home.state / "journal", home.lake)
    if orphans or journal:
        level = "ok" if fix else "warn"
        detail = f"{len(orphans)} temporary file(s), {len(journal)} pending journal entr(y/ies)"
        yield Finding(
            "orphans",
            level,
            detail,
            "recovered" if fix else "the next write recovers them, or run `pikir doctor --fix`",
        )
    else:
        yield Finding("orphans", "ok", "no interrupted writes")


def check_quarantine(home: DataHome) -> Iterator[Finding]:
    """Quarantined files are data the views no longer see."""
    notes = quarantined_files(home)
    if notes:
        yield Finding(
            "quarantine",
            "warn",
            f"{len(notes)} file(s) in {home.quarantine}",
            "read the .reason.json notes; re-collect the affected days (backfill)",
        )
    else:
        yield Finding("quarantine", "ok", "nothing quarantined")


def check_duplicates(home: DataHome) -> Iterator[Finding]:
    """The lake must hold one row per post_key (between writes)."""
    files = [
        storage.location(p)
        for p in layout.data_files(home.lake / "posts")
        if problem_with(p, ["post_key"]) is None  # unreadable files are reported by `files`
    ]
    if not files:
        yield Finding("duplicates", "ok", "no posts yet")
        return
    con = duckdb.connect()
    try:
        storage.register_lake(con, home.lake)
        (dupes,) = con.execute(
            "select count(*) from (select post_key from read_parquet(?) group by post_key "
            "having count(*) > 1)",
            [files],
        ).fetchall()[0]
    finally:
        con.close()
    if dupes:
        yield Finding(
            "duplicates",
            "warn",
            f"{dupes} post_key(s) stored more than once",
            "run `pikir compact` (views already show one row per key)",
        )
    else:
        yield Finding("duplicates", "ok", "one row per post_key")


def _secret_values() -> list[bytes]:
    values = [os.environ.get(name, "") for name in SECRET_ENV]
    return [v.encode() for v in values if len(v) >= 6]


def check_secrets(home: DataHome) -> Iterator[Finding]:
    """No secret from the environment, and nothing shaped like a session string, on disk."""
    secrets = _secret_values()
    leaks: list[str] = []
    roots = [home.state / "logs", home.lake, home.reports]
    for root in roots:
        for path in (p for p in root.rglob("*") if p.is_file()) if root.exists() else ():
            data = path.read_bytes()
            if any(s in data for s in secrets) or STRING_SESSION.search(data):
                leaks.append(
                    path.url if storage.is_object(path) else str(path.relative_to(home.root))
                )
    if home.warehouse.exists():
        data = home.warehouse.read_bytes()
        if any(s in data for s in secrets):
            leaks.append(home.warehouse.name)
    for leak in leaks:
        yield Finding(
            "secrets",
            "fail",
            f"a secret appears in {leak}",
            "rotate the secret, then delete or rewrite the file",
        )
    if not leaks:
        yield Finding("secrets", "ok", "no secrets found in logs, lake or warehouse")


def diagnose(home: DataHome, fix: bool = False) -> list[Finding]:
    """Run every check on ``home``."""
    findings: list[Finding] = []
    for check in (
        check_permissions(home),
        check_files(home, fix),
        check_orphans(home, fix),
        check_quarantine(home),
        check_duplicates(home),
        check_secrets(home),
    ):
        findings.extend(check)
    return findings


def worst(findings: list[Finding]) -> str:
    """The most severe level among findings."""
    levels = {f.level for f in findings}
    return "fail" if "fail" in levels else "warn" if "warn" in levels else "ok"
