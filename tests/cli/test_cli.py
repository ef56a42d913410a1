"""Every command has --help; status, build, crawl and scan work from the command line."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from pikir.cli.main import cli


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


COMMANDS = list(all_commands(cli))


def test_the_foundation_commands_exist():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"crawl", "build", "nightly", "sample serve", "status"} <= names


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_every_command_has_help(path, command):
    assert command.help, f"pikir {' '.join(path)} has no help text"
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output


def test_status_on_an_empty_home(tmp_path):
    result = CliRunner().invoke(cli, ["status", "--home", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["tables"]["posts"] == {"files": 0, "rows": 0, "bytes": 0}
    assert payload["recent_runs"] == []


@pytest.mark.slow
def test_crawl_build_status_round_trip(tmp_path):
    runner = CliRunner()
    home = str(tmp_path / "home")
    crawled = runner.invoke(
        cli, ["crawl", "--sample", "--channels", "pikir_demo_ru", "--home", home]
    )
    assert crawled.exit_code == 0, crawled.output
    assert "pikir_demo_ru" in crawled.output
    built = runner.invoke(cli, ["build", "--home", home])
    assert built.exit_code == 0, built.output
    assert "contracts passed" in built.output
    status = json.loads(runner.invoke(cli, ["status", "--home", home, "--json"]).output)
    assert [(s["source"], s["posts"]) for s in status["sources"]] == [("pikir_demo_ru", 59)]
    assert status["recent_runs"][0]["status"] == "ok"


def test_status_reports_a_quarantined_file(tmp_path):
    posts = tmp_path / "lake" / "posts" / "platform=telegram" / "date=2021-09-15"
    posts.mkdir(parents=True)
    (posts / "part-broken.parquet").write_bytes(b"PAR1 truncated")
    result = CliRunner().invoke(cli, ["status", "--home", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "quarantined" in result.output
    assert "part-broken.parquet" in result.output


def test_crawl_rejects_an_unknown_spider(tmp_path):
    result = CliRunner().invoke(cli, ["crawl", "nope", "--home", str(tmp_path)])
    assert result.exit_code != 0
    assert "unknown spider" in result.output
