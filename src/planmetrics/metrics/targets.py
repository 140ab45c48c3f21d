"""Numeric targets and tracked indicators as of a year: METHOD.md's ratio, progress, status, projection
and required pace.

Pure functions on one indicator's total series (value by year). Imports `config`, `plan` and the metrics
package's own modules.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from planmetrics import config
from planmetrics.metrics.results import Status, TargetProgress
from planmetrics.metrics.series import cagr, latest_point, trend_slope
from planmetrics.plan import Indicator, Target

# ------------------------------------------------------------------ numeric targets


def required_level_growth(target: Target, baseline: float) -> float | None:
    """For a `reach` target: the CAGR from the baseline that lands exactly on the level."""
    return cagr(baseline, target.value, target.target_year - target.baseline_year)


def expected_value(target: Target, baseline: float, year: int) -> float | None:
    """The value the target's path expects in `year` (straight for increase_by, compound otherwise)."""
    elapsed = year - target.baseline_year
    span = target.target_year - target.baseline_year
    if target.kind == "increase_by":
        return baseline + target.value * elapsed / span
    rate = target.value if target.kind == "annual_growth" else required_level_growth(target, baseline)
    return None if rate is None else baseline * (1 + rate) ** elapsed


def expected_path(target: Target, baseline: float) -> pd.DataFrame:
    """The expected path from the baseline year to the target year: columns year, expected."""
    years = list(range(target.baseline_year, target.target_year + 1))
    return pd.DataFrame({"year": years, "expected": [expected_value(target, baseline, y) for y in years]})


def _ratio_and_progress(
    target: Target, baseline: float, latest: float, elapsed: int
) -> tuple[float | None, float | None, float | None]:
    """(ratio R, progress, observed CAGR) per METHOD.md's definitions."""
    observed = cagr(baseline, latest, elapsed)
    if target.kind == "increase_by":
        expected_gain = target.value * elapsed / (target.target_year - target.baseline_year)
        return (latest - baseline) / expected_gain, (latest - baseline) / target.value, observed
    if observed is None:
        return None, None, None
    if target.kind == "annual_growth":
        return observed / target.value, observed / target.value, observed
    required = required_level_growth(target, baseline)
    level_ratio = None if not required else observed / required
    progress = None if target.value == baseline else (latest - baseline) / (target.value - baseline)
    return level_ratio, progress, observed


def _met(target: Target, baseline: float, latest: float, observed: float | None) -> bool:
    if target.kind == "increase_by":
        return latest - baseline >= target.value
    if target.kind == "reach":
        return latest >= target.value
    return observed is not None and observed >= target.value


def status_for(target: Target, ratio: float | None, met: bool, latest_year: int) -> Status:
    """METHOD.md's status, in its order: final verdict, achieved, then the ratio's bands."""
    if latest_year >= target.target_year:
        return "achieved" if met else "missed"
    if met and target.kind != "annual_growth":
        return "achieved"
    if ratio is None:
        return "no_data"
    if ratio >= config.ON_TRACK_RATIO:
        return "on_track"
    if ratio >= config.NEEDS_ACCELERATION_RATIO:
        return "needs_acceleration"
    if ratio >= 0:
        return "limited_progress"
    return "deteriorating"


def _projection(
    target: Target, baseline: float, latest: float, latest_year: int, observed: float | None
) -> tuple[float | None, float | None]:
    """(projected value at the target year, required pace from now) — both None once t >= T."""
    remaining = target.target_year - latest_year
    if remaining <= 0:
        return None, None
    elapsed = latest_year - target.baseline_year
    if target.kind == "increase_by":
        projected = latest + (latest - baseline) / elapsed * remaining
        return projected, (baseline + target.value - latest) / remaining
    growth_projection = None if observed is None else latest * (1 + observed) ** remaining
    if latest <= 0:
        return growth_projection, None
    if target.kind == "annual_growth":
        end = baseline * (1 + target.value) ** (target.target_year - target.baseline_year)
    else:
        end = target.value
    return growth_projection, (end / latest) ** (1 / remaining) - 1


