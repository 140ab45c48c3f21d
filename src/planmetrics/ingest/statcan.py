"""Statistics Canada full tables (English and French) -> one `RawFigure` per row of the series chosen.

`REF_DATE` is the year and period (`periods`), `GEO` the region (`places`: other places set aside), the columns
between `GEO`/`DGUID` and `UOM` the table's dimensions (`series`: the member chosen in each, or the sectors),
`VALUE * 10 ** SCALAR_ID` the value, `STATUS`/`SYMBOL` the flag (E, p, r), the quality grade (A-D) and the
missing markers (.., ..., x, F); `UOM` and `SCALAR_ID` are checked against the indicator's unit (`units`).
The indicator comes from `--indicator`, the plan's declared table (`[[statcan_tables]]`, its product id read
from the file's name or `--table`), or an indicator whose `statcan` names appear in the table. The rows are
read through a `Grid` (a careful `Table` here, an Arrow grid for a big file: `statcan_arrow`) and filtered
before any figure is built. Imports `plan` and the ingest helpers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Protocol

from planmetrics.ingest.cells import cell_text
from planmetrics.ingest.headers import header_key
from planmetrics.ingest.layouts import Reshaped, known_indicators, whole
from planmetrics.ingest.messages import listing, shorten
from planmetrics.ingest.periods import frequency
from planmetrics.ingest.places import ASIDE_KINDS, Places, places
from planmetrics.ingest.results import CellValue, Problem, ReadOptions, SeriesChoice, Table
from planmetrics.ingest.series import Selection, Wanted, choice_refusal, choose
from planmetrics.ingest.statcan_figures import FigureBuilder
from planmetrics.ingest.units import unit_problems
from planmetrics.plan import Plan
from planmetrics.plan.model import AnnualRule, StatcanTable, product_id
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


class Grid(Protocol):
    """A table's rows as `reshape_statcan` reads them: distinct texts of a column, and the rows kept."""

    @property
    def header(self) -> list[str]: ...

    def members(self, column: int) -> list[str]: ...

    def first_of(self, column: int, other: int) -> dict[str, str]: ...

    def kept(self, keep: dict[int, frozenset[str]]) -> list[tuple[int, list[CellValue]]]: ...

    def outside(self, column: int, kept: frozenset[str]) -> int: ...


@dataclass
class TableGrid:
    """A careful `Table` as a `Grid`."""

    table: Table

    @property
    def header(self) -> list[str]:
        return self.table.header

    def members(self, column: int) -> list[str]:
        texts = (str(cells[column]).strip() for _, cells in self.table.rows)
        return [t for t in dict.fromkeys(texts) if t]

    def first_of(self, column: int, other: int) -> dict[str, str]:
        """Each text of a column and the text of another on its first row (a `GEO` and its `DGUID`)."""
        pairs: dict[str, str] = {}
        for _, cells in self.table.rows:
            pairs.setdefault(str(cells[column]).strip(), str(cells[other]).strip())
        return pairs

    def kept(self, keep: dict[int, frozenset[str]]) -> list[tuple[int, list[CellValue]]]:
        tests = list(keep.items())
        return [(n, c) for n, c in self.table.rows if all(str(c[i]).strip() in texts for i, texts in tests)]

    def outside(self, column: int, kept: frozenset[str]) -> int:
        return sum(str(cells[column]).strip() not in kept for _, cells in self.table.rows)


@dataclass
class StatcanReshaped(Reshaped):
    series: tuple[SeriesChoice, ...] = ()
    product: str = ""  # the table's product id, 8 digits, when known
    annual: AnnualRule | None = None  # the rule a declared table sets


def columns_of(header: list[str]) -> dict[str, int]:
    keys = [header_key(h) for h in header]
    return {name: keys.index(k) for name, spellings in COLUMNS.items() for k in keys if k in spellings}


def is_statcan(header: list[str]) -> bool:
    found = columns_of(header)
    others = {"geo", "scalar_id", "scalar_factor", "vector", "coordinate", "uom", "dguid"}
    return "ref_date" in found and "value" in found and bool(others & found.keys())


def dimensions_of(header: list[str], columns: dict[str, int]) -> tuple[list[int], list[int]]:
    """The dimensions (between `GEO`/`DGUID` and `UOM`) and the columns ignored (any other one not StatCan's)."""
    standard = set(columns.values())
    first = max(columns.get("geo", -1), columns.get("dguid", -1), columns["ref_date"]) + 1
    last = columns.get("uom", min((i for i in standard if i >= first), default=len(header)))
    others = [
        i for i, h in enumerate(header)
        if i not in standard and h.strip() and not header_key(h).startswith(_COMPANION_PREFIXES)
    ]  # fmt: skip
    return [i for i in others if first <= i < last], [i for i in others if not first <= i < last]


