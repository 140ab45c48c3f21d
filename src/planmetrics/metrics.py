"""The progress engine: METHOD.md's rules as pure functions on small pandas frames.

Input is the current figures `store.py` hands over (columns indicator, year, region, sector, network,
value, ...); output is frozen dataclasses. No I/O, no formatting: numbers stay in storage units.
Imports `config` and `plan`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pandas as pd

from planmetrics import config
from planmetrics.plan import Indicator, Plan, Target

Status = Literal[
    "achieved",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "deteriorating",
    "missed",
    "no_data",
    "improving",
    "stable",
    "worsening",
]
Severity = Literal["info", "warning"]

JSON_FIELDS = (
    "id",
    "indicator",
    "region",
    "kind",
    "target",
    "baseline",
    "baseline_year",
    "latest",
    "latest_year",
    "expected",
    "progress",
    "ratio",
    "status",
    "projected",
    "required_pace",
)


@dataclass(frozen=True)
class TargetProgress:
    """Where one target (or one tracked indicator) stands as of a year; fields as in CONTRACT.md."""

    id: str
    indicator: str
    region: str
    kind: str
    target: float | None
    baseline: float | None
    baseline_year: int | None
    latest: float | None
    latest_year: int | None
    expected: float | None
    progress: float | None
    ratio: float | None
    status: Status
    projected: float | None
    required_pace: float | None
    # Not part of the JSON contract: the observed annual growth (growth and level targets) or the
    # least-squares slope a year (tracked indicators), for pages and reports.
    observed_pace: float | None = None
    final: bool = False

    def to_json(self) -> dict[str, Any]:
        values = asdict(self)
        return {name: values[name] for name in JSON_FIELDS}


@dataclass(frozen=True)
class Check:
    """A plan check shown to managers; `params` hold the numbers its message is written from."""

    id: str
    kind: Literal["growth_vs_level", "subtarget_within_parent", "jump"]
    severity: Severity
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Assessment:
    plan_id: str
    as_of: int | None
    baseline_year: int
    target_year: int
    targets: tuple[TargetProgress, ...]
    checks: tuple[Check, ...]

    def target(self, target_id: str) -> TargetProgress:
        return next(t for t in self.targets if t.id == target_id)


# ------------------------------------------------------------------ series


def total_series(figures: pd.DataFrame, indicator: str, region: str = config.TOTAL_REGION) -> pd.Series:
    """The explicit total rows (sector `all`, network `all`) of one indicator and region, by year."""
    rows = figures[
        (figures["indicator"] == indicator)
        & (figures["region"] == region)
        & (figures["sector"] == config.TOTAL_SECTOR)
        & (figures["network"] == config.TOTAL_NETWORK)
    ]
    return rows.set_index("year")["value"].sort_index().astype(float)


def _total_series_by_place(figures: pd.DataFrame, places: set[tuple[str, str]]) -> dict[tuple[str, str], pd.Series]:
    """The total series of the (indicator, region) pairs asked for, with one pass of numpy masks each."""
    totals = figures[(figures["sector"] == config.TOTAL_SECTOR) & (figures["network"] == config.TOTAL_NETWORK)]
    indicators, regions = totals["indicator"].to_numpy(dtype=object), totals["region"].to_numpy(dtype=object)
    years, values = totals["year"].to_numpy(), totals["value"].to_numpy(dtype=float)
    found = {}
    for indicator, region in places:
        mask = (indicators == indicator) & (regions == region)
        found[(indicator, region)] = pd.Series(values[mask], index=years[mask], dtype=float).sort_index()
    return found


def _latest(series: pd.Series, as_of: int | None) -> tuple[int, float] | None:
    visible = series if as_of is None else series[series.index <= as_of]
    if visible.empty:
        return None
    return int(visible.index[-1]), float(visible.iloc[-1])


def cagr(start: float, end: float, years: int) -> float | None:
    """Compound annual growth from `start` to `end` over `years`; None where it is undefined."""
    if years <= 0 or start <= 0 or end < 0:
        return None
    return float((end / start) ** (1 / years) - 1)


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


def evaluate_target(target: Target, series: pd.Series, as_of: int | None = None) -> TargetProgress:
    """One numeric target as of a year, from its indicator's total series (value by year)."""
    empty = TargetProgress(
        id=target.id,
        indicator=target.indicator,
        region=target.region,
        kind=target.kind,
        target=target.value,
        baseline=None,
        baseline_year=target.baseline_year,
        latest=None,
        latest_year=None,
        expected=None,
        progress=None,
        ratio=None,
        status="no_data",
        projected=None,
        required_pace=None,
    )
    if target.baseline_year not in series.index or (as_of is not None and as_of < target.baseline_year):
        return empty
    baseline = float(series.loc[target.baseline_year])
    found = _latest(series, as_of)
    if found is None or found[0] <= target.baseline_year:
        return TargetProgress(**{**asdict(empty), "baseline": baseline})
    latest_year, latest = found
    ratio, progress, observed = _ratio_and_progress(target, baseline, latest, latest_year - target.baseline_year)
    projected, required_pace = _projection(target, baseline, latest, latest_year, observed)
    return TargetProgress(
        id=target.id,
        indicator=target.indicator,
        region=target.region,
        kind=target.kind,
        target=target.value,
        baseline=baseline,
        baseline_year=target.baseline_year,
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
    )


