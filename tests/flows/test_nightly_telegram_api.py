"""The nightly flow collects Telegram through the API when credentials exist (env or Secrets).

Prefect's real engine (the session harness of ``tests/flows``) runs ``flows.nightly.nightly``;
its API task builds the client through ``PIKIR_TG_CLIENT_FACTORY`` = Telethon's real client
whose MTProto sender is the fake Telegram (``tests.telegram.tg_wire``). Nothing of pikir is
mocked: credentials, collector, lake, enrichment and warehouse all run for real.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import duckdb
import pytest
from telethon.crypto import AuthKey
from telethon.sessions import StringSession

from collectors.telegram import COLLECTOR
from collectors.telegram.session import (
    ENV_API_HASH,
    ENV_API_ID,
    ENV_CLIENT_FACTORY,
    ENV_SESSION,
    ENV_SESSION_FILE,
    SECRET_BLOCKS,
    SESSION_BLOCK,
)
from pikir.config import DataHome
from tests.telegram import tg_wire
from tests.telegram.tg_fakes import message

# Whole nightly runs on the sample: minutes each when the cores are shared (no timing asserts).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

API_HASH = "c0ffeec0ffeec0ffeec0ffeec0ffee00"
API_ID = "4242017"


def session_string() -> str:
    """A well-formed Telethon session string with a random (useless) key."""
    session = StringSession()
    session.set_dc(2, "149.154.167.51", 443)
    session.auth_key = AuthKey(os.urandom(256))
    return session.save()


@pytest.fixture
def telegram(tmp_path, monkeypatch):
    """A fake Telegram with two channels, wired in through the client-factory seam."""
    for name in (ENV_API_ID, ENV_API_HASH, ENV_SESSION, ENV_SESSION_FILE):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(ENV_CLIENT_FACTORY, tg_wire.FACTORY)
    monkeypatch.setenv("PIKIR_PSEUDONYM_KEY", "flow-test-pseudonym-key-0123456789")
    server = tg_wire.fresh_server()
    server.add_channel("zan_news", 9001, n=120, title="Заң жаңалықтары")
    server.add_channel("kaz_digest", 9002, n=30, title="Kaz digest")
    sources = tmp_path / "sources.toml"
    sources.write_text(
        "[telegram_web]\n"
        '[[telegram_web.channels]]\nname = "zan_news"\n'
        '[[telegram_web.channels]]\nname = "kaz_digest"\n',
        encoding="utf-8",
    )
    return server, sources


def run_nightly(home: Path, sources: Path):
    from flows.nightly import nightly

    return nightly(home=str(home), sources_file=str(sources), return_state=True)


def telegram_rows(home: Path) -> list[tuple]:
    con = duckdb.connect(str(DataHome.from_env(home).warehouse), read_only=True)
    try:
        return con.execute(
            "select source, count(*), count(distinct post_key), min(collector), max(collector)"
            " from posts where platform = 'telegram' group by source order by source"
        ).fetchall()
    finally:
        con.close()


def flow_run_logs(flow_run_id) -> list[str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    with get_client(sync_client=True) as client:
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))
        )
    return [entry.message for entry in logs]


def assert_nowhere(secrets: list[str], home: Path, texts: list[str]) -> None:
    """No secret in any file under the data home (lake, state, logs) nor in the texts."""
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".parquet" for p in files)
    for secret in secrets:
        for path in files:
            assert secret.encode() not in path.read_bytes(), path
        for text in texts:
            assert secret not in text


def test_nightly_collects_through_the_api_with_environment_credentials(
    tmp_path, telegram, monkeypatch, caplog
):
    server, sources = telegram
    secret = session_string()
    monkeypatch.setenv(ENV_API_ID, API_ID)
    monkeypatch.setenv(ENV_API_HASH, API_HASH)
    monkeypatch.setenv(ENV_SESSION, secret)
    caplog.set_level(logging.INFO)

    state = run_nightly(tmp_path / "home", sources)

    assert state.is_completed(), state.message
    summary = state.result()
    outcome = {r["source"]: (r["status"], r["items"], r["new_items"]) for r in summary["sources"]}
    assert outcome == {"zan_news": ("ok", 120, 120), "kaz_digest": ("ok", 30, 30)}
    assert telegram_rows(tmp_path / "home") == [
        ("kaz_digest", 30, 30, COLLECTOR, COLLECTOR),
        ("zan_news", 120, 120, COLLECTOR, COLLECTOR),
    ]
    # The flow reached the fake through Telethon's client: resolve once, then history pages.
    assert [c.session for c in tg_wire.SEEN] == [secret]
    assert len(server.history_requests()) == 3  # 120 -> 2 pages, 30 -> 1 page
    logs = flow_run_logs(state.state_details.flow_run_id)
    assert any("zan_news: ok, 120 items, 120 new (API)" in line for line in logs)
    assert_nowhere([secret, API_HASH], tmp_path / "home", [*logs, caplog.text, str(summary)])


def test_a_second_night_is_incremental(tmp_path, telegram, monkeypatch):
    server, sources = telegram
    monkeypatch.setenv(ENV_API_ID, API_ID)
    monkeypatch.setenv(ENV_API_HASH, API_HASH)
    monkeypatch.setenv(ENV_SESSION, session_string())
    assert run_nightly(tmp_path / "home", sources).is_completed()
    channel = server.channels["zan_news"]
    for msg_id in (121, 122):
        channel.messages[msg_id] = message(9001, msg_id, message=f"жаңа пост {msg_id}")
    server.requests.clear()

    state = run_nightly(tmp_path / "home", sources)

    assert state.is_completed(), state.message
    new = {r["source"]: r["new_items"] for r in state.result()["sources"]}
    assert new == {"zan_news": 2, "kaz_digest": 0}
    assert [n for _, n, *_ in telegram_rows(tmp_path / "home")] == [30, 122]
    assert not any(
        type(r).__name__ == "ResolveUsernameRequest" for r in server.requests
    )  # channels resolved on the first night are cached in the state


def test_secret_blocks_feed_the_collector_and_never_show(tmp_path, telegram, caplog):
    from prefect.blocks.system import Secret

    server, sources = telegram
    secret = session_string()
    Secret(value=API_ID).save(SECRET_BLOCKS["api_id"], overwrite=True)
    Secret(value=API_HASH).save(SECRET_BLOCKS["api_hash"], overwrite=True)
    Secret(value=secret).save(SESSION_BLOCK, overwrite=True)
    caplog.set_level(logging.DEBUG)
    try:
        state = run_nightly(tmp_path / "home", sources)
    finally:
        for name in (*SECRET_BLOCKS.values(), SESSION_BLOCK):
            Secret.delete(name)

    assert state.is_completed(), state.message
    (credentials,) = tg_wire.SEEN
    assert (credentials.api_id, credentials.api_hash, credentials.session) == (
        int(API_ID),
        API_HASH,
        secret,
    )
    assert "***" in repr(credentials)
    assert [n for _, n, *_ in telegram_rows(tmp_path / "home")] == [30, 120]
    assert server.history_requests()
    logs = flow_run_logs(state.state_details.flow_run_id)
    summary = state.result()
    assert_nowhere(
        [secret, API_HASH], tmp_path / "home", [*logs, caplog.text, str(summary), str(state)]
    )
