"""Prepare a Prefect server for pikir: work pool, tag concurrency limits, secrets, deployments.

Run it (``pikir setup-prefect``) with ``PREFECT_API_URL`` pointing at the server. Every step is
idempotent, so it is safe to run after each upgrade.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from dataclasses import dataclass, field

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

from pikir.config import REPO_ROOT

POOL = "pikir-process"
TAG_LIMITS = {
    # One Telegram account must never run two collections at once (flood and ban risk).
    "telegram-account": 1,
    # At most two crawls of one site at a time (DESIGN.md §4).
    "domain:t.me": 2,
}
SECRET_ENV = {
    "pikir-tg-api-id": "PIKIR_TG_API_ID",
    "pikir-tg-api-hash": "PIKIR_TG_API_HASH",
    "pikir-tg-session": "PIKIR_TG_SESSION",
}


@dataclass
class SetupReport:
    """What setup created or found."""

    pool: str = ""
    limits: dict[str, int] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)
    deployed: bool = False


def ensure_pool(name: str = POOL) -> str:
    """Create the process work pool unless it exists; return its name."""
    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(name)
        except ObjectNotFound:
            # Created concurrently by another setup run: the same end state.
            with contextlib.suppress(ObjectAlreadyExists):
                client.create_work_pool(WorkPoolCreate(name=name, type="process"))
    return name


def ensure_limits(limits: dict[str, int] = TAG_LIMITS) -> dict[str, int]:
    """Create or update the tag concurrency limits."""
    with get_client(sync_client=True) as client:
        for tag, limit in limits.items():
            client.create_concurrency_limit(tag=tag, concurrency_limit=limit)
    return dict(limits)


def save_secrets_from_env() -> list[str]:
    """Copy Telegram credentials from the environment into Prefect Secret blocks.

    Values are never printed or logged; only the block names are returned.
    """
    from prefect.blocks.system import Secret

    saved = []
    for block, variable in SECRET_ENV.items():
        value = os.environ.get(variable)
        if value:
            Secret(value=value).save(block, overwrite=True)
            saved.append(block)
    return saved


def deploy_all() -> None:
    """Run ``prefect deploy --all`` from the repository root (reads ``prefect.yaml``).

    Raises:
        RuntimeError: the deploy command failed (its output is included).
    """
    env = {**os.environ, "PIKIR_REPO": str(REPO_ROOT)}
    command = [sys.executable, "-m", "prefect", "--no-prompt", "deploy", "--all"]
    done = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(f"prefect deploy failed:\n{done.stdout}\n{done.stderr}")


def setup(deploy: bool = True, pool: str = POOL) -> SetupReport:
    """Run every setup step; return what was done."""
    if not os.environ.get("PREFECT_API_URL"):
        raise RuntimeError("set PREFECT_API_URL to the Prefect server to set up")
    report = SetupReport(pool=ensure_pool(pool), limits=ensure_limits())
    report.secrets = save_secrets_from_env()
    if deploy:
        deploy_all()
        report.deployed = True
    return report