def constant_dollars(nominal: pd.Series, price_index: pd.Series, base_year: int) -> pd.Series:
    """Nominal values in dollars of `base_year`: value * index(base) / index(year); years without an index drop."""
    if base_year not in price_index.index:
        return pd.Series(dtype=float)
    common = nominal.index.intersection(price_index.index)
    deflated: pd.Series = nominal.loc[common] * float(price_index.loc[base_year]) / price_index.loc[common]
    return deflated.astype(float)


# ------------------------------------------------------------------ tracked indicators


def trend_slope(series: pd.Series) -> float:
    """Least-squares slope a year over the given points (years need not be consecutive)."""
    years = series.index.to_numpy(dtype=float)
    values = series.to_numpy(dtype=float)
    centred = years - years.mean()
    return float((centred * (values - values.mean())).sum() / (centred**2).sum())


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
    latest = _latest(visible, None)
    return TargetProgress(
        id=indicator.id,
        indicator=indicator.id,
        region=config.TOTAL_REGION,
        kind="track",
        target=None,
        baseline=None,
        baseline_year=None,
        latest=None if latest is None else latest[1],
        latest_year=None if latest is None else latest[0],
        expected=None,
        progress=None,
        ratio=None,
        status=status,
        projected=None,
        required_pace=None,
        observed_pace=slope,
    )


# ------------------------------------------------------------------ plan checks


def growth_vs_level_checks(plan: Plan, figures: pd.DataFrame) -> list[Check]:
    """A growth target and a level target on one series must describe the same end point."""
    checks = []
    for growth in (t for t in plan.targets if t.kind == "annual_growth"):
        for level in plan.targets:
            if level.kind != "reach" or (level.indicator, level.region) != (
                growth.indicator,
                growth.region,
            ):
                continue
            series = total_series(figures, growth.indicator, growth.region)
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


# ------------------------------------------------------------------ everything at once


def assess(plan: Plan, figures: pd.DataFrame, as_of: int | None = None) -> Assessment:
    """Every target and tracked indicator of the plan as of a year (default: the latest with a figure)."""
    if as_of is None and not figures.empty:
        as_of = int(figures["year"].max())
    places = {(t.indicator, t.region) for t in plan.targets}
    places |= {(i.id, config.TOTAL_REGION) for i in plan.tracked_indicators()}
    series = _total_series_by_place(figures, places)
    numeric = [evaluate_target(t, series[(t.indicator, t.region)], as_of) for t in plan.targets]
    tracked = [evaluate_track(i, series[(i.id, config.TOTAL_REGION)], as_of) for i in plan.tracked_indicators()]
    checks = [
        *growth_vs_level_checks(plan, figures),
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
