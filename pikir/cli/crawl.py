"""``pikir crawl``: run one spider now, outside any flow."""

from __future__ import annotations

from contextlib import ExitStack

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from pikir.cli.options import data_home, home_option
from pikir.cli.render import results_table
from pikir.config import SAMPLE_SOURCES_FILE, ConfigError, SourcesConfig, check_channel_name


@click.command()
@click.argument("spider", default="telegram_web")
@click.option("--channels", help="Comma-separated channel usernames (default: sources file).")
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False), help="Sources TOML.")
@click.option("--base-url", help="Site to crawl instead of https://t.me (a mirror, a test server).")
@click.option("--since", help="Collect posts published on or after YYYY-MM-DD.")
@click.option("--until", help="Collect posts published on or before YYYY-MM-DD.")
@click.option("--full", is_flag=True, help="Ignore watermarks: walk the whole history again.")
@click.option("--sample", is_flag=True, help="Crawl the bundled offline sample (serves it).")
@home_option
def crawl(
    spider: str,
    channels: str | None,
    sources_file: str | None,
    base_url: str | None,
    since: str | None,
    until: str | None,
    full: bool,
    sample: bool,
    home: str,
) -> None:
    """Crawl SPIDER (default telegram_web) into the lake and record the run.

    Incremental by default: each channel is read back to the newest post already landed.

    Example: pikir crawl --channels tengrinews,orda_kz --since 2021-09-01
    """
    from pikir.collect import crawl as run_crawl
    from pikir.collect import new_run_id

    if spider != "telegram_web":
        raise click.BadParameter(f"unknown spider {spider!r}; see `scrapy list`")
    target = data_home(home)
    config = SourcesConfig.load(SAMPLE_SOURCES_FILE if sample else sources_file)
    names = (
        [c.strip() for c in channels.split(",")] if channels else [c.name for c in config.channels]
    )
    names = [n for n in names if n]
    if not names:
        raise click.UsageError("no channels: pass --channels or list them in the sources file")
    try:
        names = [check_channel_name(n) for n in names]
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="--channels") from exc
    console = Console()
    with ExitStack() as stack:
        if sample:
            from pikir.sample.server import SampleServer

            server = stack.enter_context(SampleServer())
            base_url = base_url or server.base_url
        arguments = {"channels": ",".join(names), "base_url": base_url or config.telegram_base_url}
        for key, value in (("since", since), ("until", until)):
            if value:
                arguments[key] = value
        if full:
            arguments["full"] = "1"
        run_id = new_run_id("crawl")
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            progress.add_task(f"crawling {len(names)} channel(s) with {spider}", total=None)
            results = run_crawl(
                target, spider, run_id=run_id, arguments=arguments, sources=names, fast=sample
            )
    console.print(results_table(results, title=f"run {run_id}"))
    if any(r.status == "failed" for r in results):
        raise click.ClickException("some sources failed; see the error column and the log")
