"""``[[imports]]`` in a sources file, and running the listed imports one outcome per file."""

from __future__ import annotations

import shutil

import pytest
from imports_helpers import FILES, keyed_home, posts, runs

from collectors.imports.configured import import_configured
from pikir.config import SAMPLE_SOURCES_FILE, ConfigError
from pikir.imports_config import load_imports


def write_sources(tmp_path, body):
    path = tmp_path / "sources.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_entries_resolve_paths_against_the_sources_file(tmp_path):
    path = write_sources(
        tmp_path,
        '[[imports]]\nformat = "whatsapp"\npath = "chats/a.txt"\ngroup = "g"\ntz = "UTC"\n',
    )
    (entry,) = load_imports(path)
    assert entry.path == (tmp_path / "chats" / "a.txt").resolve()
    assert (entry.format, entry.group, entry.tz, entry.label) == (
        "whatsapp",
        "g",
        "UTC",
        "whatsapp:a.txt",
    )


def test_a_file_without_imports_lists_none(tmp_path):
    assert load_imports(write_sources(tmp_path, "[telegram_web]\n")) == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('[[imports]]\nformat = "pdf"\npath = "a"\n', "format must be one of"),
        ('[[imports]]\nformat = "zeeschuimer"\n', "lacks a path"),
        ('[[imports]]\nformat = "whatsapp"\npath = "a.txt"\n', "needs group"),
        ('[[imports]]\nformat = "telegram-export"\npath = "r.json"\n', "needs source"),
    ],
)
def test_bad_entries_are_refused(tmp_path, body, problem):
    with pytest.raises(ConfigError, match=problem):
        load_imports(write_sources(tmp_path, body))


def test_the_sample_lists_one_file_per_importer():
    entries = load_imports(SAMPLE_SOURCES_FILE)
    assert {e.format for e in entries} == {"zeeschuimer", "meta-csv", "whatsapp"}
    assert all(e.path.is_file() for e in entries)


def test_listed_imports_run_once_and_a_bad_file_fails_alone(tmp_path):
    shutil.copy(FILES / "whatsapp" / "android_ru.txt", tmp_path / "chat.txt")
    shutil.copy(FILES / "meta_csv" / "truncated.csv", tmp_path / "bad.csv")
    sources = write_sources(
        tmp_path,
        '[[imports]]\nformat = "whatsapp"\npath = "chat.txt"\ngroup = "chat"\n\n'
        '[[imports]]\nformat = "meta-csv"\npath = "bad.csv"\n',
    )
    with keyed_home(tmp_path / "home") as home:
        first = {o["source"]: o for o in import_configured(home, sources)}
        assert first["whatsapp:chat.txt"]["status"] == "ok"
        assert first["whatsapp:chat.txt"]["new_items"] == 6
        assert first["meta-csv:bad.csv"]["status"] == "failed"
        assert "line 3" in first["meta-csv:bad.csv"]["error"]
        again = {o["source"]: o for o in import_configured(home, sources)}
        assert (again["whatsapp:chat.txt"]["status"], again["whatsapp:chat.txt"]["new_items"]) == (
            "empty",
            0,
        )
        assert len(posts(home)) == 6


def test_a_telegram_export_can_be_listed(tmp_path):
    shutil.copy(FILES / "telegram_export" / "channel_result.json", tmp_path / "result.json")
    sources = write_sources(
        tmp_path,
        '[[imports]]\nformat = "telegram-export"\npath = "result.json"\nsource = "kaznews"\n',
    )
    with keyed_home(tmp_path / "home") as home:
        (outcome,) = import_configured(home, sources)
        assert (outcome["status"], outcome["new_items"]) == ("ok", 3)


def test_listed_imports_run_under_the_flow_run_id(tmp_path):
    shutil.copy(FILES / "whatsapp" / "ios_kk.txt", tmp_path / "chat.txt")
    sources = write_sources(
        tmp_path, '[[imports]]\nformat = "whatsapp"\npath = "chat.txt"\ngroup = "kk"\n'
    )
    with keyed_home(tmp_path / "home") as home:
        import_configured(home, sources, run_id="nightly-20260101T000000Z-abc123")
        assert {r["run_id"] for r in runs(home)} == {"nightly-20260101T000000Z-abc123"}
        assert {r["run_id"] for r in posts(home).values()} == {"nightly-20260101T000000Z-abc123"}
