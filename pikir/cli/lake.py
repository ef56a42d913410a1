"""``pikir compact`` and ``pikir scan``: lake maintenance."""

from __future__ import annotations

import click
from rich.console import Console

from pikir.cli.options import data_home, home_option


@click.command()
@home_option
def compact(home: str) -> None:
    """Merge each partition's small files into one (query results stay the same)."""
    from pikir.lake.compaction import compact as run_compaction

    report = run_compaction(data_home(home))
    Console().print(
        f"compacted {report.partitions} partitions: "
        f"{report.files_before} files -> {report.files_after}"
    )


@click.command()
@home_option
@click.option("--deep", is_flag=True, help="Decode every page, not only each file's footer.")
def scan(home: str, deep: bool) -> None:
    """Check every lake file; move unreadable or foreign files to quarantine/."""
    from pikir.lake.integrity import scan_lake

    report = scan_lake(data_home(home), deep=deep)
    console = Console()
    console.print(
        f"checked {report.checked} files ({report.skipped_known_good} known good), "
        f"quarantined {len(report.quarantined)}"
    )
    for item in report.quarantined:
        console.print(f"[red]quarantined[/red] {item['file']}: {item['reason']}")
