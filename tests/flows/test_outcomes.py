"""The nightly per-source table: flood waits and what was deferred, and why."""

from __future__ import annotations

from datetime import UTC, datetime

from flows.outcomes import ARTIFACT_COLUMNS, artifact_rows, deferral, flood_waits, with_outcomes
from flows.summary import render_summary
from pikir.config import DataHome
from pikir.lake.runs import record_runs

STARTED = datetime(2022, 5, 3, 1, 0, tzinfo=UTC)


def result(source: str, status: str = "ok", error: str | None = None, **extra) -> dict:
    return {
        "source": source,
        "status": status,
        "items": 3,
        "new_items": 2,
        "updated_items": 0,
        "error": error,
        **extra,
    }


def test_a_long_floodwait_is_reported_as_a_deferral():
    record = result("kaz_chan", "partial", "FloodWait of 900 s on GetHistory; channel deferred")
    assert deferral(record) == "FloodWait: FloodWait of 900 s on GetHistory; channel deferred"


def test_a_channel_still_deferred_from_an_earlier_run_is_a_deferral():
    record = result("kaz_chan", "partial", "deferred until 2022-05-03T02:00:00+00:00")
    assert deferral(record).startswith("FloodWait: deferred until 2022-05-03")


def test_a_missing_token_is_reported_as_skipped():
    record = result("x_search", "skipped", "X_BEARER_TOKEN not set")
    assert deferral(record) == "skipped: X_BEARER_TOKEN not set"


def test_a_channel_behind_an_open_circuit_breaker_was_not_attempted():
    record = result("kaz_chan", "failed", "circuit breaker open: not attempted in this run")
    assert deferral(record).startswith("not attempted:")


def test_ordinary_outcomes_are_not_deferrals():
    assert deferral(result("a")) is None
    assert deferral(result("b", "failed", "HTTP 404")) is None


def test_flood_waits_come_from_the_runs_of_this_run_only(tmp_path):
    home = DataHome.from_env(tmp_path / "home").ensure()
    base = {"flow": "nightly", "started_at": STARTED, "status": "ok"}
    record_runs(
        home,
        [
            {**base, "run_id": "r1", "source": "kaz_chan", "flood_wait_s": 12.5},
            {**base, "run_id": "r1", "source": "news.kz", "flood_wait_s": 0.0},
            {**base, "run_id": "r0", "source": "kaz_chan", "flood_wait_s": 99.0},
        ],
    )
    assert flood_waits(home, "r1") == {"kaz_chan": 12.5, "news.kz": 0.0}


def test_rows_carry_every_artifact_column_with_waits_and_deferrals():
    results = [
        result("kaz_chan", "partial", "FloodWait of 900 s on GetHistory; channel deferred"),
        result("news.kz"),
        result("x_search", "skipped", "X_BEARER_TOKEN not set"),
        result("api_chan", flood_wait_s=30.0),
    ]
    enriched = with_outcomes(results, {"kaz_chan": 900.0, "news.kz": 4.25})
    rows = artifact_rows(enriched)
    assert [tuple(row) for row in rows] == [ARTIFACT_COLUMNS] * 4
    by_source = {row["source"]: row for row in rows}
    assert by_source["kaz_chan"]["flood_wait_s"] == 900.0
    assert by_source["kaz_chan"]["deferred"].startswith("FloodWait:")
    assert by_source["news.kz"]["flood_wait_s"] == 4.2
    assert by_source["news.kz"]["deferred"] is None
    assert by_source["x_search"]["deferred"] == "skipped: X_BEARER_TOKEN not set"
    assert by_source["api_chan"]["flood_wait_s"] == 30.0


def test_rows_of_results_without_outcomes_still_have_the_columns():
    (row,) = artifact_rows([result("import:export.json", "skipped", "no files")])
    assert row["flood_wait_s"] == 0.0
    assert row["deferred"] == "skipped: no files"


def test_the_markdown_summary_lists_waits_and_deferrals():
    sources = with_outcomes(
        [
            result("kaz_chan", "partial", "deferred until 2022-05-03T02:00:00+00:00"),
            result("news.kz"),
        ],
        {"news.kz": 7.0},
    )
    text = render_summary({"run_id": "r1", "sources": sources})
    assert "- news.kz: 7.0" in text
    assert "Deferred: 1" in text
    assert "- kaz_chan: FloodWait: deferred until 2022-05-03T02:00:00+00:00" in text