def declared_table(plan: Plan, options: ReadOptions, file_name: str) -> tuple[str, StatcanTable | None]:
    """The product id (from `--table`, else the file's name) and the plan's declaration of that table."""
    product = product_id(options.table or "") or product_id(PurePath(file_name).name) or ""
    return product, plan.statcan_table(product) if product else None


def reshape_statcan(
    grid: Grid, plan: Plan, *, indicator_id: str | None, file_name: str, lang: str, options: ReadOptions
) -> StatcanReshaped:
    """The raw figures of the series chosen, or the problems (a choice missing or unknown, no place, a unit)."""
    header = grid.header
    columns = columns_of(header)
    dimensions, ignored = dimensions_of(header, columns)
    product, declared = declared_table(plan, options, file_name)
    result = StatcanReshaped("statcan", product=product, annual=declared.annual if declared else None)
    if ignored:
        names = listing((repr(shorten(header[i], 40)) for i in ignored), lang=lang)
        result.warnings.append(whole(say("statcan.ignored_columns", lang, names=names)))
    members = {i: grid.members(i) for i in dimensions}
    wanted = Wanted(options.where, options.as_sector)
    if declared is not None and not options.where and options.as_sector is None:
        wanted = Wanted(declared.where, declared.as_sector)
    selection = choose(header, members, wanted, plan, lang)
    result.series = selection.series
    if not grid.members(columns["ref_date"]):
        result.errors.append(whole(say("statcan.no_rows", lang)))
        return result
    geo, dguid = columns.get("geo"), columns.get("dguid")
    dguids = grid.first_of(geo, dguid) if geo is not None and dguid is not None else {}
    found = places(header[geo], grid.members(geo), plan, lang, dguids) if geo is not None else Places()
    if indicator_id is None and declared is not None:
        indicator_id = declared.indicator
    if indicator_id is None:
        indicator_id = _mapped_indicator(header, dimensions, members, plan, file_name=file_name, result=result,
                                         lang=lang)  # fmt: skip
    result.errors += selection.errors + found.errors
    result.warnings += selection.warnings
    if selection.missing_choice and not selection.errors:
        typed = options.indicator.strip() if options.indicator else ""
        shown = typed or (None if indicator_id else say("statcan.indicator_placeholder", lang))
        result.errors.append(choice_refusal(selection, file_name, shown, options, lang))
    if result.errors or indicator_id is None:
        return result
    rows = _kept_rows(grid, selection, found, geo=geo, result=result, lang=lang)
    result.errors += unit_problems(header, columns, rows, plan.indicator(indicator_id), lang)
    if result.errors:
        return result
    how_often = frequency(dict.fromkeys(cell_text(cells[columns["ref_date"]]) for _, cells in rows))
    if how_often in ("week", "day"):  # never months: refused once, not as 40 conflicts
        key = "statcan.weekly" if how_often == "week" else "statcan.daily"
        result.errors.append(Problem(None, header[columns["ref_date"]], None, say(key, lang)))
        return result
    build = FigureBuilder(header, columns, indicator_id, how_often, found.regions, selection, lang)
    result.figures = [f for f in (build.figure(n, cells, result) for n, cells in rows) if f is not None]
    return result


def _kept_rows(
    grid: Grid, selection: Selection, found: Places, *, geo: int | None, result: Reshaped, lang: str
) -> list[tuple[int, list[CellValue]]]:
    """The rows of the series chosen and the plan's places; each kind of place set aside said in one warning."""
    keep = dict(selection.keep)
    if selection.sector_column is not None:
        keep[selection.sector_column] = frozenset(selection.sectors)
    if geo is not None:
        keep[geo] = frozenset({*found.regions, ""})
        every = frozenset({*found.regions, "", *(t for texts in found.aside.values() for t in texts)})
        for kind in ASIDE_KINDS:
            rows = grid.outside(geo, every - frozenset(found.aside.get(kind, []))) if kind in found.aside else 0
            aside = found.warning(grid.header[geo], kind, rows, lang)
            result.warnings += [aside] if aside is not None else []
    return grid.kept(keep)


def _mapped_indicator(
    header: list[str], dimensions: list[int], members: dict[int, list[str]], plan: Plan, *, file_name: str,
    result: Reshaped, lang: str,
) -> str | None:  # fmt: skip
    """The indicator whose `statcan` names appear in the file's name, a dimension's header or its members."""
    texts = {header_key(PurePath(file_name).stem)} | {header_key(header[i]) for i in dimensions}
    texts |= {header_key(text) for i in dimensions for text in members[i]}
    found = [
        indicator
        for indicator in plan.indicators
        if not indicator.derived and any(header_key(name) in text for name in indicator.statcan for text in texts)
    ]
    if len(found) == 1:
        return found[0].id
    if found:
        names = listing((i.label.get(lang) for i in found), lang=lang)
        result.errors.append(whole(say("import.statcan_several_indicators", lang, names=names)))
    else:
        result.errors.append(whole(say("import.statcan_no_indicator", lang, known=known_indicators(plan, lang))))
    return None
