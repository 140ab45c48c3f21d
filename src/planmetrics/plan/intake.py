"""The sections of a plan file about how figures come in: how months or quarters make a year (`annual`), a
derived indicator's formula (`formula`, read by `plan.formula`), and the Statistics Canada tables it declares
(`[[statcan_tables]]`), each checked with its key.

Imports the plan package's `checker`, `formula` and `model`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from planmetrics.plan.checker import Checker, check_unique
from planmetrics.plan.formula import Formula, FormulaError, parse_formula
from planmetrics.plan.model import ANNUAL_RULES, AnnualRule, Indicator, StatcanTable, product_id


def annual_rule(check: Checker, table: Mapping[str, Any], where: str) -> AnnualRule | None:
    """The `annual` key: how periods make a year (mean, sum, last), or None when it is not written."""
    rule = table.get("annual")
    if rule is None:
        return None
    if rule not in ANNUAL_RULES:
        check.add(f"{where}.annual", "plan.bad_annual", value=repr(rule), choices=", ".join(ANNUAL_RULES))
        return None
    return cast(AnnualRule, rule)


def formula_of(check: Checker, table: Mapping[str, Any], where: str) -> Formula | None:
    text = table.get("formula")
    if text is None:
        return None
    if not isinstance(text, str):
        check.add(f"{where}.formula", "plan.bad_formula", value=repr(text), detail="not a text")
        return None
    try:
        return parse_formula(text)
    except FormulaError as exc:
        check.add(f"{where}.formula", "plan.bad_formula", value=repr(text), detail=exc.detail)
        return None


def check_formulas(check: Checker, indicators: list[Indicator]) -> None:
    """Each formula reads indicators of the plan that are not themselves derived (no chain, no loop)."""
    ids = {i.id for i in indicators}
    derived = {i.id for i in indicators if i.formula is not None}
    for indicator in indicators:
        if indicator.formula is None:
            continue
        for name in indicator.formula.inputs:
            if name not in ids:
                check.add(f"indicators ({indicator.id}).formula", "plan.formula_unknown", value=repr(name))
            elif name in derived:
                check.add(f"indicators ({indicator.id}).formula", "plan.formula_derived", value=repr(name))


def read_statcan_tables(
    check: Checker, data: Mapping[str, Any], indicators: Iterable[Indicator]
) -> tuple[StatcanTable, ...]:
    """The [[statcan_tables]]: a product id, the indicator, and the series chosen (`where`, `as_sector`)."""
    known = {i.id: i for i in indicators}
    found = []
    for n, table in enumerate(check.tables(data, "statcan_tables"), start=1):
        where = f"statcan_tables[{n}]"
        written = table.get("product")
        product = product_id(str(written)) if isinstance(written, str | int) else None
        if product is None:
            check.add(f"{where}.product", "plan.statcan_product", value=repr(written))
        indicator = check.text(table, "indicator", where)
        if indicator and (indicator not in known or known[indicator].formula is not None):
            check.add(f"{where}.indicator", "plan.unknown_indicator", value=repr(indicator))
        choices = table.get("where", {})
        if not isinstance(choices, Mapping) or not all(isinstance(v, str) for v in choices.values()):
            check.add(f"{where}.where", "plan.statcan_where", value=repr(choices))
            choices = {}
        as_sector = table.get("as_sector")
        if as_sector is not None and not isinstance(as_sector, str):
            check.add(f"{where}.as_sector", "plan.statcan_as_sector", value=repr(as_sector))
            as_sector = None
        found.append(
            StatcanTable(
                product=product or "",
                indicator=indicator,
                where=tuple((str(k), str(v)) for k, v in choices.items()),
                as_sector=as_sector,
                annual=annual_rule(check, table, where),
            )
        )
    check_unique(check, "statcan_tables", [t.product for t in found if t.product])
    return tuple(found)
