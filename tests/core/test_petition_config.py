"""[[petitions]] in the sources files: the live plan, the sample, and malformed entries."""

from __future__ import annotations

import pytest

from pikir.config import DEFAULT_SOURCES_FILE, SAMPLE_SOURCES_FILE, ConfigError
from pikir.petition_config import load_petitions


def test_live_plan_holds_the_attested_avaaz_page_only():
    (petition,) = load_petitions(DEFAULT_SOURCES_FILE)
    assert petition.url.startswith("https://secure.avaaz.org/community_petitions/")
    assert (petition.source, petition.confidence, petition.spider) == (
        "avaaz.org",
        "high",
        "petition",
    )
    assert "NOT the 10,000+ petition" in petition.notes
    assert "change.org" not in petition.url
    assert "petition.kz" not in petition.url


def test_sample_petition_is_a_path_on_the_sample_server():
    (petition,) = load_petitions(SAMPLE_SOURCES_FILE)
    assert petition.page_url("http://127.0.0.1:9/") == "http://127.0.0.1:9" + petition.url
    with pytest.raises(ConfigError, match="needs a server"):
        petition.page_url()


def test_file_without_petitions_has_none(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("[telegram_web]\n", encoding="utf-8")
    assert load_petitions(path) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[petitions]]\nsource = "avaaz.org"\n', "lacks url"),
        (
            '[[petitions]]\nsource = "a.org"\nurl = "https://a.org/1"\n'
            '[[petitions]]\nsource = "A.org"\nurl = "https://a.org/2"\n',
            "share a source: a.org",
        ),
    ],
)
def test_malformed_entries_are_refused(tmp_path, body, message):
    path = tmp_path / "s.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_petitions(path)
