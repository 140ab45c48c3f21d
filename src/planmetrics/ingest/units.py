"""A Statistics Canada table's units: `SCALAR_ID` (or `SCALAR_FACTOR`) and `UOM` as a row's scale, and both checked
once per table against the indicator's unit.

Dollars only for money indicators, an index (`2002=100`, `Index`) only for index indicators, a percentage only for
percent or fraction indicators, a count (`Persons`, `Number`, `Jobs`) for none of those three; a `UOM` this module
does not know is taken as it comes. An index or a percentage scaled by thousands is not one. The refusal names the
unit and cites the column. Imports the ingest helpers, `plan` and `words`.
"""

from __future__ import annotations

import re

from planmetrics.ingest.headers import header_key
from planmetrics.ingest.messages import shorten
from planmetrics.ingest.results import Cell, CellValue, Problem, Scale
from planmetrics.plan import Indicator
from planmetrics.words import say

SCALAR_FACTORS = {
    "units": 0, "unites": 0, "tens": 1, "dizaines": 1, "hundreds": 2, "centaines": 2,
    "thousands": 3, "milliers": 3, "millions": 6, "billions": 9, "milliards": 9,
}  # fmt: skip
MONEY = frozenset({"dollars", "dollar", "$", "cad"})
PERCENT = frozenset({"percent", "%", "fraction", "share", "rate", "ratio", "pourcentage", "taux", "part"})
_COUNTS = ("persons", "personnes", "number", "nombre", "jobs", "emplois", "employees", "employes", "units of")


def kind_of_uom(text: str) -> str | None:
    """`money`, `index`, `percent` or `count` for a `UOM` cell; None for a unit not known here."""
    key = header_key(text)
    if not key:
        return None
    if key.startswith(("percent", "pourcent")) or key == "%":
        return "percent"
    if "dollar" in key:
        return "money"
    if "index" in key or "indice" in key or re.search(r"\d{4}\s*=\s*100", key):
        return "index"
    if key.startswith(_COUNTS):
        return "count"
    return None


def kind_of_indicator(indicator: Indicator) -> str:
    unit = header_key(indicator.unit)
    return "money" if unit in MONEY else "percent" if unit in PERCENT else "index" if unit == "index" else "count"


def scale_of(scalar_id: Cell | None, factor: Cell | None, uom: Cell | None, lang: str) -> Scale | Problem:
    """A row's scale: `10 ** SCALAR_ID` (else its `SCALAR_FACTOR`), a percentage or money from its `UOM`."""
    power = 0
    if scalar_id is not None and str(scalar_id.value).strip():
        text = str(scalar_id.value).strip()
        digits = text[:-2] if text.endswith(".0") else text
        if not re.fullmatch(r"\d{1,2}", digits):
            return Problem(None, scalar_id.column, shorten(text), say("import.bad_scalar", lang, value=text))
        power = int(digits)
    elif factor is not None:
        power = SCALAR_FACTORS.get(header_key(str(factor.value)), 0)
    kind = kind_of_uom(str(uom.value)) if uom is not None else None
    return Scale(float(10**power), currency=kind == "money", percent=kind == "percent")


def unit_problems(
    header: list[str], columns: dict[str, int], rows: list[tuple[int, list[CellValue]]], indicator: Indicator,
    lang: str,
) -> list[Problem]:  # fmt: skip
    """The table's `UOM` and `SCALAR_ID` that do not fit the indicator: one problem per unit, at its first row."""
    wanted = kind_of_indicator(indicator)
    label, unit = indicator.label.get(lang), indicator.unit_word(lang)
    problems = []
    uom = columns.get("uom")
    seen: set[str] = set()
    for row, cells in rows:
        text = str(cells[uom]).strip() if uom is not None else ""
        kind = kind_of_uom(text)
        if text in seen or kind is None:
            continue
        seen.add(text)
        if kind != wanted:
            message = say(f"statcan.unit_{kind}", lang, value=text, column=header[uom or 0], indicator=label,
                          unit=unit)  # fmt: skip
            problems.append(Problem(row, header[uom or 0], shorten(text), message))
    scalar = columns.get("scalar_id")
    if wanted in ("index", "percent") and scalar is not None:
        scaled = next(((r, c) for r, c in rows if str(c[scalar]).strip() not in ("", "0", "0.0")), None)
        if scaled is not None:
            text = str(scaled[1][scalar]).strip()
            message = say("statcan.scaled_ratio", lang, value=text, column=header[scalar], indicator=label, unit=unit)
            problems.append(Problem(scaled[0], header[scalar], shorten(text), message))
    return problems
