"""``pikir setup-prefect``: get a Prefect server ready to run pikir's deployments."""

from __future__ import annotations

import click
from rich.console import Console


@click.command("setup-prefect")
@click.option("--no-deploy", is_flag=True, help="Only create the pool, limits and secrets.")
@click.option("--pool", default="pikir-process", show_default=True, help="Work pool name.")
def setup_prefect(no_deploy: bool, pool: str) -> None:
    """Create the process work pool, tag concurrency limits, Secret blocks and deployments.

    Needs PREFECT_API_URL. Telegram credentials are copied from PIKIR_TG_API_ID,
    PIKIR_TG_API_HASH and PIKIR_TG_SESSION into Secret blocks when set (never printed).
    Then start a worker from the repository root:  prefect worker start --pool pikir-process
    """
    from pikir.prefect_setup import setup

    try:
        report = setup(deploy=not no_deploy, pool=pool)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    console = Console()
    console.print(f"work pool: {report.pool}")
    for tag, limit in report.limits.items():
        console.print(f"concurrency limit: {tag} = {limit}")
    console.print(f"secret blocks: {', '.join(report.secrets) or 'none (no credentials in env)'}")
    console.print("deployments: " + ("created from prefect.yaml" if report.deployed else "skipped"))
