"""The engine against METHOD.md: every value here was computed by hand from that page."""

from __future__ import annotations

import pandas as pd
import pytest

from planmetrics import metrics
from planmetrics.plan import Indicator, Labels, Plan, Target

from .conftest import figure_rows

LABEL = Labels("x", "x")


def target(kind: str, value: float, *, y0: int = 2014, ty: int = 2020) -> Target:
    return Target("t", "jobs", "Québec", kind, value, 1, LABEL, y0, ty)  # type: ignore[arg-type]


def series(points: dict[int, float]) -> pd.Series:
    return pd.Series(points, dtype=float).sort_index()


# --------------------------------------------------------------------- METHOD.md's worked check

# (as_of, target id, field, value by hand, tolerance). Rounded values are METHOD.md's own roundings.
WORKED_CHECK = [
    (2018, "jobs_net", "status", "on_track", None),
    (2018, "jobs_net", "progress", 0.80, 1e-12),  # 16,000 / 20,000
    (2018, "jobs_net", "ratio", 1.20, 1e-12),  # 16,000 / 13,333.3
    (2018, "jobs_net", "expected", 113_333.33, 0.01),  # 100,000 + 20,000 * 4/6
    (2018, "jobs_net", "required_pace", 2_000, 1e-9),  # (120,000 - 116,000) / 2
    (2018, "jobs_net", "projected", 124_000, 1e-6),  # 116,000 + 16,000/4 * 2
    (2018, "jobs_net", "latest_year", 2018, None),
    (2018, "jobs_montreal", "status", "no_data", None),
    (2018, "revenue_growth", "status", "limited_progress", None),
    (2018, "revenue_growth", "ratio", 0.56, 0.005),  # 3.95 % / 7 %
    (2018, "revenue_growth", "required_pace", 0.134, 0.0005),  # (50.12 / 39) ** (1/2) - 1
    (2018, "revenue_growth", "expected", 33.4e9 * 1.07**4, 1),
    (2018, "revenue_level", "status", "needs_acceleration", None),
    (2018, "revenue_level", "ratio", 0.78, 0.005),  # 3.95 % / 5.09 %
    (2018, "revenue_level", "progress", 0.48, 0.005),  # (39 - 33.4) / (45 - 33.4)
    (2018, "revenue_level", "required_pace", 0.074, 0.0005),  # (45 / 39) ** (1/2) - 1
    (2019, "revenue_level", "status", "achieved", None),  # 47 >= 45
    (2019, "revenue_growth", "status", "on_track", None),  # not achieved: 2019 < 2020
    (2019, "revenue_growth", "ratio", 1.01, 0.005),  # 7.07 % / 7 %
    (None, "revenue_level", "status", "achieved", None),  # default as-of: the latest year, 2019
    (None, "jobs_net", "latest_year", 2018, None),
]


@pytest.mark.parametrize(("as_of", "target_id", "field", "expected", "tolerance"), WORKED_CHECK)
def test_worked_check(
    plan: Plan,
    public_figures: pd.DataFrame,
    as_of: int | None,
    target_id: str,
    field: str,
    expected: object,
    tolerance: float | None,
) -> None:
    result = metrics.assess(plan, public_figures, as_of).target(target_id)
    value = getattr(result, field)
    if tolerance is None:
        assert value == expected
    else:
        assert value == pytest.approx(expected, abs=tolerance)


def test_observed_growth_as_in_method(plan: Plan, public_figures: pd.DataFrame) -> None:
    revenue = metrics.assess(plan, public_figures, 2018).target("revenue_growth")
    assert revenue.observed_pace == pytest.approx(0.0395, abs=0.00005)
    level = plan.target("revenue_level")
    assert metrics.required_level_growth(level, 33.4e9) == pytest.approx(0.0509, abs=0.00005)


def test_default_as_of_is_latest_year(plan: Plan, public_figures: pd.DataFrame) -> None:
    assert metrics.assess(plan, public_figures).as_of == 2019


def test_restated_baseline_moves_every_status(plan: Plan, public_figures: pd.DataFrame) -> None:
    restated = public_figures.copy()
    restated.loc[(restated["indicator"] == "jobs") & (restated["year"] == 2014), "value"] = 110_000.0
    jobs = metrics.assess(plan, restated, 2018).target("jobs_net")
    # gain 6,000 against 13,333 expected: R = 0.45
    assert jobs.ratio == pytest.approx(0.45)
    assert jobs.status == "limited_progress"


# --------------------------------------------------------------------- status boundaries

