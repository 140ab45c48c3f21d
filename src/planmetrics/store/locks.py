"""Locked years on an open connection: a year closed by a `lock` batch stays closed until an `unlock` batch
opens it again (the newest of the two for that year decides), and a write touching a closed year is refused
whole with the figures named.

Imports only `errors` (and duckdb).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from planmetrics.errors import LockedYearError

# The years whose newest lock or unlock event is a lock.
LOCKED_YEARS = """
    SELECT b.year FROM batches b
    WHERE b.kind = 'lock'
      AND b.id = (SELECT max(c.id) FROM batches c WHERE c.kind IN ('lock', 'unlock') AND c.year = b.year)
"""
NAMED = 20  # figures of a locked year named in a refusal; the count says how many there are


def locked_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    return sorted(int(r[0]) for r in con.execute(LOCKED_YEARS).fetchall())


def refuse_locked(
    con: duckdb.DuckDBPyConnection, relation: str, where: str = "TRUE", params: Sequence[Any] = ()
) -> None:
    """Refuse (LockedYearError) when any figure of `relation` (`staged`, `figures`) meeting `where` falls in a
    locked year: nothing is written, the first figures are named and all of them counted."""
    rows = con.execute(
        f"SELECT indicator, year, region, sector, network, count(*) OVER () FROM {relation}"
        f" WHERE ({where}) AND year IN ({LOCKED_YEARS}) ORDER BY year, indicator, region, sector, network"
        f" LIMIT {NAMED}",
        list(params),
    ).fetchall()
    if rows:
        figures = [(str(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]
        years = con.execute(
            f"SELECT DISTINCT year FROM {relation} WHERE ({where}) AND year IN ({LOCKED_YEARS}) ORDER BY 1",
            list(params),
        ).fetchall()
        raise LockedYearError([int(y[0]) for y in years], figures, int(rows[0][5]))
