"""``pikir status``: what is in the lake, the last runs, and anything quarantined."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from pikir.cli.options import data_home, home_option


@click.command()
@home_option
@click.option("--runs", default=10, show_default=True, help="How many recent runs to show.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def status(home: str, runs: int, as_json: bool) -> None:
    """Show the lake's tables, posts per source, recent runs and quarantined files.

    Every lake file is checked first (footer level); unreadable ones are quarantined so
    queries keep answering, and are listed here with the reason.
    """
    from pikir.lake.integrity import quarantined_files, scan_lake
    from pikir.lake.inventory import take_inventory

    target = data_home(home)
    scan = scan_lake(target)
    inv = take_inventory(target, runs=runs)
    quarantined = quarantined_files(target)
    if as_json:
        payload = {
            "home": inv.home,
            "tables": inv.tables,
            "sources": inv.sources,
            "recent_runs": inv.recent_runs,
            "newly_quarantined": scan.quarantined,
            "quarantined": quarantined,
            "warehouse": str(target.warehouse) if inv.warehouse_exists else None,
        }
        click.echo(json.dumps(payload, default=str, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(f"data home: [bold]{inv.home}[/bold]")
    tables = Table(title="lake tables")
    for column in ("table", "files", "rows", "MiB"):
        tables.add_column(column, justify="left" if column == "table" else "right")
    for name, t in inv.tables.items():
        tables.add_row(name, str(t["files"]), str(t["rows"]), f"{t['bytes'] / 2**20:.2f}")
    console.print(tables)
    if inv.sources:
        sources = Table(title="posts per source")
        for column in ("platform", "source", "posts", "first post", "last post"):
            sources.add_column(column)
        for s in inv.sources:
            sources.add_row(
                s["platform"],
                s["source"],
                str(s["posts"]),
                str(s["first_post"]),
                str(s["last_post"]),
            )
        console.print(sources)
    if inv.recent_runs:
        recent = Table(title="recent runs")
        for column in ("started", "run", "source", "status", "items", "new", "error"):
            recent.add_column(column)
        for r in inv.recent_runs:
            recent.add_row(
                str(r["started_at"])[:19],
                r["run_id"],
                r["source"],
                r["status"],
                str(r["items"]),
                str(r["new_items"]),
                (r["error"] or "")[:60],
            )
        console.print(recent)
    else:
        console.print("no runs recorded yet")
    for item in scan.quarantined:
        console.print(f"[red]quarantined now[/red] {item['file']}: {item['reason']}")
    if quarantined:
        console.print(f"[yellow]{len(quarantined)} file(s) in quarantine[/yellow]:")
        for q in quarantined:
            console.print(f"  {q.get('original')}: {q.get('reason')}")
    warehouse = target.warehouse if inv.warehouse_exists else "not built (run `pikir build`)"
    console.print(f"warehouse: {warehouse}")
