"""The Store: one database file, and each operation on it through a connection of its own.

A connection lives for one operation (open, work, close) so that the command line can write while the
dashboard runs; an operation that meets another process's lock waits and retries. Every write is one
transaction. A damaged file or a full disk, whether met on opening or in the middle of an operation, is a
`DatabaseError` that says so (`store.failures`). A file's generation (its identity, the newest batch, the
batches rolled back) is what caches of its figures are keyed by. Imports only `config`, `errors`, `plan` and
the store's own modules.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar

import duckdb
import pyarrow as pa

from planmetrics import config
from planmetrics.errors import DatabaseError, RefusedError, UnknownBatchError
from planmetrics.plan import Plan
from planmetrics.store import batches, failures, freshness, locks
from planmetrics.store.batches import BatchKind, BatchResult, BatchState, PackedFile
from planmetrics.store.schema import SCHEMA_VERSION, now, schema_version, upgrade
from planmetrics.words import grouped

if TYPE_CHECKING:  # the frames below come from DuckDB's `.df()`, which imports pandas when asked
    import pandas as pd

# The current figures (for each key, the row of the newest batch that is not rolled back): the `current`
# view, the history less its superseded rows.
_CURRENT = """
    SELECT f.indicator, f.year, f.region, f.sector, f.network, f.value, f.unit, f.flag, f.source, f.source_fr,
           f.quality, f.batch
    FROM current f WHERE TRUE {where}
"""
_COMMENTS = (
    "SELECT id, target, year, body, created_by, created_at FROM comments WHERE plan_id = ?"
    " ORDER BY created_at DESC, id DESC"
)
MAX_COMMENT_CHARACTERS = 2000


class Generation(NamedTuple):
    """What a cached read of a database is keyed by: the file's identity (a restore swaps another file in, with
    another inode), its newest batch and how many batches are rolled back (a rollback flips an old batch)."""

    device: int
    inode: int
    batch: int
    rolled_back: int


_T = TypeVar("_T")
_GENERATION = "SELECT coalesce(max(id), 0), count(*) FILTER (WHERE rolled_back) FROM batches"


def _is_lock_error(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text or "being used by another process" in text


def connect_waiting(path: Path, lock_timeout: float, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to `path`, waiting out another process's lock for up to `lock_timeout` seconds (then the
    `store.locked` DatabaseError); any other failure to open is DuckDB's own error, as it came."""
    deadline = time.monotonic() + lock_timeout
    pause = 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_error(exc) or failures.is_damaged(exc):
                raise
            if time.monotonic() > deadline:
                raise DatabaseError(
                    "store.locked", "store.locked.advice", path=path, seconds=round(lock_timeout)
                ) from exc
            time.sleep(pause)
            pause = min(pause * 2, 0.25)


_WRITERS: dict[str, threading.RLock] = {}
_WRITERS_LOCK = threading.Lock()


def _writer_lock(path: Path) -> threading.RLock:
    """The lock this process's writes to one database file take in turn."""
    key = str(path.resolve())
    with _WRITERS_LOCK:
        return _WRITERS.setdefault(key, threading.RLock())


