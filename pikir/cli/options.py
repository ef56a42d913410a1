"""Options shared by several commands."""

from __future__ import annotations

import click

from pikir.config import DataHome

home_option = click.option(
    "--home",
    "home",
    envvar="PIKIR_HOME",
    default="data",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Data home holding lake/, warehouse.duckdb and state/ (env: PIKIR_HOME).",
)


def data_home(home: str) -> DataHome:
    """Resolve and create the data home."""
    return DataHome.from_env(home).ensure()
