"""Batches on an open connection: what a commit would change, the batch row, and the `superseded` rows kept
up to date by each commit and rollback (the `current` view is the history less those).

Figures are never updated in place: a restatement is a new row in a newer batch, and the current value of a
figure is the one from the newest batch that is not rolled back. These functions run inside the caller's
transaction. Their SQL is standard, as PostgreSQL runs it too (no QUALIFY, SEMI or ANTI JOIN, list
parameter); the one DuckDB-only step, a frame made visible to SQL, is `stage_frame`'s. Imports only `config`,
`errors` and the store's `schema` (and duckdb, pandas, pyarrow).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import duckdb
import pyarrow as pa

from planmetrics import config
from planmetrics.errors import RefusedError
from planmetrics.store.schema import now

if TYPE_CHECKING:  # pandas is not imported to commit an Arrow table (`planmetrics import` of a big file)
    import pandas as pd

BatchKind = Literal[
    "init", "import", "correction", "rollback", "restore", "approval", "return", "lock", "unlock", "override"
]
# A batch's review state: `direct` and `approved` count; `submitted` awaits a reviewer; `returned` never counts.
BatchState = Literal["direct", "submitted", "approved", "returned"]
COUNTS = "b.state IN ('direct', 'approved')"  # a batch whose figures count (with NOT b.rolled_back)
# Batches that record an event and hold no figures: they cannot be rolled back.
EVENT_KINDS = ("rollback", "restore", "approval", "return", "lock", "unlock", "override")
FIGURE_COLUMNS = config.FIGURE_COLUMNS
FILE_CODEC = "zstd"


@dataclass(frozen=True)
class PackedFile:
    """An original file as the batch keeps it: compressed, with its codec and its size before."""

    data: bytes
    codec: str
    size: int


def pack_file(data: bytes) -> PackedFile:
    """Compress a file for keeping (zstd: a big CSV shrinks about twentyfold, in about 0.15 s for 150 MB)."""
    return PackedFile(pa.compress(data, codec=FILE_CODEC, asbytes=True), FILE_CODEC, len(data))


_KEY_MATCH = (
    "c.indicator = k.indicator AND c.year = k.year AND c.region = k.region AND c.sector = k.sector"
    " AND c.network = k.network"
)
# The history rows of the keys a rollback touched that are not current: for each key, every row of a batch
# not rolled back but the newest.
_RECOMPUTE = f"""
    SELECT batch, indicator, year, region, sector, network FROM (
        SELECT f.batch, f.indicator, f.year, f.region, f.sector, f.network,
               row_number() OVER (PARTITION BY f.indicator, f.year, f.region, f.sector, f.network
                                  ORDER BY f.batch DESC) AS newest
        FROM figures f JOIN batches b ON b.id = f.batch
        WHERE NOT b.rolled_back AND {COUNTS}
          AND EXISTS (SELECT 1 FROM touched k WHERE f.indicator = k.indicator AND f.year = k.year
                      AND f.region = k.region AND f.sector = k.sector AND f.network = k.network)
    ) AS ranked
    WHERE newest > 1