# increase_by 600 over 2014-2020, judged in 2017: expected gain 300.
BOUNDARIES = [
    (285, 2017, "on_track"),  # R = 0.95 exactly
    (284, 2017, "needs_acceleration"),
    (180, 2017, "needs_acceleration"),  # R = 0.60 exactly
    (179, 2017, "limited_progress"),
    (0, 2017, "limited_progress"),  # R = 0
    (-1, 2017, "deteriorating"),
    (600, 2017, "achieved"),  # met before the target year
    (600, 2020, "achieved"),
    (599, 2020, "missed"),  # final verdict
    (900, 2021, "no_data"),  # after the target year only the figure of 2020 gives the verdict: none yet
]


@pytest.mark.parametrize(("gain", "year", "status"), BOUNDARIES)
def test_increase_by_boundaries(gain: float, year: int, status: str) -> None:
    result = metrics.evaluate_target(target("increase_by", 600), series({2014: 1000, year: 1000 + gain}))
    assert result.status == status


def test_final_verdict_has_no_projection() -> None:
    result = metrics.evaluate_target(target("increase_by", 600), series({2014: 1000, 2020: 1300}))
    assert (result.status, result.progress, result.final) == ("missed", 0.5, True)
    assert result.projected is None
    assert result.required_pace is None


@pytest.mark.parametrize(
    ("points", "status"),
    [
        ({2014: 100, 2016: 100 * 1.07**2}, "on_track"),  # on the path, but 2016 < 2020: never achieved
        ({2014: 100, 2020: 100 * 1.07**6}, "achieved"),
        ({2014: 100, 2020: 100 * 1.06**6}, "missed"),
        ({2014: 100, 2016: 90}, "deteriorating"),
    ],
)
def test_annual_growth_statuses(points: dict[int, float], status: str) -> None:
    assert metrics.evaluate_target(target("annual_growth", 0.07), series(points)).status == status


def test_reach_achieved_before_target_year() -> None:
    result = metrics.evaluate_target(target("reach", 150), series({2014: 100, 2017: 151}))
    assert result.status == "achieved"
    assert result.progress == pytest.approx(1.02)


@pytest.mark.parametrize(
    "points",
    [{}, {2015: 10, 2018: 12}, {2014: 100}, {2013: 90, 2014: 100}],
    ids=["empty", "no-baseline", "baseline-only", "nothing-after-baseline"],
)
def test_no_data(points: dict[int, float]) -> None:
    result = metrics.evaluate_target(target("increase_by", 600), series(points))
    assert result.status == "no_data"
    assert (result.progress, result.ratio, result.expected, result.projected) == (None, None, None, None)


# --------------------------------------------------------------------- after the target year (METHOD.md)

AFTER_THE_PLAN = [("jobs", 2020, 119_800), ("jobs", 2022, 125_000)]  # METHOD.md's made-up check


@pytest.mark.parametrize(
    ("as_of", "field", "expected"),
    [
        (2022, "status", "missed"),
        (2022, "progress", 0.99),  # 19,800 of 20,000, from the 2020 figure
        (2022, "latest", 119_800),
        (2022, "latest_year", 2020),
        (2022, "final", True),
        (2022, "awaiting_year", None),
        (2022, "expected", 120_000),  # the path's end, never extrapolated past 2020
        (2022, "projected", None),
        (2022, "required_pace", None),
        (2022, "ratio", 0.99),  # 19,800 / 20,000
        (2021, "status", "missed"),
        (2020, "status", "missed"),
        (None, "status", "missed"),  # default as-of: 2022, the latest year
        (2019, "status", "on_track"),  # as of 2019 the 2018 figure: nothing after 2019 counts
        (2019, "latest_year", 2018),
        (2019, "final", False),
        (2019, "projected", 124_000),
    ],
)
def test_verdict_after_the_plan(
    plan: Plan, public_figures: pd.DataFrame, as_of: int | None, field: str, expected: object
) -> None:
    figures = pd.concat([public_figures, figure_rows(AFTER_THE_PLAN)], ignore_index=True)
    value = getattr(metrics.assess(plan, figures, as_of).target("jobs_net"), field)
    assert value == (pytest.approx(expected, abs=1e-9) if isinstance(expected, float) else expected)


@pytest.mark.parametrize(
    ("as_of", "field", "expected"),
    [
        (2022, "status", "on_track"),  # the status at the latest figure before 2020 (2018), not from 2022
        (2022, "latest_year", 2018),
        (2022, "latest", 116_000),
        (2022, "final", False),
        (2022, "awaiting_year", 2020),
        (2022, "projected", None),  # once the as-of year reaches 2020 nothing is projected
        (2022, "required_pace", None),
        (2020, "awaiting_year", 2020),
        (2019, "awaiting_year", None),  # before the target year nothing is awaited
        (2019, "required_pace", 2_000),
    ],
)
def test_verdict_awaits_the_target_years_figure(
    plan: Plan, public_figures: pd.DataFrame, as_of: int, field: str, expected: object
) -> None:
    figures = pd.concat([public_figures, figure_rows([("jobs", 2022, 125_000)])], ignore_index=True)
    value = getattr(metrics.assess(plan, figures, as_of).target("jobs_net"), field)
    assert value == (pytest.approx(expected, abs=1e-9) if isinstance(expected, float) else expected)


