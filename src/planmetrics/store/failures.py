"""What a failure of the database file is, in the store's words: a full disk, or a damaged file.

DuckDB says both in English sentences of its own, sometimes behind a later error (a transaction it then calls
aborted); the store recognises them here, once, through the whole chain of an exception (DuckDB's errors for
damage, the system's and DuckDB's for a full disk, nothing else), and says them as a `DatabaseError` in the
reader's language: what happened and what to do (`planmetrics restore`, and where the last automatic copy of
the file is, if it reads). It also holds what the store's other modules share about a file: reading every
block of it, DuckDB's own reason as English-only detail, and the names of the copies a restore keeps.
Imports only `errors` (and DuckDB, to read a file and look at a kept copy).
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
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
    ("unreadable", ("serialization error", "failed to deserialize")),
)
# The copies a restore keeps beside the database: `<db>.before-restore-YYYYMMDDTHHMMSS[-N]` (and the older
# `<db>.before-restore`, which counts as the oldest).
_KEPT_STAMP = "%Y%m%dT%H%M%S"
_KEPT_COPY = r"\.before-restore(?:-(\d{8}T\d{6})(?:-(\d+))?)?"


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
        if isinstance(one, OSError | duckdb.Error) and any(words in str(one).lower() for words in _DISK_FULL):
            return True
    return False


def damage_kind(exc: BaseException) -> str | None:
    """How DuckDB says the file is damaged (`checksum`, `short`, `not_database`, `version`, `unreadable`), or
    None when `exc` and the errors it hides say nothing of damage. Only DuckDB's own errors are read: another
    library's words about some other file are no damage of the database."""
    for one in _chain(exc):
        if not isinstance(one, duckdb.Error):
            continue
        text = str(one).lower()
        for kind, phrases in _DAMAGE_KINDS:
            if any(words in text for words in phrases):
                return kind
    return None


def is_damaged(exc: BaseException) -> bool:
    """True when DuckDB's error says the file is damaged: a checksum, a short read, not a database, a version."""
    return damage_kind(exc) is not None


def _english_detail(text: str, lang: str) -> str:
    """The library's or the system's own reason, given in English only: shown to English readers."""
    return f" ({text})" if lang == "en" else ""


def reason(exc: BaseException) -> partial[str]:
    """The `{detail}` of a message: DuckDB's or the system's reason for `exc`, for English readers only."""
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
    return partial(_english_detail, text)


def read_every_block(con: duckdb.DuckDBPyConnection) -> None:
    """Every value of every column of every table of the connection's database read once (so DuckDB checks
    each block's checksum), nothing kept in memory; a damaged block raises DuckDB's error."""
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database()"
    ).fetchall()
    for schema, table in tables:
        columns = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database()"
            " AND schema_name = ? AND table_name = ?",
            [schema, table],
        ).fetchall()
        each = ", ".join(f'max(hash("{column}"))' for (column,) in columns)
        con.execute(f'SELECT count(*), {each} FROM "{schema}"."{table}"').fetchall()


# -------------------------------------------------------------- the copies a restore keeps


def kept_copy_name(live: Path, when: dt.datetime, taken: int) -> Path:
    """The name a restore keeps the replaced file under: its time, and `-N` when that second is taken."""
    return live.with_name(
        f"{live.name}.before-restore-{when.strftime(_KEPT_STAMP)}" + (f"-{taken + 1}" if taken else "")
    )


def kept_copies(path: Path) -> list[Path]:
    """The copies restores kept beside the database, newest first by the time in their names (a kept copy is
    a hard link, so its own times are the old file's last write, not the restore's)."""
    pattern = re.compile(re.escape(path.name) + _KEPT_COPY)
    found: list[tuple[str, int, Path]] = []
    try:
        for each in path.parent.iterdir():
            matched = pattern.fullmatch(each.name)
            if matched and each.is_file():
                found.append((matched.group(1) or "", int(matched.group(2) or 1), each))
    except OSError:
        return []
    return [copy for _, _, copy in sorted(found, key=lambda one: one[:2], reverse=True)]


def last_automatic_copy(path: Path) -> Path | None:
    """The newest copy a restore kept beside the database that a restore accepts (no log beside it) and that
    opens and reads whole as a database (a restore over a damaged file keeps that damaged file too), or None."""
    alone = (copy for copy in kept_copies(path) if not copy.with_name(copy.name + ".wal").exists())
    return next((copy for copy in alone if _reads(copy)), None)


def _reads(copy: Path) -> bool:
    """The copy opens (read only, nothing written) and every block of it reads."""
    try:
        con = duckdb.connect(str(copy), read_only=True)
    except duckdb.Error:
        return False
    try:
        read_every_block(con)
        con.execute("SELECT count(*) FROM batches").fetchall()
    except duckdb.Error:
        return False
    finally:
        con.close()
    return True


# -------------------------------------------------------------- said in words


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
