"""A cell as the validator reads it and a figure as its messages write it: a cell's text (a workbook's 2018.0 is
`2018`, an export's `'` before `= + - @` removed), the spellings of a total, a value in full (`10 000 000`, or
`1,2 × 10^30` past what a person counts), and a big file's figures checked against their units' bounds at once.
Imports `i18n`, `plan` and the ingest helpers.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyarrow as pa

from planmetrics import i18n
from planmetrics.ingest.arrays import to_numpy
from planmetrics.ingest.results import CellValue
from planmetrics.plan import Plan

TOTAL_SPELLINGS = frozenset(
    {
        "all",
        "total",
        "tous",
        "toutes",
        "ensemble",
        "all sectors",
        "tous les secteurs",
        "all networks",
        "tous les reseaux",
    }
)
_FORMULA_SIGNS = frozenset("=+-@")


def cell_text(value: CellValue) -> str:
    """A cell as text, trimmed, without the `'` that exports put before formula-like text."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = value.strip()
    # every cell of a file comes here, several times: a test of its first sign, not a regular expression
    return text[1:] if text[:1] == "'" and text[1:2] in _FORMULA_SIGNS else text


def format_value(value: float, lang: str) -> str:
    text = format(value, ",.15g")
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "fr" else text


def amount(value: float, unit: str, lang: str) -> str:
    """A figure in its unit for a message: in full (`10 000 000`), or `1,2 × 10^30` when in full it would be
    more digits than a person counts (and than a float holds exactly)."""
    if abs(value) < 1e15:
        return i18n.format_value(value, unit, lang, compact=False)
    exponent = math.floor(math.log10(abs(value)))
    digits = f"{abs(value) / 10**exponent:.3g}"
    sign = "−" if value < 0 else ""
    return f"{sign}{digits.replace('.', ',') if lang == 'fr' else digits} × 10^{exponent}"


def within_bounds(figures: pa.Table, plan: Plan) -> bool:
    """Whether every figure of a table (a big file's, read at once) is finite and within its unit's bound."""
    if not len(figures):
        return True
    units: Any = figures.column("unit").combine_chunks()
    if not pa.types.is_dictionary(units.type):
        units = units.dictionary_encode()
    bounds = np.asarray([plan.bound(unit) for unit in units.dictionary.to_pylist()], dtype=np.float64)
    per_row = bounds[to_numpy(units.indices)]
    values = to_numpy(figures.column("value").combine_chunks())
    return bool((np.isfinite(values) & (np.abs(values) <= per_row)).all())
