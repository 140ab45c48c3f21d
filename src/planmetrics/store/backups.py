"""Backup and restore of a whole database file, history included: whole or absent, swapped in at once.

A backup is written under a hidden temporary name beside its target, checkpointed into one file (no `.wal`
left), opened again read-only and checked (schema, tables, as many figures as the database held when it was
copied), and only then given its name; any failure removes it and says why. A restore copies the backup file
alone (never a `.wal` beside it) to a temporary name beside the live database, checks that copy, records a
batch of kind `restore` in it (its id above every id the replaced file had, so no id is used twice), and swaps
it in with one rename; the replaced file (with its `.wal`, if any) is kept under a timestamped name that no
later restore overwrites. The live file is never read to restore over it: missing, empty, damaged or
truncated, it is kept as it was. Imports only `errors` and the store's own modules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import duckdb

from planmetrics.errors import DatabaseError, PlanmetricsError, RefusedError
from planmetrics.store import batches
from planmetrics.store.database import Store
from planmetrics.store.failures import is_damaged, is_disk_full
from planmetrics.store.schema import SCHEMA_VERSION, schema_version

_TABLES = {"schema_version", "batches", "figures", "plan_versions"}
_CHUNK = 1 << 20
# Batches whose figures rows are not all in the file: a batch writes one row a figure it inserts or restates
# (a rollback or a restore writes none), and no figure is ever deleted.
_SHORT_BATCHES = """
    SELECT count(*) FROM batches b
    LEFT JOIN (SELECT batch, count(*) AS n FROM figures GROUP BY batch) f ON f.batch = b.id
    WHERE b.kind NOT IN ('rollback', 'restore') AND b.inserted + b.restated > coalesce(f.n, 0)
"""


@dataclass(frozen=True)
class Contents:
    """What a database file holds, as a backup is checked: its schema version, batches and figures."""

    version: int
    batches: int
    figures: int
    newest_batch: int


def _log(path: Path) -> Path:
    """DuckDB's write-ahead log beside a database file."""
    return path.with_name(path.name + ".wal")


def _remove(path: Path) -> None:
    """A temporary file and its write-ahead log gone, whatever is left of them."""
    for each in (path, _log(path)):
        with suppress(FileNotFoundError):
            each.unlink()


def _sync(path: Path) -> None:
    """The file's bytes (or a folder's names) on the disk before anyone relies on them."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _english_detail(text: str, lang: str) -> str:
    """The system's own reason, given in English only: shown to English readers."""
    return f" ({text})" if lang == "en" else ""


def _detail(exc: BaseException) -> partial[str]:
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
    return partial(_english_detail, text)


def _contents(con: duckdb.DuckDBPyConnection) -> Contents | str:
    """What an open file holds, every figure and kept file read once (a damaged page fails here); else why it
    is not a whole planmetrics database, as the refusal's key: not one of ours (none of our tables, a version
    this planmetrics does not know), or incomplete (some tables missing, figures its history records but it
    does not hold)."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if not tables & _TABLES:
        return "store.not_a_backup"
    if not tables >= _TABLES:
        return "backups.incomplete"
    version = schema_version(con)
    if not 1 <= version <= SCHEMA_VERSION:
        return "store.not_a_backup"
    figures = int(con.execute("SELECT count(*), sum(value), max(length(indicator)) FROM figures").fetchall()[0][0])
    held, newest = con.execute(
        "SELECT count(*), coalesce(max(id), 0), sum(octet_length(file_bytes)) FROM batches"
    ).fetchall()[0][:2]
    if con.execute(_SHORT_BATCHES).fetchall()[0][0]:
        return "backups.incomplete"
    return Contents(version, int(held), figures, int(newest))


def _read_alone(path: Path, shown: Path) -> Contents:
    """What the file at `path` holds, opened read-only; refused (as `shown`) if it is not whole. The caller
    makes sure no log lies beside it, so nothing else is read as part of it."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise RefusedError("store.not_a_backup", "store.not_a_backup.advice", path=shown) from exc
    try:
        found = _contents(con)
    except duckdb.Error as exc:
        raise RefusedError("backups.incomplete", "backups.incomplete.advice", path=shown) from exc
    finally:
        con.close()
    if isinstance(found, str):
        raise RefusedError(found, f"{found}.advice", path=shown)
    return found


# -------------------------------------------------------------- backup


def _partial_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial-{os.getpid()}")


def _clear_stale(temporary: Path) -> None:
    """Temporary files of the same name left by a process that was killed (its id is no longer running), so
    that they hold no room on the disk the retry needs."""
    stem, _, _ = temporary.name.rpartition("-")
    for left in temporary.parent.glob(f"{stem}-*"):
        pid = left.name.removeprefix(f"{stem}-")
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            _remove(left)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _copy_database(store: Store, partial_file: Path) -> Contents:
    """The whole database copied into `partial_file` in one transaction and checkpointed into it; returns
    what the database held, read in that same transaction."""
    with store._connect() as con:
        source = con.execute("SELECT current_database()").fetchall()[0][0]
        con.execute("ATTACH ? AS planmetrics_backup", [str(partial_file)])
        try:
            con.execute("BEGIN TRANSACTION")
            held = _contents(con)
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


def _backup_failure(exc: BaseException, store: Store, target: Path) -> PlanmetricsError:
    """What a failed backup says: a full disk (however deep in the error), a damaged database, or the system's
    reason."""
    if is_disk_full(exc):
        return DatabaseError("backups.disk_full", "backups.disk_full.advice", path=target)
    if isinstance(exc, PlanmetricsError):
        return exc
    if is_damaged(exc):
        return DatabaseError("backups.source_damaged", "backups.source_damaged.advice", db=store.path)
    return DatabaseError("backups.cannot_write", "backups.cannot_write.advice", path=target, detail=_detail(exc))


