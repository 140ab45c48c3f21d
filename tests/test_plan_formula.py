"""Derived indicators' formulas, `annual` rules and declared Statistics Canada tables, as the plan file writes them."""

from __future__ import annotations

import math

import pytest

from planmetrics.errors import PlanFileError
from planmetrics.plan import Plan, parse_plan
from planmetrics.plan.formula import FormulaError, parse_formula
from planmetrics.plan.model import product_id
from planmetrics.words import say
from tests.test_plan import SHIPPED


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("jobs / employment", {"jobs": 116_000, "employment": 4_000_000}, 0.029),
        ("(jobs - 100000) / 2", {"jobs": 116_000}, 8_000),
        ("jobs * 2 + 1", {"jobs": 3}, 7),
        ("1 + jobs * 2", {"jobs": 3}, 7),  # * before +
        ("10 - 4 - 3", {}, 3),  # left to right
        ("-jobs + 1.5", {"jobs": 1}, 0.5),
        ("jobs / employment", {"jobs": 1, "employment": 0}, None),  # no value on a zero divisor
        ("jobs / employment", {"jobs": 1}, None),  # an input missing
        ("jobs / employment", {"jobs": 1, "employment": math.nan}, None),
    ],
)
def test_a_formula_is_computed_as_written(text: str, values: dict[str, float], expected: float | None) -> None:
    result = parse_formula(text).evaluate(values)
    assert result == (None if expected is None else pytest.approx(expected))


def test_a_formula_names_its_inputs_once_in_order() -> None:
    assert parse_formula("revenue / jobs + jobs / employment").inputs == ("revenue", "jobs", "employment")


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("jobs / ", "ends too early"),
        ("(jobs / employment", "never closed"),
        ("jobs ** 2", "unexpected '*' at position 7"),
        ("sqrt(jobs)", "unexpected '(' at position 5"),
        ("jobs % 2", "unexpected '%' at position 6"),
        ("", "empty"),
        ("jobs employment", "unexpected 'employment'"),
    ],
)
def test_a_formula_that_cannot_be_read_is_refused_where_it_stops(text: str, detail: str) -> None:
    with pytest.raises(FormulaError, match=detail.replace("(", r"\(").replace("*", r"\*")):
        parse_formula(text)


def test_the_shipped_plan_derives_the_co_operative_share_of_jobs(plan: Plan) -> None:
    share = plan.indicator("coop_job_share")
    assert share.formula is not None and share.formula.inputs == ("jobs", "employment")
    assert share.derived and share.unit == "percent" and share.tracked
    assert [i.id for i in plan.derived_indicators()] == ["coop_job_share"]
    employment = plan.indicator("employment")
    assert (employment.direction, employment.annual_rule, employment.derived) == ("none", "mean", False)
    assert plan.match("indicator", "Emploi") == "employment"  # moved from the aliases of jobs
    assert plan.match("indicator", "employment") == "employment"
    assert plan.match("indicator", "Emplois") == "jobs"
    assert (plan.indicator("revenue").annual_rule, plan.indicator("jobs").annual_rule) == ("sum", "mean")
    assert plan.indicator("cpi").annual == "mean"
    assert plan.statcan_tables == ()  # the shipped plan declares none


def _broken(old: str, new: str) -> list[str]:
    assert old in SHIPPED
    with pytest.raises(PlanFileError) as raised:
        parse_plan(SHIPPED.replace(old, new, 1), "broken.toml")
    return raised.value.problems


@pytest.mark.parametrize(
    ("new", "key", "advice"),
    [
        ('formula = "jobs / emploi"', "indicators (coop_job_share).formula", "not the id of an indicator"),
        ('formula = "jobs / coop_job_share"', "indicators (coop_job_share).formula", "itself computed"),
        ('formula = "log(jobs)"', "indicators[13] (coop_job_share).formula", "cannot be read"),
        ("formula = 3", "indicators[13] (coop_job_share).formula", "cannot be read"),
    ],
)
def test_a_bad_formula_is_a_plan_error_naming_its_key(new: str, key: str, advice: str) -> None:
    problems = _broken('formula = "jobs / employment"', new)
    assert any(p.startswith(key) and advice in p for p in problems), problems


def test_a_bad_annual_rule_is_a_plan_error() -> None:
    problems = _broken('annual = "mean"\n\n# Total', 'annual = "average"\n\n# Total')
    assert any("indicators[11] (cpi).annual" in p and "mean, sum, last" in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14-10-0287-01", "14100287"),
        ("14-10-0287", "14100287"),
        ("14100287", "14100287"),
        ("1410028701", "14100287"),
        ("14100287-eng.csv", "14100287"),
        ("1410028701-fra.zip", "14100287"),
        ("figures.csv", None),
        ("2019-01-01", None),
    ],
)
def test_a_product_id_is_read_in_any_spelling(text: str, expected: str | None) -> None:
    assert product_id(text) == expected


DECLARED = """
[[statcan_tables]]
product = "14-10-0287-01"
indicator = "employment"
where = { "Sex" = "Both sexes", "Age group" = "15 years and over" }
annual = "mean"
"""


def test_a_declared_statcan_table_is_found_by_its_product_id() -> None:
    plan = parse_plan(SHIPPED + DECLARED, "declared.toml")
    table = plan.statcan_table("14100287-eng.csv")
    assert table is not None
    assert (table.product, table.indicator, table.annual) == ("14100287", "employment", "mean")
    assert table.where == (("Sex", "Both sexes"), ("Age group", "15 years and over"))
    assert plan.statcan_table("14-10-0201") is None and plan.statcan_table(None) is None


@pytest.mark.parametrize(
    ("old", "new", "key", "advice"),
    [
        ('product = "14-10-0287-01"', 'product = "table of jobs"', "statcan_tables[1].product", "product id"),
        ('indicator = "employment"', 'indicator = "coop_job_share"', "statcan_tables[1].indicator", "not"),
        ('indicator = "employment"', 'indicator = "widgets"', "statcan_tables[1].indicator", "not"),
        ('where = { "Sex"', 'where = { "Sex" = 3, "x"', "statcan_tables[1].where", "series chosen"),
        ('annual = "mean"', 'annual = "median"', "statcan_tables[1].annual", "mean, sum, last"),
    ],
)
def test_a_bad_declared_table_is_a_plan_error(old: str, new: str, key: str, advice: str) -> None:
    with pytest.raises(PlanFileError) as raised:
        parse_plan(SHIPPED + DECLARED.replace(old, new), "declared.toml")
    assert any(p.startswith(key) and advice in p for p in raised.value.problems), raised.value.problems


def test_the_same_table_declared_twice_is_refused() -> None:
    with pytest.raises(PlanFileError) as raised:
        parse_plan(SHIPPED + DECLARED + DECLARED.replace("-01", ""), "declared.toml")
    assert any(p.startswith("statcan_tables") and "14100287" in p for p in raised.value.problems), raised.value.problems


def test_the_new_plan_problems_are_said_in_french() -> None:
    for key in ("plan.bad_annual", "plan.bad_formula", "plan.formula_unknown", "plan.formula_derived"):
        french = say(key, "fr", value="x", choices="mean, sum, last", detail="d")
        assert french != say(key, "en", value="x", choices="mean, sum, last", detail="d")
