"""The sources-file reading every section loader shares (news, social, imports, petitions)."""

from __future__ import annotations

import pytest

from pikir.config import ConfigError, read_sources_file, require_keys, string_arguments
from pikir.imports_config import load_imports
from pikir.news_config import load_news_outlets
from pikir.petition_config import load_petitions
from pikir.social_config import load_social_sources

LOADERS = [load_news_outlets, load_social_sources, load_imports, load_petitions]


def test_reads_the_file_named_by_the_environment(tmp_path, monkeypatch):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[petitions]]\nsource = "avaaz.org"\n', encoding="utf-8")
    monkeypatch.setenv("PIKIR_SOURCES", str(sources))
    file, data = read_sources_file()
    assert file == sources
    assert data == {"petitions": [{"source": "avaaz.org"}]}


@pytest.mark.parametrize("load", LOADERS, ids=lambda f: f.__name__)
def test_every_loader_names_a_missing_file(tmp_path, load):
    with pytest.raises(ConfigError, match=r"sources file not found: .*nope\.toml"):
        load(tmp_path / "nope.toml")


@pytest.mark.parametrize("load", LOADERS, ids=lambda f: f.__name__)
def test_every_loader_names_a_file_that_is_not_toml(tmp_path, load):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[news.outlets]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml is not valid TOML"):
        load(bad)


def test_missing_keys_are_named_with_the_table(tmp_path):
    entry = {"spider": "vlast", "source": ""}
    with pytest.raises(ConfigError, match=r"a \[\[news\.outlets\]\] entry lacks source, url"):
        require_keys(entry, ("spider", "source", "url"), file=tmp_path, table="news.outlets")


def test_arguments_become_strings():
    assert string_arguments({"arguments": {"pages": 3, "lang": "kk"}}) == {
        "pages": "3",
        "lang": "kk",
    }
    assert string_arguments({}) == {}