"""


def one_of(expression: str, count: int) -> str:
    """SQL: `expression` is one of `count` values given as parameters, one `?` each (`x IN (?, ?, ?)`: a whole
    list as one parameter is DuckDB's own); FALSE when there are none."""
    return f"{expression} IN ({', '.join('?' * count)})" if count else "FALSE"


# A staged value that is the current one, to a billionth: committing it changes nothing.
def same_value(new: str, old: str = "cur.value") -> str:
    """SQL: the value `new` is the value `old`, to a billionth."""
    return f"abs({old} - {new}) <= 1e-9 * greatest(1, abs({old}))"


_SAME = same_value("s.value")
# What committing the registered `staged` frame would do to each of its figures.
_DIFF = f"""
    SELECT s.*, cur.value AS old_value, cur.source AS old_source, cur.source_fr AS old_source_fr,
           cur.batch AS old_batch,
           CASE WHEN cur.value IS NULL THEN 'insert' WHEN {_SAME} THEN 'unchanged' ELSE 'restate' END AS change
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


@contextmanager
def stage_frame(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame | pa.Table) -> Iterator[None]:
    """A frame (a DataFrame or an Arrow table) visible to SQL as the table `name` for the block: the store's one
    DuckDB-only step, which reads the frame where it lies. PostgreSQL will COPY it into a temporary table of
    that name here, dropped when the block ends."""
    con.register(name, frame)
    try:
        yield
    finally:
        con.unregister(name)


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, staged: pd.DataFrame | pa.Table) -> Iterator[None]:
    """The staged figures (a DataFrame or an Arrow table) visible to SQL as `staged` for the block."""
    names = staged.column_names if isinstance(staged, pa.Table) else list(staged.columns)
    missing = [c for c in FIGURE_COLUMNS if c not in names]
    if missing:
        raise RefusedError("store.staged_columns", missing=", ".join(missing))
    with stage_frame(con, "staged", _with_optional_columns(staged, names)):
        yield


_OPTIONAL_COLUMNS = (config.SOURCE_FR, config.QUALITY)


def _with_optional_columns(staged: pd.DataFrame | pa.Table, names: list[str]) -> pd.DataFrame | pa.Table:
    """The staged figures in STORED_COLUMNS order; without a French source or a quality grade, NULL (there is
    none)."""
    absent = [column for column in _OPTIONAL_COLUMNS if column not in names]
    if isinstance(staged, pa.Table):
        for column in absent:
            staged = staged.append_column(column, pa.nulls(staged.num_rows, pa.string()))
        return staged.select(config.STORED_COLUMNS)
    frame = staged.assign(**dict.fromkeys(absent)) if absent else staged
    return frame[config.STORED_COLUMNS]


def diff(con: duckdb.DuckDBPyConnection, staged: pd.DataFrame | pa.Table) -> pd.DataFrame:
    """Each staged figure with `change` insert|restate|unchanged and the values it would replace."""
    with registered(con, staged):
        return con.execute(_DIFF + _DIFF_ORDER).df()


# The registered staged figures that have a current figure: the batch that holds it, and whether the value
# is the same. Every other staged figure is new.
_MATCHED = f"""
    SELECT s.indicator, s.year, s.region, s.sector, s.network, cur.batch AS old_batch, {_SAME} AS same
    FROM staged s JOIN current cur USING (indicator, year, region, sector, network)
"""


def stage_changes(con: duckdb.DuckDBPyConnection, rows: int) -> tuple[int, int, int]:
    """How many of the registered `staged` figures are (new, restated, unchanged); keeps the matched ones.

    Only the staged figures that meet a current one are written down (temp table `matched`): on a first
    import that is none, and the figures themselves are read once, by `apply_changes`.
    """
    con.execute(f"CREATE TEMP TABLE matched AS {_MATCHED}")
    same, restated = con.execute(
        "SELECT count(*) FILTER (WHERE same), count(*) FILTER (WHERE NOT same) FROM matched"
    ).fetchall()[0]
    return rows - same - restated, int(restated), int(same)


def earlier_import(
    con: duckdb.DuckDBPyConnection, sha256: str, state: BatchState = "direct", network: str | None = None
) -> int | None:
    """The newest batch, still standing, that imported the file with this hash as the same figures: for the
    same network (the same bytes are another network's figures, or totals, in another's hands), and counting,
    or, for a submission, awaiting review too (a returned file may be sent again)."""
    states = ("direct", "approved", "submitted") if state == "submitted" else ("direct", "approved")
    earlier = con.execute(
        f"SELECT max(id) FROM batches WHERE sha256 = ? AND NOT rolled_back AND {one_of('state', len(states))}"
        " AND network IS NOT DISTINCT FROM ? AND kind NOT IN ('rollback', 'restore')",
        [sha256, *states, network],
    ).fetchall()[0][0]
    return None if earlier is None else int(earlier)


def next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM batches").fetchall()[0][0])


def record_batch(
    con: duckdb.DuckDBPyConnection,
    result: BatchResult,
    *,
    kind: BatchKind,
    by: str | None,
    file_name: str | None,
    sha256: str | None,
    file_bytes: bytes | PackedFile | None,
    reason: str | None,
    plan_id: str | None,
    state: BatchState = "direct",
    network: str | None = None,
) -> None:
    """The batch's row, with the original file kept compressed (packed here unless given packed)."""
    packed = pack_file(file_bytes) if isinstance(file_bytes, bytes) else file_bytes
    con.execute(
        "INSERT INTO batches (id, kind, created_at, created_by, file_name, sha256, rows_read, inserted,"
        " restated, unchanged, rolled_back, rolls_back, reason, file_bytes, file_codec, file_size, plan_id,"
        " state, network)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, NULL, ?, ?, ?, ?, ?, ?, ?)",
        [
            result.batch,
            kind,
            now(),
            by,
            file_name,
            sha256,
            result.rows,
            result.inserted,
            result.restated,
            result.unchanged,
            reason,
            None if packed is None else packed.data,
            None if packed is None else packed.codec,
            None if packed is None else packed.size,
            plan_id,
            state,
            network,
        ],
    )


def record_event(
    con: duckdb.DuckDBPyConnection,
    kind: BatchKind,
    *,
    by: str | None,
    reviews: int | None = None,
    year: int | None = None,
    reason: str | None = None,
    plan_id: str | None = None,
) -> int:
    """A batch that records an event (an approval, a return, a lock, an unlock) and holds no figure; its id."""
    new_id = next_batch_id(con)
    con.execute(
        "INSERT INTO batches (id, kind, created_at, created_by, rows_read, inserted, restated, unchanged,"
        " rolled_back, reason, plan_id, reviews, year) VALUES (?, ?, ?, ?, 0, 0, 0, 0, FALSE, ?, ?, ?, ?)",
        [new_id, kind, now(), by, reason, plan_id, reviews, year],
    )
    return new_id


def submit_all(con: duckdb.DuckDBPyConnection, result: BatchResult) -> None:
    """Write every registered `staged` figure as a submission's (none counts until it is approved, when those
    equal to the figure then current are dropped); drops `matched`."""
    con.execute(
        "INSERT INTO figures SELECT ?, s.indicator, s.year, s.region, s.sector, s.network, s.value, s.unit,"
        " s.flag, s.source, s.source_fr, s.quality FROM staged s",
        [result.batch],
    )
    con.execute("DROP TABLE matched")


def apply_changes(con: duckdb.DuckDBPyConnection, result: BatchResult) -> None:
    """Write the registered `staged` figures that change something as the batch's; drops `matched`."""
    # Only what is new or restated is written, once. The rows it restates are named in `superseded`, which
    # takes them out of the `current` view. All of it stays inside the database.
    con.execute(
        "INSERT INTO figures SELECT ?, s.indicator, s.year, s.region, s.sector, s.network, s.value, s.unit,"
        " s.flag, s.source, s.source_fr, s.quality FROM staged s"
        " WHERE NOT EXISTS (SELECT 1 FROM matched m WHERE m.same AND m.indicator = s.indicator AND m.year = s.year"
        " AND m.region = s.region AND m.sector = s.sector AND m.network = s.network)",
        [result.batch],
    )
    if result.restated:
        con.execute(
            "INSERT INTO superseded SELECT old_batch, indicator, year, region, sector, network FROM matched"
            " WHERE NOT same"
        )
    con.execute("DROP TABLE matched")


def recompute_superseded(con: duckdb.DuckDBPyConnection, batch: int) -> None:
    """After a rollback: which rows of the keys the batch held are superseded, derived again from the history."""
    con.execute(
        "CREATE TEMP TABLE touched AS SELECT DISTINCT indicator, year, region, sector, network FROM figures"
        " WHERE batch = ?",
        [batch],
    )
    con.execute(f"DELETE FROM superseded c USING touched k WHERE {_KEY_MATCH}")
    con.execute(f"INSERT INTO superseded {_RECOMPUTE}")
    con.execute("DROP TABLE touched")


_HISTORY = (
    "SELECT b.id, b.kind, b.created_at, b.created_by, b.file_name, b.sha256, b.inserted, b.restated, b.unchanged,"
    " b.rolled_back, b.rolls_back, b.reason, b.state, b.network, b.reviewed_by, b.reviewed_at, b.review_reason,"
    " b.reviews, b.year, o.target, o.status"
    " FROM batches b LEFT JOIN (SELECT batch, min(target) AS target, min(status) AS status FROM overrides"
    " GROUP BY batch) o ON o.batch = b.id ORDER BY b.id DESC"  # a clearing's rows: one target, no status
)


def _stamp(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.replace(tzinfo=dt.UTC).isoformat()


def _text_id(batch: int | None) -> str | None:
    return None if batch is None else str(batch)


def history(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The batches, newest first, as CONTRACT.md's `history --json` objects: a batch's review state (who
    reviewed it, when and why), the network that submitted it, the batch an approval or return is about, the
    year a lock or unlock closes or opens; an override's target and the status it set (None: cleared)."""
    return [
        {
            "batch": str(r[0]),
            "kind": r[1],
            "created_at": _stamp(r[2]),
            "by": r[3],
            "file_name": r[4],
            "sha256": r[5],
            "inserted": r[6],
            "restated": r[7],
            "unchanged": r[8],
            "rolled_back": bool(r[9]),
            "rolls_back": _text_id(r[10]),
            "reason": r[11],
            "state": r[12] or "direct",
            "network": r[13],
            "reviewed_by": r[14],
            "reviewed_at": _stamp(r[15]),
            "review_reason": r[16],
            "reviews": _text_id(r[17]),
            "year": r[18],
            "target": r[19],
            "override_status": r[20],
        }
        for r in con.execute(_HISTORY).fetchall()
    ]
