"""Which failures are worth a retry: transient ones only.

A Prefect task retry costs a second crawl of a site, so the nightly tasks retry only what a
second attempt can fix: timeouts, refused or dropped connections, HTTP 5xx and 429 after the
spider's own retries were spent, a crawl process killed by a signal (out of memory, a worker
shut down). Never a configuration error, a contract violation, a missing token, a 4xx page, a
spider that could not start, or a yield alert: those fail the same way every time.

Two kinds of failure reach a task:

* an exception (the task raised): :func:`is_transient_exception`;
* a source's run record with ``status == "failed"`` (crawls run in a child process and report
  failures as records, so one bad source does not stop the flow): :func:`is_transient_failure`.

:func:`retry_transient_failure` turns a transient failed record into
:class:`TransientSourceFailure` while the task has retries left, and :func:`retry_if_transient`
is the ``retry_condition_fn`` that lets Prefect retry only transient exceptions.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import urllib.error
from typing import Any

from prefect.context import TaskRunContext

from pikir.config import ConfigError

TASK_RETRIES = 1
"""Extra attempts of a source task after a transient failure (the spiders retry inside too)."""

RETRY_DELAY_S = float(os.environ.get("PIKIR_RETRY_DELAY_S", "60"))
"""Seconds before that attempt (``$PIKIR_RETRY_DELAY_S``, default 60)."""

EX_TEMPFAIL = 75
"""``sysexits.h``: temporary failure, the user is invited to retry."""

_TRANSIENT_TEXT = re.compile(
    r"\bHTTP (?:5\d\d|429)\b"  # server errors and rate limits left after the spider's retries
    r"|robots\.txt unreachable or 5xx"
    r"|time(?:d)? ?out|Timeout"
    r"|Connection(?:Refused|Lost|Reset|Done|Aborted)?Error|ConnectionLost"
    r"|connection (?:refused|reset|lost|aborted)"
    r"|ResponseNeverReceived|DNSLookupError|temporary failure in name resolution"
    r"|crawl killed after",  # the child crawl ran past its timeout
    re.IGNORECASE,
)
_EXIT_CODE = re.compile(r"exited with code (-?\d+)")
_PERMANENT_EXCEPTIONS = (ConfigError, ValueError, TypeError, LookupError, ImportError)
_TRANSIENT_EXCEPTIONS = (TimeoutError, ConnectionError, socket.gaierror, subprocess.TimeoutExpired)


class TransientSourceFailure(RuntimeError):
    """A source failed for a transient reason; raised so Prefect retries its task.

    Attributes:
        record: the source's run record (the flow summary shape).
    """

    def __init__(self, record: dict[str, Any]) -> None:
        super().__init__(f"{record.get('source')}: {record.get('error')}")
        self.record = record


def is_transient_exit_code(code: int) -> bool:
    """Whether a crawl process exit code means "try again" (killed by a signal, EX_TEMPFAIL).

    Scrapy exits 1 when the spider cannot start (bad arguments or settings) and 2 on a usage
    error: both are permanent.
    """
    return code < 0 or code == EX_TEMPFAIL


def is_transient_failure(record: dict[str, Any]) -> bool:
    """Whether a source's run record is a failure that a second attempt may fix."""
    if record.get("status") != "failed":
        return False
    error = str(record.get("error") or "")
    code = _EXIT_CODE.search(error)
    if code:
        return is_transient_exit_code(int(code.group(1)))
    return bool(_TRANSIENT_TEXT.search(error))


def _http_status(exc: BaseException) -> int | None:
    for owner in (exc, getattr(exc, "response", None)):
        for name in ("status_code", "status", "code"):
            value = getattr(owner, name, None)
            if isinstance(value, int) and 100 <= value < 600:
                return value
    return None


def is_transient_exception(exc: BaseException) -> bool:
    """Whether an exception raised by a task is transient (follows ``raise ... from`` causes)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, TransientSourceFailure):
            return True
        if isinstance(current, _PERMANENT_EXCEPTIONS):
            return False
        status = _http_status(current)
        if status is not None:
            return status == 429 or status >= 500
        if isinstance(current, _TRANSIENT_EXCEPTIONS):
            return True
        if isinstance(current, urllib.error.URLError) and isinstance(current.reason, BaseException):
            current = current.reason
            continue
        current = current.__cause__
    return False


def retry_if_transient(task: Any, task_run: Any, state: Any) -> bool:
    """``retry_condition_fn`` for Prefect tasks: retry only transient failures.

    Args:
        task: the Prefect task (unused; part of Prefect's signature).
        task_run: the task run (unused).
        state: the Failed state; its data is the exception the task raised.
    """
    del task, task_run
    exc = state.data if isinstance(state.data, BaseException) else None
    if exc is None:
        exc = state.result(raise_on_failure=False)
    return isinstance(exc, BaseException) and is_transient_exception(exc)


def retry_transient_failure(record: dict[str, Any]) -> dict[str, Any]:
    """Return ``record``, or raise :class:`TransientSourceFailure` so Prefect retries the task.

    Raises only inside a Prefect task that has retries left and only for a transient failure;
    the last attempt returns the failed record, so the flow reports the source like any other.
    """
    context = TaskRunContext.get()
    if context is None or not is_transient_failure(record):
        return record
    if context.task_run.run_count <= context.task.retries:
        raise TransientSourceFailure(record)
    return record
