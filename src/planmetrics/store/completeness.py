"""What each member network has sent for a year, in the store: for each network and indicator, the best of
its figures' states: counted (a counted batch holds it: approved, or imported directly by the plan team),
awaiting review, returned. A network with none of them has sent nothing. What a network owes is its figure
for the whole of Quebec, all sectors (`config.TOTAL_REGION`, `config.TOTAL_SECTOR`): a row of one region or
one sector alone is not it.

Reads only, in plain SQL (one `?` per indicator, no list parameter; the choice among states is made here in
Python). Imports `config` and the store's `database`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from planmetrics import config
from planmetrics.store.database import Store

SentState = Literal["approved", "submitted", "returned"]
_RANK: dict[str, int] = {"approved": 0, "submitted": 1, "returned": 2}


@dataclass(frozen=True)
class Sent:
    """A network's figure of an indicator for a year, as far as it got: its state and the batch holding it."""

    network: str
    indicator: str
    state: SentState
    batch: int


# Counted figures (the `current` view), then submissions awaiting review and returned ones (not withdrawn),
# each kind's newest batch per network and indicator; the network's own figure only (region and sector at
# their totals). `{indicators}` is one `?` per indicator wanted.
_SENT = """
    SELECT network, indicator, 'approved', max(batch) FROM current
    WHERE year = ? AND region = ? AND sector = ? AND network <> ? AND indicator IN ({indicators})
    GROUP BY network, indicator
    UNION ALL
    SELECT f.network, f.indicator, b.state, max(f.batch) FROM figures f JOIN batches b ON b.id = f.batch
    WHERE f.year = ? AND f.region = ? AND f.sector = ? AND f.network <> ? AND f.indicator IN ({indicators})
      AND NOT b.rolled_back AND b.state IN ('submitted', 'returned')
    GROUP BY f.network, f.indicator, b.state
"""


def sent(store: Store, year: int, indicators: Sequence[str]) -> dict[tuple[str, str], Sent]:
    """For each (network, indicator) with its figure of `year` for the whole of Quebec, all sectors: the best
    state it reached (counted before awaiting review before returned) and the newest batch in that state."""
    wanted = list(indicators)
    if not wanted:
        return {}
    query = _SENT.format(indicators=", ".join("?" * len(wanted)))
    where = [year, config.TOTAL_REGION, config.TOTAL_SECTOR, config.TOTAL_NETWORK, *wanted]
    with store._connect() as con:
        rows = con.execute(query, where * 2).fetchall()
    best: dict[tuple[str, str], Sent] = {}
    for network, indicator, state, batch in rows:
        found = Sent(str(network), str(indicator), state, int(batch))
        key = (found.network, found.indicator)
        if key not in best or _RANK[state] < _RANK[best[key].state]:
            best[key] = found
    return best
