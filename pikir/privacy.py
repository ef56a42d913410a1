"""Keyed-hash pseudonyms for private individuals.

Channels and outlets are public actors and keep their names. A private person (a commenter,
the hidden author of a forwarded message) is stored only as ``anon:<hmac>``: the same person
gets the same pseudonym across runs, so networks can still be analysed, but the name cannot be
recovered without the key. The key comes from ``$PIKIR_PSEUDONYM_KEY``; without it, a random
key is created once in ``state/pseudonym.key`` with mode 0600 (and refused if anyone else can
read it), so pseudonyms stay stable within a data home.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from pikir.config import DataHome

ENV_KEY = "PIKIR_PSEUDONYM_KEY"
PREFIX = "anon:"


class InsecureKeyFile(PermissionError):
    """The pseudonym key file can be read by other users."""


class Pseudonymizer:
    """Turn identifiers of private individuals into stable keyed-hash pseudonyms."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a pseudonym key needs at least 16 bytes")
        self._key = key

    def __repr__(self) -> str:
        return "Pseudonymizer(key=***)"

    @classmethod
    def for_home(cls, home: DataHome) -> Pseudonymizer:
        """Use ``$PIKIR_PSEUDONYM_KEY``, else the data home's key file (created 0600 once).

        Raises:
            InsecureKeyFile: the key file is readable by group or others.
        """
        env = os.environ.get(ENV_KEY)
        if env:
            return cls(env.encode("utf-8"))
        path = home.state / "pseudonym.key"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            _create_key_file(path)
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise InsecureKeyFile(
                f"{path} has mode {mode:o}; run `chmod 600 {path}` (it must stay private)"
            )
        return cls(path.read_bytes())

    def __call__(self, platform: str, identifier: str) -> str:
        """Return the pseudonym of ``identifier`` (a user id or display name) on a platform."""
        message = f"{platform}\x00{identifier.strip()}".encode()
        return PREFIX + hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]


def _create_key_file(path: Path) -> None:
    """Publish a new random key at ``path`` unless another process already did.

    The key is written and fsynced under a temporary name, then hard-linked into place, which
    fails if the file exists: concurrent first runs (parallel crawls of a fresh data home)
    all end up reading the one complete key, never an empty file.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_hex(32).encode("ascii"))
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process won the race: use theirs
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