def backup(store: Store, target: Path) -> int:
    """A whole, checked copy of the database (history included) at `target`, taken between two writers, or no
    file at all; returns how many batches it holds. Never overwrites a file."""
    for taken in (target, _log(target)):
        if taken.exists():
            raise RefusedError("store.backup_exists", "store.backup_exists.advice", path=taken)
    partial_file = _partial_name(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _clear_stale(partial_file)
        _remove(partial_file)
        held = _copy_database(store, partial_file)
        if _log(partial_file).exists():
            raise DatabaseError("backups.copy_differs", "backups.copy_differs.advice", path=target)
        copied = _read_alone(partial_file, target)
        if (copied.figures, copied.batches) != (held.figures, held.batches):
            raise DatabaseError("backups.copy_differs", "backups.copy_differs.advice", path=target)
        _sync(partial_file)
        _place(partial_file, target)
    except BaseException as exc:
        _remove(partial_file)
        if not isinstance(exc, Exception):  # an interrupt: nothing is left behind, and it goes on
            raise
        raise _backup_failure(exc, store, target) from exc
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
    _remove(partial_file)
    _sync(target.parent)


# -------------------------------------------------------------- checking a backup


def _refuse_log_beside(path: Path) -> None:
    if not path.is_file():
        raise RefusedError("store.no_file", "store.check_path", path=path)
    if _log(path).exists():
        raise RefusedError("backups.has_log", "backups.has_log.advice", path=path, log=_log(path).name)


def _copy_alone(source: Path, copy: Path) -> str:
    """The backup file alone copied to `copy` (created, never over a file) and synced; returns its sha256."""
    digest = hashlib.sha256()
    with source.open("rb") as reader, copy.open("xb") as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()


@contextmanager
def _temporary(path: Path) -> Iterator[Path]:
    """A temporary file name, removed with its log when the block ends unless it was renamed away."""
    _remove(path)
    try:
        yield path
    finally:
        _remove(path)


def check_backup(path: Path) -> int:
    """The schema version of a whole planmetrics backup, the file checked alone, read-only; RefusedError for
    any other file, or one with a write-ahead log beside it (a backup not finished, a database in use)."""
    _refuse_log_beside(path)
    return _read_alone(path, path).version


# -------------------------------------------------------------- restore


def _newest_batch_of(live: Path) -> int:
    """The newest batch id of the file a restore replaces, its log folded into it first (both best effort,
    waiting out another process's lock): 0 when it is missing, empty, not a database or damaged. A file
    without DuckDB's mark is never opened (DuckDB would make an empty one a database)."""
    try:
        with live.open("rb") as file:
            if file.read(12)[8:12] != b"DUCK":
                return 0
        con = Store(live)._open_with_retry()
    except (OSError, duckdb.Error, PlanmetricsError):
        return 0
    try:
        with suppress(duckdb.Error):
            con.execute("CHECKPOINT")
        return int(con.execute("SELECT coalesce(max(id), 0) FROM batches").fetchall()[0][0])
    except duckdb.Error:
        return 0
    finally:
        con.close()


def _record_restore(copy: Path, source: Path, *, sha256: str, held: Contents, newest: int, by: str | None) -> None:
    """The restored copy brought to this schema, with a batch saying which backup it is, checkpointed into one
    file. Its id is above every id of the backup and of the file it replaces."""
    Store(copy).migrate()
    con = duckdb.connect(str(copy))
    try:
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
    if _log(copy).exists() or _read_alone(copy, source).figures != held.figures:
        raise DatabaseError("backups.copy_differs", "backups.copy_differs.advice", path=copy)
    _sync(copy)


def _kept_name(live: Path, taken: int) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    return live.with_name(f"{live.name}.before-restore-{stamp}" + (f"-{taken + 1}" if taken else ""))


def _keep(live: Path) -> Path | None:
    """The live file kept under a name of its own, still in place until the swap (a hard link where the file
    system has them); None when there is no live file."""
    if not os.path.lexists(live):
        return None
    for taken in range(1000):
        kept = _kept_name(live, taken)
        if os.path.lexists(kept) or os.path.lexists(_log(kept)):
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
    log = _log(live)
    kept_log = None if kept is None or not log.exists() else log.rename(_log(kept))
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
    _sync(live.parent)
    return kept


def _restore_failure(exc: BaseException, live: Path) -> PlanmetricsError:
    if is_disk_full(exc):
        return DatabaseError("backups.restore_disk_full", "backups.restore_disk_full.advice", db=live)
    if isinstance(exc, PlanmetricsError):
        return exc
    return DatabaseError(
        "backups.restore_cannot_write", "backups.restore_cannot_write.advice", db=live, detail=_detail(exc)
    )


def restore(store: Store, source: Path, *, by: str | None = None) -> Path | None:
    """Replace the database with a whole backup in one rename, keeping the replaced file (and its log) as
    `<db>.before-restore-<time>`; returns that name, None when there was no file to keep."""
    _refuse_log_beside(source)
    live = store.path
    copy = live.with_name(f".{live.name}.restore-{os.getpid()}")
    try:
        live.parent.mkdir(parents=True, exist_ok=True)
        _clear_stale(copy)
        with _temporary(copy):
            sha256 = _copy_alone(source, copy)
            held = _read_alone(copy, source)
            _record_restore(copy, source, sha256=sha256, held=held, newest=_newest_batch_of(live), by=by)
            return _swap(copy, live)
    except Exception as exc:
        raise _restore_failure(exc, live) from exc
