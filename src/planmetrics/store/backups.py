"""Backup and restore of a whole database file, history included: whole or absent, swapped in at once.

A backup is written under a hidden temporary name beside its target, checkpointed into one file (no `.wal`
left), opened again read-only and checked (schema, tables, every block read, as many figures as the database
held when it was copied), and only then given its name; any failure removes it and says why. A restore copies
the backup file alone (never a `.wal` beside it) to a temporary name beside the live database, checks that
copy, records a batch of kind `restore` in it (its id above every id the replaced file had, so no id is used
twice), and swaps it in with one rename; the replaced file (with its `.wal`, if any) is kept under a
timestamped name that no later restore overwrites, and its log is then written into it where DuckDB can open
it, so that the kept copy is one a restore accepts. The live file is never needed: missing, empty, damaged or
truncated, it is kept byte for byte. When it opens, it is opened read-only from before the newest id is read
until after the swap, which holds off every writer (a restore waits for a running import, then is refused,
rather than swap the file out from under it). Imports only `errors` and the store's own modules.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb

from planmetrics.errors import DatabaseError, Phrase, PlanmetricsError, RefusedError
from planmetrics.store import batches
from planmetrics.store.copies import (
    Contents,
    clear_stale,
    contents,
    copy_alone,
    is_duckdb_file,
    log_of,
    read_alone,
    refuse_log_beside,
    remove,
    sync,
    temporary,
    temporary_name,
)
from planmetrics.store.database import Store, connect_waiting
from planmetrics.store.failures import damage_kind, is_damaged, is_disk_full, kept_copy_name, reason
from planmetrics.store.schema import SCHEMA_VERSION, upgrade

# -------------------------------------------------------------- backup


def _copy_database(store: Store, partial_file: Path) -> Contents:
    """The whole database copied into `partial_file` in one transaction and checkpointed into it; returns
    what the database held, read in that same transaction. A damaged database is said by the store itself."""
    with store._connect() as con:
        source = con.execute("SELECT current_database()").fetchall()[0][0]
        con.execute("ATTACH ? AS planmetrics_backup", [str(partial_file)])
        try:
            con.execute("BEGIN TRANSACTION")
            held = contents(con)
            if isinstance(held, str):
                raise DatabaseError("backups.source_damaged", "backups.source_damaged.advice", db=store.path)
            con.execute(f'COPY FROM DATABASE "{source}" TO planmetrics_backup')
            con.execute("COMMIT")
            con.execute("CHECKPOINT planmetrics_backup")
        finally:
            with suppress(duckdb.Error):
                con.execute("ROLLBACK")
            con.execute("DETACH planmetrics_backup")
    return held


def _backup_failure(exc: BaseException, target: Path) -> PlanmetricsError:
    """What a failed backup says: a full disk (however deep in the error), the store's own refusal (a damaged
    database among them), or the system's reason."""
    if is_disk_full(exc):
        return DatabaseError("backups.disk_full", "backups.disk_full.advice", path=target)
    if isinstance(exc, PlanmetricsError):
        return exc
    return DatabaseError("backups.cannot_write", "backups.cannot_write.advice", path=target, detail=reason(exc))


