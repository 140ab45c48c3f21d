"""The networks' review in the store: submissions awaiting a reviewer, approving one (its figures count from
then on) or returning it (they never count), and locking or unlocking a year.

A submission is a batch in state `submitted` whose figures are all kept but count nowhere: the `current` view
reads only batches `direct` or `approved`. Approving compares its figures with the current ones at that
moment: a figure equal to the current one is dropped (nothing to restate), one that a newer batch already
replaced stays behind it, the others become current. Every review and lock is itself a batch (`approval`,
`return`, `lock`, `unlock`), so that History lists it and every cache keyed by the newest batch moves.
Functions take a `Store` and work through one transaction of their own. Imports `errors` and the store's
`batches`, `database`, `locks`, `schema`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import duckdb

from planmetrics.errors import RefusedError, UnknownBatchError
from planmetrics.store import batches, locks
from planmetrics.store.batches import BatchResult
from planmetrics.store.database import Store
from planmetrics.store.schema import now
from planmetrics.words import grouped

if TYPE_CHECKING:
    import pandas as pd

MAX_REASON_CHARACTERS = 1000
_KEY = ("indicator", "year", "region", "sector", "network")
_SAME_KEY = " AND ".join(f"f.{c} = i.{c}" for c in _KEY)


@dataclass(frozen=True)
class Submission:
    """A batch sent for review: who sent it for which network, its state and its review."""

    batch: int
    state: str  # submitted | approved | returned
    network: str | None  # the submitting network; None for the plan team's own under `review_all`
    created_by: str | None
    created_at: dt.datetime
    file_name: str | None
    rows: int
    inserted: int
    restated: int
    unchanged: int
    rolled_back: bool
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    review_reason: str | None
    years: tuple[int, ...]


@dataclass(frozen=True)
class Lock:
    """A year closed by the plan team: when, by whom, why (the lock batch)."""

    year: int
    batch: int
    locked_at: dt.datetime
    locked_by: str | None
    reason: str | None


_SUBMISSIONS = """
    SELECT b.id, b.state, b.network, b.created_by, b.created_at, b.file_name, b.rows_read, b.inserted,
           b.restated, b.unchanged, b.rolled_back, b.reviewed_by, b.reviewed_at, b.review_reason,
           (SELECT array_agg(DISTINCT f.year ORDER BY f.year) FROM figures f WHERE f.batch = b.id)
    FROM batches b
    WHERE (b.network IS NOT NULL OR b.state <> 'direct')
      AND b.kind NOT IN ('approval', 'return', 'lock', 'unlock', 'override')
"""


def submissions(store: Store, *, state: str | None = None, network: str | None = None) -> list[Submission]:
    """The batches sent for review, newest first; only those in `state`, or of `network`, when given. A
    submission withdrawn (rolled back) before its review keeps the state `submitted` but awaits nothing: the
    state `submitted` lists only those awaiting review (every state lists them, `rolled_back` set)."""
    clauses, params = [], []
    if state is not None:
        clauses.append(" AND b.state = ?" + (" AND NOT b.rolled_back" if state == "submitted" else ""))
        params.append(state)
    if network is not None:
        clauses.append(" AND b.network = ?")
        params.append(network)
    with store._connect() as con:
        rows = con.execute(_SUBMISSIONS + "".join(clauses) + " ORDER BY b.id DESC", params).fetchall()
    return [_submission(r) for r in rows]


def submission(store: Store, batch: int) -> Submission:
    """One batch sent for review; a batch that is none (a direct import, an event) or does not exist refused."""
    with store._connect() as con:
        rows = con.execute(_SUBMISSIONS + " AND b.id = ?", [batch]).fetchall()
    if not rows:
        raise UnknownBatchError("review.no_submission", "store.see_history", batch=batch)
    return _submission(rows[0])


def _submission(row: tuple[Any, ...]) -> Submission:
    batch, state, network, created_by, created_at, file_name, rows, inserted, restated, unchanged = row[:10]
    rolled_back, reviewed_by, reviewed_at, review_reason, years = row[10:]
    return Submission(
        batch, state, network, created_by, created_at, file_name, rows, inserted, restated, unchanged,
        bool(rolled_back), reviewed_by, reviewed_at, review_reason, tuple(int(y) for y in (years or ())),
    )  # fmt: skip


def submitted_figures(store: Store, batch: int) -> pd.DataFrame:
    """A submission's figures as it was sent (STORED_COLUMNS), whatever its state."""
    with store._connect() as con:
        frame = con.execute(
            "SELECT indicator, year, region, sector, network, value, unit, flag, source, source_fr, quality"
            " FROM figures WHERE batch = ? ORDER BY indicator, region, sector, network, year",
            [batch],
        ).df()
    return frame.astype({"year": "int64", "value": "float64"})


def _awaiting(con: duckdb.DuckDBPyConnection, batch: int) -> tuple[str | None, str | None]:
    """The submitter and plan of a batch that awaits review; anything else refused, naming its state."""
    rows = con.execute(
        "SELECT state, rolled_back, created_by, plan_id, kind FROM batches WHERE id = ?", [batch]
    ).fetchall()
    if not rows:
        raise UnknownBatchError("store.no_batch", "store.see_history", batch=batch)
    state, rolled_back, created_by, plan_id, kind = rows[0]
    if kind in batches.EVENT_KINDS or state == "direct":
        raise UnknownBatchError("review.no_submission", "store.see_history", batch=batch)
    if rolled_back:
        raise RefusedError("review.rolled_back", "review.nothing_changed", batch=batch)
    if state != "submitted":
        raise RefusedError(f"review.already_{state}", "review.nothing_changed", batch=batch)
    return created_by, plan_id


