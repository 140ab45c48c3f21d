"""Editors: argon2 hashes (the secrets file of earlier planmetrics), throttled sign-in, `planmetrics user add`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planmetrics import accounts, auth
from planmetrics.errors import RefusedError
from planmetrics.store import Store

from .conftest import ROOT

GUESSER, ELSEWHERE = "ip:198.51.100.7", "ip:203.0.113.9"


def _signs_in(
    name: str, password: str, throttle: auth.Throttle, known: dict[str, str] | None = None, client: str = GUESSER
) -> bool:
    return auth.sign_in(name, password, throttle, client=client, known=known).ok


@pytest.fixture
def secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / ".streamlit" / "secrets.toml"
    monkeypatch.setenv("PLANMETRICS_SECRETS", str(path))
    return path


def test_add_editor_stores_an_argon2_hash_only(secrets: Path) -> None:
    auth.add_editor("alice", "correct-horse")
    text = secrets.read_text()
    assert "correct-horse" not in text
    assert auth.editors()["alice"].startswith("$argon2id$")
    assert oct(secrets.stat().st_mode & 0o777) == "0o600"


def test_add_editor_keeps_other_secrets(secrets: Path) -> None:
    secrets.parent.mkdir(parents=True)
    secrets.write_text('[smtp]\nhost = "mail.example"\n')
    auth.add_editor("alice", "correct-horse")
    auth.add_editor("bob", "battery-staple")
    auth.add_editor("alice", "new-password!")  # replaced, not duplicated
    assert 'host = "mail.example"' in secrets.read_text()
    assert sorted(auth.editors()) == ["alice", "bob"]
    assert _signs_in("alice", "new-password!", auth.Throttle())


@pytest.mark.parametrize(("name", "password"), [("al ice", "correct-horse"), ("alice", "short"), ("", "x" * 10)])
def test_add_editor_refusals(secrets: Path, name: str, password: str) -> None:
    with pytest.raises(RefusedError):
        auth.add_editor(name, password)
    assert not secrets.exists()


def test_sign_in(secrets: Path) -> None:
    auth.add_editor("alice", "correct-horse")
    throttle = auth.Throttle()
    assert _signs_in("alice", "correct-horse", throttle)
    assert not _signs_in("alice", "wrong", throttle)
    assert not _signs_in("mallory", "correct-horse", throttle)


def test_throttle_slows_the_guessing_client_only(secrets: Path) -> None:
    """Five wrong tries from one client no longer lock the editor out elsewhere (issue 15, finding 8)."""
    auth.add_editor("alice", "correct-horse")
    throttle = auth.Throttle()
    assert not _signs_in("alice", "guess", throttle)
    for _ in range(4):
        throttle.record_failure("alice", GUESSER)
    assert throttle.wait("alice", GUESSER).seconds > 15  # 16 s after five failures
    assert not _signs_in("alice", "correct-horse", throttle)  # the guesser waits
    assert _signs_in("alice", "correct-horse", throttle, client=ELSEWHERE)  # alice elsewhere does not
    assert throttle.wait("bob", GUESSER).seconds == 0  # other names are not slowed


def test_throttle_releases_after_the_delay() -> None:
    throttle = auth.Throttle()
    for moment in range(3):
        throttle.record_failure("alice", GUESSER, now=float(moment * 10))
    assert throttle.wait("alice", GUESSER, now=21.0).seconds == pytest.approx(3.0)  # 4 s after 3 failures
    assert throttle.wait("alice", GUESSER, now=24.0).seconds == 0


def _user_add_alice(db: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`planmetrics user add alice` with no terminal: it must never wait for input."""
    return subprocess.run(
        [sys.executable, "-m", "planmetrics", "--db", db, "user", "add", "alice"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=30,
    )


def test_cli_user_add_reads_password_from_environment(db: str, secrets: Path) -> None:
    """The user is written into the database (every app server sees her), not into the secrets file."""
    env = {**os.environ, "PLANMETRICS_PASSWORD": "correct-horse", "PLANMETRICS_SECRETS": str(secrets)}
    done = _user_add_alice(db, env)
    assert done.returncode == 0, done.stderr
    assert "correct-horse" not in done.stdout + done.stderr
    assert not secrets.exists()
    assert _signs_in("alice", "correct-horse", auth.Throttle(), accounts.known_digests(Store(db)))


def test_cli_user_add_never_waits_for_a_password(db: str, secrets: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PLANMETRICS_PASSWORD"} | {"PLANMETRICS_SECRETS": str(secrets)}
    done = _user_add_alice(db, env)
    assert done.returncode == 2
    assert "PLANMETRICS_PASSWORD" in done.stderr
    assert accounts.known_digests(Store(db)) == {}
