"""The enrichment step of the nightly flow (after the crawls, before the warehouse build).

Not named ``enrich.py``: Prefect puts ``flows/`` on ``sys.path`` when it loads a deployment's
entrypoint, and a module called ``enrich`` there would shadow the ``enrich`` package.
"""

from __future__ import annotations

from dataclasses import asdict

from prefect import get_run_logger, task

from pikir.collect import new_run_id
from pikir.config import DataHome


@task(name="enrich-posts")
def enrich_posts(home_path: str) -> dict:
    """Score every post version the current models have not scored yet.

    A missing or broken model does not stop the warehouse rebuild: the error is returned
    (``error``) and the flow reports it as a problem.
    """
    from enrich.lake import enrich_lake
    from enrich.scorer import Enricher
    from enrich.sentiment.backend import BackendError
    from enrich.topic import TopicError

    logger = get_run_logger()
    try:
        enricher = Enricher.load()
    except (BackendError, TopicError, FileNotFoundError) as exc:
        logger.warning("enrichment skipped: %s", exc)
        return {"error": f"enrichment skipped: {exc}"}
    report = enrich_lake(DataHome.from_env(home_path), enricher, new_run_id("enrich"))
    logger.info("%s: scored %d post versions", report.model, report.scored)
    return asdict(report)
