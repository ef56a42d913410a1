"""The nightly flow's import step on the bundled sample's ``[[imports]]`` (Prefect's engine)."""

from __future__ import annotations

import pytest

from pikir.config import SAMPLE_SOURCES_FILE, DataHome
from pikir.lake import layout
from pikir.lake.append import read_table

# Whole nightly runs on the sample: minutes each when the cores are shared (no timing asserts).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def run_import_step(home):
    from prefect import flow

    from flows.import_step import import_files

    @flow(name="import-step-only")
    def import_step_only(home_path: str, sources_file: str) -> list[dict]:
        return import_files(home_path, sources_file)

    return import_step_only(str(home), str(SAMPLE_SOURCES_FILE))


def test_import_step_lands_the_sample_files_once(tmp_path, monkeypatch):
    monkeypatch.setenv("PIKIR_PSEUDONYM_KEY", "test-pseudonym-key-0123456789")
    first = {o["source"]: o for o in run_import_step(tmp_path)}
    assert set(first) == {
        "zeeschuimer:zeeschuimer_demo.ndjson",
        "meta-csv:crowdtangle_demo.csv",
        "whatsapp:whatsapp_demo.txt",
    }
    assert {o["status"] for o in first.values()} == {"ok"}
    assert {o["error"] for o in first.values()} == {None}
    platforms = set(read_table(DataHome.from_env(tmp_path), layout.POSTS)["platform"].to_pylist())
    assert {"instagram", "tiktok", "x", "facebook", "whatsapp"} <= platforms
    again = run_import_step(tmp_path)
    assert [(o["status"], o["new_items"]) for o in again] == [("empty", 0)] * 3
