"""``pikir import zeeschuimer|meta-csv|whatsapp`` through click."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from imports_helpers import FILES, KEY

from pikir.cli.main import cli
from pikir.privacy import ENV_KEY


@pytest.fixture
def invoke(tmp_path):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, [*args, "--home", str(tmp_path / "home")], env={ENV_KEY: KEY})

    return run


def test_zeeschuimer_command_reports_per_source(invoke):
    result = invoke("import", "zeeschuimer", str(FILES / "zeeschuimer" / "capture.ndjson"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("7 items (2 skipped), 7 new, 0 updated")
    assert "x:mininfo_demo: 1 items, 1 new" in result.output


def test_meta_csv_command_takes_several_files(invoke):
    files = [
        str(FILES / "meta_csv" / f"{n}.csv") for n in ("crowdtangle_facebook", "mcl_instagram")
    ]
    result = invoke("import", "meta-csv", *files)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 posts (0 skipped), 3 new")


def test_whatsapp_command_twice_adds_nothing(invoke):
    chat = str(FILES / "whatsapp" / "android_ru.txt")
    assert invoke("import", "whatsapp", chat, "--group", "demo").exit_code == 0
    again = invoke("import", "whatsapp", chat, "--group", "demo", "--tz", "Asia/Almaty")
    assert again.exit_code == 0, again.output
    assert again.output.startswith("6 messages (4 skipped), 0 new, 0 updated")


def test_a_malformed_file_is_a_clean_error(invoke):
    result = invoke("import", "meta-csv", str(FILES / "meta_csv" / "truncated.csv"))
    assert result.exit_code == 1
    assert "truncated.csv, line 3:" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_zone_is_a_usage_error(invoke):
    chat = str(FILES / "whatsapp" / "android_ru.txt")
    result = invoke("import", "whatsapp", chat, "--group", "demo", "--tz", "Mars/Base")
    assert result.exit_code == 2
    assert "unknown time zone" in result.output


@pytest.mark.parametrize("command", ["zeeschuimer", "meta-csv", "whatsapp"])
def test_help_has_an_example(command):
    result = CliRunner().invoke(cli, ["import", command, "--help"])
    assert result.exit_code == 0
    assert f"Example: pikir import {command}" in result.output
