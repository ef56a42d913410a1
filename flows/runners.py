"""Choose where a flow's tasks run: threads on this machine, or a Dask cluster.

Collection is I/O-bound (each crawl is a child process), so threads are the default. A Dask
cluster fans collection (and CPU-heavy enrichment) out over several processes or machines:
``dask`` alone starts a LocalCluster here; ``dask`` with an address uses an existing
scheduler (``tcp://scheduler:8786``).
"""

from __future__ import annotations

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

RUNNERS = ("thread", "dask")


def make_task_runner(
    name: str = "thread", *, address: str | None = None, workers: int = 2
) -> TaskRunner:
    """Return a Prefect task runner.

    Args:
        name: ``thread`` or ``dask``.
        address: a Dask scheduler address; None starts a LocalCluster with ``workers`` processes.
        workers: LocalCluster worker processes (one thread each).

    Raises:
        ValueError: unknown runner name.
    """
    if name == "thread":
        return ThreadPoolTaskRunner(max_workers=4)
    if name == "dask":
        from prefect_dask import DaskTaskRunner

        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": workers,
                "processes": True,
                "threads_per_worker": 1,
                "dashboard_address": ":0",
            }
        )
    raise ValueError(f"unknown task runner {name!r}; choose one of {RUNNERS}")
