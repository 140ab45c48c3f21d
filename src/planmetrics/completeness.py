"""Who owes what for a year and where it stands: each network's obligations (the plan's `[[obligations]]`)
against what the store holds, on a given day.

A duty is `approved` once a counted batch holds the network's figure of that indicator for that year (a
reviewer's approval, or a direct import by the plan team), `submitted` while one awaits review, `returned`
when sent back, `missing` when nothing was sent; `late` is missing or returned after its due date. The
figure owed is the network's for the whole of Quebec, all sectors (`store.completeness.sent`). Obligations run
every year from their `from` on, after the plan's target year too (`owed_years`). A network has reported a
year once every one of its duties for it is approved. Today is the current date, or
`$PLANMETRICS_TODAY` (`plan.current_date`).

Imports `i18n` (today on Québec's clock), `plan` and `store`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any, Literal

from planmetrics import i18n
from planmetrics.plan import Plan, current_date
from planmetrics.store import Store, completeness

DutyState = Literal["approved", "submitted", "returned", "missing", "late"]
DUTY_STATES: tuple[DutyState, ...] = ("approved", "submitted", "returned", "missing", "late")


@dataclass(frozen=True)
class Duty:
    """One network's figure of one indicator for one year: its state on `today`, its due date, the batch that
    holds it (None when nothing was sent), and for a late one what was sent (`returned`, or None)."""

    network: str
    indicator: str
    year: int
    state: DutyState
    due: dt.date
    batch: int | None
    returned: bool = False

    @property
    def late_since(self) -> dt.date | None:
        """The first day it was late (the day after its due date); None when it is not late."""
        return self.due + dt.timedelta(days=1) if self.state == "late" else None

    def to_json(self) -> dict[str, Any]:
        return {
            "network": self.network,
            "indicator": self.indicator,
            "year": self.year,
            "state": self.state,
            "due": self.due.isoformat(),
            "batch": None if self.batch is None else str(self.batch),
        }


@dataclass(frozen=True)
class Reported:
    """How many of the networks that owe a year have reported it (every duty approved)."""

    year: int
    reported: int
    networks: int
    late: tuple[str, ...]  # the networks with a late duty, in the plan's order


def today_here() -> dt.date:
    """The day duties are judged on: `$PLANMETRICS_TODAY` when set, else today on Québec's clock."""
    return current_date() if os.environ.get("PLANMETRICS_TODAY", "").strip() else i18n.today()


def duties(store: Store, plan: Plan, year: int, today: dt.date | None = None) -> list[Duty]:
    """Every duty of `year`, in the order of the plan's networks, then of its obligations."""
    owing = plan.owing(year)
    if not owing:
        return []
    day = today or today_here()
    found = completeness.sent(store, year, sorted({indicator for _, indicator, _ in owing}))
    return [_duty((n, i, year), due, found.get((n, i)), day) for n, i, due in owing]


def _duty(owed: tuple[str, str, int], due: dt.date, sent: completeness.Sent | None, today: dt.date) -> Duty:
    network, indicator, year = owed
    if sent is not None and sent.state in ("approved", "submitted"):
        return Duty(network, indicator, year, sent.state, due, sent.batch)
    returned = sent is not None
    if today > due:
        return Duty(network, indicator, year, "late", due, sent.batch if sent else None, returned)
    return Duty(network, indicator, year, "returned" if returned else "missing", due, sent.batch if sent else None)


def reported(plan: Plan, year: int, found: list[Duty]) -> Reported:
    """The overview's line: how many of the networks owing `year` have every duty approved, and who is late."""
    networks = list(dict.fromkeys(d.network for d in found))
    done = [n for n in networks if all(d.state == "approved" for d in found if d.network == n)]
    late = [n for n in networks if any(d.state == "late" for d in found if d.network == n)]
    return Reported(year, len(done), len(networks), tuple(late))


def owed_years(plan: Plan, until: int | None) -> range:
    """The years to look at the plan's obligations for: from the first year owed to the plan's target year, or
    to `until` when later (obligations run every year from their `from` on: the caller passes the latest year it
    can show, the as-of year or the latest with figures); empty when the plan owes nothing."""
    if not plan.obligations:
        return range(0)
    first = min(o.first_year for o in plan.obligations)
    return range(first, max(plan.target_year, until or 0, first) + 1)
