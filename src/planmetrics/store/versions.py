"""A figure's history: every version of one figure (its source's quality grade and its batch's review state
among its columns), newest first, and the figures each batch restated.

A figure is never updated in place, so its history is every row of its key in `figures`: the one the
`current` view shows today is `current`, one whose batch was rolled back is `rolled_back`, and a version a
newer batch restated is neither; a version of a submission awaiting review (`state` `submitted`) or sent back
(`returned`) is never current. What a batch restated is read back from the history as it stood when the
batch took effect (a direct batch when it was committed, an approved one when it was approved): for each of
its figures, the newest row of the same key from a batch that counted then (direct, or approved before) and
had not yet been rolled back (a rollback and an approval are batches too, so "then" is "by a batch with a
smaller id"). A figure it sent that was equal, or that stood behind a newer batch, restated nothing. A
submission awaiting review is said against the figures current now (what approving it would restate); a
returned or withdrawn one restated nothing. Functions take a `Store` and read through one connection of
their own. Imports `config` (a figure's key) and the store's `batches` and `database`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planmetrics import config
from planmetrics.store.batches import BatchState, one_of, same_value
from planmetrics.store.database import Store

_SAME_KEY = " AND ".join(f"o.{c} = f.{c}" for c in config.FIGURE_KEY)

_VERSIONS = """
    SELECT f.value, f.unit, f.flag, f.source, f.source_fr, f.quality, f.batch, b.kind, b.created_by, b.created_at,
           b.rolled_back, c.batch IS NOT NULL AS is_current, coalesce(b.state, 'direct')
    FROM figures f JOIN batches b ON b.id = f.batch
    LEFT JOIN current c ON c.batch = f.batch AND c.indicator = f.indicator AND c.year = f.year
        AND c.region = f.region AND c.sector = f.sector AND c.network = f.network
    WHERE f.indicator = ? AND f.year = ? AND f.region = ? AND f.sector = ? AND f.network = ?
    ORDER BY f.batch DESC
"""

# A moment after every batch: when a submission awaiting review is said against the figures current now.
_NOW = 1 << 62
# For each figure of the asked batches, the value it replaced. `counted`: each batch whose figures count, from
# the batch it took effect by (itself, or its approval) until its rollback. `asked`: the moment each asked
# batch took effect (a returned or withdrawn submission none). `standing`: for each figure, the newest row of
# its key from a batch that counted at that moment; a figure equal to it, or behind it (a newer batch's), restated
# nothing. At most `limit` rows a batch, with how many there are. `{asked}`: the asked batches, one `?` each.
_RESTATED = f"""
    WITH counted AS (
        SELECT b.id, CASE WHEN b.state = 'approved' THEN a.id ELSE b.id END AS since, r.id AS until
        FROM batches b
        LEFT JOIN batches a ON a.kind = 'approval' AND a.reviews = b.id
        LEFT JOIN batches r ON r.kind = 'rollback' AND r.rolls_back = b.id
        WHERE coalesce(b.state, 'direct') IN ('direct', 'approved')
    ), asked AS (
        SELECT b.id, CASE WHEN coalesce(b.state, 'direct') IN ('direct', 'approved') THEN c.since
                          WHEN b.state = 'submitted' AND NOT b.rolled_back THEN {_NOW} END AS at
        FROM batches b LEFT JOIN counted c ON c.id = b.id
        WHERE {{asked}}
    ), candidates AS (
        SELECT f.batch, f.indicator, f.year, f.region, f.sector, f.network, o.batch AS old_batch,
               o.value AS before, f.value AS after, f.unit,
               row_number() OVER (PARTITION BY f.batch, f.indicator, f.year, f.region, f.sector, f.network
                                  ORDER BY o.batch DESC) AS newest
        FROM figures f JOIN asked e ON e.id = f.batch
        JOIN figures o ON {_SAME_KEY} AND o.batch <> f.batch AND o.batch < e.at  -- a batch counts after it is made
        JOIN counted c ON c.id = o.batch AND c.since < e.at AND (c.until IS NULL OR c.until > e.at)
    ), standing AS (
        SELECT * FROM candidates WHERE newest = 1
    ), replaced AS (
        SELECT * FROM standing WHERE old_batch < batch AND NOT ({same_value("after", "before")})
    ), listed AS (
        SELECT *, row_number() OVER (PARTITION BY batch ORDER BY indicator, region, sector, network, year) AS n,
               count(*) OVER (PARTITION BY batch) AS total
        FROM replaced
    )
    SELECT batch, indicator, year, region, sector, network, before, after, unit, total
    FROM listed WHERE n <= ? ORDER BY batch DESC, n