def test_revenue_verdict_after_the_plan(plan: Plan, public_figures: pd.DataFrame) -> None:
    """Revenue of $46 billion in 2020 and $60 billion in 2021: the level is reached, the growth missed."""
    later = figure_rows([("revenue", 2020, 46e9), ("revenue", 2021, 60e9)])
    result = metrics.assess(plan, pd.concat([public_figures, later], ignore_index=True), 2021)
    level, growth = result.target("revenue_level"), result.target("revenue_growth")
    assert (level.status, level.latest_year, level.final) == ("achieved", 2020, True)
    assert level.progress == pytest.approx((46 - 33.4) / (45 - 33.4))
    assert growth.status == "missed"
    assert growth.observed_pace == pytest.approx(0.0548, abs=0.00005)  # (46 / 33.4) ** (1/6) - 1
    assert growth.progress == pytest.approx(0.783, abs=0.0005)  # 5.48 % of 7 %
    assert (growth.projected, growth.required_pace) == (None, None)


def test_json_says_final_and_awaiting_for_numeric_targets_only(plan: Plan, public_figures: pd.DataFrame) -> None:
    result = metrics.assess(plan, pd.concat([public_figures, figure_rows([("jobs", 2022, 1.0)])]), 2022)
    jobs = result.target("jobs_net").to_json()
    assert (jobs["final"], jobs["awaiting_year"]) == (False, 2020)
    tracked = next(t for t in result.targets if t.kind == "track").to_json()
    assert "final" not in tracked and "awaiting_year" not in tracked


def test_as_of_hides_later_figures() -> None:
    result = metrics.evaluate_target(target("increase_by", 600), series({2014: 0, 2016: 200, 2018: -50}), as_of=2017)
    assert (result.latest_year, result.latest, result.status) == (2016, 200, "on_track")


def test_expected_paths() -> None:
    straight = metrics.expected_path(target("increase_by", 600), 1000)
    assert straight["expected"].tolist() == [1000, 1100, 1200, 1300, 1400, 1500, 1600]
    compound = metrics.expected_path(target("annual_growth", 0.1), 100)
    assert compound["expected"].iloc[-1] == pytest.approx(100 * 1.1**6)


# --------------------------------------------------------------------- track indicators


def indicator(direction: str = "increase") -> Indicator:
    return Indicator("members", 1, "persons", direction, LABEL)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("points", "direction", "status"),
    [
        ({2016: 100, 2017: 110, 2018: 120}, "increase", "improving"),
        ({2016: 120, 2017: 110, 2018: 100}, "increase", "worsening"),
        ({2016: 120, 2017: 110, 2018: 100}, "decrease", "improving"),
        # slope 0.2 a year, under 0.5 % of the mean (100.2) = 0.501
        ({2016: 100, 2017: 100.2, 2018: 100.4}, "increase", "stable"),
        # slope 0.6 a year, over 0.5 % of 100.6 = 0.503
        ({2016: 100, 2017: 100.6, 2018: 101.2}, "increase", "improving"),
        ({2015: 3300, 2018: 3000}, "increase", "worsening"),  # two figures are enough
        ({2010: 10, 2016: 100, 2017: 100, 2018: 100}, "increase", "stable"),  # only the last three count
        ({2018: 5}, "increase", "no_data"),
        ({}, "increase", "no_data"),
    ],
)
def test_track(points: dict[int, float], direction: str, status: str) -> None:
    assert metrics.evaluate_track(indicator(direction), series(points)).status == status


def test_tracked_indicators_are_listed_as_targets(plan: Plan, public_figures: pd.DataFrame) -> None:
    results = {t.id: t for t in metrics.assess(plan, public_figures, 2018).targets}
    assert results["organizations"].kind == "track"
    assert results["organizations"].status == "worsening"  # 3,300 in 2015, 3,000 in 2018
    assert results["members"].status == "no_data"  # a single figure
    assert "cpi" not in results  # a context series is never judged
    assert "jobs" not in results  # jobs carry numeric targets


# --------------------------------------------------------------------- plan checks


def test_growth_vs_level_check(plan: Plan, public_figures: pd.DataFrame) -> None:
    check = next(c for c in metrics.assess(plan, public_figures).checks if c.kind == "growth_vs_level")
    assert check.severity == "warning"
    assert check.params["implied_level"] == pytest.approx(50.1e9, abs=0.05e9)  # 33.4 * 1.07**6
    assert check.params["needed_growth"] == pytest.approx(0.051, abs=0.0005)


