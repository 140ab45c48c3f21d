"""The progress engine: METHOD.md's rules as pure functions on small pandas frames.

Input is the current figures `store` hands over (columns indicator, year, region, sector, network,
value, ...); output is frozen dataclasses. No I/O, no formatting: numbers stay in storage units.

- `results`: the dataclasses handed over (TargetProgress, Check, Assessment) and the statuses;
- `series`: total series by year, the parts of a total, growth, trend slope, constant dollars;
- `targets`: one numeric target or tracked indicator as of a year;
- `checks`: the plan checks shown to managers.

Imports `config` and `plan`.
"""

from __future__ import annotations

import pandas as pd

from planmetrics import config
from planmetrics.metrics.checks import growth_vs_level_checks, jump_checks, subtarget_checks
from planmetrics.metrics.results import (
    JSON_FIELDS,
    NUMERIC_STATUSES,
    TRACKED_STATUSES,
    Assessment,
    Check,
    Severity,
    Status,
    StatusOverride,
    TargetProgress,
    settable_statuses,
)
from planmetrics.metrics.series import (
    ADDS_UP_TOLERANCE,
    PartShares,
    cagr,
    constant_dollars,
    part_rows,
    part_shares,
    part_shares_of_years,
    total_rows,
    total_series,
    total_series_by_place,
    trend_slope,
)
from planmetrics.metrics.targets import (
    evaluate_target,
    evaluate_track,
    expected_path,
    expected_value,
    required_level_growth,
    status_for,
)
from planmetrics.plan import Plan

__all__ = [
    "ADDS_UP_TOLERANCE",
    "JSON_FIELDS",
    "NUMERIC_STATUSES",
    "TRACKED_STATUSES",
    "Assessment",
    "Check",
    "PartShares",
    "Severity",
    "Status",
    "StatusOverride",
    "TargetProgress",
    "assess",
    "cagr",
    "constant_dollars",
    "evaluate_target",
    "evaluate_track",
    "expected_path",
    "expected_value",
    "growth_vs_level_checks",
    "jump_checks",
    "part_rows",
    "part_shares",
    "part_shares_of_years",
    "required_level_growth",
    "settable_statuses",
    "status_for",
    "subtarget_checks",
    "total_rows",
    "total_series",
    "trend_slope",
]


def assess(plan: Plan, figures: pd.DataFrame, as_of: int | None = None) -> Assessment:
    """Every target and tracked indicator of the plan as of a year (default: the latest with a figure)."""
    if as_of is None and not figures.empty:
        as_of = int(figures["year"].max())
    places = {(t.indicator, t.region) for t in plan.targets}
    places |= {(i.id, config.TOTAL_REGION) for i in plan.tracked_indicators()}
    series = total_series_by_place(figures, places)
    numeric = [evaluate_target(t, series[(t.indicator, t.region)], as_of) for t in plan.targets]
    tracked = [evaluate_track(i, series[(i.id, config.TOTAL_REGION)], as_of) for i in plan.tracked_indicators()]
    checks = [
        *growth_vs_level_checks(plan, series),
        *subtarget_checks(plan),
        *jump_checks(figures, as_of),
    ]
    return Assessment(
        plan_id=plan.id,
        as_of=as_of,
        baseline_year=plan.baseline_year,
        target_year=plan.target_year,
        targets=(*numeric, *tracked),
        checks=tuple(checks),
    )
