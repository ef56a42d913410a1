"""``pikir telegram``: log in once, collect channels over the API, audit completeness."""

from __future__ import annotations

import asyncio
import getpass
import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from pikir.cli.options import data_home, home_option
from pikir.cli.render import status_cell

MISSING = (
    "no Telegram credentials: set PIKIR_TG_API_ID, PIKIR_TG_API_HASH and PIKIR_TG_SESSION "
    "(or PIKIR_TG_SESSION_FILE); run `pikir telegram login` once to get a session string"
)


def _day(value: str | None, option: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.combine(date.fromisoformat(value), time(), tzinfo=UTC)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not YYYY-MM-DD", param_hint=option) from exc


def _credentials():
    from collectors.telegram.session import CredentialsError, load_credentials

    try:
        found = load_credentials()
    except CredentialsError as exc:
        raise click.ClickException(str(exc)) from exc
    if found is None:
        raise click.ClickException(MISSING)
    return found


@click.group()
def telegram() -> None:
    """Collect public Telegram channels over the API (Telethon)."""


@telegram.command()
@click.option("--session-file", type=click.Path(dir_okay=False), help="Also keep a 0600 file.")
def login(session_file: str | None) -> None:
    """Log in once (phone, code, 2FA password) and print a session string to store as a secret.

    Store the string in PIKIR_TG_SESSION or the Prefect Secret block pikir-tg-session. It
    grants access to the account: never commit it or paste it into logs.
    """
    from telethon import TelegramClient
    from telethon.sessions import StringSession

    from collectors.telegram.session import open_session

    api_id = os.environ.get("PIKIR_TG_API_ID") or click.prompt("api_id", type=int)
    api_hash = os.environ.get("PIKIR_TG_API_HASH") or getpass.getpass("api_hash: ")

    async def go() -> str:
        session = open_session(Path(session_file), create=True) if session_file else None
        client = TelegramClient(session or StringSession(), int(api_id), api_hash)
        await client.start(
            phone=lambda: click.prompt("phone (+7...)"),
            code_callback=lambda: click.prompt("login code"),
            password=lambda: getpass.getpass("2FA password (if set): "),
        )
        text = StringSession.save(client.session)
        await client.disconnect()
        return text

    text = asyncio.run(go())
    click.echo("Session string (store it as PIKIR_TG_SESSION or a Prefect Secret; shown once):")
    click.echo(text)


@telegram.command()
@click.option("--channels", required=True, help="Comma-separated channel usernames.")
@click.option("--since", help="Do not collect posts published before YYYY-MM-DD.")
@click.option("--comments", is_flag=True, help="Also collect discussion-group replies.")
@click.option("--repoll-days", default=7.0, show_default=True, help="Days re-read each run.")
@click.option("--keep-deleted-text", is_flag=True, help="Keep the text of deleted messages.")
@click.option("--no-raw", is_flag=True, help="Do not land the messages' TL bytes in raw.")
@home_option
def collect(
    channels: str,
    since: str | None,
    comments: bool,
    repoll_days: float,
    keep_deleted_text: bool,
    no_raw: bool,
    home: str,
) -> None:
    """Collect channels: full history on first sight, then increments plus a re-poll window.

    Example: pikir telegram collect --channels tengrinews,orda_kz --since 2021-09-01
    """
    from collectors.telegram.api import collect as run_collect
    from collectors.telegram.run import CollectOptions
    from pikir.collect import new_run_id

    names = [n.strip().lstrip("@") for n in channels.split(",") if n.strip()]
    options = CollectOptions(
        since=_day(since, "--since"),
        repoll_days=repoll_days,
        keep_deleted_text=keep_deleted_text,
        raw=not no_raw,
        comments=comments,
    )
    run_id = new_run_id("telegram")
    reports = run_collect(data_home(home), names, _credentials(), options=options, run_id=run_id)
    table = Table(title=f"run {run_id}")
    columns = ("source", "status", "items", "new", "updated", "deleted", "comments")
    for column in (*columns, "requests", "flood_wait_s", "error"):
        table.add_column(column)
    for r in reports:
        table.add_row(
            r.source,
            status_cell(r.status),
            *(str(v) for v in (r.items, r.new_items, r.updated_items, r.deleted, r.comments)),
            str(r.requests),
            f"{r.flood_wait_s:.0f}",
            r.error or "",
        )
    Console().print(table)
    if any(r.status == "failed" for r in reports):
        raise click.ClickException("some channels failed; see the error column")


@telegram.command()
@click.option("--channel", required=True, help="Channel username.")
@click.option("--since", help="Window start YYYY-MM-DD (default: 30 days ago).")
@click.option("--until", help="Window end YYYY-MM-DD (default: now).")
@click.option("--base-url", default="https://t.me", show_default=True, help="Web preview root.")
@home_option
def audit(channel: str, since: str | None, until: str | None, base_url: str, home: str) -> None:
    """Compare the API and the web preview for one channel; land it in completeness.

    Example: pikir telegram audit --channel tengrinews --since 2021-09-01
    """
    from collectors.telegram.api import audit_async
    from pikir.collect import new_run_id

    start = _day(since, "--since") or datetime.now(UTC) - timedelta(days=30)
    end = _day(until, "--until")
    row = asyncio.run(
        audit_async(
            data_home(home),
            channel,
            _credentials(),
            since=start,
            until=end,
            base_url=base_url,
            run_id=new_run_id("audit"),
        )
    )
    api_ids = f"{row['api_min_id']}..{row['api_max_id']}"
    web_ids = f"{row['web_min_id']}..{row['web_max_id']}"
    click.echo(
        f"{row['source']}: API {row['api_count']} posts (ids {api_ids}), "
        f"web {row['web_count']} (ids {web_ids}), both {row['both_count']}"
    )
    click.echo(f"only in the API: {len(row['only_api_ids'])} {row['only_api_ids'][:20]}")
    click.echo(f"only on the web: {len(row['only_web_ids'])} {row['only_web_ids'][:20]}")
    click.echo(f"gaps (ids neither shows): {row['gap_count']}")
    if row.get("web_unavailable"):
        click.echo("the web preview of this channel is disabled")
