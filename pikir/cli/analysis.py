"""``pikir query``, ``pikir export`` and ``pikir report``: the warehouse for analysts."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sys
from pathlib import Path

import click

from pikir.cli.options import data_home, home_option

QUERY_FORMATS = ("table", "csv", "json", "parquet")


def _jsonable(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from exc


@click.command()
@click.argument("sql")
@click.option("--param", "params", multiple=True, help="Bind $name to a value: name=value.")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table")
@click.option("--out", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@home_option
def query(sql: str, params: tuple[str, ...], fmt: str, out: str | None, home: str) -> None:
    """Run one read-only SELECT on the warehouse, in a sandbox confined to the data home.

    Values are bound as parameters, never pasted into the SQL, e.g.
    pikir query "select * from daily_volume where source = $src" --param src=kaz_news.
    Cast parameters where a type is needed ($since::date); integers are bound as integers.
    """
    import duckdb
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    from pikir.analysis import sandbox

    try:
        table = sandbox.run_query(data_home(home), sql, sandbox.parse_params(params))
    except (sandbox.SandboxError, duckdb.Error, FileNotFoundError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from exc
    if fmt == "parquet":
        if not out:
            raise click.UsageError("--format parquet needs --out FILE")
        pq.write_table(table, out, compression="zstd")
        click.echo(f"{table.num_rows} rows written to {out}", err=True)
        return
    if fmt == "csv":
        sink = out or sys.stdout.buffer
        pa_csv.write_csv(table, sink)
        return
    if fmt == "json":
        text = json.dumps(table.to_pylist(), default=_jsonable, ensure_ascii=False, indent=1)
    else:
        from rich.console import Console
        from rich.table import Table

        view = Table(show_lines=False)
        for name in table.column_names:
            view.add_column(name)
        for row in table.to_pylist():
            view.add_row(*("" if v is None else str(v) for v in row.values()))
        console = Console(width=200)
        with console.capture() as captured:
            console.print(view)
        text = captured.get().rstrip("\n")
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)


@click.command()
@click.argument("mart")
@click.option("--since", help="Keep rows on or after this UTC day (YYYY-MM-DD).")
@click.option("--until", help="Keep rows on or before this UTC day (YYYY-MM-DD).")
@click.option("--platform", help="Keep one platform (telegram, news, ...).")
@click.option("--format", "fmt", type=click.Choice(("csv", "parquet", "gexf")), default="csv")
@click.option("--out", type=click.Path(dir_okay=False), help="Default: <home>/exports/MART.EXT")
@home_option
def export(
    mart: str,
    since: str | None,
    until: str | None,
    platform: str | None,
    fmt: str,
    out: str | None,
    home: str,
) -> None:
    """Export a mart as CSV, Parquet, or GEXF for Gephi (edge marts only).

    GEXF is offered for forward_edges, mention_edges and link_targets; --since/--until keep
    rows whose dates overlap the range.
    """
    import duckdb

    from pikir.analysis import export as exporting

    target = data_home(home)
    path = Path(out) if out else target.root / "exports" / f"{mart}.{fmt}"
    if fmt == "gexf" and mart not in exporting.GRAPHS:
        raise click.ClickException(f"gexf is only for edge marts: {', '.join(exporting.GRAPHS)}")
    try:
        table = exporting.select_mart(
            target, mart, since=_date(since), until=_date(until), platform=platform
        )
        exporting.write(table, mart, fmt, path)
    except (exporting.ExportError, duckdb.Error, FileNotFoundError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from exc
    click.echo(f"{table.num_rows} rows of {mart} written to {path}")


@click.command()
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Default: <home>/reports/report-<day>.html"
)
@home_option
def report(out: str | None, home: str) -> None:
    """Render an HTML report of the main charts and tables into <home>/reports/.

    Volume and milestones, languages, sources, forwards, engagement and collection health,
    with the charts embedded as PNG.
    """
    from pikir.analysis import report as reporting

    try:
        path = reporting.render(data_home(home), Path(out) if out else None)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"report written to {path}")
