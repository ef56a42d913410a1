"""``pikir doctor``: a health report of the data home that an operator can act on."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from pikir.cli.options import data_home, home_option

STYLE = {"ok": "green", "warn": "yellow", "fail": "red"}


@click.command()
@home_option
@click.option("--fix", is_flag=True, help="Quarantine unreadable files and recover orphans.")
def doctor(home: str, fix: bool) -> None:
    """Check permissions, every lake file, orphans, quarantine, duplicates and secrets.

    Exits 1 when any check fails, so it can gate a deployment or a cron job.
    """
    from pikir.doctor import diagnose, worst

    findings = diagnose(data_home(home), fix=fix)
    table = Table(title="pikir doctor")
    for column in ("check", "level", "finding", "action"):
        table.add_column(column)
    for f in findings:
        table.add_row(
            f.check, f"[{STYLE[f.level]}]{f.level}[/{STYLE[f.level]}]", f.detail, f.action
        )
    Console().print(table)
    if worst(findings) == "fail":
        raise SystemExit(1)
