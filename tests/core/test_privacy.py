"""Pseudonyms are stable, keyed, and their key file stays private."""

from __future__ import annotations

import pytest

from pikir.config import DataHome
from pikir.privacy import ENV_KEY, InsecureKeyFile, Pseudonymizer


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_KEY, raising=False)
    return DataHome.from_env(tmp_path)


def test_same_person_same_pseudonym_across_runs(home):
    first = Pseudonymizer.for_home(home)("telegram", "Айдана К.")
    again = Pseudonymizer.for_home(home)("telegram", "Айдана К.")
    assert first == again
    assert first.startswith("anon:")
    assert "Айдана" not in first


def test_key_file_is_created_private(home):
    Pseudonymizer.for_home(home)
    assert (home.state / "pseudonym.key").stat().st_mode & 0o777 == 0o600


def test_a_readable_key_file_is_refused(home):
    Pseudonymizer.for_home(home)
    (home.state / "pseudonym.key").chmod(0o644)
    with pytest.raises(InsecureKeyFile, match="chmod 600"):
        Pseudonymizer.for_home(home)


def test_environment_key_wins_and_changes_pseudonyms(home, monkeypatch):
    local = Pseudonymizer.for_home(home)("telegram", "x")
    monkeypatch.setenv(ENV_KEY, "k" * 32)
    assert Pseudonymizer.for_home(home)("telegram", "x") != local


def test_key_is_not_shown_in_repr():
    assert "secret" not in repr(Pseudonymizer(b"secret-secret-secret"))


def test_concurrent_first_use_agrees_on_one_complete_key(home):
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(4) as pool:
        pseudonyms = set(pool.map(_pseudonym_in_child, [str(home.root)] * 16))
    assert len(pseudonyms) == 1
    assert len((home.state / "pseudonym.key").read_bytes()) == 64


def _pseudonym_in_child(root: str) -> str:
    return Pseudonymizer.for_home(DataHome.from_env(root))("telegram", "x")
