"""Sources configuration and the data home."""

from __future__ import annotations

import pytest

from pikir.config import SAMPLE_SOURCES_FILE, ConfigError, DataHome, SourcesConfig


def test_live_plan_holds_only_high_and_medium_confidence_channels():
    config = SourcesConfig.load()
    assert len(config.channels) >= 10
    assert {c.confidence for c in config.channels} <= {"high", "medium-high", "medium"}
    assert config.telegram_base_url == "https://t.me"


def test_sample_plan_lists_the_synthetic_channels():
    names = [c.name for c in SourcesConfig.load(SAMPLE_SOURCES_FILE).channels]
    assert {"pikir_demo_ru", "pikir_demo_kk", "pikir_demo_en"} <= set(names)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        SourcesConfig.load(tmp_path / "nope.toml")


def test_invalid_toml_names_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[telegram_web\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        SourcesConfig.load(bad)


def test_duplicate_channel_is_refused(tmp_path):
    dup = tmp_path / "dup.toml"
    dup.write_text(
        '[[telegram_web.channels]]\nname = "Chan_A"\n[[telegram_web.channels]]\nname = "chan_a"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="twice"):
        SourcesConfig.load(dup)


def test_data_home_paths_are_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PIKIR_HOME", raising=False)
    home = DataHome.from_env()
    assert home.root == tmp_path / "data"
    assert home.warehouse.is_absolute()
