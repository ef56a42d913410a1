"""SQL and path injection through CLI arguments and source names (F33, F34).

The CLI runs in-process (click's runner) against a real data home; nothing is mocked.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pikir.cli.main import cli
from pikir.config import ConfigError, SourcesConfig
from pikir.lake.writer import LakeWriter
from tests.faults.fault_ledger import reconcile
from tests.lake.builders import post_row

HOSTILE_NAMES = ["../../../../escape", "a/b", "..", "ѕber", "bad\0name", "x" * 300, "a b"]


@pytest.fixture
def built_home(home):
    with LakeWriter(home, run_id="run1") as writer:
        for i in range(20):
            writer.add(post_row(i))
    result = CliRunner().invoke(cli, ["build", "--home", str(home.root)])
    assert result.exit_code == 0, result.output
    return home


def test_f33_query_cannot_write_files_and_bound_values_stay_data(built_home, tmp_path):
    home, scratch = built_home, tmp_path / "scratch"
    runner = CliRunner()
    escape = runner.invoke(
        cli,
        ["query", f"copy (select 1) to '{scratch}.csv'", "--home", str(home.root)],
    )
    assert escape.exit_code != 0
    assert not (tmp_path / "scratch.csv").exists()
    assert "only SELECT" in escape.output, escape.output
    outside = runner.invoke(
        cli, ["query", "select * from read_text('/etc/hostname')", "--home", str(home.root)]
    )
    assert outside.exit_code != 0
    assert "ermission" in outside.output or "disabled" in outside.output, outside.output
    injected = runner.invoke(
        cli,
        [
            "query",
            "select count(*) as n from posts where source = $src",
            "--param",
            f"src=x'; copy (select 1) to '{scratch}.csv'; --",
            "--format",
            "csv",
            "--home",
            str(home.root),
        ],
    )
    assert injected.exit_code == 0, injected.output
    assert [cell.strip('"') for cell in injected.output.split()] == ["n", "0"]
    assert not (tmp_path / "scratch.csv").exists()
    reconcile(home, "F33 SQL injection via CLI", {f"telegram:chan:{i}" for i in range(20)})


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=[f"F34-{i}" for i in range(len(HOSTILE_NAMES))])
def test_f34_hostile_channel_names_never_build_a_path_outside_the_home(home, tmp_path, name):
    before = set(tmp_path.rglob("*"))
    result = CliRunner().invoke(
        cli,
        ["crawl", "--channels", name, "--base-url", "http://127.0.0.1:9", "--home", str(home.root)],
    )
    assert result.exit_code != 0
    assert "channel" in result.output.lower(), result.output
    created = set(tmp_path.rglob("*")) - before
    assert all(p.resolve().is_relative_to(home.root.resolve()) for p in created), created
    assert not list(home.lake.rglob("*.parquet"))
    reconcile(home, f"F34 hostile channel name {name[:20]!r}", set())


@pytest.mark.parametrize("name", HOSTILE_NAMES[:4], ids=[f"F34-toml-{i}" for i in range(4)])
def test_f34_hostile_names_in_the_sources_file_are_refused_at_load(tmp_path, name):
    file = tmp_path / "sources.toml"
    file.write_text(f'[[telegram_web.channels]]\nname = "{name}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a Telegram channel username"):
        SourcesConfig.load(file)
