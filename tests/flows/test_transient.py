"""Retries only for transient failures: the classifier, and Prefect's real engine obeying it."""

from __future__ import annotations

import socket
import subprocess
import urllib.error

import pytest
from prefect import flow, task

from collectors.telegram.session import CredentialsError
from flows.backfill import backfill_channel
from flows.nightly import crawl_channel, crawl_outlet
from flows.telegram_api import collect_telegram_api
from flows.transient import (
    TASK_RETRIES,
    TransientSourceFailure,
    is_transient_exception,
    is_transient_failure,
    retry_if_transient,
    retry_transient_failure,
)
from pikir.config import ConfigError
from warehouse.contracts import ContractError, ContractResult


def failed(error: str) -> dict:
    return {"source": "kaz_news", "status": "failed", "items": 0, "error": error}


@pytest.mark.parametrize(
    "error",
    [
        "telegram channel 'x' at https://t.me/s/x: HTTP 503",
        "telegram channel 'x' at https://t.me/s/x: HTTP 429 (rate limited; retries spent)",
        "news outlet a.kz: 3 request(s) failed: TCPTimedOutError: connection timed out",
        "telegram channel 'x' at https://t.me/s/x: ConnectionRefusedError: refused",
        "robots.txt unreachable or 5xx: crawling refused (fail-closed)",
        "crawl killed after 3600 s; see log",
        "crawl process exited with code -9; see log",
        "crawl process exited with code 75; see log",
        "news outlet a.kz: 1 request(s) failed: DNSLookupError: no such host",
    ],
)
def test_transient_failures_are_recognised(error):
    assert is_transient_failure(failed(error))


@pytest.mark.parametrize(
    "error",
    [
        "telegram channel 'x' at https://t.me/s/x: HTTP 404",
        "forbidden by robots.txt",
        "news outlet a.kz: discovery pages held no article links (layout change?)",
        "crawl process exited with code 1; see log",
        "crawl process exited with code 2; see log",
        "X_BEARER_TOKEN not set",
        "",
    ],
)
def test_permanent_failures_are_not_retried(error):
    assert not is_transient_failure(failed(error))


@pytest.mark.parametrize("status", ["ok", "partial", "empty", "skipped", "unavailable"])
def test_only_failed_records_can_be_transient(status):
    assert not is_transient_failure({"status": status, "error": "HTTP 503"})


def http_error(code: int) -> urllib.error.HTTPError:
    return urllib.error.HTTPError("https://example.kz/", code, "status", {}, None)


@pytest.mark.parametrize(
    "exc",
    [
        TimeoutError("read timed out"),
        ConnectionResetError("peer reset"),
        socket.gaierror("temporary failure in name resolution"),
        subprocess.TimeoutExpired(["scrapy"], 10),
        http_error(502),
        http_error(429),
        urllib.error.URLError(ConnectionRefusedError("refused")),
        TransientSourceFailure(failed("HTTP 503")),
    ],
)
def test_transient_exceptions(exc):
    assert is_transient_exception(exc)


def test_a_cause_chain_is_followed():
    outer = RuntimeError("fetching the channel page failed")
    outer.__cause__ = ConnectionAbortedError("dropped")
    assert is_transient_exception(outer)
    assert not is_transient_exception(RuntimeError("fetching the channel page failed"))


@pytest.mark.parametrize(
    "exc",
    [
        ConfigError("sources.toml: a channel is listed twice"),
        CredentialsError("PIKIR_TG_SESSION is not set"),
        ContractError(
            [ContractResult("unique", "posts", "post_key", False, "2 duplicate keys", 2)]
        ),
        RuntimeError("yield of chan dropped to 0 (median 40)"),
        KeyError("post_key"),
        ValueError("not a date"),
        http_error(404),
        urllib.error.URLError("unknown url type"),
    ],
)
def test_permanent_exceptions(exc):
    assert not is_transient_exception(exc)


def test_the_nightly_source_tasks_retry_only_transient_failures():
    for source_task in (crawl_channel, crawl_outlet, backfill_channel, collect_telegram_api):
        assert source_task.retries == TASK_RETRIES >= 1
        assert source_task.retry_condition_fn is retry_if_transient


# -- Prefect's real engine -----------------------------------------------------------------


def make_raising_task(first: BaseException):
    """A task that raises ``first`` on its first attempt and succeeds afterwards."""
    attempts: list[int] = []

    @task(retries=1, retry_delay_seconds=0, retry_condition_fn=retry_if_transient)
    def fetch() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise first
        return "landed"

    return fetch, attempts


def final_state(fetch) -> tuple[str, object]:
    """Call the task ``fetch`` in a flow on Prefect's engine: its final state's name and result."""

    @flow
    def run() -> tuple[str, object]:
        state = fetch(return_state=True)
        return state.name, state.result(raise_on_failure=False)

    return run()


def in_a_flow(source_task) -> dict:
    """Call ``source_task`` in a flow on Prefect's engine and return the record it ends with."""

    @flow
    def run() -> dict:
        return source_task()

    return run()


def test_engine_retries_a_transient_exception_once():
    fetch, attempts = make_raising_task(ConnectionResetError("peer reset"))

    assert final_state(fetch) == ("Completed", "landed")
    assert len(attempts) == 2


def test_engine_does_not_retry_a_config_error():
    fetch, attempts = make_raising_task(ConfigError("PIKIR_LAKE_URL must look like s3://"))

    name, result = final_state(fetch)
    assert name == "Failed"
    assert isinstance(result, ConfigError)
    assert len(attempts) == 1


def make_record_task(records: list[dict]):
    """A source task returning ``records`` one per attempt, through retry_transient_failure."""
    attempts: list[int] = []

    @task(retries=1, retry_delay_seconds=0, retry_condition_fn=retry_if_transient)
    def crawl_source() -> dict:
        attempts.append(1)
        return retry_transient_failure(records[len(attempts) - 1])

    return crawl_source, attempts


def test_engine_retries_a_source_that_failed_transiently():
    ok = {"source": "kaz_news", "status": "ok", "items": 12, "error": None}
    crawl_source, attempts = make_record_task([failed("HTTP 503"), ok])

    assert in_a_flow(crawl_source) == ok
    assert len(attempts) == 2


def test_last_attempt_returns_the_failed_record_so_the_flow_reports_it():
    crawl_source, attempts = make_record_task([failed("HTTP 503"), failed("HTTP 504")])

    assert in_a_flow(crawl_source)["error"] == "HTTP 504"
    assert len(attempts) == 2


def test_engine_does_not_retry_a_permanent_source_failure():
    crawl_source, attempts = make_record_task([failed("HTTP 404"), failed("unreachable")])

    assert in_a_flow(crawl_source)["error"] == "HTTP 404"
    assert len(attempts) == 1


def test_outside_a_task_a_failed_record_is_returned_as_is():
    record = failed("HTTP 503")
    assert retry_transient_failure(record) is record
