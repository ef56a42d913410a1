"""Entry point of the ``pikir`` command (``pikir --help``)."""

from __future__ import annotations

import logging

import click

from pikir import __version__
from pikir.cli.analysis import export, query, report
from pikir.cli.build import build
from pikir.cli.crawl import crawl
from pikir.cli.doctor import doctor
from pikir.cli.enrich import enrich, score
from pikir.cli.forget import forget
from pikir.cli.importer import importer
from pikir.cli.lake import compact, scan
from pikir.cli.new_source import new_source
from pikir.cli.nightly import nightly
from pikir.cli.ops import setup_prefect
from pikir.cli.sample import sample
from pikir.cli.status import status
from pikir.cli.telegram import telegram


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pikir")
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages.")
def cli(verbose: bool) -> None:
    """Collect public discourse about a topic, land it as Parquet, measure it with DuckDB.

    Everything is written under the data home: --home, $PIKIR_HOME, or ./data.
    """
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


for command in (
    crawl,
    build,
    nightly,
    sample,
    status,
    compact,
    scan,
    setup_prefect,
    forget,
    doctor,
    new_source,
    query,
    export,
    report,
    telegram,
    importer,
    enrich,
    score,
):
    cli.add_command(command)
