"""Rich renderings shared by CLI commands."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

from pikir.collect import CrawlResult

STATUS_STYLE = {
    "ok": "green",
    "empty": "cyan",
    "unavailable": "yellow",
    "partial": "yellow",
    "failed": "red",
}


def status_cell(status: str) -> str:
    """A run status in rich markup, coloured by :data:`STATUS_STYLE` when it has a colour."""
    style = STATUS_STYLE.get(status, "")
    return f"[{style}]{status}[/{style}]" if style else status


def results_table(results: Iterable[CrawlResult], title: str) -> Table:
    """Return a table of per-source crawl outcomes."""
    table = Table(title=title)
    for column in ("source", "status", "items", "new", "updated", "pages", "seconds", "error"):
        table.add_column(
            column, justify="right" if column in {"items", "new", "updated"} else "left"
        )
    for r in results:
        table.add_row(
            r.source,
            status_cell(r.status),
            str(r.items),
            str(r.new_items),
            str(r.updated_items),
            str(r.pages),
            f"{r.seconds:.1f}",
            r.error or "",
        )
    return table