def test_subtarget_check(plan: Plan, public_figures: pd.DataFrame) -> None:
    check = next(c for c in metrics.assess(plan, public_figures).checks if c.kind == "subtarget_within_parent")
    assert (check.severity, check.params["child"], check.params["parent"]) == ("info", "jobs_montreal", "jobs_net")


def test_jump_checks() -> None:
    frame = figure_rows(
        [("revenue", 2017, 100), ("revenue", 2018, 115), ("revenue", 2019, 133), ("revenue", 2021, 200)]
    )
    jumps = metrics.jump_checks(frame)
    # 2018: +15 % exactly is not over 15 %; 2019: +15.65 %; 2021 has no 2020 before it.
    assert [(c.params["year"], round(c.params["change"], 4)) for c in jumps] == [(2019, 0.1565)]
    assert metrics.jump_checks(frame, as_of=2018) == []


def test_public_revenue_jump_flagged(plan: Plan, public_figures: pd.DataFrame) -> None:
    jumps = [c for c in metrics.assess(plan, public_figures).checks if c.kind == "jump"]
    assert [(c.params["indicator"], c.params["year"]) for c in jumps] == [("revenue", 2019)]  # 39 -> 47: +20.5 %


def test_constant_dollars() -> None:
    nominal = series({2014: 33.4e9, 2018: 39e9, 2019: 47e9})
    cpi = series({2014: 125.0, 2018: 133.4, 2020: 137.0})  # no 2019 index
    real = metrics.constant_dollars(nominal, cpi, 2014)
    assert real.index.tolist() == [2014, 2018]
    assert real.loc[2014] == pytest.approx(33.4e9)
    assert real.loc[2018] == pytest.approx(39e9 * 125.0 / 133.4)  # 36.54 billion 2014 dollars
    assert metrics.constant_dollars(nominal, cpi, 2010).empty


# ------------------------------------------------------------------ the parts of a total


def _parts_frame() -> pd.DataFrame:
    """Jobs: the total, two sectors (one of them also split by network), Montréal's total, revenue's sector."""
    return pd.concat(
        [
            figure_rows([("jobs", 2014, 100_000), ("jobs", 2018, 116_000)]),
            figure_rows([("jobs", 2014, 40_000), ("jobs", 2018, 52_100)], sector="financial"),
            figure_rows([("jobs", 2018, 24_300)], sector="agrifood"),
            figure_rows([("jobs", 2018, 9_000)], sector="financial", network="desjardins"),
            figure_rows([("jobs", 2018, 30_000)], region="Montréal"),
            figure_rows([("revenue", 2018, 5e9)], sector="financial"),
        ],
        ignore_index=True,
    )


@pytest.mark.parametrize(
    ("dimension", "as_of", "expected"),
    [
        # sector parts with region and network at their totals; the network row is a part of a part
        ("sector", None, [("financial", 2014, 40_000), ("financial", 2018, 52_100), ("agrifood", 2018, 24_300)]),
        ("sector", 2017, [("financial", 2014, 40_000)]),
        ("region", None, [("Montréal", 2018, 30_000)]),
        ("network", None, []),  # desjardins is broken down by sector too: not a part of the total
    ],
)
def test_part_rows_are_the_parts_of_one_total(
    dimension: str, as_of: int | None, expected: list[tuple[str, int, float]]
) -> None:
    rows = metrics.part_rows(_parts_frame(), dimension, indicator="jobs", as_of=as_of)
    assert list(zip(rows[dimension], rows["year"], rows["value"], strict=True)) == expected


def test_part_rows_of_every_indicator_without_one_named() -> None:
    rows = metrics.part_rows(_parts_frame(), "sector")
    assert sorted(rows["indicator"].unique()) == ["jobs", "revenue"]
    assert len(rows) == 4


def test_part_shares_of_years_divide_by_each_years_total() -> None:
    """Montréal's 23,000 of 116,000 in 2018 is 19.8 %; 2017 has no total (no share), 2016's total is 0."""
    totals = figure_rows([("jobs", 2018, 116_000), ("jobs", 2016, 0)])
    parts = figure_rows([("jobs", 2018, 23_000), ("jobs", 2017, 20_000), ("jobs", 2016, 5)], region="Montréal")
    figures = pd.concat([totals, parts], ignore_index=True)
    shares = metrics.part_shares_of_years(figures, parts, "jobs").tolist()
    assert shares[0] == pytest.approx(23_000 / 116_000)
    assert pd.isna(shares[1]) and pd.isna(shares[2])
    one_year = metrics.part_shares(figures, "jobs", "region", 2018).rows["share"].tolist()
    assert one_year == pytest.approx([shares[0]])  # the same rule, one year at a time