class Store:
    """One database file. Each method opens a connection, does one thing, and closes it."""

    _upgraded: ClassVar[set[tuple[str, int, int]]] = set()  # files (path and identity) whose schema is checked

    def __init__(self, path: Path | str, *, lock_timeout: float = config.LOCK_RETRY_SECONDS) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout

    # -------------------------------------------------------------- connections

    def _identity(self) -> tuple[int, int]:
        """The file's device and inode: a restore (another file renamed into place) changes them."""
        try:
            found = self.path.stat()
        except FileNotFoundError as exc:
            raise DatabaseError("store.no_database", "store.no_database.advice", path=self.path) from exc
        return found.st_dev, found.st_ino

    @contextmanager
    def _connect(self, *, create: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if not create and not self.path.exists():
            raise DatabaseError("store.no_database", "store.no_database.advice", path=self.path)
        with failures.said_in(self.path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = self._open_with_retry()
            try:
                checked = (str(self.path), *self._identity())
                if not create and checked not in Store._upgraded:
                    upgrade(con, self.path, SCHEMA_VERSION)  # a file from an older planmetrics works at once
                    Store._upgraded.add(checked)
                yield con
            finally:
                con.close()

    def _open_with_retry(self) -> duckdb.DuckDBPyConnection:
        try:
            return connect_waiting(self.path, self.lock_timeout)
        except duckdb.Error as exc:
            said = failures.said(exc, self.path)
            if said is not None:
                raise said from exc
            raise DatabaseError(
                "store.cannot_open", "store.cannot_open.advice", path=self.path, detail=failures.reason(exc)
            ) from exc

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write, alone among this process's writes to the file: the sessions of one app server are threads
        sharing DuckDB's instance of the file, whose overlapping transactions would each read the same newest
        batch id (and miss a lock the other is writing); other processes wait on the file's own lock."""
        with _writer_lock(self.path), self._connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                with suppress(duckdb.Error):  # a failure that ended the transaction is said, not this
                    con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    # -------------------------------------------------------------- schema

    def schema_version(self) -> int:
        with self._connect() as con:
            return schema_version(con)

    def migrate(self, upto: int = SCHEMA_VERSION) -> int:
        """Create or upgrade the schema to version `upto`; returns the version now in the file."""
        with self._connect(create=True) as con:
            return upgrade(con, self.path, upto)

    def record_plan(self, plan: Plan, content: str) -> bool:
        """Record a plan file; a changed file is a new plan version. True when something was recorded."""
        with self._transaction() as con:
            seen = con.execute(
                "SELECT count(*) FROM plan_versions WHERE plan_id = ? AND sha256 = ?",
                [plan.id, plan.sha256],
            ).fetchall()[0][0]
            if seen:
                return False
            con.execute(
                "INSERT INTO plan_versions VALUES (?, ?, ?, ?, ?)",
                [plan.id, Path(plan.path).name, plan.sha256, now(), content],
            )
            return True

    def plan_versions(self) -> pd.DataFrame:
        with self._connect() as con:
            return con.execute(
                "SELECT plan_id, file_name, sha256, recorded_at FROM plan_versions ORDER BY recorded_at"
            ).df()

    # -------------------------------------------------------------- reading figures

    def current_figures(
        self,
        *,
        indicators: Sequence[str] | None = None,
        regions: Sequence[str] | None = None,
        sector: str | None = None,
        network: str | None = None,
        up_to_year: int | None = None,
    ) -> pd.DataFrame:
        """Current figures, optionally filtered; columns STORED_COLUMNS + batch."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, values in (("indicator", indicators), ("region", regions)):
            if values is not None:
                clauses.append(batches.one_of(f"f.{column}", len(values)))
                params.extend(values)
        for column, value in (("sector", sector), ("network", network)):
            if value is not None:
                clauses.append(f"f.{column} = ?")
                params.append(value)
        if up_to_year is not None:
            clauses.append("f.year <= ?")
            params.append(up_to_year)
        where = "".join(f" AND {c}" for c in clauses)
        with self._connect() as con:
            frame = con.execute(_CURRENT.format(where=where) + " ORDER BY 1, 3, 4, 5, 2", params).df()
        return frame.astype({"year": "int64", "value": "float64", "batch": "int64"})

    def totals_and_latest_year(self, indicators: Sequence[str]) -> tuple[pd.DataFrame, int | None]:
        """The total rows (sector and network `all`) of some indicators, and the latest year of any figure,
        read through one connection: what the progress engine and the overview's small charts need."""
        with self._connect() as con:
            frame = con.execute(
                "SELECT indicator, year, region, value, unit, flag, source, source_fr, quality FROM current"
                f" WHERE {batches.one_of('indicator', len(indicators))} AND sector = ? AND network = ?",
                [*indicators, config.TOTAL_SECTOR, config.TOTAL_NETWORK],
            ).df()
            latest = con.execute("SELECT max(year) FROM current").fetchall()[0][0]
        frame = frame.astype({"year": "int64", "value": "float64"})
        frame["sector"], frame["network"] = config.TOTAL_SECTOR, config.TOTAL_NETWORK
        return frame, None if latest is None else int(latest)

    def state(self, plan_id: str) -> tuple[Generation, tuple[int, ...], pd.DataFrame]:
        """What every page needs first, through one connection: the file's generation, the years with a current
        figure (newest first), and the plan's commentary (as `comments`). Kept while the file is untouched
        (`freshness`): shared by every caller, never to be changed."""

        def read(con: duckdb.DuckDBPyConnection) -> tuple[tuple[int, ...], pd.DataFrame]:
            years = con.execute("SELECT DISTINCT year FROM current ORDER BY 1 DESC").fetchall()
            return tuple(int(r[0]) for r in years), con.execute(_COMMENTS, [plan_id]).df()

        def whole() -> tuple[Generation, tuple[int, ...], pd.DataFrame]:
            return (found := self._generation_and(read))[0], *found[1]

        return freshness.READS.read(self.path, ("state", plan_id), whole)

    def generation(self) -> Generation:
        """The file's generation now: what a cached read of its figures is keyed by (kept while it is untouched)."""
        return freshness.READS.read(self.path, "generation", lambda: self._generation_and(lambda con: None)[0])

    def _generation_and(self, read: Callable[[duckdb.DuckDBPyConnection], _T]) -> tuple[Generation, _T]:
        """The generation and `read`, through one connection, the file's identity the same before and after (a
        restore swapping the file in between reads again)."""
        for _ in range(3):
            before = self._identity()
            with self._connect() as con:
                batch, rolled_back = con.execute(_GENERATION).fetchall()[0]
                found = read(con)
            if self._identity() == before:
                break
        return Generation(*before, int(batch), int(rolled_back)), found

    def years(self) -> list[int]:
        """Years with at least one current figure, newest first."""
        return list(self.state("")[1])

    def latest_year(self) -> int | None:
        return next(iter(self.state("")[1]), None)

    # -------------------------------------------------------------- writing figures

    def diff(self, staged: pd.DataFrame | pa.Table) -> pd.DataFrame:
        """What committing `staged` would do: each row with `change` insert|restate|unchanged and old values."""
        with self._connect() as con:
            return batches.diff(con, staged)

    def commit(
        self,
        staged: pd.DataFrame | pa.Table,
        *,
        kind: BatchKind,
        by: str | None = None,
        file_name: str | None = None,
        sha256: str | None = None,
        file_bytes: bytes | PackedFile | None = None,
        reason: str | None = None,
        plan_id: str | None = None,
        state: BatchState = "direct",
        network: str | None = None,
    ) -> BatchResult:
        """Commit the staged figures as one batch, in one transaction: all of it, or nothing. A `submitted`
        batch (a network's, or any under `review_all`) keeps every figure and counts nowhere until approved;
        its counts say what it would change now. A figure in a locked year refuses the whole batch."""
        with self._transaction() as con, batches.registered(con, staged):
            earlier = None if sha256 is None else batches.earlier_import(con, sha256, state, network)
            if earlier is not None:
                n = len(staged)
                return BatchResult(earlier, n, 0, 0, n, duplicate_of=earlier)
            locks.refuse_locked(con, "staged")
            inserted, restated, unchanged = batches.stage_changes(con, len(staged))
            result = BatchResult(batches.next_batch_id(con), len(staged), inserted, restated, unchanged)
            batches.record_batch(
                con,
                result,
                kind=kind,
                by=by,
                file_name=file_name,
                sha256=sha256,
                file_bytes=file_bytes,
                reason=reason,
                plan_id=plan_id,
                state=state,
                network=network,
            )
            if state == "submitted":
                batches.submit_all(con, result)
            else:
                batches.apply_changes(con, result)
            return result

    def rollback(self, batch: int, *, by: str | None = None) -> BatchResult:
        """Undo one batch: its figures stop being current and those it restated come back. A batch whose
        figures count and touch a locked year is refused; an event (a rollback, restore, review or lock) too."""
        with self._transaction() as con:
            rows = con.execute("SELECT kind, rolled_back, state FROM batches WHERE id = ?", [batch]).fetchall()
            if not rows:
                raise UnknownBatchError("store.no_batch", "store.see_history", batch=batch)
            kind, rolled_back, state = rows[0]
            if rolled_back:
                raise UnknownBatchError("store.already_rolled_back", "store.nothing_changed", batch=batch)
            if kind in {"rollback", "restore"}:
                raise UnknownBatchError(f"store.rollback_of_{kind}", f"store.rollback_of_{kind}.advice", batch=batch)
            if kind in batches.EVENT_KINDS:
                raise UnknownBatchError("review.rollback_of_event", "review.rollback_of_event.advice", batch=batch)
            counted = state in ("direct", "approved")
            if counted:
                locks.refuse_locked(con, "figures", "batch = ?", [batch])
            # A submission awaiting review or returned changed no figure that counts: withdrawing it changes none.
            affected = con.execute("SELECT count(*) FROM figures WHERE batch = ?", [batch]).fetchall()[0][0]
            affected = affected if counted else 0
            con.execute("UPDATE batches SET rolled_back = TRUE WHERE id = ?", [batch])
            batches.recompute_superseded(con, batch)
            new_id = batches.next_batch_id(con)
            con.execute(
                "INSERT INTO batches (id, kind, created_at, created_by, rows_read, inserted, restated, unchanged,"
                " rolled_back, rolls_back) VALUES (?, 'rollback', ?, ?, 0, 0, ?, 0, FALSE, ?)",
                [new_id, now(), by, affected, batch],
            )
            return BatchResult(new_id, 0, 0, int(affected), 0)

    # -------------------------------------------------------------- history

    def history(self) -> list[dict[str, Any]]:
        """The batches, newest first, as CONTRACT.md's `history --json` objects."""
        with self._connect() as con:
            return batches.history(con)

    def has_batch_of_kind(self, kind: BatchKind) -> bool:
        with self._connect() as con:
            return bool(con.execute("SELECT count(*) FROM batches WHERE kind = ?", [kind]).fetchall()[0][0])

    def batch_file(self, batch: int) -> tuple[str | None, bytes | None]:
        """The file name and original bytes kept with a batch."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT file_name, file_bytes, file_codec, file_size FROM batches WHERE id = ?", [batch]
            ).fetchall()
        if not rows:
            raise UnknownBatchError("store.no_batch", "store.see_history", batch=batch)
        file_name, kept, codec, size = rows[0]
        if kept is None or codec is None:
            return file_name, kept
        return file_name, pa.decompress(kept, decompressed_size=size, codec=codec, asbytes=True)

    # -------------------------------------------------------------- commentary

    def add_comment(self, *, plan_id: str, target: str, year: int, body: str, by: str | None) -> int:
        """A manager's short commentary on a target for a year ("why we are behind"), with author and date."""
        text = body.strip()
        if not text:
            raise RefusedError("store.comment_empty", "store.comment_empty.advice")
        if len(text) > MAX_COMMENT_CHARACTERS:
            raise RefusedError(
                "store.comment_too_long",
                "store.comment_too_long.advice",
                limit=partial(grouped, MAX_COMMENT_CHARACTERS),
            )
        with self._transaction() as con:
            new_id = int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM comments").fetchall()[0][0])
            con.execute(
                "INSERT INTO comments VALUES (?, ?, ?, ?, ?, ?, ?)", [new_id, plan_id, target, year, text, by, now()]
            )
        return new_id

    def comments(self, plan_id: str) -> pd.DataFrame:
        """Every commentary of a plan, newest first: id, target, year, body, created_by, created_at."""
        with self._connect() as con:
            return con.execute(_COMMENTS, [plan_id]).df()
