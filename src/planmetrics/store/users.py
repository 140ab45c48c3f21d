"""The people who may change data, in the store so that every app server sees the same ones: each with a
role (`admin`, `reviewer`, `editor`), a network for a network's editor, and an argon2 hash of the password
(never the password). What each role may do is decided above the store (`accounts`).

Functions take a `Store` and work through one connection of their own. Imports the store's `database` and
`schema`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planmetrics.store import freshness
from planmetrics.store.database import Store
from planmetrics.store.schema import now

_COLUMNS = "name, role, network, digest, added_at, added_by"


@dataclass(frozen=True)
class User:
    name: str
    role: str  # admin | reviewer | editor
    network: str | None  # the network an editor submits for; None for the plan team
    digest: str = field(repr=False)  # argon2 hash
    added_at: dt.datetime | None = None
    added_by: str | None = None


def users(store: Store) -> list[User]:
    """Every user, by name."""
    with store._connect() as con:
        rows = con.execute(f"SELECT {_COLUMNS} FROM users ORDER BY name").fetchall()
    return [User(*r) for r in rows]


def user(store: Store, name: str) -> User | None:
    """The user of that name, read now (a role changed since a sign-in counts at once)."""
    with store._connect() as con:
        rows = con.execute(f"SELECT {_COLUMNS} FROM users WHERE name = ?", [name]).fetchall()
    return User(*rows[0]) if rows else None


def put_user(store: Store, name: str, *, role: str, network: str | None, digest: str, by: str | None) -> bool:
    """Add a user, or replace one of that name (role, network and password); True when one was replaced."""
    with store._transaction() as con:
        replaced = bool(con.execute("SELECT count(*) FROM users WHERE name = ?", [name]).fetchall()[0][0])
        con.execute("DELETE FROM users WHERE name = ?", [name])
        con.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)", [name, role, network, digest, now(), by])
    return replaced


def remove_user(store: Store, name: str) -> bool:
    """Remove a user; True when there was one."""
    with store._transaction() as con:
        found = bool(con.execute("SELECT count(*) FROM users WHERE name = ?", [name]).fetchall()[0][0])
        con.execute("DELETE FROM users WHERE name = ?", [name])
    return found


def has_users(store: Store) -> bool:
    """Whether anyone may sign in: asked on every page's run, kept while the file is untouched (`freshness`)."""

    def read() -> bool:
        with store._connect() as con:
            return bool(con.execute("SELECT count(*) FROM users").fetchall()[0][0])

    return freshness.READS.read(store.path, "has_users", read)
