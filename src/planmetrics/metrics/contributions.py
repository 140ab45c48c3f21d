"""Each member network's part in each numeric target in one year: its figure of the target's indicator and
region (all sectors), that figure's share of the total figure of the same year (METHOD.md, "Shares and
contributions": never of the parts shown), and, when the network has a figure at the target's baseline year
too, its gain since then (its own figures; it may be a loss), that gain as a share of the total's gain over
the same years (its contribution, METHOD.md: it may be negative, and the networks' contributions need not add
up to 100 %), and as a share of the target's ambition.

The ambition is the change the target asks of the whole between its baseline and target years: an
`increase_by` target's value; a `reach` target's level less the total baseline; an `annual_growth` target's
total baseline × ((1 + g)^(T − B) − 1). A share whose divisor is missing or zero is None, never infinite (a
total with no gain gives no contribution).

Pure pandas on the current figures `store` hands over; numbers stay in storage units. Imports `config` and
`plan`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from planmetrics import config
from planmetrics.plan import Plan, Target

Key = tuple[str, str, str, int]  # indicator, region, network, year (sector at its total)


@dataclass(frozen=True)
class Contribution:
    """One network's part in one target in `year`: None wherever a figure or a divisor is missing."""

    network: str
    target: str
    year: int
    value: float | None  # the network's figure in `year`
    share: float | None  # of the total figure of `year`
    change: float | None  # its gain since the target's baseline year (the network's own figures)
    ambition_share: float | None  # the gain as a share of the target's ambition
    total: float | None = None  # the total figure of `year` the share is of
    asked: float | None = None  # the target's ambition (`ambition`)
    total_change: float | None = None  # the total's gain over the same years (the contribution is of it)
    contribution: float | None = None  # the gain as a share of the total's gain (METHOD.md's contribution)

    @property
    def empty(self) -> bool:
        """Nothing to say: the network has no figure of the target's indicator and region in the year."""
        return self.value is None


def ambition(target: Target, total_baseline: float | None) -> float | None:
    """The change the target asks of the total from its baseline year to its target year (None when it needs
    the total baseline and there is none)."""
    if target.kind == "increase_by":
        return float(target.value)
    if total_baseline is None:
        return None
    if target.kind == "reach":
        return float(target.value) - total_baseline
    if target.kind == "annual_growth":
        return total_baseline * ((1 + float(target.value)) ** (target.target_year - target.baseline_year) - 1)
    return None


def _values(figures: pd.DataFrame) -> dict[Key, float]:
    """Every figure at all sectors, by indicator, region, network and year."""
    rows = figures[figures["sector"] == config.TOTAL_SECTOR]
    return {
        (str(i), str(r), str(n), int(y)): float(v)
        for i, r, n, y, v in zip(
            rows["indicator"], rows["region"], rows["network"], rows["year"], rows["value"], strict=True
        )
    }


def _ratio(part: float | None, whole: float | None) -> float | None:
    return None if part is None or not whole else part / whole


def contribution(target: Target, network: str, year: int, values: dict[Key, float]) -> Contribution:
    """One network's part in one target in `year`, from the figures by key (`_values`)."""
    indicator, region, base = target.indicator, target.region, target.baseline_year
    value = values.get((indicator, region, network, year))
    total = values.get((indicator, region, config.TOTAL_NETWORK, year))
    start = values.get((indicator, region, network, base))
    change = _less(value, start)
    total_start = values.get((indicator, region, config.TOTAL_NETWORK, base))
    asked, total_change = ambition(target, total_start), _less(total, total_start)
    return Contribution(
        network,
        target.id,
        year,
        value,
        _ratio(value, total),
        change,
        _ratio(change, asked),
        total,
        asked,
        total_change,
        _ratio(change, total_change),
    )


def _less(end: float | None, start: float | None) -> float | None:
    return None if end is None or start is None else end - start


def contributions(plan: Plan, figures: pd.DataFrame, year: int) -> list[Contribution]:
    """Each of the plan's networks (its order) × each numeric target (the plan's order), in `year`."""
    values = _values(figures)
    return [contribution(t, n.id, year, values) for n in plan.networks for t in plan.targets]
