"""Plan checks shown to managers: a growth and a level target that disagree, a sub-target asking for more
than its parent, a figure that jumps from the year before.

Pure pandas. Imports `config`, `plan` and the metrics package's own modules.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from planmetrics import config
from planmetrics.metrics.results import Check
from planmetrics.metrics.targets import required_level_growth
from planmetrics.plan import Plan


def growth_vs_level_checks(plan: Plan, series_by_place: dict[tuple[str, str], pd.Series]) -> list[Check]:
    """A growth target and a level target on one series must describe the same end point.

    `series_by_place`: the total series of every target's (indicator, region), as `assess` reads them.
    """
    checks = []
    for growth in (t for t in plan.targets if t.kind == "annual_growth"):
        series = series_by_place[(growth.indicator, growth.region)]
        for level in plan.targets:
            if level.kind != "reach" or (level.indicator, level.region) != (
                growth.indicator,
                growth.region,
            ):
                continue
            if growth.baseline_year not in series.index:
                continue
            baseline = float(series.loc[growth.baseline_year])
            span = growth.target_year - growth.baseline_year
            implied = baseline * (1 + growth.value) ** span
            consistent = math.isclose(implied, level.value, rel_tol=0.01)
            checks.append(
                Check(
                    id=f"{growth.id}_vs_{level.id}",
                    kind="growth_vs_level",
                    severity="info" if consistent else "warning",
                    params={
                        "growth_target": growth.id,
                        "level_target": level.id,
                        "growth": growth.value,
                        "baseline": baseline,
                        "baseline_year": growth.baseline_year,
                        "target_year": growth.target_year,
                        "implied_level": implied,
                        "level": level.value,
                        "needed_growth": required_level_growth(level, baseline),
                        "indicator": growth.indicator,
                    },
                )
            )
    return checks


def subtarget_checks(plan: Plan) -> list[Check]:
    """A sub-target (e.g. Montréal's jobs) cannot ask for more than its parent target."""
    checks = []
    for child in (t for t in plan.targets if t.parent):
        parent = plan.target(str(child.parent))
        within = child.kind == parent.kind and child.value <= parent.value
        checks.append(
            Check(
                id=f"{child.id}_within_{parent.id}",
                kind="subtarget_within_parent",
                severity="info" if within else "warning",
                params={
                    "child": child.id,
                    "parent": parent.id,
                    "child_value": child.value,
                    "parent_value": parent.value,
                    "unit": plan.indicator(child.indicator).unit,
                },
            )
        )
    return checks


def jump_checks(figures: pd.DataFrame, as_of: int | None = None) -> list[Check]:
    """Every figure that moves more than 15 % from the year before, flagged for review."""
    rows = figures if as_of is None else figures[figures["year"] <= as_of]
    ordered = rows.sort_values(["indicator", "region", "sector", "network", "year"])
    keys = ["indicator", "region", "sector", "network"]
    previous_year = ordered.groupby(keys, sort=False)["year"].shift()
    previous_value = ordered.groupby(keys, sort=False)["value"].shift()
    adjacent = (ordered["year"] - previous_year == 1) & (previous_value > 0)
    change = ordered["value"] / previous_value - 1
    flagged = ordered.assign(previous=previous_value)[adjacent & (change.abs() > config.JUMP_THRESHOLD)]
    return [_jump(row) for row in flagged.to_dict("records")]


def _jump(row: dict[Any, Any]) -> Check:
    year, value, previous = int(row["year"]), float(row["value"]), float(row["previous"])
    place = {name: str(row[name]) for name in ("indicator", "region", "sector", "network")}
    return Check(
        id="jump_" + "_".join([*place.values(), str(year)]),
        kind="jump",
        severity="warning",
        params={**place, "year": year, "value": value, "previous": previous, "change": value / previous - 1},
    )