"""


@dataclass(frozen=True)
class FigureVersion:
    """One version of a figure: its value in storage units, the batch that wrote it, and whether it is the
    one shown today (`current`) or its batch was rolled back (`rolled_back`); superseded, it is neither. Its
    `quality` is the source's grade as stored; its `state` its batch's review state: a version `submitted`
    (awaiting review) or `returned` counts nowhere and is never current."""

    value: float
    unit: str | None
    flag: str | None
    source: str | None
    source_fr: str | None
    quality: str | None  # the source's grade (`A` to `D`), None where the source gives none
    batch: str
    kind: str
    by: str | None
    created_at: str  # ISO 8601, UTC
    current: bool
    rolled_back: bool
    state: BatchState = "direct"

    @property
    def counts(self) -> bool:
        """Its batch's figures count (a direct or approved batch): a version that is neither current nor
        rolled back was then replaced; one that does not count never stood."""
        return self.state in ("direct", "approved")

    def to_json(self) -> dict[str, Any]:
        """docs/contract.md's `figure --json` object (the French source is for pages, not the contract)."""
        return {
            "value": self.value,
            "unit": self.unit,
            "flag": self.flag,
            "source": self.source,
            "quality": self.quality,
            "batch": self.batch,
            "kind": self.kind,
            "by": self.by,
            "created_at": self.created_at,
            "current": self.current,
            "rolled_back": self.rolled_back,
            "state": self.state,
        }


@dataclass(frozen=True)
class Restated:
    """A figure a batch restated: its key (ids), the value before and after, in storage units."""

    indicator: str
    year: int
    region: str
    sector: str
    network: str
    before: float
    after: float
    unit: str | None


@dataclass(frozen=True)
class Restatements:
    """What one batch restated: the first figures (at most the limit asked) and how many there are in all."""

    figures: tuple[Restated, ...]
    total: int

    @property
    def more(self) -> int:
        """How many restated figures are not listed."""
        return self.total - len(self.figures)


def _iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.UTC).isoformat()


def figure_versions(
    store: Store, indicator: str, year: int, *, region: str, sector: str, network: str
) -> list[FigureVersion]:
    """Every version of one figure (its key in ids), newest first; empty when none was ever recorded."""
    with store._connect() as con:
        rows = con.execute(_VERSIONS, [indicator, year, region, sector, network]).fetchall()
    return [
        FigureVersion(
            value=float(r[0]),
            unit=r[1],
            flag=r[2],
            source=r[3],
            source_fr=r[4],
            quality=r[5],
            batch=str(r[6]),
            kind=r[7],
            by=r[8],
            created_at=_iso(r[9]),
            current=bool(r[11]),
            rolled_back=bool(r[10]),
            state=r[12],
        )
        for r in rows
    ]


def restatements(store: Store, batches: Sequence[int], *, limit: int = 50) -> dict[int, Restatements]:
    """What each of these batches restated, old value to new, through one connection: batch id → its first
    `limit` figures (by indicator, region, sector, network, year) and their count. A batch that restated
    nothing is absent."""
    if not batches:
        return {}
    with store._connect() as con:
        rows = con.execute(_RESTATED.format(asked=one_of("b.id", len(batches))), [*batches, limit]).fetchall()
    listed: dict[int, list[Restated]] = {}
    totals: dict[int, int] = {}
    for batch, indicator, year, region, sector, network, before, after, unit, total in rows:
        listed.setdefault(int(batch), []).append(
            Restated(indicator, int(year), region, sector, network, float(before), float(after), unit)
        )
        totals[int(batch)] = int(total)
    return {batch: Restatements(tuple(found), totals[batch]) for batch, found in listed.items()}