# Each figure of the submission against the figure current now: equal (dropped on approval), behind a newer
# batch (kept, not current), new or restating.
_AGAINST_CURRENT = f"""
    CREATE TEMP TABLE incoming AS
    SELECT f.indicator, f.year, f.region, f.sector, f.network, cur.batch AS old_batch,
           cur.value IS NULL AS new,
           cur.value IS NOT NULL AND cur.batch < f.batch AND {batches.same_value("f.value")} AS same,
           cur.value IS NOT NULL AND cur.batch > f.batch AS behind
    FROM figures f LEFT JOIN current cur USING (indicator, year, region, sector, network)
    WHERE f.batch = ?
"""


def approve(store: Store, batch: int, *, by: str | None) -> BatchResult:
    """A reviewer's approval: the submission's figures count from now on. Refused for one's own submission, a
    batch not awaiting review, or a figure in a locked year. The result's `batch` is the approval's id; its
    counts say what the approval changed."""
    with store._transaction() as con:
        created_by, plan_id = _awaiting(con, batch)
        if by is not None and by == created_by:
            raise RefusedError("review.own_submission", "review.own_submission.advice", batch=batch)
        locks.refuse_locked(con, "figures", "batch = ?", [batch])
        con.execute(_AGAINST_CURRENT, [batch])
        inserted, same, behind, rows = con.execute(
            "SELECT count(*) FILTER (WHERE new), count(*) FILTER (WHERE same), count(*) FILTER (WHERE behind),"
            " count(*) FROM incoming"
        ).fetchall()[0]
        restated = rows - inserted - same - behind
        con.execute(f"DELETE FROM figures f USING incoming i WHERE f.batch = ? AND i.same AND {_SAME_KEY}", [batch])
        con.execute("DROP TABLE incoming")
        con.execute(
            "UPDATE batches SET state = 'approved', reviewed_by = ?, reviewed_at = ?, inserted = ?, restated = ?,"
            " unchanged = ? WHERE id = ?",
            [by, now(), inserted, restated, same + behind, batch],
        )
        batches.recompute_superseded(con, batch)
        event = batches.record_event(con, "approval", by=by, reviews=batch, plan_id=plan_id)
        return BatchResult(event, int(rows), int(inserted), int(restated), int(same + behind))


def checked_reason(reason: str | None, *, required: bool) -> str | None:
    """A reason as kept: trimmed, required or not, no longer than MAX_REASON_CHARACTERS."""
    text = (reason or "").strip()
    if required and not text:
        raise RefusedError("review.no_reason", "review.no_reason.advice")
    if len(text) > MAX_REASON_CHARACTERS:
        raise RefusedError(
            "review.reason_too_long", "review.reason_too_long.advice", limit=partial(grouped, MAX_REASON_CHARACTERS)
        )
    return text or None


def return_submission(store: Store, batch: int, *, by: str | None, reason: str) -> int:
    """A reviewer sends a submission back with a reason: its figures never count (the file may be sent again).
    The return's batch id."""
    said = checked_reason(reason, required=True)
    with store._transaction() as con:
        _, plan_id = _awaiting(con, batch)
        con.execute(
            "UPDATE batches SET state = 'returned', reviewed_by = ?, reviewed_at = ?, review_reason = ? WHERE id = ?",
            [by, now(), said, batch],
        )
        return batches.record_event(con, "return", by=by, reviews=batch, reason=said, plan_id=plan_id)


def lock_year(store: Store, year: int, *, by: str | None, reason: str | None = None) -> int:
    """Close a year: from now on any write touching its figures is refused. The lock's batch id."""
    said = checked_reason(reason, required=False)
    with store._transaction() as con:
        if year in locks.locked_years(con):
            raise RefusedError("review.already_locked", "review.nothing_changed", year=year)
        return batches.record_event(con, "lock", by=by, year=year, reason=said)


def unlock_year(store: Store, year: int, *, by: str | None, reason: str) -> int:
    """Open a locked year again, with the reason (shown in History). The unlock's batch id."""
    said = checked_reason(reason, required=True)
    with store._transaction() as con:
        if year not in locks.locked_years(con):
            raise RefusedError("review.not_locked", "review.nothing_changed", year=year)
        return batches.record_event(con, "unlock", by=by, year=year, reason=said)


def locked(store: Store) -> list[Lock]:
    """The years closed now, oldest year first, each with its lock."""
    with store._connect() as con:
        rows = con.execute(
            "SELECT b.year, b.id, b.created_at, b.created_by, b.reason FROM batches b"
            f" WHERE b.year IN ({locks.LOCKED_YEARS}) AND b.kind = 'lock'"
            " AND b.id = (SELECT max(c.id) FROM batches c WHERE c.kind = 'lock' AND c.year = b.year) ORDER BY 1"
        ).fetchall()
    return [Lock(int(r[0]), int(r[1]), r[2], r[3], r[4]) for r in rows]
