"""Who may change data: editors with argon2 password hashes in `.streamlit/secrets.toml`, throttled sign-in.

Viewing is open. Uploading, correcting, commenting and rolling back are for editors; with no editor
configured, changes stay possible but the app says that anyone who reaches it can make them.
Imports `config` and `errors`.
"""

from __future__ import annotations

import os
import re
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from planmetrics import config
from planmetrics.errors import RefusedError

NAME_PATTERN = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD_LENGTH = 8
MAX_FAILURES = 5
LOCKOUT_SECONDS = 60.0
_HASHER = PasswordHasher()


def secrets_path() -> Path:
    env = os.environ.get("PLANMETRICS_SECRETS")
    return Path(env) if env else config.PROJECT_ROOT / ".streamlit" / "secrets.toml"


def editors(path: Path | None = None) -> dict[str, str]:
    """Editor name -> argon2 hash, from the `[editors]` table of the secrets file."""
    source = path or secrets_path()
    if not source.exists():
        return {}
    try:
        table = tomllib.loads(source.read_text(encoding="utf-8")).get("editors", {})
    except tomllib.TOMLDecodeError as exc:
        raise RefusedError("auth.bad_secrets", "auth.bad_secrets.advice", path=source, detail=exc) from exc
    return {str(name): str(digest) for name, digest in table.items()}


def add_editor(name: str, password: str, path: Path | None = None) -> Path:
    """Add or replace an editor; other content of the secrets file is kept as it is."""
    if not NAME_PATTERN.match(name):
        raise RefusedError("auth.bad_name", "auth.bad_name.advice", name=repr(name))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RefusedError("auth.short_password", "auth.short_password.advice", length=MIN_PASSWORD_LENGTH)
    target = path or secrets_path()
    current = editors(target)
    current[name] = _HASHER.hash(password)
    kept = _without_editors_table(target.read_text(encoding="utf-8")) if target.exists() else ""
    lines = ["[editors]", *(f'"{n}" = "{h}"' for n, h in sorted(current.items()))]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((kept.rstrip() + "\n\n" if kept.strip() else "") + "\n".join(lines) + "\n", encoding="utf-8")
    target.chmod(0o600)
    return target


def _without_editors_table(text: str) -> str:
    kept, skipping = [], False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            skipping = stripped == "[editors]"
        if not skipping:
            kept.append(line)
    return "\n".join(kept)


@dataclass
class Throttle:
    """Failed sign-ins per name: after MAX_FAILURES, the name waits LOCKOUT_SECONDS. Shared by sessions."""

    failures: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, name: str, now: float | None = None) -> float:
        moment = time.monotonic() if now is None else now
        with self.lock:
            recent = [t for t in self.failures.get(name, []) if moment - t < LOCKOUT_SECONDS]
            self.failures[name] = recent
            if len(recent) < MAX_FAILURES:
                return 0.0
            return LOCKOUT_SECONDS - (moment - recent[-MAX_FAILURES])

    def record_failure(self, name: str, now: float | None = None) -> None:
        with self.lock:
            self.failures.setdefault(name, []).append(time.monotonic() if now is None else now)

    def clear(self, name: str) -> None:
        with self.lock:
            self.failures.pop(name, None)


def verify(name: str, password: str, throttle: Throttle, known: dict[str, str] | None = None) -> bool:
    """True when `name` is an editor and the password matches; failures count towards the throttle."""
    if throttle.wait_seconds(name) > 0:
        return False
    digest = (editors() if known is None else known).get(name)
    try:
        ok = digest is not None and _HASHER.verify(digest, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if ok:
        throttle.clear(name)
    else:
        throttle.record_failure(name)
    return ok
