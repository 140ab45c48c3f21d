"""The database: the only module that speaks SQL.

Figures are stored in long form and never updated in place: a restatement is a new row in a newer batch,
and the current value of a figure is the one from the newest batch that is not rolled back. Every write is
one transaction. A connection lives for one operation (open, work, close) so that the command line can
write while the dashboard runs; an operation that meets another process's lock waits and retries.
Imports only `config`, `errors` and `plan`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

import duckdb
import pandas as pd
import pyarrow as pa

from planmetrics import config
from planmetrics.errors import DatabaseError, RefusedError, UnknownBatchError
from planmetrics.plan import Plan

BatchKind = Literal["init", "import", "correction", "rollback"]
FIGURE_COLUMNS = config.FIGURE_COLUMNS
FILE_CODEC = "zstd"

MIGRATIONS: tuple[str, ...] = (
    # 1: figures in long form, batches, plan versions.
    """
    CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL);
    CREATE TABLE batches (
        id INTEGER NOT NULL, kind VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        created_by VARCHAR, file_name VARCHAR, sha256 VARCHAR, rows_read INTEGER NOT NULL,
        inserted INTEGER NOT NULL, restated INTEGER NOT NULL, unchanged INTEGER NOT NULL,
        rolled_back BOOLEAN NOT NULL, rolls_back INTEGER, reason VARCHAR);
    CREATE TABLE figures (
        batch INTEGER NOT NULL, indicator VARCHAR NOT NULL, year INTEGER NOT NULL,
        region VARCHAR NOT NULL, sector VARCHAR NOT NULL, network VARCHAR NOT NULL,
        value DOUBLE NOT NULL, unit VARCHAR, flag VARCHAR, source VARCHAR);
    CREATE TABLE plan_versions (
        plan_id VARCHAR NOT NULL, file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
        recorded_at TIMESTAMP NOT NULL, content VARCHAR NOT NULL);
    """,
    # 2: the original bytes of an uploaded file kept with its batch; managers' commentary per target.
    """
    ALTER TABLE batches ADD COLUMN file_bytes BLOB;
    ALTER TABLE batches ADD COLUMN plan_id VARCHAR;
    CREATE TABLE comments (
        id INTEGER NOT NULL, plan_id VARCHAR NOT NULL, target VARCHAR NOT NULL, year INTEGER NOT NULL,
        body VARCHAR NOT NULL, created_by VARCHAR, created_at TIMESTAMP NOT NULL);
    """,
    # 3: the current value of every figure, kept up to date by each commit and rollback, so that reading
    # needs no selection over the whole history.
    """
    CREATE TABLE current AS
    SELECT f.indicator, f.year, f.region, f.sector, f.network, f.value, f.unit, f.flag, f.source, f.batch
    FROM figures f JOIN batches b ON b.id = f.batch
    WHERE NOT b.rolled_back
    QUALIFY row_number() OVER (PARTITION BY f.indicator, f.year, f.region, f.sector, f.network
                               ORDER BY f.batch DESC) = 1;
    """,  # 4: the original file kept compressed (zstd): a big CSV shrinks about twentyfold, so keeping it costs
    # little time and little room; rows from before keep their bytes as they were (no codec).
    """
    ALTER TABLE batches ADD COLUMN file_codec VARCHAR;
    ALTER TABLE batches ADD COLUMN file_size BIGINT;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# The current figures (for each key, the row of the newest batch that is not rolled back), as kept in the
# `current` table; _RECOMPUTE derives them from the history for the keys a rollback touched.
_CURRENT = """
    SELECT f.indicator, f.year, f.region, f.sector, f.network, f.value, f.unit, f.flag, f.source, f.batch
    FROM current f WHERE TRUE {where}
"""
_KEY_MATCH = (
    "c.indicator = k.indicator AND c.year = k.year AND c.region = k.region AND c.sector = k.sector"
    " AND c.network = k.network"
)
_RECOMPUTE = """
    SELECT f.indicator, f.year, f.region, f.sector, f.network, f.value, f.unit, f.flag, f.source, f.batch
    FROM figures f JOIN batches b ON b.id = f.batch
    SEMI JOIN touched k ON f.indicator = k.indicator AND f.year = k.year AND f.region = k.region
        AND f.sector = k.sector AND f.network = k.network
    WHERE NOT b.rolled_back
    QUALIFY row_number() OVER (PARTITION BY f.indicator, f.year, f.region, f.sector, f.network
                               ORDER BY f.batch DESC) = 1
"""

