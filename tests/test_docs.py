"""The README stays true to the code: commands, marts, channels and make targets."""

from __future__ import annotations

import re

import click
import pytest

from pikir.cli.main import cli
from pikir.config import REPO_ROOT, SourcesConfig
from warehouse.build import MARTS

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from command_paths(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}"


@pytest.mark.parametrize("command", list(command_paths(cli)))
def test_every_command_is_documented(command):
    assert f"pikir {command}" in README


@pytest.mark.parametrize("channel", [c.name for c in SourcesConfig.load().channels])
def test_every_live_channel_is_in_the_readme_table(channel):
    assert re.search(rf"^\| {re.escape(channel)} \|", README, re.MULTILINE)


@pytest.mark.parametrize("mart", MARTS)
def test_every_mart_is_documented(mart):
    assert f"`{mart}`" in README


def test_quick_start_is_exactly_the_two_make_commands():
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make demo", "make test"]
