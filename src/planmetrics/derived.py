"""Derived indicators' figures: an indicator the plan file defines by a formula of others (`coop_job_share =
jobs / employment`) computed from the current figures, never stored.

`with_derived(plan, figures)` is the one step every reader of figures for people takes (the snapshot's totals,
a page's figures, the report's breakdowns, `planmetrics data`): it appends, for each derived indicator, one row
per year, region, sector and network where every input has a figure and the formula has a value (none on a
zero divisor), in the indicator's unit, flagged with the weakest of its inputs' flags, its source saying it is
computed ("calculé par planmetrics : Emplois / Emploi au Québec"), no quality grade and no batch; the column
`derived` tells these rows (True) from stored ones (False). `to_read(plan, indicators)` names what must be read
to show some indicators: a derived one's inputs with it. Imports `config`, `i18n`, `plan`, `words`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from planmetrics import config, i18n
from planmetrics.plan import Indicator, Plan
from planmetrics.plan.formula import Formula, Name, Negative, Node, Number
from planmetrics.words import say

if TYPE_CHECKING:  # `planmetrics import` loads this module through the command line and never needs pandas
    import pandas as pd

DERIVED = "derived"  # the column telling a computed row from a stored one
PLACE = ["year", "region", "sector", "network"]  # a figure's key but its indicator
# Weakest first: a share computed from an approximate figure is approximate; one from a revised figure, revised.
_NO_FLAG = len(config.FLAGS)  # config.FLAGS is weakest first
_RANKS = {flag: rank for rank, flag in enumerate(config.FLAGS)}
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def to_read(plan: Plan, indicators: Iterable[str]) -> list[str]:
    """The indicators to read from the store to show `indicators`: each one, and a derived one's inputs."""
    found: list[str] = []
    for indicator_id in indicators:
        formula = _formula_of(plan, indicator_id)
        for name in (indicator_id, *(formula.inputs if formula else ())):
            if name not in found:
                found.append(name)
    return found


def stored_only(plan: Plan, indicators: Iterable[str]) -> list[str]:
    """What `indicators` are read from, derived ones replaced by their inputs (a derived figure has no version)."""
    derived = {i.id for i in plan.derived_indicators()}
    return [i for i in to_read(plan, indicators) if i not in derived]


def with_derived(plan: Plan, figures: pd.DataFrame, indicators: Iterable[str] | None = None) -> pd.DataFrame:
    """`figures` (current figures, STORED_COLUMNS and maybe `batch`) with the rows of every derived indicator of
    the plan (or of those among `indicators`) computed from them, and the column `derived`. A stored row of a
    derived indicator (imported before the plan defined its formula) gives way: the computed figure is its value."""
    import pandas as pd  # noqa: PLC0415 - see TYPE_CHECKING above

    formulas = {i.id for i in plan.derived_indicators()}
    stored = figures[~figures["indicator"].isin(formulas)].assign(**{DERIVED: False})
    wanted = None if indicators is None else set(indicators)
    computed = [
        derived_rows(plan, indicator, stored)
        for indicator in plan.derived_indicators()
        if wanted is None or indicator.id in wanted
    ]
    computed = [rows for rows in computed if not rows.empty]
    if not computed:
        return stored
    if "batch" in stored.columns:  # no batch holds a derived figure: a nullable integer column
        stored = stored.astype({"batch": "Int64"})
    return pd.concat([stored, *computed], ignore_index=True)


