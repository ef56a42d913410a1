"""The nightly flow's social-API step: one child ``scrapy crawl`` per ``[[social.sources]]`` entry.

The token is looked up here (environment, else a Prefect Secret block) and handed to the child's
environment only. A source whose required token is missing is not crawled: its result says
``skipped`` with the variable's name, and the flow goes on.
"""

from __future__ import annotations

from dataclasses import asdict

from prefect import get_run_logger, task

from flows.transient import (
    RETRY_DELAY_S,
    TASK_RETRIES,
    retry_if_transient,
    retry_transient_failure,
)
from pikir.collect import crawl
from pikir.config import DataHome
from pikir.social_config import SocialSource, tokens_for


def skipped(source: str, reason: str) -> dict:
    """The run-summary entry of a source that was not crawled."""
    return {
        "source": source.lower(),
        "status": "skipped",
        "items": 0,
        "new_items": 0,
        "updated_items": 0,
        "pages": 0,
        "http_errors": 0,
        "error": reason,
        "seconds": 0.0,
        "log_path": "",
    }


def crawl_social_source(
    home_path: str,
    spec: SocialSource,
    run_id: str,
    since: str | None,
    fast: bool,
    server: str | None = None,
    *,
    prefect_blocks: bool = True,
) -> dict:
    """Crawl one API source into the lake; return its run record (or a ``skipped`` entry)."""
    env, missing = tokens_for(spec, prefect_blocks=prefect_blocks)
    if missing and not spec.token_optional:
        return skipped(spec.source, f"{', '.join(missing)} not set")
    arguments = spec.spider_arguments(server)
    if since:
        arguments["since"] = since
    (result,) = crawl(
        DataHome.from_env(home_path),
        spec.spider,
        run_id=run_id,
        arguments=arguments,
        sources=[spec.source],
        flow="nightly",
        fast=fast,
        env=env,
    )
    return asdict(result)


@task(
    name="crawl-social-source",
    task_run_name="crawl {spec.spider} {spec.source}",
    retries=TASK_RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
    retry_condition_fn=retry_if_transient,
)
def crawl_social(
    home_path: str,
    spec: SocialSource,
    run_id: str,
    since: str | None,
    fast: bool,
    server: str | None = None,
) -> dict:
    """Prefect task around :func:`crawl_social_source`, logging the outcome."""
    result = crawl_social_source(home_path, spec, run_id, since, fast, server)
    logger = get_run_logger()
    if result["status"] == "skipped":
        logger.warning("%s (%s): skipped: %s", spec.source, spec.spider, result["error"])
    else:
        logger.info(
            "%s (%s): %s, %d items, %d new",
            spec.source,
            spec.spider,
            result["status"],
            result["items"],
            result["new_items"],
        )
    return retry_transient_failure(result)
