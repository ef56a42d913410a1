"""Social API sources: configuration, tokens, the flow step's skip, and the sample end to end."""

from __future__ import annotations

import importlib

import pytest

from pikir.config import DEFAULT_SOURCES_FILE, SAMPLE_SOURCES_FILE, ConfigError, DataHome
from pikir.sample.server import SampleServer
from pikir.social_config import (
    SPIDERS,
    SocialSource,
    load_social_sources,
    secret_block_name,
    token_for,
    tokens_for,
)

LIVE = load_social_sources(DEFAULT_SOURCES_FILE)
SAMPLE = load_social_sources(SAMPLE_SOURCES_FILE)


@pytest.mark.parametrize("spec", LIVE + SAMPLE, ids=lambda s: f"{s.spider}-{s.source}")
def test_every_entry_names_a_real_spider_and_a_lake_safe_source(spec):
    module = importlib.import_module(f"spiders.sources.{spec.spider}")
    assert any(getattr(c, "name", None) == spec.spider for c in vars(module).values())
    assert ":" not in spec.source
    assert spec.source == spec.source.lower()


def test_live_queries_cover_russian_kazakh_and_english():
    queries = {s.lang for s in LIVE if s.kind == "query" and s.spider == "bluesky"}
    assert queries == {"ru", "kk", "en"}


def test_live_x_sources_read_their_token_from_the_environment():
    assert {s.token_env for s in LIVE if s.spider == "x"} == {"PIKIR_X_BEARER_TOKEN"}
    assert not any(s.sample_token for s in LIVE)


def test_unknown_spider_is_refused(tmp_path):
    file = tmp_path / "sources.toml"
    file.write_text('[[social.sources]]\nspider = "myspace"\nsource = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="myspace"):
        load_social_sources(file)
    assert "tiktok" in SPIDERS


def test_secret_block_is_named_after_the_variable():
    assert secret_block_name("PIKIR_X_BEARER_TOKEN") == "pikir-x-bearer-token"


def test_environment_token_for_live_sources_and_never_for_the_sample(monkeypatch):
    monkeypatch.setenv("PIKIR_X_BEARER_TOKEN", "from-env")
    live = SocialSource("x", "q", token_env="PIKIR_X_BEARER_TOKEN", sample_token="s")
    sample = SocialSource(
        "x", "q", url="/api/x", token_env="PIKIR_X_BEARER_TOKEN", sample_token="s"
    )
    assert token_for(live) == "from-env"
    assert token_for(sample) == "s"


def test_sample_token_only_for_sample_paths(monkeypatch):
    monkeypatch.delenv("PIKIR_X_BEARER_TOKEN", raising=False)
    sample = SocialSource(
        "x", "q", url="/api/x", token_env="PIKIR_X_BEARER_TOKEN", sample_token="s"
    )
    live = SocialSource(
        "x", "q", url="https://api.x.com", token_env="PIKIR_X_BEARER_TOKEN", sample_token="s"
    )
    assert token_for(sample) == "s"
    assert token_for(live) is None


def test_several_variables_and_the_missing_ones_named(monkeypatch):
    monkeypatch.setenv("PIKIR_TIKTOK_CLIENT_KEY", "key")
    monkeypatch.delenv("PIKIR_TIKTOK_CLIENT_SECRET", raising=False)
    spec = SocialSource(
        "tiktok", "q", token_env="PIKIR_TIKTOK_CLIENT_KEY, PIKIR_TIKTOK_CLIENT_SECRET"
    )
    assert tokens_for(spec) == ({"PIKIR_TIKTOK_CLIENT_KEY": "key"}, ["PIKIR_TIKTOK_CLIENT_SECRET"])


def test_missing_token_skips_without_crawling(tmp_path, monkeypatch):
    from flows.social import crawl_social_source

    monkeypatch.delenv("PIKIR_X_BEARER_TOKEN", raising=False)
    spec = SocialSource("x", "zakon", token_env="PIKIR_X_BEARER_TOKEN", arguments={"q": "закон"})
    result = crawl_social_source(
        str(tmp_path / "home"), spec, "run-test", None, True, prefect_blocks=False
    )
    assert (result["status"], result["error"]) == ("skipped", "PIKIR_X_BEARER_TOKEN not set")
    assert not (tmp_path / "home" / "state" / "logs").exists(), "no crawl was started"


@pytest.mark.slow
@pytest.mark.parametrize("spec", SAMPLE, ids=lambda s: s.spider)
def test_sample_lands_through_a_child_crawl(tmp_path, monkeypatch, spec):
    from flows.social import crawl_social_source

    for name in (spec.token_env or "").split(","):
        if name:
            monkeypatch.delenv(name, raising=False)
    home = DataHome.from_env(tmp_path / "home").ensure()
    with SampleServer() as server:
        result = crawl_social_source(
            str(home.root), spec, "run-sample", None, True, server.base_url, prefect_blocks=False
        )
    assert result["status"] == "ok", result["error"]
    assert result["new_items"] == result["items"] > 0


def test_sample_server_answers_api_paths_with_json():
    import json
    import urllib.error
    import urllib.request

    with SampleServer() as server:
        url = f"{server.base_url}/api/x/2/tweets/search/recent?query=zakon&max_results=100"
        with urllib.request.urlopen(url) as answer:
            assert answer.headers["Content-Type"].startswith("application/json")
            assert json.load(answer)["meta"]["result_count"] == 3
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{server.base_url}/api/x/../../etc/passwd")
        missing.value.close()
    assert missing.value.code == 404