def backup(store: Store, target: Path) -> int:
    """A whole, checked copy of the database (history included) at `target`, taken between two writers, or no
    file at all; returns how many batches it holds. Never overwrites a file."""
    for taken in (target, log_of(target)):
        if taken.exists():
            raise RefusedError("store.backup_exists", "store.backup_exists.advice", path=taken)
    partial_file = temporary_name(target, "partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clear_stale(partial_file)
        remove(partial_file)
        held = _copy_database(store, partial_file)
        if log_of(partial_file).exists():
            raise DatabaseError("backups.copy_differs", "backups.copy_differs.advice", path=target)
        copied = read_alone(partial_file, target)
        if (copied.figures, copied.batches) != (held.figures, held.batches):
            raise DatabaseError("backups.copy_differs", "backups.copy_differs.advice", path=target)
        sync(partial_file)
        _place(partial_file, target)
    except BaseException as exc:
        remove(partial_file)
        if not isinstance(exc, Exception):  # an interrupt: nothing is left behind, and it goes on
            raise
        raise _backup_failure(exc, target) from exc
    return copied.batches


def _place(partial_file: Path, target: Path) -> None:
    """The checked copy given its name, never over an existing file (a hard link fails if the name is taken)."""
    try:
        os.link(partial_file, target)
    except FileExistsError as exc:
        raise RefusedError("store.backup_exists", "store.backup_exists.advice", path=target) from exc
    except OSError:  # a file system without hard links: checked just before, renamed at once
        if target.exists():
            raise RefusedError("store.backup_exists", "store.backup_exists.advice", path=target) from None
        partial_file.replace(target)
    remove(partial_file)
    sync(target.parent)


def check_backup(path: Path) -> int:
    """The schema version of a whole planmetrics backup, the file checked alone, read-only; RefusedError for
    any other file, or one with a write-ahead log beside it (a backup not finished, a database in use)."""
    refuse_log_beside(path)
    return read_alone(path, path).version


# -------------------------------------------------------------- restore


@contextmanager
def _holding(live: Path, lock_timeout: float) -> Iterator[int]:
    """The live file held open read-only for the block (no process can write to it meanwhile), waiting out a
    running writer for up to `lock_timeout` seconds, then refused; yields its newest batch id, its log
    included, nothing written to either. A missing, empty or damaged file is not needed: the block runs
    with 0 and nothing held (no writer can use such a file either)."""
    con = None
    if is_duckdb_file(live):  # DuckDB would make an empty file a database: a file without its mark is not opened
        try:
            con = connect_waiting(live, lock_timeout, read_only=True)
        except duckdb.Error as exc:
            if not is_damaged(exc):  # a file that is whole but cannot be held: no restore without its ids
                raise DatabaseError(
                    "store.cannot_open", "store.cannot_open.advice", path=live, detail=reason(exc)
                ) from exc
        except DatabaseError as exc:  # store.locked: another process kept writing
            raise RefusedError("backups.restore_locked", "backups.restore_locked.advice", db=live) from exc
    try:
        newest = 0
        if con is not None:
            with suppress(duckdb.Error):
                newest = int(con.execute("SELECT coalesce(max(id), 0) FROM batches").fetchall()[0][0])
        yield newest
    finally:
        if con is not None:
            con.close()


def _record_restore(copy: Path, source: Path, *, sha256: str, held: Contents, newest: int, by: str | None) -> None:
    """The restored copy brought to this schema, with a batch saying which backup it is, checkpointed into one
    file. Its id is above every id of the backup and of the file it replaces."""
    con = duckdb.connect(str(copy))
    try:
        upgrade(con, copy, SCHEMA_VERSION)
        con.execute("BEGIN TRANSACTION")
        restored = batches.BatchResult(max(held.newest_batch, newest) + 1, held.batches, 0, 0, 0)
        batches.record_batch(
            con,
            restored,
            kind="restore",
            by=by,
            file_name=source.name,
            sha256=sha256,
            file_bytes=None,
            reason=None,
            plan_id=None,
        )
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    if log_of(copy).exists() or read_alone(copy, source).figures != held.figures:
        raise DatabaseError("backups.copy_differs", "backups.copy_differs.advice", path=copy)
    sync(copy)


def _keep(live: Path) -> Path | None:
    """The live file kept under a name of its own, still in place until the swap (a hard link where the file
    system has them); None when there is no live file."""
    if not os.path.lexists(live):
        return None
    now = dt.datetime.now(dt.UTC)
    for taken in range(1000):
        kept = kept_copy_name(live, now, taken)
        if os.path.lexists(kept) or os.path.lexists(log_of(kept)):
            continue
        try:
            os.link(live, kept)
        except FileExistsError:
            continue
        except OSError:  # no hard links: the live file moves now, its name is free for a moment only
            live.rename(kept)
        return kept
    raise FileExistsError(live)


def _swap(copy: Path, live: Path) -> Path | None:
    """The checked copy renamed over the live file in one step; the replaced file and its log kept."""
    kept = _keep(live)
    log = log_of(live)
    kept_log = None if kept is None or not log.exists() else log.rename(log_of(kept))
    try:
        copy.replace(live)
    except OSError:  # put back as it was: the log beside its file, the kept name gone
        if kept_log is not None:
            kept_log.rename(log)
        if kept is not None and live.exists():
            kept.unlink()
        elif kept is not None:
            kept.rename(live)
        raise
    sync(live.parent)
    return kept


def _fold_log(kept: Path) -> None:
    """The kept file's log written into it, now that it is no longer live, so that a restore accepts it; a
    file DuckDB cannot open (damaged) is left as it was, with its log, byte for byte."""
    if not log_of(kept).exists() or not is_duckdb_file(kept):
        return
    with suppress(duckdb.Error):
        con = duckdb.connect(str(kept))
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()


def _restore_failure(exc: BaseException, live: Path, source: Path) -> PlanmetricsError:
    """What a failed restore says: a full disk, a refusal of the backup as it stands, a damaged backup (named
    as the backup, never as the temporary copy), or the system's reason; the database as it was in each."""
    if is_disk_full(exc):
        return DatabaseError("store.disk_full", "store.disk_full.advice", path=live)
    if isinstance(exc, RefusedError):
        return exc
    kind = damage_kind(exc)
    if kind is not None:
        what = Phrase(f"store.damaged.{kind}")
        return RefusedError("backups.damaged", "backups.incomplete.advice", path=source, what=what)
    if isinstance(exc, PlanmetricsError):
        return exc
    return DatabaseError(
        "backups.restore_cannot_write", "backups.restore_cannot_write.advice", db=live, detail=reason(exc)
    )


def restore(store: Store, source: Path, *, by: str | None = None) -> Path | None:
    """Replace the database with a whole backup in one rename, keeping the replaced file (and its log, written
    into it) as `<db>.before-restore-<time>`; returns that name, None when there was no file to keep."""
    refuse_log_beside(source)
    live = store.path
    copy = temporary_name(live, "restore")
    try:
        live.parent.mkdir(parents=True, exist_ok=True)
        clear_stale(copy)
        with temporary(copy):
            sha256 = copy_alone(source, copy)
            held = read_alone(copy, source)
            with _holding(live, store.lock_timeout) as newest:
                _record_restore(copy, source, sha256=sha256, held=held, newest=newest, by=by)
                kept = _swap(copy, live)
    except Exception as exc:
        raise _restore_failure(exc, live, source) from exc
    if kept is not None:
        _fold_log(kept)
    return kept
