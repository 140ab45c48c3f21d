"""Who may change data: editors with argon2 password hashes in `.streamlit/secrets.toml`, throttled sign-in.

Viewing is open. Uploading, correcting, commenting and rolling back are for editors; with no editor
configured, changes stay possible but the app says that anyone who reaches it can make them.

A sign-in cannot tell a known name from an unknown one: both cost one argon2 verification (an unknown name
against a dummy hash made once per process with the hasher's parameters) and get the same answer. The
throttle counts failures by name and client: each client waits after its own failures for a name (1 s, 2 s,
4 s … at most 60 s), so a guesser slows himself and not the editor elsewhere; the name is locked for everyone
only when failures come from many clients (`LOCK_FAILURES` from `LOCK_CLIENTS` within `WINDOW_SECONDS`),
and even then not for a client that signed in as that name before (the last `MAX_TRUSTED` such clients).
A client is its address (`client_of`). A connection with no address (loopback, so every visitor behind a
reverse proxy on the same host unless $PLANMETRICS_TRUST_PROXY is set) is `UNKNOWN_CLIENT`: all of them are
one client, so a new browser session gets no fresh start; their failures slow the name for every one of them
and never count towards the lock, which would let one guesser lock the editor out.
Imports `config` and `errors`.
"""

from __future__ import annotations

import functools
import os
import re
import secrets
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
FIRST_DELAY_SECONDS = 1.0  # after one failure; doubled after each further failure from the same client
MAX_DELAY_SECONDS = 60.0
WINDOW_SECONDS = 15 * 60.0  # how long a failure counts
LOCK_FAILURES = 20  # failures for one name within the window ...
LOCK_CLIENTS = 5  # ... from at least this many clients lock the name for clients that never signed in as it
MAX_KEPT = 1000  # failures kept per name: enough to decide, bounded whatever a guesser sends
MAX_TRUSTED = 100  # clients kept per name as having signed in as it, the most recent
UNKNOWN_CLIENT = "unknown"  # a connection with no address: all of them count as one client
TRUST_PROXY_ENV = "PLANMETRICS_TRUST_PROXY"
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


def hash_password(name: str, password: str) -> str:
    """The argon2 hash kept for a user, after checking the name and the password's length."""
    if not NAME_PATTERN.match(name):
        raise RefusedError("auth.bad_name", "auth.bad_name.advice", name=repr(name))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RefusedError("auth.short_password", "auth.short_password.advice", length=MIN_PASSWORD_LENGTH)
    return _HASHER.hash(password)


def add_editor(name: str, password: str, path: Path | None = None) -> Path:
    """Add or replace an editor in the secrets file of earlier planmetrics (`init` carries them into the
    store); other content of the file is kept as it is."""
    digest = hash_password(name, password)
    target = path or secrets_path()
    current = editors(target)
    current[name] = digest
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


def client_of(remote_ip: str | None, forwarded_for: str | None) -> str:
    """Who is trying, for the throttle: the address the proxy saw (the last X-Forwarded-For entry) only when
    $PLANMETRICS_TRUST_PROXY is set, since anyone can write that header; else the connection's address; else
    (a loopback connection, where Streamlit gives no address) `UNKNOWN_CLIENT`, never the browser session,
    which a guesser renews at will."""
    if forwarded_for and os.environ.get(TRUST_PROXY_ENV, "").strip() not in ("", "0"):
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        if hops:
            return f"ip:{hops[-1]}"
    return f"ip:{remote_ip}" if remote_ip else UNKNOWN_CLIENT


@dataclass(frozen=True)
class Wait:
    """How long a client must wait before its next try for a name, and whether the name is locked for all."""

    seconds: float
    name_locked: bool = False


def _locked(entries: list[tuple[float, str]]) -> bool:
    return len(entries) >= LOCK_FAILURES and len({client for _, client in entries}) >= LOCK_CLIENTS


