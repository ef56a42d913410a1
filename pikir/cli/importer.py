"""``pikir import``: land platform exports in the lake."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

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
    """Import platform exports (Telegram Desktop chat exports, ...)."""


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

    started = datetime.now(UTC)
    try:
        report = import_export(data_home(home), path, channel=channel, tz=_zone(tz))
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    seconds = (datetime.now(UTC) - started).total_seconds()
    click.echo(
        f"{report.source}: {report.messages} messages ({report.skipped_service} service skipped), "
        f"{report.new} new, {report.updated} updated in {seconds:.1f} s; run {report.run_id}"
    )
