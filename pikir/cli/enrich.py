"""``pikir enrich`` (score the lake) and ``pikir score`` (score any CSV)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from pikir.cli.options import data_home, home_option

_topic_option = click.option(
    "--topic", "topic", default=None, help="Topic TOML (default: the bill's topic file)."
)
_backend_option = click.option(
    "--backend",
    "backend",
    default=None,
    envvar="PIKIR_SENTIMENT_BACKEND",
    help="Sentiment backend: linear[:DIR], transformers:DIR or module:factory.",
)


def _load(topic: str | None, backend: str | None):
    from enrich.scorer import Enricher
    from enrich.sentiment.backend import BackendError
    from enrich.topic import TopicError

    try:
        return Enricher.load(topic, backend)
    except (BackendError, TopicError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.command()
@home_option
@_topic_option
@_backend_option
def enrich(home: str, topic: str | None, backend: str | None) -> None:
    """Score every post version not yet scored by the current models into lake/enrichment.

    Re-running scores nothing twice; a new model version re-scores every post (old scores
    stay in the lake). Rebuild the warehouse afterwards (`pikir build`).
    """
    from enrich.lake import enrich_lake
    from pikir.collect import new_run_id

    console = Console(stderr=True)
    enricher = _load(topic, backend)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("scoring posts", total=None)
        report = enrich_lake(
            data_home(home),
            enricher,
            new_run_id("enrich"),
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    click.echo(
        f"{report.model}: {report.pending} pending, {report.scored} scored, "
        f"{report.landed} rows landed in {report.seconds:.1f} s (run {report.run_id})"
    )


@click.command()
@click.option(
    "--input", "source", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--output", "target", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--text-column", default="text", show_default=True, help="Column holding the text.")
@_topic_option
@_backend_option
def score(
    source: Path, target: Path, text_column: str, topic: str | None, backend: str | None
) -> None:
    """Add lang, relevance, matched_terms and sentiment columns to a CSV of texts (streaming)."""
    from enrich.csvscore import ScoreError, score_csv

    enricher = _load(topic, backend)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(f"scoring {source.name}", total=source.stat().st_size)
        try:
            rows = score_csv(
                source,
                target,
                enricher,
                text_column=text_column,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except ScoreError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"scored {rows} rows into {target} with {enricher.model_id}")