def derived_rows(plan: Plan, indicator: Indicator, figures: pd.DataFrame) -> pd.DataFrame:
    """One derived indicator's rows, computed from `figures` where every input has a figure (empty when none).

    Each place's inputs are gathered in one pass and the formula evaluated by `Formula.evaluate`, the plan's
    one rule for it: the snapshot's totals are a few dozen rows, where a pandas reshaping costs more than it
    saves, and a whole database's inputs (a million figures) take a fraction of a second."""
    import pandas as pd  # noqa: PLC0415 - see TYPE_CHECKING above

    formula = indicator.formula
    columns = [*figures.columns.drop(DERIVED, errors="ignore"), DERIVED]
    if formula is None or not formula.inputs:
        return pd.DataFrame(columns=columns)
    inputs = figures[figures["indicator"].isin(formula.inputs)]
    if inputs["indicator"].nunique() < len(formula.inputs):  # an input with no figure at all: nothing to compute
        return pd.DataFrame(columns=columns)
    places: dict[tuple[object, ...], dict[str, tuple[float, int]]] = {}
    read = zip(*(inputs[c].tolist() for c in ("indicator", *PLACE, "value", "flag")), strict=True)
    for name, year, region, sector, network, value, flag in read:
        places.setdefault((year, region, sector, network), {})[name] = (value, _RANKS.get(flag, _NO_FLAG))
    computed = []
    for place, found in places.items():
        value = formula.evaluate({name: v for name, (v, _) in found.items()})
        if value is not None:
            computed.append((*place, value, min(rank for _, rank in found.values())))
    if not computed:
        return pd.DataFrame(columns=columns)
    years, regions, sectors, networks, values, ranks = (list(column) for column in zip(*computed, strict=True))
    source_en, source_fr = sources(plan, formula)
    count = len(computed)
    data: dict[str, object] = {
        "indicator": [indicator.id] * count,
        "year": years,
        "region": regions,
        "sector": sectors,
        "network": networks,
        "value": values,
        "unit": [indicator.unit] * count,
        "flag": [config.FLAGS[r] if r < _NO_FLAG else None for r in ranks],
        "source": [source_en] * count,
        config.SOURCE_FR: [source_fr] * count,
        config.QUALITY: [None] * count,
        "batch": pd.array([None] * count, dtype="Int64"),  # no batch holds it
        DERIVED: [True] * count,
    }
    return pd.DataFrame({c: data[c] for c in columns if c in data})


def sources(plan: Plan, formula: Formula) -> tuple[str, str]:
    """A derived figure's source in English and in French: computed by planmetrics, the formula in labels."""
    english = say("derived.source", "en", formula=formula_text(plan, formula, "en"))
    return english, say("derived.source", "fr", formula=formula_text(plan, formula, "fr"))


def formula_text(plan: Plan, formula: Formula, lang: str) -> str:
    """The formula as a person reads it: indicators by their labels, numbers as the reader writes them
    (`Emplois / Emploi au Québec`)."""
    return _said(formula.tree, plan, lang)


def _said(node: Node, plan: Plan, lang: str, parent: int = 0, right_side: bool = False) -> str:
    if isinstance(node, Number):
        decimals = 0 if node.value.is_integer() else len(repr(node.value).partition(".")[2])
        return i18n.format_number(node.value, lang, decimals)
    if isinstance(node, Name):
        return plan.indicator_label(node.indicator, lang)
    if isinstance(node, Negative):
        return "−" + _said(node.operand, plan, lang, 3)
    own = _PRECEDENCE[node.operator]
    left = _said(node.left, plan, lang, own)
    right = _said(node.right, plan, lang, own, right_side=True)
    text = f"{left} {node.operator} {right}"
    return f"({text})" if own < parent or (own == parent and right_side) else text


def inputs_text(plan: Plan, indicator: Indicator, lang: str) -> str:
    """A derived indicator's inputs by their labels, joined as a list (`Emplois et Emploi au Québec`)."""
    names = [plan.indicator_label(i, lang) for i in (indicator.formula.inputs if indicator.formula else ())]
    if len(names) <= 1:
        return "".join(names)
    return say("derived.and", lang, first=", ".join(names[:-1]), last=names[-1])


def _formula_of(plan: Plan, indicator_id: str) -> Formula | None:
    return next((i.formula for i in plan.indicators if i.id == indicator_id), None)
