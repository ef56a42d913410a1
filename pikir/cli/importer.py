"""``pikir import``: land platform exports in the lake."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import click

from pikir.cli.options import data_home, home_option


def _zone(value: str | None) -> timezone | None:
    if value is None:
        return None
    if value.upper() == "UTC":
        return UTC
    sign = -1 if value.startswith("-") else 1
    try:
        hours, _, minutes = value.lstrip("+-").partition(":")
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes or 0)))
    except ValueError as exc:
        raise click.BadParameter(f"{value!r}: use UTC or +HH:MM", param_hint="--tz") from exc


@click.group(name="import")
def importer() -> None:
    """Import platform exports: Telegram Desktop, Zeeschuimer, CrowdTangle/Meta CSV, WhatsApp.

    Every file is validated before anything lands, and importing a file again adds nothing.
    """


def _timed(
    importer_fn: Callable[..., Any], *args: Any, error: type[Exception], **kwargs: Any
) -> tuple[Any, float]:
    """Run an importer: its report and the seconds it took; ``error`` becomes a clean error."""
    started = datetime.now(UTC)
    try:
        report = importer_fn(*args, **kwargs)
    except error as exc:
        raise click.ClickException(str(exc)) from exc
    return report, (datetime.now(UTC) - started).total_seconds()


def _run(importer_fn: Callable[..., Any], *args: Any, unit: str, **kwargs: Any) -> None:
    """Run an importer; print what it landed, or turn a bad file into a clean error."""
    from collectors.imports.landing import ImportFileError

    report, seconds = _timed(importer_fn, *args, error=ImportFileError, **kwargs)
    click.echo(
        f"{report.items} {unit} ({report.skipped} skipped), {report.new} new, "
        f"{report.updated} updated in {seconds:.1f} s; run {report.run_id}"
    )
    for label, counts in sorted(report.per_source.items()):
        click.echo(f"  {label}: {counts.get('items', 0)} items, {counts.get('new', 0)} new")


@importer.command(name="telegram-export")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--channel", help="The channel's username (default: found by id in the API state).")
@click.option("--tz", help="Zone of the export's local dates when it lacks *_unixtime (+06:00).")
@home_option
def telegram_export(path: str, channel: str | None, tz: str | None, home: str) -> None:
    """Import a Telegram Desktop "Export chat history" JSON (result.json).

    Example: pikir import telegram-export ~/Downloads/ChatExport/result.json --channel orda_kz
    """
    from collectors.imports.telegram_export import ExportError, import_export

    report, seconds = _timed(
        import_export, data_home(home), path, channel=channel, tz=_zone(tz), error=ExportError
    )
    click.echo(
        f"{report.source}: {report.messages} messages ({report.skipped_service} service skipped), "
        f"{report.new} new, {report.updated} updated in {seconds:.1f} s; run {report.run_id}"
    )


@importer.command(name="zeeschuimer")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@home_option
def zeeschuimer(paths: tuple[str, ...], home: str) -> None:
    """Import Zeeschuimer captures (.ndjson): Instagram, TikTok, X and Threads items.

    Items of other platforms and ads are skipped. Verified and business accounts keep their
    handle and name; every other author is pseudonymised.

    Example: pikir import zeeschuimer ~/Downloads/zeeschuimer-export-tiktok.ndjson
    """
    from collectors.imports.zeeschuimer import import_zeeschuimer

    _run(import_zeeschuimer, data_home(home), paths, unit="items")


@importer.command(name="meta-csv")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--platform",
    type=click.Choice(["facebook", "instagram"]),
    help="Platform of a Meta Content Library CSV (default: told by its columns).",
)
@home_option
def meta_csv(paths: tuple[str, ...], platform: str | None, home: str) -> None:
    """Import CrowdTangle (Facebook/Instagram) or Meta Content Library CSV exports.

    The format is told by the header; an unknown header is an error.

    Example: pikir import meta-csv crowdtangle-2021-12.csv mcl-facebook.csv
    """
    from collectors.imports.meta_csv import import_meta_csv

    _run(import_meta_csv, data_home(home), paths, platform=platform, unit="posts")


@importer.command(name="whatsapp")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--group", required=True, help="Name of the group: the source of its messages.")
@click.option(
    "--tz",
    default="Asia/Almaty",
    show_default=True,
    help="Time zone of the phone that exported the chat (IANA name or UTC).",
)
@click.option(
    "--date-order",
    type=click.Choice(["dmy", "mdy", "ymd"]),
    help="Order of the export's dates (default: told by the dates themselves).",
)
@home_option
def whatsapp(path: str, group: str, tz: str, date_order: str | None, home: str) -> None:
    """Import a WhatsApp "Export chat" .txt (Android or iOS; Russian, Kazakh, English).

    Senders are pseudonymised (names and phone numbers alike) and phone numbers in messages
    are masked; system lines are skipped.

    Example: pikir import whatsapp "WhatsApp Chat with Zanger.txt" --group zanger-chat
    """
    from collectors.imports.whatsapp import group_source, import_whatsapp, zone_named

    try:
        zone = zone_named(tz)
        group_source(group)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    home_dir = data_home(home)
    _run(import_whatsapp, home_dir, path, group=group, tz=zone, order=date_order, unit="messages")
