"""The nightly flow's Telegram API step: every configured channel through one account.

Used instead of the web preview crawl when credentials are present (environment variables or
Prefect Secret blocks, see :mod:`collectors.telegram.session`); channels run one after another
inside one task because one account means one paced request stream.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any

from prefect import get_run_logger, task

from collectors.telegram.session import Credentials, CredentialsError, load_credentials
from flows.transient import RETRY_DELAY_S, TASK_RETRIES, retry_if_transient
from pikir.config import DataHome


def telegram_api_credentials(base_url: str | None = None) -> Credentials | None:
    """Credentials for the nightly API step, or None to fall back to the web preview.

    A base URL override (the bundled sample, a mirror) always means the web preview: the API
    would ask the real Telegram about channels that exist only in the replay.
    """
    if base_url:
        return None
    try:
        return load_credentials(prefect_blocks=True)
    except CredentialsError as exc:
        get_run_logger().warning(
            "Telegram API credentials unusable (%s); using the web preview", exc
        )
        return None


@task(
    name="collect-telegram-api",
    retries=TASK_RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
    retry_condition_fn=retry_if_transient,  # a dropped connection, never bad credentials
)
def collect_telegram_api(
    home_path: str, channels: list[str], run_id: str, since: str | None
) -> list[dict[str, Any]]:
    """Collect every channel over the API; one result dict per channel (flow summary shape)."""
    from collectors.telegram.api import collect
    from collectors.telegram.run import CollectOptions

    credentials = telegram_api_credentials()
    if credentials is None:
        raise CredentialsError("Telegram API credentials disappeared during the run")
    start = datetime.combine(date.fromisoformat(since), time(), tzinfo=UTC) if since else None
    reports = collect(
        DataHome.from_env(home_path),
        channels,
        credentials,
        options=CollectOptions(since=start),
        run_id=run_id,
        flow="nightly",
    )
    logger = get_run_logger()
    for r in reports:
        logger.info("%s: %s, %d items, %d new (API)", r.source, r.status, r.items, r.new_items)
    return [r.as_dict() for r in reports]


def flatten_results(results: Iterable[dict | list[dict]]) -> list[dict]:
    """Task results as one list of per-source dicts (the API task returns several at once)."""
    flat: list[dict] = []
    for result in results:
        flat.extend(result if isinstance(result, list) else [result])
    return flat
