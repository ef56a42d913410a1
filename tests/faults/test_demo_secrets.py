"""A full offline demo with real-looking fake secrets in the environment leaks none of them.

``pikir nightly --sample`` runs as a child process (the way an operator runs it) with fake
Telegram credentials, a fake session string, a pseudonym key and fake API tokens. Afterwards
every file under the data home (lake, warehouse, state, logs, quarantine, reports) and Prefect's
home (results, logs, the local database) is searched for each secret: 0 hits. ``pikir doctor``
then checks the same home and must not report a leak either.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pikir.config import REPO_ROOT, DataHome
from pikir.doctor import check_secrets
from tests.faults.fault_ledger import lake_keys, reconcile

PIKIR = str(Path(sys.executable).parent / "pikir")

FAKE_SECRETS = {
    "PIKIR_TG_API_ID": "27182818",
    "PIKIR_TG_API_HASH": "0123456789abcdef0123456789abcdef",
    "PIKIR_TELEGRAM_API_HASH": "fedcba9876543210fedcba9876543210",
    "PIKIR_TG_SESSION": "1BVtsOKABu" + "Qm9ndXNTZXNzaW9uU3RyaW5nRm9yVGVzdHM" * 9 + "=",
    "PIKIR_PSEUDONYM_KEY": "pk_test_6f1d2c3b4a5e6f708192a3b4c5d6e7f8",
    "PIKIR_X_BEARER_TOKEN": "AAAAAAAAAAAAAAAAAAAAAFakeBearerTokenForPikirTests0123456789",
    "PIKIR_VK_TOKEN": "vk1.a.FakeVkTokenForPikirFaultCampaign_0123456789abcdef",
}


def files_holding(root: Path, needle: bytes) -> list[Path]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            try:
                if needle in path.read_bytes():
                    hits.append(path)
            except OSError:
                continue
    return hits


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_demo_with_fake_credentials_leaks_no_secret(tmp_path):
    home, prefect_home = tmp_path / "home", tmp_path / "prefect"
    env = {**os.environ, **FAKE_SECRETS, "PREFECT_HOME": str(prefect_home)}
    env.pop("PIKIR_HOME", None)
    env.pop("PREFECT_API_URL", None)
    demo = subprocess.run(
        [PIKIR, "nightly", "--sample", "--home", str(home)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        check=False,
        timeout=1100,
    )
    output = demo.stdout + demo.stderr
    assert demo.returncode == 0, output.decode()[-3000:]
    doctor = subprocess.run(
        [PIKIR, "doctor", "--home", str(home)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert b"a secret appears" not in doctor.stdout + doctor.stderr
    leaks = {
        name: files_holding(home, value.encode()) + files_holding(prefect_home, value.encode())
        for name, value in FAKE_SECRETS.items()
    }
    leaks = {name: paths for name, paths in leaks.items() if paths}
    assert leaks == {}
    for value in FAKE_SECRETS.values():
        assert value.encode() not in output
    data_home = DataHome(home)
    reconcile(data_home, "demo with fake secrets", set(lake_keys(data_home)), faults=0)


@pytest.mark.parametrize("name", ["PIKIR_X_BEARER_TOKEN", "PIKIR_TG_API_HASH", "PIKIR_VK_TOKEN"])
def test_doctor_names_the_file_a_leaked_secret_sits_in(home, monkeypatch, name):
    monkeypatch.setenv(name, FAKE_SECRETS[name])
    log = home.state / "logs" / "run-1" / "crawl.log"
    log.parent.mkdir(parents=True)
    log.write_text(f"debug: headers={{'Authorization': '{FAKE_SECRETS[name]}'}}\n", "utf-8")
    (finding,) = check_secrets(home)
    assert finding.level == "fail"
    assert "run-1/crawl.log" in finding.detail
