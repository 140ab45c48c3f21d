"""Statistics Canada full-table CSV (English and French) -> one `RawFigure` per row.

`REF_DATE` (`2018`, `2018-01`, `2017/2018` -> 2018) is the year, `GEO` the region, `VALUE * 10 ** SCALAR_ID`
the value, `STATUS`/`SYMBOL` the flag (E, p, r) and the missing markers (.., x, F). The indicator comes from
`--indicator` or from an indicator whose `statcan` names appear in the table. Imports `plan` and the
ingest helpers.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from planmetrics.ingest.headers import header_key
from planmetrics.ingest.layouts import Reshaped, known_indicators, whole
from planmetrics.ingest.messages import listing, shorten
from planmetrics.ingest.results import Cell, CellValue, Problem, RawFigure, Scale, Table
from planmetrics.plan import Plan
from planmetrics.words import say

COLUMNS: dict[str, frozenset[str]] = {
    "ref_date": frozenset({"ref date", "periode de reference"}),
    "geo": frozenset({"geo"}),
    "dguid": frozenset({"dguid"}),
    "uom": frozenset({"uom", "unite de mesure"}),
    "uom_id": frozenset({"uom id", "identificateur d'unite de mesure"}),
    "scalar_factor": frozenset({"scalar factor", "facteur scalaire"}),
    "scalar_id": frozenset({"scalar id", "identificateur scalaire"}),
    "vector": frozenset({"vector", "vecteur"}),
    "coordinate": frozenset({"coordinate", "coordonnees"}),
    "value": frozenset({"value", "valeur"}),
    "status": frozenset({"status", "statut"}),
    "symbol": frozenset({"symbol", "symbole"}),
    "terminated": frozenset({"terminated", "termine"}),
    "decimals": frozenset({"decimals", "decimales"}),
    "frame": frozenset({"frame"}),
}
# Columns that only describe a dimension beside it (its code, its place in a hierarchy).
_COMPANION_PREFIXES = ("classification code for", "code de classification pour", "hierarchy for", "hierarchie pour")
MISSING_STATUS = frozenset({"..", "...", "x", "F"})
FLAG_CODES = {"E": "E", "e": "E", "p": "p", "r": "r"}
SCALAR_FACTORS = {
    "units": 0, "unites": 0, "tens": 1, "dizaines": 1, "hundreds": 2, "centaines": 2,
    "thousands": 3, "milliers": 3, "millions": 6, "billions": 9, "milliards": 9,
}  # fmt: skip
_REF_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-\d{2})?)?|\d{4}\s*[/-]\s*(?P<end>\d{4})")


def columns_of(header: list[str]) -> dict[str, int]:
    keys = [header_key(h) for h in header]
    return {name: keys.index(k) for name, spellings in COLUMNS.items() for k in keys if k in spellings}


def is_statcan(header: list[str]) -> bool:
    found = columns_of(header)
    others = {"geo", "scalar_id", "scalar_factor", "vector", "coordinate", "uom", "dguid"}
    return "ref_date" in found and "value" in found and bool(others & found.keys())


def reshape_statcan(table: Table, plan: Plan, indicator_id: str | None, file_name: str, lang: str) -> Reshaped:
    result = Reshaped("statcan")
    columns = columns_of(table.header)
    dimensions = _dimensions(table.header, columns)
    _check_one_series(table, dimensions, result, lang)
    _check_annual(table, columns["ref_date"], result, lang)
    indicator_id = indicator_id or _mapped_indicator(
        table, plan, dimensions, file_name=file_name, result=result, lang=lang
    )
    if result.errors or indicator_id is None:
        return result
    for row, cells in table.rows:
        figure = _figure(table.header, columns, row, cells, indicator_id=indicator_id, result=result, lang=lang)
        if figure is not None:
            result.figures.append(figure)
    return result


def _dimensions(header: list[str], columns: dict[str, int]) -> list[int]:
    standard = set(columns.values())
    return [
        i
        for i, h in enumerate(header)
        if i not in standard and h.strip() and not header_key(h).startswith(_COMPANION_PREFIXES)
    ]


def _check_one_series(table: Table, dimensions: list[int], result: Reshaped, lang: str) -> None:
    for i in dimensions:
        values = list(dict.fromkeys(str(cells[i]).strip() for _, cells in table.rows if str(cells[i]).strip()))
        if len(values) > 1:
            examples = listing((shorten(v, 40) for v in values), limit=3, lang=lang)
            message = say(
                "import.statcan_several_series", lang, column=table.header[i], count=len(values), examples=examples
            )
            result.errors.append(Problem(None, table.header[i], None, message))


def _check_annual(table: Table, ref_date: int, result: Reshaped, lang: str) -> None:
    for _, cells in table.rows:
        match = _REF_DATE.fullmatch(str(cells[ref_date]).strip())
        if match and match.group("month") not in (None, "01"):
            result.errors.append(whole(say("import.statcan_not_annual", lang, value=match.group())))
            return


def _mapped_indicator(
    table: Table, plan: Plan, dimensions: list[int], *, file_name: str, result: Reshaped, lang: str
) -> str | None:
    """The indicator whose `statcan` names appear in the file's name, a dimension's header or its values."""
    texts = {header_key(PurePath(file_name).stem)} | {header_key(table.header[i]) for i in dimensions}
    texts |= {header_key(str(cells[i])) for i in dimensions for _, cells in table.rows[:1000]}
    found = [
        indicator
        for indicator in plan.indicators
        if any(header_key(name) in text for name in indicator.statcan for text in texts)
    ]
    if len(found) == 1:
        return found[0].id
    if found:
        names = listing((i.label.get(lang) for i in found), lang=lang)
        result.errors.append(whole(say("import.statcan_several_indicators", lang, names=names)))
    else:
        result.errors.append(whole(say("import.statcan_no_indicator", lang, known=known_indicators(plan, lang))))
    return None


def _figure(
    header: list[str],
    columns: dict[str, int],
    row: int,
    cells: list[CellValue],
    *,
    indicator_id: str,
    result: Reshaped,
    lang: str,
) -> RawFigure | None:
    def cell(name: str) -> Cell | None:
        return Cell(header[columns[name]], cells[columns[name]]) if name in columns else None

    value = Cell(header[columns["value"]], cells[columns["value"]])
    marks = [str(c.value).strip() for c in (cell("status"), cell("symbol")) if c is not None]
    missing = next((m for m in marks if m in MISSING_STATUS), None)
    if missing is not None:
        value = Cell(value.column, missing)
    flag = next((FLAG_CODES[m] for m in (*marks, *" ".join(marks).split()) if m in FLAG_CODES), None)
    scale = _scale(cell("scalar_id"), cell("scalar_factor"), row, result, lang)
    if scale is None:
        return None
    ref_date = Cell(header[columns["ref_date"]], cells[columns["ref_date"]])
    return RawFigure(
        row=row,
        value=value,
        year=Cell(ref_date.column, year_of(str(ref_date.value))),
        region=cell("geo"),
        flag=Cell(header[columns.get("symbol", columns.get("status", 0))], flag) if flag else None,
        indicator_id=indicator_id,
        scale=scale.combine(_uom_scale(cell("uom"))),
    )


def year_of(ref_date: str) -> str:
    """`2018`, `2018-01`, `2018-01-01` -> `2018`; `2017/2018` -> `2018`; anything else as written."""
    match = _REF_DATE.fullmatch(ref_date.strip())
    if match is None:
        return ref_date
    return match.group("end") or match.group("year")


def _scale(scalar_id: Cell | None, factor: Cell | None, row: int, result: Reshaped, lang: str) -> Scale | None:
    if scalar_id is not None and str(scalar_id.value).strip():
        text = str(scalar_id.value).strip()
        power = text[:-2] if text.endswith(".0") else text
        if not re.fullmatch(r"\d{1,2}", power):
            result.errors.append(
                Problem(row, scalar_id.column, shorten(text), say("import.bad_scalar", lang, value=text))
            )
            return None
        return Scale(float(10 ** int(power)))
    if factor is not None:
        return Scale(float(10 ** SCALAR_FACTORS.get(header_key(str(factor.value)), 0)))
    return Scale()


def _uom_scale(uom: Cell | None) -> Scale:
    text = header_key(str(uom.value)) if uom is not None else ""
    if text.startswith(("percent", "pourcent")):
        return Scale(percent=True)
    return Scale(currency="dollar" in text)