@dataclass
class Throttle:
    """Failed sign-ins per name, each with its moment and client; shared by every session of a process."""

    failures: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    # name -> the clients that signed in as it, oldest first (a dict as an ordered set)
    trusted: dict[str, dict[str, None]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, name: str, client: str = UNKNOWN_CLIENT, now: float | None = None) -> Wait:
        moment = time.monotonic() if now is None else now
        with self.lock:
            recent = [(t, c) for t, c in self.failures.get(name, []) if moment - t < WINDOW_SECONDS]
            own = [t for t, c in recent if c == client]
            slowed = 0.0
            if own:
                delay = min(FIRST_DELAY_SECONDS * 2 ** (len(own) - 1), MAX_DELAY_SECONDS)
                slowed = max(0.0, own[-1] + delay - moment)
            # clients without an address are one client, already slowed together: the lock is not theirs
            counted = [(t, c) for t, c in recent if c != UNKNOWN_CLIENT]
            if client == UNKNOWN_CLIENT or client in self.trusted.get(name, {}) or not _locked(counted):
                return Wait(slowed)
            # locked until enough of the oldest failures have left the window
            for index, (moment_failed, _) in enumerate(counted):
                if not _locked(counted[index + 1 :]):
                    return Wait(max(slowed, moment_failed + WINDOW_SECONDS - moment), name_locked=True)
            raise AssertionError("unreachable: no failure left means no lock")

    def record_failure(self, name: str, client: str = UNKNOWN_CLIENT, now: float | None = None) -> None:
        moment = time.monotonic() if now is None else now
        with self.lock:
            for other in [n for n, kept in self.failures.items() if moment - kept[-1][0] >= WINDOW_SECONDS]:
                del self.failures[other]  # nobody keeps an old guesser's failures
            kept = self.failures.setdefault(name, [])
            kept.append((moment, client))
            del kept[:-MAX_KEPT]

    def record_success(self, name: str, client: str = UNKNOWN_CLIENT) -> None:
        """The client's own failures for the name are forgotten and it is trusted for the name from now on;
        not a client without an address, which may be the guesser too."""
        if client == UNKNOWN_CLIENT:
            return
        with self.lock:
            kept = [(t, c) for t, c in self.failures.get(name, []) if c != client]
            if kept:
                self.failures[name] = kept
            else:
                self.failures.pop(name, None)
            clients = self.trusted.setdefault(name, {})
            clients.pop(client, None)
            clients[client] = None  # the most recent last
            for oldest in list(clients)[:-MAX_TRUSTED]:
                del clients[oldest]


@functools.cache
def _dummy_digest() -> str:
    """A hash of a random secret, made once per process with the same parameters as real hashes."""
    return _HASHER.hash(secrets.token_urlsafe(32))


@dataclass(frozen=True)
class SignIn:
    """One sign-in's answer: signed in or not, whether the password was checked at all (not while the client
    waits), and how long this client now waits for this name."""

    ok: bool
    checked: bool
    wait: Wait


def sign_in(
    name: str, password: str, throttle: Throttle, *, client: str = UNKNOWN_CLIENT, known: dict[str, str] | None = None
) -> SignIn:
    """Check a name and password as the throttle allows; a known and an unknown name cost the same work."""
    counted = name[:64]  # no editor's name is longer (NAME_PATTERN): what the throttle keeps stays small
    waiting = throttle.wait(counted, client)
    if waiting.seconds > 0:
        return SignIn(False, False, waiting)
    dummy = _dummy_digest()  # made before any lookup, so the first sign-in costs the same for every name
    digest = (editors() if known is None else known).get(name)
    matched: bool
    try:
        matched = _HASHER.verify(digest or dummy, password)
    except (VerificationError, InvalidHashError):
        matched = False
    ok = digest is not None and matched
    if ok:
        throttle.record_success(counted, client)
    else:
        throttle.record_failure(counted, client)
    return SignIn(ok, True, throttle.wait(counted, client))
