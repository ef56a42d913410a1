"""``pikir new-source``: scaffold a news spider, its test and a saved-page fixture."""

from __future__ import annotations

import click


@click.command("new-source")
@click.argument("name")
@click.argument("url")
@click.option("--outlet", help="Display name of the outlet (default: its domain).")
def new_source(name: str, url: str, outlet: str | None) -> None:
    """Write spiders/sources/NAME.py, tests/spiders/test_NAME.py and a fixture for URL.

    Then: replace every TODO(new-source) (a test fails while one is left), save real-structure
    pages with synthetic text, add the outlet to config/sources.toml and a README row.

    Example: pikir new-source kursiv https://kz.kursiv.media
    """
    from pikir.scaffold import new_source as scaffold

    try:
        made = scaffold(name, url, outlet=outlet)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    for path in (made.spider, made.test, made.fixture):
        click.echo(f"wrote {path}")
