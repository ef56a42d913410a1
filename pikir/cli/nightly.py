"""``pikir nightly``: run the nightly Prefect flow now, on the embedded Prefect API."""

from __future__ import annotations

import os
from contextlib import ExitStack

import click
from rich.console import Console

from pikir.cli.options import data_home, home_option
from pikir.cli.summary import print_warehouse_summary
from pikir.config import SAMPLE_SOURCES_FILE


def prepare_prefect(state_dir: str) -> None:
    """Keep Prefect's embedded server state under the data home unless a server is configured."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The embedded server can take a minute to start on a busy 2-core machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    if not os.environ.get("PREFECT_API_URL"):
        os.environ.setdefault("PREFECT_HOME", os.path.join(state_dir, "prefect"))


@click.command()
@click.option("--sample", is_flag=True, help="Serve the bundled sample and crawl it instead.")
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False), help="Sources TOML.")
@click.option("--base-url", help="Override the Telegram base URL (a mirror or a test server).")
@click.option("--since", help="Only collect posts published on or after YYYY-MM-DD.")
@click.option(
    "--task-runner",
    type=click.Choice(["thread", "dask"]),
    default="thread",
    show_default=True,
    help="Run tasks in threads here, or on a Dask cluster (a LocalCluster unless --dask-address).",
)
@click.option("--dask-address", help="Scheduler of an existing Dask cluster (tcp://host:8786).")
@home_option
def nightly(
    sample: bool,
    sources_file: str | None,
    base_url: str | None,
    since: str | None,
    task_runner: str,
    dask_address: str | None,
    home: str,
) -> None:
    """Run the nightly flow: crawl every source, check, compact, rebuild the warehouse.

    Uses Prefect's embedded API unless PREFECT_API_URL points at a server; then the run also
    shows in that server's UI with its summary artifact.
    """
    target = data_home(home)
    prepare_prefect(str(target.state))
    from flows.nightly import CollectionFailed
    from flows.nightly import nightly as nightly_flow
    from flows.runners import make_task_runner

    if task_runner != "thread" or dask_address:
        runner = make_task_runner(task_runner, address=dask_address)
        nightly_flow = nightly_flow.with_options(task_runner=runner)

    console = Console()
    failure = None
    with ExitStack() as stack:
        if sample:
            from pikir.sample.server import SampleServer

            server = stack.enter_context(SampleServer())
            base_url = base_url or server.base_url
            sources_file = sources_file or str(SAMPLE_SOURCES_FILE)
            console.print(f"serving the offline sample at {server.base_url}")
        try:
            nightly_flow(
                home=str(target.root),
                sources_file=sources_file,
                base_url=base_url,
                since=since,
                fast=sample,
            )
        except CollectionFailed as exc:
            failure = exc
    print_warehouse_summary(console, target)
    if failure is not None:
        raise click.ClickException(str(failure))
