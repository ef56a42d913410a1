"""Telethon's real client on the fake transport, reachable from inside a Prefect flow.

The nightly flow builds its client deep inside a task from the credentials it found. Tests
point ``PIKIR_TG_CLIENT_FACTORY`` at :func:`wired_client`, which builds a :class:`WiredClient`
on the :data:`SERVER` the test filled: Telethon's own ``_call`` (flood handling, entity cache)
runs, and only the MTProto sender is the fake (seam B of tech-notes §1).
"""

from __future__ import annotations

from typing import Any

from telethon import TelegramClient
from telethon.sessions import StringSession

from tests.telegram.tg_fakes import FakeSender, FakeTelegram

FACTORY = "tests.telegram.tg_wire:wired_client"
"""The ``PIKIR_TG_CLIENT_FACTORY`` value that selects :func:`wired_client`."""

SERVER = FakeTelegram()
"""The fake Telegram every wired client talks to; tests reset it with :func:`fresh_server`."""

SEEN: list[Any] = []
"""The credentials each wired client was built from (what the collector found)."""


def fresh_server() -> FakeTelegram:
    """Empty the shared fake Telegram and the record of credentials; return the server."""
    global SERVER
    SERVER = FakeTelegram()
    SEEN.clear()
    return SERVER


class WiredClient(TelegramClient):
    """Telethon's real client whose connection is the fake sender (connect plugs it in)."""

    def __init__(self, server: FakeTelegram, session: Any, api_id: int, api_hash: str) -> None:
        super().__init__(session, api_id=api_id, api_hash=api_hash)
        self.server = server

    async def connect(self) -> None:
        self._sender = FakeSender(self.server)

    def is_connected(self) -> bool:
        return isinstance(self._sender, FakeSender)

    async def disconnect(self) -> None:
        return None


def wired_client(credentials: Any) -> WiredClient:
    """The client factory named by :data:`FACTORY`: the session from the credentials found."""
    SEEN.append(credentials)
    return WiredClient(
        SERVER, StringSession(credentials.session), credentials.api_id, credentials.api_hash
    )