def judged_point(target: Target, series: pd.Series, as_of: int | None) -> tuple[int, float] | None:
    """The (year, value) a target is judged on as of a year (METHOD.md, "After the target year").

    Before the target year: the latest figure up to the as-of year. From the target year on: the figure of the
    target year itself (the final verdict, never moved by later figures), or, while it is missing, the latest
    figure before it (a later figure is no substitute).
    """
    horizon = as_of if as_of is not None else (int(series.index.max()) if not series.empty else None)
    if horizon is None or horizon < target.target_year:
        return latest_point(series, as_of)
    if target.target_year in series.index:
        return target.target_year, float(series.loc[target.target_year])
    return latest_point(series, target.target_year - 1)


def _awaiting_year(target: Target, as_of: int | None, series: pd.Series, judged_year: int | None) -> int | None:
    """The target year while the as-of year has reached it but its figure is not in yet, else None."""
    horizon = as_of if as_of is not None else (int(series.index.max()) if not series.empty else None)
    if horizon is None or horizon < target.target_year or judged_year == target.target_year:
        return None
    return target.target_year


def evaluate_target(target: Target, series: pd.Series, as_of: int | None = None) -> TargetProgress:
    """One numeric target as of a year, from its indicator's total series (value by year)."""
    empty = TargetProgress(
        id=target.id,
        indicator=target.indicator,
        region=target.region,
        kind=target.kind,
        status="no_data",
        target=target.value,
        baseline_year=target.baseline_year,
        awaiting_year=_awaiting_year(target, as_of, series, None),
    )
    if target.baseline_year not in series.index or (as_of is not None and as_of < target.baseline_year):
        return replace(empty, awaiting_year=None)
    baseline = float(series.loc[target.baseline_year])
    found = judged_point(target, series, as_of)
    if found is None or found[0] <= target.baseline_year:
        return replace(empty, baseline=baseline)
    latest_year, latest = found
    ratio, progress, observed = _ratio_and_progress(target, baseline, latest, latest_year - target.baseline_year)
    awaiting = _awaiting_year(target, as_of, series, latest_year)
    # Once the as-of year reaches the target year, nothing is projected: the verdict is (or awaits) the final one.
    projected, required_pace = (
        (None, None) if awaiting else _projection(target, baseline, latest, latest_year, observed)
    )
    return replace(
        empty,
        baseline=baseline,
        latest=latest,
        latest_year=latest_year,
        expected=expected_value(target, baseline, latest_year),
        progress=progress,
        ratio=ratio,
        status=status_for(target, ratio, _met(target, baseline, latest, observed), latest_year),
        projected=projected,
        required_pace=required_pace,
        observed_pace=observed,
        final=latest_year >= target.target_year,
        awaiting_year=awaiting,
    )


# ------------------------------------------------------------------ tracked indicators


def evaluate_track(indicator: Indicator, series: pd.Series, as_of: int | None = None) -> TargetProgress:
    """A tracked indicator: the direction of its slope over its last three figures (or two)."""
    visible = series if as_of is None else series[series.index <= as_of]
    last = visible.iloc[-3:]
    status: Status = "no_data"
    slope: float | None = None
    if len(last) >= 2:
        slope = trend_slope(last)
        mean = float(last.mean())
        if abs(slope) < config.STABLE_SLOPE_SHARE * abs(mean):
            status = "stable"
        else:
            rising = slope > 0
            status = "improving" if rising == (indicator.direction == "increase") else "worsening"
    latest = latest_point(visible, None)
    return TargetProgress(
        id=indicator.id,
        indicator=indicator.id,
        region=config.TOTAL_REGION,
        kind="track",
        status=status,
        latest=None if latest is None else latest[1],
        latest_year=None if latest is None else latest[0],
        observed_pace=slope,
    )
