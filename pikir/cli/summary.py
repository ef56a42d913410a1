"""What the demo and ``pikir nightly`` print at the end: where the results are, what is in them."""

from __future__ import annotations

import duckdb
from rich.console import Console
from rich.table import Table

from pikir.config import DataHome


def print_warehouse_summary(console: Console, home: DataHome) -> None:
    """Print posts per source, busiest days, the warehouse path and a query to try."""
    path = home.warehouse
    if not path.exists():
        console.print(f"[yellow]no warehouse at {path} yet[/yellow]")
        return
    con = duckdb.connect(str(path), read_only=True)
    try:
        per_source = con.execute(
            "select platform, source, posts, first_post_at::date, last_post_at::date "
            "from source_summary order by posts desc"
        ).fetchall()
        busiest = con.execute(
            "select day, sum(posts) as posts from daily_volume group by day "
            "order by posts desc, day limit 5"
        ).fetchall()
        runs = con.execute(
            "select source, status, items, new_items from collection_health "
            "order by started_at desc limit 8"
        ).fetchall()
    finally:
        con.close()
    table = Table(title="posts per source")
    for column in ("platform", "source", "posts", "first post", "last post"):
        table.add_column(column)
    for row in per_source:
        table.add_row(*(str(v) for v in row))
    console.print(table)
    days = Table(title="busiest days")
    days.add_column("day")
    days.add_column("posts", justify="right")
    for day, posts in busiest:
        days.add_row(str(day), str(posts))
    console.print(days)
    latest = Table(title="latest runs")
    for column in ("source", "status", "items", "new"):
        latest.add_column(column)
    for row in runs:
        latest.add_row(*(str(v) for v in row))
    console.print(latest)
    console.print(f"\nwarehouse: [bold]{path}[/bold]\nlake:      {home.lake}")
    console.print("try:\n" + example_queries(str(path)), soft_wrap=True)


EXAMPLE_SQL = "select day, source, posts from daily_volume order by day"


def example_queries(path: str) -> str:
    """Return shell lines a user can paste to query the warehouse."""
    connect = f"con = duckdb.connect('{path}', read_only=True)"
    python = f"import duckdb; {connect}; print(con.sql('from source_summary'))"
    cli_line = f'  duckdb {path} "{EXAMPLE_SQL}"   # with the duckdb CLI'
    return f'  .venv/bin/python -c "{python}"\n{cli_line}'
