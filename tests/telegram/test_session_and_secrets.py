"""Sessions and secrets: 0600 files, locked databases, and no secret in the lake or the logs."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from telethon.crypto import AuthKey
from telethon.sessions import StringSession

from collectors.telegram import session as session_mod
from collectors.telegram.session import (
    Credentials,
    CredentialsError,
    GuardedSQLiteSession,
    InsecureSessionFile,
    SessionLocked,
    load_credentials,
    open_session,
)
from pikir.cli.main import cli
from tests.telegram.tg_fakes import FakeClient, lake_table


def fake_session_string() -> str:
    session = StringSession()
    session.set_dc(2, "149.154.167.51", 443)
    session.auth_key = AuthKey(os.urandom(256))
    return session.save()


def test_session_file_is_created_0600(tmp_path):
    session = open_session(tmp_path / "acct", create=True)
    session.close()
    path = tmp_path / "acct.session"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_loose_session_file_is_refused(tmp_path):
    path = tmp_path / "acct.session"
    open_session(path, create=True).close()
    path.chmod(0o644)
    with pytest.raises(InsecureSessionFile, match="chmod 600"):
        open_session(path)


def test_locked_session_fails_fast_and_is_not_deleted(tmp_path, monkeypatch):
    path = tmp_path / "acct.session"
    open_session(path, create=True).close()
    monkeypatch.setattr(GuardedSQLiteSession, "lock_timeout", 0.1)
    holder = sqlite3.connect(path)
    holder.execute("begin exclusive")
    try:
        with pytest.raises(SessionLocked, match="locked by another process"):
            open_session(path)
    finally:
        holder.rollback()
        holder.close()
    assert path.exists()
    session = open_session(path)
    assert session.delete() is False
    assert path.exists()


def test_credentials_come_from_the_environment_and_never_show(monkeypatch):
    secret = fake_session_string()
    monkeypatch.setenv("PIKIR_TG_API_ID", "12345")
    monkeypatch.setenv("PIKIR_TG_API_HASH", "0123456789abcdef0123456789abcdef")
    monkeypatch.setenv("PIKIR_TG_SESSION", secret)
    found = load_credentials()
    assert found.api_id == 12345
    assert found.session == secret
    assert secret not in repr(found)
    assert "0123456789abcdef" not in repr(found)
    assert "12345" not in repr(found)


def test_missing_credentials_are_none(monkeypatch):
    for name in ("PIKIR_TG_API_ID", "PIKIR_TG_API_HASH", "PIKIR_TG_SESSION"):
        monkeypatch.delenv(name, raising=False)
    assert load_credentials() is None


def test_cli_collect_without_credentials_says_what_to_set(tmp_path, monkeypatch):
    for name in ("PIKIR_TG_API_ID", "PIKIR_TG_API_HASH", "PIKIR_TG_SESSION"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(
        cli, ["telegram", "collect", "--channels", "kaznews", "--home", str(tmp_path)]
    )
    assert result.exit_code != 0
    assert "PIKIR_TG_SESSION" in result.output


def test_a_cli_run_lands_posts_and_no_secret_anywhere(home, server, monkeypatch, caplog):
    secret = fake_session_string()
    api_hash = "feedfacefeedfacefeedfacefeedface"
    monkeypatch.setenv("PIKIR_TG_API_ID", "12345")
    monkeypatch.setenv("PIKIR_TG_API_HASH", api_hash)
    monkeypatch.setenv("PIKIR_TG_SESSION", secret)
    server.add_channel("kaznews", 777, n=150)
    seen: list[Credentials] = []

    def factory(credentials):
        seen.append(credentials)
        return FakeClient(server, session=StringSession(credentials.session))

    monkeypatch.setattr(session_mod, "make_client", factory)
    caplog.set_level(logging.DEBUG)
    result = CliRunner().invoke(
        cli, ["-v", "telegram", "collect", "--channels", "kaznews", "--home", str(home.root)]
    )
    assert result.exit_code == 0, result.output
    assert seen[0].session == secret
    assert len(lake_table(home, "posts")) == 150
    logs = list((home.state / "logs").rglob("*.log"))
    assert logs
    for path in [*Path(home.root).rglob("*"), *logs]:
        if path.is_file():
            data = path.read_bytes()
            assert secret.encode() not in data, path
            assert api_hash.encode() not in data, path
    assert secret not in caplog.text
    assert secret not in result.output


def test_client_factory_is_make_client_unless_the_environment_names_one(monkeypatch):
    monkeypatch.delenv(session_mod.ENV_CLIENT_FACTORY, raising=False)
    assert session_mod.client_factory() is session_mod.make_client
    monkeypatch.setenv(session_mod.ENV_CLIENT_FACTORY, "tests.telegram.tg_wire:wired_client")
    from tests.telegram.tg_wire import wired_client

    assert session_mod.client_factory() is wired_client
    for broken in ("tests.telegram.no_such_module:f", "tests.telegram.tg_wire:nothing_here"):
        monkeypatch.setenv(session_mod.ENV_CLIENT_FACTORY, broken)
        with pytest.raises(CredentialsError, match="not importable"):
            session_mod.client_factory()
    monkeypatch.setenv(session_mod.ENV_CLIENT_FACTORY, "tests.telegram.tg_wire:FACTORY")
    with pytest.raises(CredentialsError, match="not callable"):
        session_mod.client_factory()
