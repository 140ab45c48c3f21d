"""What a failure of the database file is, in the store's words: a full disk, or a damaged file.

DuckDB says both in English sentences of its own, sometimes behind a later error (a transaction it then calls
aborted); the store recognises them here, once, through the whole chain of an exception, and says them as a
`DatabaseError` in the reader's language: what happened and what to do (`planmetrics restore`, and where the
last automatic copy of the file is, if it reads). Imports only `errors` (and DuckDB, to look at a kept copy).
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from planmetrics.errors import DatabaseError, Phrase, PlanmetricsError

_DISK_FULL = ("no space left on device", "disk full", "not enough space", "disk quota exceeded")
# Each kind of damage and the words DuckDB uses for it (lower case), most telling first.
_DAMAGE_KINDS = (
    ("checksum", ("corrupt database file", "does not match stored checksum", "checksum mismatch")),
    ("short", ("could not read enough bytes",)),
    ("not_database", ("not a valid duckdb database file", "invalid magic", "not a duckdb database")),
    (
        "version",
        (
            "trying to read a database file with version",
            "unsupported storage version",
            "created with a newer version of duckdb",
            "incompatible database file",
        ),
    ),
    ("unreadable", ("serialization error", "failed to deserialize", "failed to read")),
)
# The copies a restore keeps beside the database: `<db>.before-restore` and `<db>.before-restore-YYYYMMDDTHHMMSS`.
_KEPT_COPY = r"\.before-restore(-\d{8}T\d{6}(-\d+)?)?"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and those it was raised from or while handling, each once."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def is_disk_full(exc: BaseException) -> bool:
    """True when `exc` (an OSError or DuckDB's own error), or the error it hides, says the disk or quota is full."""
    for one in _chain(exc):
        if isinstance(one, OSError) and one.errno in {errno.ENOSPC, errno.EDQUOT}:
            return True
        if any(words in str(one).lower() for words in _DISK_FULL):
            return True
    return False


def damage_kind(exc: BaseException) -> str | None:
    """How DuckDB says the file is damaged (`checksum`, `short`, `not_database`, `version`, `unreadable`), or
    None when `exc` and the errors it hides say nothing of damage."""
    for one in _chain(exc):
        text = str(one).lower()
        for kind, phrases in _DAMAGE_KINDS:
            if any(words in text for words in phrases):
                return kind
    return None


def is_damaged(exc: BaseException) -> bool:
    """True when DuckDB's error says the file is damaged: a checksum, a short read, not a database, a version."""
    return damage_kind(exc) is not None


def last_automatic_copy(path: Path) -> Path | None:
    """The newest copy a restore kept beside the database (`<db>.before-restore*`) that opens and reads as a
    planmetrics database (a restore over a damaged file keeps that damaged file too), or None."""
    pattern = re.compile(re.escape(path.name) + _KEPT_COPY)
    try:
        kept = [p for p in path.parent.iterdir() if pattern.fullmatch(p.name) and p.is_file()]
        kept.sort(key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    except OSError:
        return None
    return next((copy for copy in kept if _reads(copy)), None)


def _reads(copy: Path) -> bool:
    """The copy opens (read only, nothing written) and its batches and figures can be read."""
    try:
        con = duckdb.connect(str(copy), read_only=True)
    except duckdb.Error:
        return False
    try:
        con.execute("SELECT count(*) FROM batches").fetchall()
        con.execute("SELECT sum(value), max(length(source)) FROM figures").fetchall()  # reads every block
    except duckdb.Error:
        return False
    finally:
        con.close()
    return True


def damaged(path: Path, kind: str) -> DatabaseError:
    """The damaged file said: what happened (by kind) and what to do, naming the last automatic copy if any."""
    copy = last_automatic_copy(path)
    advice = "store.damaged.advice" if copy is None else "store.damaged.advice_copy"
    what = Phrase(f"store.damaged.{kind}")
    return DatabaseError("store.damaged", advice, path=path, what=what, copy=copy or "")


def _written_file(exc: BaseException) -> str | None:
    """The file a failed write was writing, as the system or DuckDB names it."""
    for one in _chain(exc):
        if isinstance(one, OSError) and one.filename:
            return str(one.filename)
        found = re.search(r'file "([^"]+)"', str(one))
        if found:
            return found.group(1)
    return None


def disk_full(path: Path | None, exc: BaseException | None = None) -> DatabaseError:
    """A write that found the disk full: the database (or a file of its own, `.wal`) as it was, or another file
    (a backup, a report) not written whole."""
    written = None if exc is None else _written_file(exc)
    if path is not None and (written is None or Path(written).name.startswith(path.name)):
        return DatabaseError("store.disk_full", "store.disk_full.advice", path=path)
    if written is None:
        return DatabaseError("store.disk_full_somewhere", "store.disk_full.advice")
    return DatabaseError("store.disk_full_file", "store.disk_full.advice", file=written)


def said(exc: BaseException, path: Path | None) -> DatabaseError | None:
    """A full disk or a damaged file in `exc` said as a DatabaseError about the database at `path` (None when
    it is not known: the file DuckDB names then); None for any other failure."""
    if is_disk_full(exc):
        return disk_full(path, exc)
    kind = damage_kind(exc)
    named = path or (None if (written := _written_file(exc)) is None else Path(written))
    if kind is None or named is None:
        return None
    return damaged(named, kind)


@contextmanager
def said_in(path: Path) -> Iterator[None]:
    """A damaged file or a full disk met anywhere in the block, raised as the DatabaseError that says it."""
    try:
        yield
    except PlanmetricsError:
        raise
    except Exception as exc:
        found = said(exc, path)
        if found is None:
            raise
        raise found from exc
