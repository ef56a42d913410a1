"""Credentials and sessions: from the environment or Prefect Secret blocks only.

They never come from files in the repository and never reach logs or the lake.

* ``PIKIR_TG_API_ID``, ``PIKIR_TG_API_HASH`` — the application's credentials (my.telegram.org);
* ``PIKIR_TG_SESSION`` — a Telethon session string printed once by ``pikir telegram login``;
* or ``PIKIR_TG_SESSION_FILE`` — a Telethon SQLite session file, created 0600 and refused when
  group or others may read it.

Without environment variables, :func:`load_credentials` can read the Prefect Secret blocks
``pikir-tg-api-id``, ``pikir-tg-api-hash`` and ``pikir-tg-session``. A session file that another
process holds ("database is locked") fails fast with :class:`SessionLocked`; pikir never
deletes a session (Telethon would on some errors, so :class:`GuardedSQLiteSession` refuses to).

``PIKIR_TG_CLIENT_FACTORY`` (``package.module:function``, unset in production) names another
function that turns :class:`Credentials` into a client: the seam through which the nightly flow
tests hand Telethon's real client a fake transport (:func:`client_factory`).
"""

from __future__ import annotations

import importlib
import logging
import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telethon import TelegramClient
from telethon.sessions import SQLiteSession, StringSession

log = logging.getLogger(__name__)

ENV_API_ID = "PIKIR_TG_API_ID"
ENV_API_HASH = "PIKIR_TG_API_HASH"
ENV_SESSION = "PIKIR_TG_SESSION"
ENV_SESSION_FILE = "PIKIR_TG_SESSION_FILE"
ENV_CLIENT_FACTORY = "PIKIR_TG_CLIENT_FACTORY"
SECRET_BLOCKS = {"api_id": "pikir-tg-api-id", "api_hash": "pikir-tg-api-hash"}
SESSION_BLOCK = "pikir-tg-session"
LOCK_TIMEOUT_S = 1.0


class CredentialsError(RuntimeError):
    """Credentials are missing or unusable."""


class InsecureSessionFile(PermissionError):
    """A session file can be read by group or others."""


class SessionInvalid(RuntimeError):
    """The session file is truncated or corrupt: a manual re-login is needed."""


class SessionLocked(RuntimeError):
    """Another process holds the session database."""


@dataclass(frozen=True)
class Credentials:
    """API credentials and a session; ``repr`` never shows the secrets."""

    api_id: int
    api_hash: str = field(repr=False)
    session: str | None = field(default=None, repr=False)
    session_file: Path | None = None

    def __repr__(self) -> str:
        where = f"file {self.session_file}" if self.session_file else "string ***"
        return f"Credentials(api_id=***, api_hash=***, session={where})"


def _env_credentials() -> Credentials | None:
    api_id, api_hash = os.environ.get(ENV_API_ID), os.environ.get(ENV_API_HASH)
    session, session_file = os.environ.get(ENV_SESSION), os.environ.get(ENV_SESSION_FILE)
    if not (api_id and api_hash and (session or session_file)):
        return None
    if not api_id.strip().isdigit():
        raise CredentialsError(f"{ENV_API_ID} must be the numeric api_id")
    return Credentials(
        int(api_id), api_hash.strip(), session, Path(session_file) if session_file else None
    )


def _block_credentials() -> Credentials | None:
    from prefect.blocks.system import Secret  # imported only when blocks are asked for

    values: dict[str, str] = {}
    for key, block in {**SECRET_BLOCKS, "session": SESSION_BLOCK}.items():
        try:
            values[key] = str(Secret.load(block).get())
        except ValueError:  # the block does not exist
            return None
    if not values["api_id"].isdigit():
        raise CredentialsError(f"Secret block {SECRET_BLOCKS['api_id']} must hold the api_id")
    return Credentials(int(values["api_id"]), values["api_hash"], values["session"])


def load_credentials(*, prefect_blocks: bool = False) -> Credentials | None:
    """Credentials from the environment, else (when asked) Prefect Secret blocks, else None.

    Raises:
        CredentialsError: a variable is present but malformed.
    """
    found = _env_credentials()
    if found is None and prefect_blocks:
        found = _block_credentials()
    return found


