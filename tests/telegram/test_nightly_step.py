"""The nightly flow's choice between the API and the web preview (no Prefect run needed)."""

from __future__ import annotations

from flows.telegram_api import flatten_results, telegram_api_credentials


def test_a_base_url_override_always_means_the_web_preview(monkeypatch):
    monkeypatch.setenv("PIKIR_TG_API_ID", "1")
    monkeypatch.setenv("PIKIR_TG_API_HASH", "h" * 32)
    monkeypatch.setenv("PIKIR_TG_SESSION", "s")
    assert telegram_api_credentials("http://127.0.0.1:8765") is None
    found = telegram_api_credentials()
    assert found is not None
    assert found.api_id == 1


def test_api_results_are_flattened_next_to_crawl_results():
    crawl = {"source": "a", "status": "ok"}
    api = [{"source": "b", "status": "ok"}, {"source": "c", "status": "partial"}]
    assert [r["source"] for r in flatten_results([crawl, api])] == ["a", "b", "c"]