_COMMENTS = (
    "SELECT id, target, year, body, created_by, created_at FROM comments WHERE plan_id = ?"
    " ORDER BY created_at DESC, id DESC"
)

# What committing the registered `staged` frame would do to each of its figures.
_DIFF = """
    SELECT s.*, cur.value AS old_value, cur.source AS old_source, cur.batch AS old_batch,
           CASE WHEN cur.value IS NULL THEN 'insert'
                WHEN abs(cur.value - s.value) <= 1e-9 * greatest(1, abs(cur.value)) THEN 'unchanged'
                ELSE 'restate' END AS change
    FROM staged s LEFT JOIN current cur USING (indicator, year, region, sector, network)
"""
_DIFF_ORDER = " ORDER BY indicator, region, sector, network, year"


@dataclass(frozen=True)
class BatchResult:
    batch: int | None
    rows: int
    inserted: int
    restated: int
    unchanged: int
    duplicate_of: int | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _is_lock_error(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text or "being used by another process" in text


class Store:
    """One database file. Each method opens a connection, does one thing, and closes it."""

    _upgraded: ClassVar[set[str]] = set()  # files whose schema this process has checked

    def __init__(self, path: Path | str, *, lock_timeout: float = config.LOCK_RETRY_SECONDS) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout

    # -------------------------------------------------------------- connections

    @contextmanager
    def _connect(self, *, create: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if not create and not self.path.exists():
            raise DatabaseError(
                f"There is no database at {self.path}.",
                "Create it with `planmetrics init` (or point --db / $PLANMETRICS_DB at the right file).",
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = self._open_with_retry()
        try:
            if not create and str(self.path) not in Store._upgraded:
                _upgrade(con, self.path, SCHEMA_VERSION)  # a file from an older planmetrics works at once
                Store._upgraded.add(str(self.path))
            yield con
        finally:
            con.close()

    def _open_with_retry(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.lock_timeout
        pause = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.Error as exc:
                if not _is_lock_error(exc):
                    raise DatabaseError(
                        f"The database file {self.path} cannot be opened ({str(exc).splitlines()[0]}).",
                        "If it is damaged, restore a copy with `planmetrics restore BACKUP_FILE`.",
                    ) from exc
                if time.monotonic() > deadline:
                    raise DatabaseError(
                        f"The database {self.path} stayed locked by another program for {self.lock_timeout:.0f} s.",
                        "Wait for the other import to finish, then try again.",
                    ) from exc
                time.sleep(pause)
                pause = min(pause * 2, 0.25)

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    # -------------------------------------------------------------- schema

    def schema_version(self) -> int:
        with self._connect() as con:
            return _schema_version(con)

    def migrate(self, upto: int = SCHEMA_VERSION) -> int:
        """Create or upgrade the schema to version `upto`; returns the version now in the file."""
        with self._connect(create=True) as con:
            return _upgrade(con, self.path, upto)

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
                [plan.id, Path(plan.path).name, plan.sha256, _now(), content],
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
        """Current figures, optionally filtered; columns FIGURE_COLUMNS + batch."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, values in (("indicator", indicators), ("region", regions)):
            if values is not None:
                clauses.append(f"f.{column} IN (SELECT unnest(?))")
                params.append(list(values))
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
                "SELECT indicator, year, region, value, unit, flag, source FROM current"
                " WHERE indicator IN (SELECT unnest(?)) AND sector = ? AND network = ?",
                [list(indicators), config.TOTAL_SECTOR, config.TOTAL_NETWORK],
            ).df()
            latest = con.execute("SELECT max(year) FROM current").fetchall()[0][0]
        frame = frame.astype({"year": "int64", "value": "float64"})
        frame["sector"], frame["network"] = config.TOTAL_SECTOR, config.TOTAL_NETWORK
        return frame, None if latest is None else int(latest)

    def state(self, plan_id: str) -> tuple[int, list[int], pd.DataFrame]:
        """What every page needs first, through one connection: the newest batch id, the years with a current
        figure (newest first), and the plan's commentary (as `comments`)."""
        with self._connect() as con:
            batch = int(con.execute("SELECT coalesce(max(id), 0) FROM batches").fetchall()[0][0])
            years = [int(r[0]) for r in con.execute("SELECT DISTINCT year FROM current ORDER BY 1 DESC").fetchall()]
            comments = con.execute(_COMMENTS, [plan_id]).df()
        return batch, years, comments

    def years(self) -> list[int]:
        """Years with at least one current figure, newest first."""
        with self._connect() as con:
            rows = con.execute("SELECT DISTINCT year FROM current ORDER BY 1 DESC").fetchall()
        return [int(r[0]) for r in rows]

    def latest_year(self) -> int | None:
        years = self.years()
        return years[0] if years else None

    def latest_batch(self) -> int:
        """The newest batch id (0 in an empty database): what caches of current figures are keyed by."""
        with self._connect() as con:
            rows = con.execute("SELECT coalesce(max(id), 0) FROM batches").fetchall()
            return int(rows[0][0])

    # -------------------------------------------------------------- writing figures

    def diff(self, staged: pd.DataFrame) -> pd.DataFrame:
        """What committing `staged` would do: each row with `change` insert|restate|unchanged and old values."""
        with self._connect() as con:
            return _diff(con, staged)

    def commit(
        self,
        staged: pd.DataFrame,
        *,
        kind: BatchKind,
        by: str | None = None,
        file_name: str | None = None,
        sha256: str | None = None,
        file_bytes: bytes | None = None,
        reason: str | None = None,
        plan_id: str | None = None,
    ) -> BatchResult:
        """Commit the staged figures as one batch, in one transaction: all of it, or nothing."""
        with self._transaction() as con:
            if sha256 is not None:
                earlier = con.execute(
                    "SELECT max(id) FROM batches WHERE sha256 = ? AND NOT rolled_back AND kind <> 'rollback'",
                    [sha256],
                ).fetchall()[0][0]
                if earlier is not None:
                    n = len(staged)
                    return BatchResult(int(earlier), n, 0, 0, n, duplicate_of=int(earlier))
            counts = _stage_changes(con, staged)
            result = BatchResult(
                batch=_next_batch_id(con),
                rows=len(staged),
                inserted=counts.get("insert", 0),
                restated=counts.get("restate", 0),
                unchanged=counts.get("unchanged", 0),
            )
            con.execute(
                "INSERT INTO batches (id, kind, created_at, created_by, file_name, sha256, rows_read, inserted,"
                " restated, unchanged, rolled_back, rolls_back, reason, file_bytes, file_codec, file_size, plan_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, NULL, ?, ?, ?, ?, ?)",
                [
                    result.batch,
                    kind,
                    _now(),
                    by,
                    file_name,
                    sha256,
                    result.rows,
                    result.inserted,
                    result.restated,
                    result.unchanged,
                    reason,
                    None if file_bytes is None else pa.compress(file_bytes, codec=FILE_CODEC, asbytes=True),
                    None if file_bytes is None else FILE_CODEC,
                    None if file_bytes is None else len(file_bytes),
                    plan_id,
                ],
            )
            # Only what is new or restated is written; the new batch is the newest, so its figures become
            # current, replacing the rows of restated keys. All of it stays inside DuckDB.
            con.execute(
                "INSERT INTO figures SELECT ?, indicator, year, region, sector, network, value, unit, flag,"
                " source FROM changes WHERE change <> 'unchanged'",
                [result.batch],
            )
            if result.restated:  # only restated keys have a current row to replace
                con.execute(f"DELETE FROM current c USING changes k WHERE k.change = 'restate' AND {_KEY_MATCH}")
            con.execute(
                "INSERT INTO current SELECT indicator, year, region, sector, network, value, unit, flag, source, ?"
                " FROM changes WHERE change <> 'unchanged'",
                [result.batch],
            )
            con.execute("DROP TABLE changes")
            return result

    def rollback(self, batch: int, *, by: str | None = None) -> BatchResult:
        """Undo one batch: its figures stop being current and those it restated come back."""
        with self._transaction() as con:
            rows = con.execute("SELECT kind, rolled_back FROM batches WHERE id = ?", [batch]).fetchall()
            if not rows:
                raise UnknownBatchError(f"There is no batch {batch}.", "See the batch ids with `planmetrics history`.")
            kind, rolled_back = rows[0]
            if rolled_back:
                raise UnknownBatchError(f"Batch {batch} is already rolled back.", "Nothing was changed.")
            if kind == "rollback":
                raise UnknownBatchError(
                    f"Batch {batch} is itself a rollback and cannot be undone.",
                    "Import the figures again if you need them back.",
                )
            affected = con.execute("SELECT count(*) FROM figures WHERE batch = ?", [batch]).fetchall()[0][0]
            con.execute("UPDATE batches SET rolled_back = TRUE WHERE id = ?", [batch])
            _recompute_current(con, batch)
            new_id = _next_batch_id(con)
            con.execute(
                "INSERT INTO batches (id, kind, created_at, created_by, rows_read, inserted, restated, unchanged,"
                " rolled_back, rolls_back) VALUES (?, 'rollback', ?, ?, 0, 0, ?, 0, FALSE, ?)",
                [new_id, _now(), by, affected, batch],
            )
            return BatchResult(new_id, 0, 0, int(affected), 0)

    # -------------------------------------------------------------- history

    def history(self) -> list[dict[str, Any]]:
        """The batches, newest first, as CONTRACT.md's `history --json` objects."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT id, kind, created_at, created_by, file_name, sha256, inserted, restated, unchanged,"
                " rolled_back, rolls_back, reason FROM batches ORDER BY id DESC"
            ).fetchall()
        return [
            {
                "batch": str(r[0]),
                "kind": r[1],
                "created_at": r[2].replace(tzinfo=dt.UTC).isoformat(),
                "by": r[3],
                "file_name": r[4],
                "sha256": r[5],
                "inserted": r[6],
                "restated": r[7],
                "unchanged": r[8],
                "rolled_back": bool(r[9]),
                "rolls_back": None if r[10] is None else str(r[10]),
                "reason": r[11],
            }
            for r in rows
        ]

    # -------------------------------------------------------------- commentary

    def add_comment(self, *, plan_id: str, target: str, year: int, body: str, by: str | None) -> int:
        """A manager's short commentary on a target for a year ("why we are behind"), with author and date."""
        text = body.strip()
        if not text:
            raise RefusedError("A commentary cannot be empty.", "Write a sentence or two.")
        if len(text) > 2000:
            raise RefusedError("A commentary is limited to 2,000 characters.", "Shorten it.")
        with self._transaction() as con:
            new_id = int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM comments").fetchall()[0][0])
            con.execute(
                "INSERT INTO comments VALUES (?, ?, ?, ?, ?, ?, ?)", [new_id, plan_id, target, year, text, by, _now()]
            )
        return new_id

    def comments(self, plan_id: str) -> pd.DataFrame:
        """Every commentary of a plan, newest first: id, target, year, body, created_by, created_at."""
        with self._connect() as con:
            return con.execute(_COMMENTS, [plan_id]).df()

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
            raise UnknownBatchError(f"There is no batch {batch}.", "See the batch ids with `planmetrics history`.")
        file_name, kept, codec, size = rows[0]
        if kept is None or codec is None:
            return file_name, kept
        return file_name, pa.decompress(kept, decompressed_size=size, codec=codec, asbytes=True)


# ------------------------------------------------------------------ backup and restore


def backup(store: Store, target: Path) -> int:
    """A consistent copy of the database (history included), taken between two writers; returns batches copied."""
    if target.exists():
        raise RefusedError(f"{target} already exists.", "Choose a new file name; a backup never overwrites.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with store._connect() as con:
        source = con.execute("SELECT current_database()").fetchall()[0][0]
        con.execute("ATTACH ? AS planmetrics_backup", [str(target)])
        con.execute(f'COPY FROM DATABASE "{source}" TO planmetrics_backup')
        con.execute("DETACH planmetrics_backup")
    return len(Store(target).history())


def check_backup(path: Path) -> int:
    """The schema version of a planmetrics backup; RefusedError for any other file."""
    refusal = RefusedError(f"{path} is not a planmetrics backup.", "Choose a file made by `planmetrics backup`.")
    if not path.is_file():
        raise RefusedError(f"There is no file {path}.", "Check the path.")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise refusal from exc
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not {"schema_version", "batches", "figures"} <= tables:
            raise refusal
        version = _schema_version(con)
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


def _upgrade(con: duckdb.DuckDBPyConnection, path: Path, upto: int) -> int:
    """Apply the migrations the file lacks, each in its own transaction; returns the version now in it."""
    current = _schema_version(con)
    if current > SCHEMA_VERSION:
        raise DatabaseError(
            f"The database {path} has schema version {current}, newer than this planmetrics ({SCHEMA_VERSION}).",
            "Upgrade planmetrics before using this file.",
        )
    if 0 < current < upto or (current == 0 and upto > 0 and _is_empty(con)):
        for version in range(current + 1, upto + 1):
            con.execute("BEGIN TRANSACTION")
            con.execute(MIGRATIONS[version - 1])
            con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, _now()])
            con.execute("COMMIT")
        return upto
    return current


def _is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return not con.execute("SELECT count(*) FROM information_schema.tables").fetchall()[0][0]


def _recompute_current(con: duckdb.DuckDBPyConnection, batch: int) -> None:
    """After a rollback: the keys the batch held get their current value again from the history."""
    con.execute(
        "CREATE TEMP TABLE touched AS SELECT DISTINCT indicator, year, region, sector, network FROM figures"
        " WHERE batch = ?",
        [batch],
    )
    con.execute(f"DELETE FROM current c USING touched k WHERE {_KEY_MATCH}")
    con.execute(f"INSERT INTO current {_RECOMPUTE}")
    con.execute("DROP TABLE touched")


def _schema_version(con: duckdb.DuckDBPyConnection) -> int:
    tables = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not tables:
        return 0
    return int(con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0])


def _next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM batches").fetchall()[0][0])


def _stage_changes(con: duckdb.DuckDBPyConnection, staged: pd.DataFrame) -> dict[str, int]:
    """The staged figures with their change against the current ones, as the temp table `changes`; counts."""
    missing = [c for c in FIGURE_COLUMNS if c not in staged.columns]
    if missing:
        raise RefusedError(f"Staged figures lack the columns {missing}.")
    con.register("staged", staged[FIGURE_COLUMNS])
    try:
        con.execute(f"CREATE TEMP TABLE changes AS {_DIFF}")
    finally:
        con.unregister("staged")
    return {str(kind): int(n) for kind, n in con.execute("SELECT change, count(*) FROM changes GROUP BY 1").fetchall()}


def _diff(con: duckdb.DuckDBPyConnection, staged: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in FIGURE_COLUMNS if c not in staged.columns]
    if missing:
        raise RefusedError(f"Staged figures lack the columns {missing}.")
    con.register("staged", staged[FIGURE_COLUMNS])
    try:
        frame = con.execute(_DIFF + _DIFF_ORDER).df()
    finally:
        con.unregister("staged")
    return frame