def check_session_file(path: Path) -> None:
    """Refuse a session file that group or others may access.

    Raises:
        InsecureSessionFile: with the ``chmod`` that fixes it.
    """
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise InsecureSessionFile(
            f"session file {path} has mode {mode:o}; it grants access to the Telegram account: "
            f"run `chmod 600 {path}`"
        )


def create_session_file(path: Path) -> None:
    """Create an empty session file with mode 0600 (before Telethon writes to it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


class GuardedSQLiteSession(SQLiteSession):
    """A SQLite session that fails fast when locked and is never deleted by pikir or Telethon."""

    lock_timeout = LOCK_TIMEOUT_S

    def _cursor(self) -> Any:
        if self._conn is None:
            self._conn = sqlite3.connect(
                self.filename, check_same_thread=False, timeout=self.lock_timeout
            )
        return self._conn.cursor()

    def delete(self) -> bool:
        """Refuse: a session is an account login; removing it is the operator's decision."""
        log.error(
            "not deleting session file %s (remove it by hand if it is invalid)", self.filename
        )
        return False


def open_session(path: Path, *, create: bool = False) -> GuardedSQLiteSession:
    """Open a session file after checking its mode.

    Raises:
        InsecureSessionFile: the file's mode is looser than 0600.
        SessionLocked: another process holds the database.
        FileNotFoundError: the file is missing and ``create`` is false.
    """
    path = Path(path)
    if not path.name.endswith(".session"):
        path = path.with_name(path.name + ".session")
    if not path.exists():
        if not create:
            raise FileNotFoundError(f"session file {path} not found; run `pikir telegram login`")
        create_session_file(path)
    check_session_file(path)
    try:
        return GuardedSQLiteSession(str(path))
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise SessionLocked(
                f"session file {path} is locked by another process (another pikir or Telethon "
                "client is running with it); stop that one or give this run its own session. "
                "The session was left untouched."
            ) from exc
        raise SessionInvalid(_invalid_message(path, exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise SessionInvalid(_invalid_message(path, exc)) from exc


def _invalid_message(path: Path, exc: Exception) -> str:
    return (
        f"session file {path} is not a readable Telethon session ({exc}); it was left "
        "untouched. Move it aside and run `pikir telegram login` to sign in again (manual)."
    )


def make_client(credentials: Credentials, **kwargs: Any) -> TelegramClient:
    """A TelegramClient for the credentials (not connected).

    Raises:
        SessionLocked, InsecureSessionFile: see :func:`open_session`.
    """
    if credentials.session_file is not None:
        session: Any = open_session(credentials.session_file)
    else:
        session = StringSession(credentials.session)
    return TelegramClient(session, credentials.api_id, credentials.api_hash, **kwargs)


def client_factory() -> Callable[[Credentials], Any]:
    """The function that builds the client: :func:`make_client` unless the environment names one.

    ``PIKIR_TG_CLIENT_FACTORY=package.module:function`` replaces it for a whole process (tests
    of the nightly flow give Telethon's real client a fake transport this way, since the flow
    builds its client deep inside a Prefect task).

    Raises:
        CredentialsError: the variable does not name an importable callable.
    """
    spec = os.environ.get(ENV_CLIENT_FACTORY, "").strip()
    if not spec:
        return make_client
    module_name, _, attribute = spec.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as exc:
        raise CredentialsError(f"{ENV_CLIENT_FACTORY}={spec!r} is not importable: {exc}") from exc
    if not callable(factory):
        raise CredentialsError(f"{ENV_CLIENT_FACTORY}={spec!r} is not callable")
    log.warning("Telegram client built by %s (%s is set)", spec, ENV_CLIENT_FACTORY)
    return factory


async def connect(client: TelegramClient) -> TelegramClient:
    """Connect and check the session is logged in.

    Raises:
        CredentialsError: the session is not authorised (run ``pikir telegram login``).
    """
    await client.connect()
    if not await client.is_user_authorized():
        await client.disconnect()
        raise CredentialsError("the Telegram session is not logged in; run `pikir telegram login`")
    return client
