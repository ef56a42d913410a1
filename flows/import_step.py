"""The import step of the nightly flow: land the files of ``[[imports]]`` before enrichment.

Idempotent: a file landed by an earlier run adds nothing (its outcome is ``empty``).
"""

from __future__ import annotations

from prefect import get_run_logger, task

from pikir.config import DataHome


@task(name="import-files")
def import_files(home_path: str, sources_file: str, run_id: str | None = None) -> list[dict]:
    """Import every listed file under the flow's ``run_id``; one outcome per file."""
    from collectors.imports.configured import import_configured

    outcomes = import_configured(DataHome.from_env(home_path), sources_file, run_id)
    logger = get_run_logger()
    for outcome in outcomes:
        logger.info(
            "%s: %s, %d items, %d new",
            outcome["source"],
            outcome["status"],
            outcome["items"],
            outcome["new_items"],
        )
        if outcome["error"]:
            logger.warning("%s: %s", outcome["source"], outcome["error"])
    return outcomes
