"""A whole database file as backups and restores handle it: what it holds, read whole and read-only, and the
temporary files beside it.

A file is checked alone (never with a `.wal` beside it): its tables, its schema version, every block of every
table read once (so a damaged block is found here), and each batch's figures present. Temporary files carry
the process id in their names, so a later run removes those a killed process left. Imports only `errors` and
the store's own modules (`failures`, `schema`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb

from planmetrics.errors import Phrase, RefusedError
from planmetrics.store.failures import damage_kind, read_every_block
from planmetrics.store.schema import SCHEMA_VERSION, schema_version

_TABLES = {"schema_version", "batches", "figures", "plan_versions"}
# The tables a later schema added, by the version that added them: a file of that version lacks none.
_TABLES_SINCE = {
    2: {"comments"},
    5: {"superseded"},
    7: {"reports", "report_statuses", "report_figures"},
    9: {"users"},
    10: {"overrides"},
}
_CHUNK = 1 << 20
# Batches whose figures rows are not all in the file. A direct batch writes one row a figure it inserts or
# restates (a rollback, a restore, an approval, a return or a lock writes none); a submission one row a figure
# it was sent with (`rows_read`), all kept while it awaits review or after it was returned; an approval drops
# from its submission only the figures then equal to the current ones, so an approved batch holds at least
# those it inserted and restated. No other figure is ever deleted.
_SHORT_BATCHES = """
    SELECT count(*) FROM batches b
    LEFT JOIN (SELECT batch, count(*) AS n FROM figures GROUP BY batch) f ON f.batch = b.id
    WHERE b.kind NOT IN ('rollback', 'restore', 'approval', 'return', 'lock', 'unlock', 'override')
      AND (b.inserted + b.restated > coalesce(f.n, 0) OR {kept_whole} AND b.rows_read > coalesce(f.n, 0))
"""
_KEPT_WHOLE = "b.state IN ('submitted', 'returned')"  # a submission not approved: every figure sent is kept


@dataclass(frozen=True)
class Contents:
    """What a database file holds, as a backup is checked: its schema version, batches and figures."""

    version: int
    batches: int
    figures: int
    newest_batch: int


def log_of(path: Path) -> Path:
    """DuckDB's write-ahead log beside a database file."""
    return path.with_name(path.name + ".wal")


def is_duckdb_file(path: Path) -> bool:
    """The file carries DuckDB's mark (DuckDB would make an empty or missing file a new database)."""
    try:
        with path.open("rb") as file:
            return file.read(12)[8:12] == b"DUCK"
    except OSError:
        return False


def remove(path: Path) -> None:
    """A temporary file and its write-ahead log gone, whatever is left of them."""
    for each in (path, log_of(path)):
        with suppress(FileNotFoundError):
            each.unlink()


def sync(path: Path) -> None:
    """The file's bytes (or a folder's names) on the disk before anyone relies on them."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def contents(con: duckdb.DuckDBPyConnection) -> Contents | str:
    """What an open file holds, every block of it read once (a damaged block fails here); else why it is not a
    whole planmetrics database, as the refusal's key: not one of ours (none of our tables, a version this
    planmetrics does not know), or incomplete (some tables missing, figures its history records but it does
    not hold)."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if not tables & _TABLES:
        return "store.not_a_backup"
    if not tables >= _TABLES:
        return "backups.incomplete"
    version = schema_version(con)
    if not 1 <= version <= SCHEMA_VERSION:
        return "store.not_a_backup"
    if not tables >= set().union(*(added for since, added in _TABLES_SINCE.items() if since <= version)):
        return "backups.incomplete"
    read_every_block(con)
    figures = int(con.execute("SELECT count(*) FROM figures").fetchall()[0][0])
    held, newest = con.execute("SELECT count(*), coalesce(max(id), 0) FROM batches").fetchall()[0]
    short = _SHORT_BATCHES.format(kept_whole=_KEPT_WHOLE if version >= 9 else "FALSE")  # `state` since 9
    if con.execute(short).fetchall()[0][0]:
        return "backups.incomplete"
    return Contents(version, int(held), figures, int(newest))


def read_alone(path: Path, shown: Path) -> Contents:
    """What the file at `path` holds, opened read-only; refused (as `shown`) if it is not whole or damaged. The
    caller makes sure no log lies beside it, so nothing else is read as part of it."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise RefusedError("store.not_a_backup", "store.not_a_backup.advice", path=shown) from exc
    try:
        found = contents(con)
    except duckdb.Error as exc:
        kind = damage_kind(exc)
        if kind is None:
            raise RefusedError("backups.incomplete", "backups.incomplete.advice", path=shown) from exc
        what = Phrase(f"store.damaged.{kind}")
        raise RefusedError("backups.damaged", "backups.incomplete.advice", path=shown, what=what) from exc
    finally:
        con.close()
    if isinstance(found, str):
        raise RefusedError(found, f"{found}.advice", path=shown)
    return found


def refuse_log_beside(path: Path) -> None:
    """Refused unless `path` is a file alone: a backup with a log beside it was not finished, or is in use."""
    if not path.is_file():
        raise RefusedError("store.no_file", "store.check_path", path=path)
    if log_of(path).exists():
        raise RefusedError("backups.has_log", "backups.has_log.advice", path=path, log=log_of(path).name)


def copy_alone(source: Path, copy: Path) -> str:
    """The backup file alone copied to `copy` (created, never over a file) and synced; returns its sha256."""
    digest = hashlib.sha256()
    with source.open("rb") as reader, copy.open("xb") as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()


# -------------------------------------------------------------- temporary files


def temporary_name(beside: Path, kind: str) -> Path:
    """A hidden temporary name beside `beside`, of this process: `.<name>.<kind>-<pid>`."""
    return beside.with_name(f".{beside.name}.{kind}-{os.getpid()}")


@contextmanager
def temporary(path: Path) -> Iterator[Path]:
    """A temporary file name, removed with its log when the block ends unless it was renamed away."""
    remove(path)
    try:
        yield path
    finally:
        remove(path)


def clear_stale(temporary_file: Path) -> None:
    """Temporary files of the same name left by a process that was killed (its id is no longer running), so
    that they hold no room on the disk the retry needs."""
    stem, _, _ = temporary_file.name.rpartition("-")
    for left in temporary_file.parent.glob(f"{stem}-*"):
        pid = left.name.removeprefix(f"{stem}-")
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            remove(left)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
