"""Entry points for the CLI and the nightly flow: connect with the credentials, run, disconnect.

The client factory is a parameter so that tests can hand in Telethon's real client with a fake
transport; without one, :func:`collectors.telegram.session.client_factory` decides (production:
:func:`~collectors.telegram.session.make_client`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from telethon.tl import types

from collectors.telegram import session
from collectors.telegram.audit import Fetch, PoliteFetcher, audit_channel
from collectors.telegram.floods import Clock
from collectors.telegram.run import (
    ChannelReport,
    CollectOptions,
    RunCollector,
    make_gate,
    resolve,
    run_log,
)
from collectors.telegram.session import Credentials, connect
from collectors.telegram.state import load_state, save_state
from pikir.config import DataHome

ClientFactory = Callable[[Credentials], Any]


async def collect_async(
    home: DataHome,
    channels: list[str],
    credentials: Credentials,
    options: CollectOptions,
    *,
    run_id: str,
    flow: str = "manual",
    client_factory: ClientFactory | None = None,
    clock: Clock | None = None,
) -> list[ChannelReport]:
    """Connect, collect every channel (see :class:`RunCollector`), disconnect."""
    home = home.ensure()
    with run_log(home, run_id):
        client = await connect((client_factory or session.client_factory())(credentials))
        try:
            collector = RunCollector(
                home, make_gate(client, clock), options, run_id=run_id, flow=flow
            )
            return await collector.collect(channels)
        finally:
            await client.disconnect()


def collect(home: DataHome, channels: list[str], credentials: Credentials, **kwargs: Any):
    """Synchronous :func:`collect_async` (a fresh event loop; Telethon is bound to it)."""
    return asyncio.run(collect_async(home, channels, credentials, **kwargs))


async def audit_async(
    home: DataHome,
    channel: str,
    credentials: Credentials,
    *,
    since: datetime,
    until: datetime | None = None,
    base_url: str = "https://t.me",
    run_id: str,
    client_factory: ClientFactory | None = None,
    fetch: Fetch | None = None,
) -> dict[str, Any]:
    """Audit one channel (see :func:`collectors.telegram.audit.audit_channel`)."""
    home = home.ensure()
    with run_log(home, run_id):
        client = await connect((client_factory or session.client_factory())(credentials))
        try:
            gate = make_gate(client)
            state = load_state(home, channel.strip().lstrip("@"))
            if not state.resolved:
                await resolve(gate, state, datetime.now(UTC))
                save_state(home, state)
            peer = types.InputPeerChannel(state.channel_id, state.access_hash)
            return await audit_channel(
                home,
                gate,
                state.name,
                peer,
                fetch or PoliteFetcher(base_url),
                base_url=base_url,
                since=since,
                until=until,
                run_id=run_id,
            )
        finally:
            await client.disconnect()
