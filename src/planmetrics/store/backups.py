"""Backup and restore of a whole database file, history included.

A backup is a consistent copy taken between two writers, while the dashboard runs; a restore keeps the file it
replaces. Imports only `errors` and the store's own modules.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from planmetrics.errors import RefusedError
from planmetrics.store.database import Store
from planmetrics.store.schema import SCHEMA_VERSION, schema_version


def backup(store: Store, target: Path) -> int:
    """A consistent copy of the database (history included), taken between two writers; returns batches copied."""
    if target.exists():
        raise RefusedError("store.backup_exists", "store.backup_exists.advice", path=target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with store._connect() as con:
        source = con.execute("SELECT current_database()").fetchall()[0][0]
        con.execute("ATTACH ? AS planmetrics_backup", [str(target)])
        con.execute(f'COPY FROM DATABASE "{source}" TO planmetrics_backup')
        con.execute("DETACH planmetrics_backup")
    return len(Store(target).history())


def check_backup(path: Path) -> int:
    """The schema version of a planmetrics backup; RefusedError for any other file."""
    refusal = RefusedError("store.not_a_backup", "store.not_a_backup.advice", path=path)
    if not path.is_file():
        raise RefusedError("store.no_file", "store.check_path", path=path)
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise refusal from exc
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not {"schema_version", "batches", "figures"} <= tables:
            raise refusal
        version = schema_version(con)
    finally:
        con.close()
    if not 1 <= version <= SCHEMA_VERSION:
        raise refusal
    return version


def restore(store: Store, source: Path) -> Path:
    """Replace the database with a backup, keeping the current file as `<db>.before-restore`."""
    check_backup(source)
    kept = store.path.with_name(store.path.name + ".before-restore")
    with store._connect(create=True) as con:
        con.execute("CHECKPOINT")
    if store.path.exists():
        store.path.replace(kept)
    store.path.write_bytes(source.read_bytes())
    Store(store.path).migrate()
    return kept
