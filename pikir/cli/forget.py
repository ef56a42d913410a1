"""``pikir forget``: remove a post or an author from the lake (data-subject requests)."""

from __future__ import annotations

import click
from rich.console import Console

from pikir.cli.options import data_home, home_option


@click.command()
@click.option("--post-key", "post_keys", multiple=True, help="A post key to remove (repeatable).")
@click.option(
    "--author", help="Remove every post whose author, signature or forward source is this."
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@home_option
def forget(post_keys: tuple[str, ...], author: str | None, yes: bool, home: str) -> None:
    """Remove posts from every lake table (posts, metrics, raw payloads, enrichment), atomically.

    The request is logged in state/forget_log.jsonl with its id and counts, never the content.
    Rebuild the warehouse afterwards (`pikir build`) so views no longer show the rows.
    """
    from pikir.lake.forget import forget as run_forget

    if not post_keys and not author:
        raise click.UsageError("give --post-key or --author")
    if not yes:
        click.confirm("Remove these rows from every lake file? This cannot be undone", abort=True)
    report = run_forget(data_home(home), post_keys=list(post_keys), author=author)
    console = Console()
    console.print(f"request {report.request_id}: {report.post_keys} post(s) forgotten")
    for table, count in report.rows_removed.items():
        console.print(f"  {table}: {count} row(s) removed")
