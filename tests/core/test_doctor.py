"""pikir doctor finds what an operator must act on, and --fix repairs what it safely can."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from pikir.cli.main import cli
from pikir.config import DataHome
from pikir.doctor import diagnose, worst
from pikir.lake.layout import data_files
from pikir.lake.writer import LakeWriter
from pikir.privacy import Pseudonymizer
from pikir.schema import Post


def post_row(i):
    return Post(
        platform="telegram",
        source="chan",
        post_id=str(i),
        run_id="r",
        collector="t@1",
        published_at=datetime(2021, 9, 1, tzinfo=UTC) + timedelta(days=i % 3),
        collected_at=datetime(2022, 6, 1, tzinfo=UTC),
        text=f"пост {i}",
        views=i,
    ).to_row()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv("PIKIR_TG_SESSION", raising=False)
    target = DataHome.from_env(tmp_path / "home").ensure()
    with LakeWriter(target, run_id="r") as writer:
        for i in range(10):
            writer.add(post_row(i))
    return target


def levels(findings):
    return {f.check: f.level for f in findings}


def test_a_healthy_home_is_all_ok(home):
    Pseudonymizer.for_home(home)
    findings = diagnose(home)
    assert worst(findings) == "ok", findings


def test_truncated_file_fails_then_fix_quarantines_it(home):
    victim = next(data_files(home.lake / "posts"))
    victim.write_bytes(victim.read_bytes()[:64])
    assert levels(diagnose(home))["files"] == "fail"
    fixed = diagnose(home, fix=True)
    assert not victim.exists()
    assert levels(fixed)["quarantine"] == "warn"
    assert levels(diagnose(home))["files"] == "ok"


def test_loose_key_file_fails(home):
    Pseudonymizer.for_home(home)
    (home.state / "pseudonym.key").chmod(0o644)
    finding = next(f for f in diagnose(home) if f.level == "fail")
    assert finding.check == "permissions"
    assert "chmod 600" in finding.action


def test_secret_in_a_log_fails(home, monkeypatch):
    monkeypatch.setenv("PIKIR_TG_SESSION", "1" + "A" * 350)
    logs = home.state / "logs" / "run1"
    logs.mkdir(parents=True)
    (logs / "crawl.log").write_text("connected with session 1" + "A" * 350, encoding="utf-8")
    finding = next(f for f in diagnose(home) if f.check == "secrets")
    assert finding.level == "fail"
    assert "logs/run1/crawl.log" in finding.detail


def test_orphaned_temp_file_warns_and_fix_removes_it(home):
    orphan = home.lake / "posts" / "platform=telegram" / "_tmp-dead-part.parquet.inprogress"
    orphan.write_bytes(b"partial")
    assert levels(diagnose(home))["orphans"] == "warn"
    diagnose(home, fix=True)
    assert not orphan.exists()


def test_cli_exits_nonzero_on_failure(home):
    victim = next(data_files(home.lake / "posts"))
    victim.write_bytes(b"")
    result = CliRunner().invoke(cli, ["doctor", "--home", str(home.root)])
    assert result.exit_code == 1
    assert "files" in result.output
