"""Statuses set by the plan team over the computed ones, in the store: setting one (with its reason, the
computed status and the figure it was judged on then), clearing it, and those in force for a plan.

Each override or clearing is an `override` batch (who, when, why: History lists it, every cache keyed by the
newest batch moves) and its rows of `overrides`: a setting one row, a clearing one row for each entry it
clears. An entry is a plan's target and an as-of year (none: every year, set before any figure came); the
newest row of an entry decides, a row with no status clears it, and entries of other as-of years stay as they
are. Functions take a `Store` and work through one transaction of their own. Imports `errors` and the store's
`batches`, `database`, `review` (the reason's rule).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Final

from planmetrics.errors import RefusedError
from planmetrics.store import batches
from planmetrics.store.database import Store
from planmetrics.store.review import checked_reason


@dataclass(frozen=True)
class Override:
    """A status the plan team set for a target, from an as-of year on, and what the engine said then."""

    target: str
    as_of: int | None
    status: str
    reason: str
    by: str | None
    at: dt.datetime
    batch: int
    computed_status: str | None
    latest_year: int | None
    latest: float | None


class EveryYear(enum.Enum):
    """`clear_override(..., as_of=EVERY_YEAR)`: the entry set for every year alone (`as_of` None: every entry)."""

    EVERY_YEAR = "every year"


EVERY_YEAR: Final = EveryYear.EVERY_YEAR

# The newest row of each entry (a plan's target and an as-of year, none included), with its batch's who, when
# and why.
_IN_FORCE = """
    SELECT o.target, o.as_of, o.status, b.reason, b.created_by, b.created_at, o.batch, o.computed_status,
           o.latest_year, o.latest
    FROM overrides o JOIN batches b ON b.id = o.batch
    WHERE o.plan_id = ? AND o.batch = (SELECT max(p.batch) FROM overrides p
                                       WHERE p.plan_id = o.plan_id AND p.target = o.target
                                         AND p.as_of IS NOT DISTINCT FROM o.as_of)
"""


def set_override(
    store: Store,
    plan_id: str,
    target: str,
    *,
    status: str,
    reason: str,
    by: str | None,
    as_of: int | None,
    computed_status: str | None,
    latest_year: int | None,
    latest: float | None,
) -> int:
    """The plan team sets a target's status from `as_of` on, with a reason (required); the override's batch id.
    The computed status and the figure judged (`latest_year`, `latest`) are kept to tell a newer figure."""
    said = checked_reason(reason, required=True)
    with store._transaction() as con:
        event = batches.record_event(con, "override", by=by, year=as_of, reason=said, plan_id=plan_id)
        con.execute(
            "INSERT INTO overrides VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [event, plan_id, target, as_of, status, computed_status, latest_year, latest],
        )
        return event


def clear_override(
    store: Store,
    plan_id: str,
    target: str,
    *,
    by: str | None,
    reason: str | None = None,
    as_of: int | EveryYear | None = None,
) -> int:
    """The computed status shown again for a target: every entry of it (`as_of` None), or the one set from
    `as_of` (`EVERY_YEAR`: the one set for every year); entries of other as-of years stay. One batch, a row for
    each entry cleared; its year is the entry's as-of year when it clears one. Refused when none is set
    (`override.none`, or `override.none_from` for a year). The clearing's batch id."""
    said = checked_reason(reason, required=False)
    with store._transaction() as con:
        rows = con.execute(
            _IN_FORCE + " AND o.target = ? AND o.status IS NOT NULL ORDER BY o.as_of NULLS FIRST", [plan_id, target]
        ).fetchall()
        held: list[int | None] = [None if r[1] is None else int(r[1]) for r in rows]
        if as_of is not None:
            wanted = None if as_of is EVERY_YEAR else as_of
            held = [year for year in held if year == wanted]
        if not held:
            if isinstance(as_of, int):
                raise RefusedError("override.none_from", "override.none.advice", target=target, year=as_of)
            raise RefusedError("override.none", "override.none.advice", target=target)
        year = held[0] if len(held) == 1 else None
        event = batches.record_event(con, "override", by=by, year=year, reason=said, plan_id=plan_id)
        con.executemany(
            "INSERT INTO overrides (batch, plan_id, target, as_of) VALUES (?, ?, ?, ?)",
            [[event, plan_id, target, each] for each in held],
        )
        return event


def overrides(store: Store, plan_id: str) -> list[Override]:
    """The overrides in force for a plan, one for each target and as-of year set, in the order they were set."""
    with store._connect() as con:
        rows = con.execute(_IN_FORCE + " AND o.status IS NOT NULL ORDER BY o.batch", [plan_id]).fetchall()
    return [
        Override(
            target=r[0], as_of=None if r[1] is None else int(r[1]), status=r[2], reason=r[3] or "", by=r[4],
            at=r[5], batch=int(r[6]), computed_status=r[7], latest_year=None if r[8] is None else int(r[8]),
            latest=None if r[9] is None else float(r[9]),
        )
        for r in rows
    ]  # fmt: skip


def override_events(store: Store) -> dict[int, tuple[str, str | None]]:
    """For each `override` batch, the target it is about and the status it set (None: cleared), for History
    (a clearing's rows are all of one target)."""
    with store._connect() as con:
        rows = con.execute("SELECT batch, target, status FROM overrides").fetchall()
    return {int(r[0]): (r[1], r[2]) for r in rows}
