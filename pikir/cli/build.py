"""``pikir build``: rebuild the DuckDB warehouse over the lake and run its contracts."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from pikir.cli.options import data_home, home_option


@click.command()
@home_option
def build(home: str) -> None:
    """Rebuild warehouse.duckdb (views over the lake + seed tables) and check contracts.

    Fails with a non-zero exit when a contract (unique post_key, not-null keys, accepted
    values...) is broken, naming the view and the offending rows.
    """
    from warehouse.build import build_warehouse
    from warehouse.contracts import ContractError

    console = Console()
    target = data_home(home)
    try:
        report = build_warehouse(target)
    except ContractError as exc:
        raise click.ClickException(f"warehouse contract failed: {exc}") from exc
    table = Table(title=f"warehouse {report.path}")
    table.add_column("mart")
    table.add_column("rows", justify="right")
    for name, count in report.row_counts.items():
        table.add_row(name, str(count))
    console.print(table)
    console.print(f"built in {report.seconds:.2f} s; contracts passed")
