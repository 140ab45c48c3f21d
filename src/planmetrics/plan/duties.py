"""The sections about who answers for what: `[[obligations]]` (what member networks owe each year, by when)
and a target's `owner`, read and checked.

Imports the plan package's `checker` and `model`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from planmetrics.plan.checker import Checker
from planmetrics.plan.model import Indicator, Network, Obligation

_DUE = re.compile(r"^(\d{1,2})-(\d{1,2})$")


def _due(check: Checker, table: Mapping[str, Any], where: str) -> tuple[int, int]:
    """`due = "04-30"`: a month and day that exist every year (February 29 does not)."""
    value = table.get("due")
    found = _DUE.match(value.strip()) if isinstance(value, str) else None
    if found is not None:
        month, day = int(found.group(1)), int(found.group(2))
        try:
            dt.date(2001, month, day)  # not a leap year: a day that exists every year
        except ValueError:
            pass
        else:
            return month, day
    check.add(f"{where}.due", "plan.bad_due", value=repr(value))
    return 4, 30


def read_obligations(
    check: Checker,
    data: Mapping[str, Any],
    indicators: Iterable[Indicator],
    networks: Iterable[Network],
    baseline_year: int,
) -> tuple[Obligation, ...]:
    """The `[[obligations]]`: an indicator the plan holds (not a derived one), the networks that owe it (ids of
    `[[networks]]`; every network when the key is left out), `due` as "MM-DD" of the next year, `from` the first
    year owed (default: the plan's baseline year)."""
    indicator_ids = {i.id for i in indicators if not i.derived}
    network_ids = [n.id for n in networks]
    found = []
    for n, table in enumerate(check.tables(data, "obligations"), start=1):
        where = f"obligations[{n}]"
        indicator = check.text(table, "indicator", where)
        if indicator and indicator not in indicator_ids:
            check.add(f"{where}.indicator", "plan.unknown_indicator", value=repr(indicator))
        owing = check.names(table, "networks", where) if "networks" in table else tuple(network_ids)
        for network in owing:
            if network not in network_ids:
                check.add(f"{where}.networks", "plan.unknown_network", value=repr(network))
        if not owing:
            check.add(f"{where}.networks", "plan.no_networks")
        month, day = _due(check, table, where)
        first = check.integer(table, "from", where, default=baseline_year)
        found.append(Obligation(indicator, tuple(dict.fromkeys(owing)), month, day, first))
    return tuple(found)


def check_owners(check: Checker, data: Mapping[str, Any]) -> None:
    """A target's `owner`, when written, is a non-empty text (a network's id, label or alias, or a name)."""
    for n, table in enumerate(check.tables(data, "targets"), start=1):
        owner = table.get("owner")
        if owner is not None and (not isinstance(owner, str) or not owner.strip()):
            check.add(f"targets[{n}] ({table.get('id', '?')}).owner", "plan.bad_owner", value=repr(owner))
