"""Long and wide layouts -> one `RawFigure` per value cell.

Long: one row per figure (year, indicator, value, ...). Wide: one column per year (2014, 2018, ...) or one
column per indicator (jobs, Chiffre d'affaires (G$), ...), the other columns beside them. The layout is
read from the headers; nothing is checked here but the headers themselves. Imports `plan` and the
ingest helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planmetrics.ingest.headers import HeaderMeaning, understand
from planmetrics.ingest.messages import listing, role_name, shorten
from planmetrics.ingest.results import Cell, Problem, RawFigure, Table
from planmetrics.plan import Plan
from planmetrics.words import say

HEADER_CHARS = 60  # a header cell quoted in a message: a 4,000-character cell is not quoted whole
DESCRIPTIVE_ROLES = (
    "year", "indicator", "region", "sector", "network", "unit", "flag", "source", "source_fr", "quality", "derived",
)  # fmt: skip


@dataclass
class Reshaped:
    layout: str
    figures: list[RawFigure] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    network_column: bool = False  # a column of the file was read as the figures' network


def whole(message: str) -> Problem:
    return Problem(None, None, None, message)


def known_indicators(plan: Plan, lang: str) -> str:
    """The plan's indicators a file may hold, by the names a person reads (and may type: labels are matched like
    ids); a derived indicator is computed, never imported, so it is not offered."""
    return listing((i.label.get(lang) for i in plan.indicators if not i.derived), limit=20, lang=lang)


def has_layout(header: list[str], plan: Plan) -> bool:
    """Whether a header holds figures: a value column, year (or month) columns or indicator columns."""
    kinds = {understand(h, plan).kind for h in header if h.strip()}
    return bool(kinds & {"value", "year_column", "indicator_column"})


def reshape(table: Table, plan: Plan, indicator_id: str | None, lang: str) -> Reshaped:
    """The figures of a long or wide table, or the problems of its headers."""
    meanings = [understand(h, plan) for h in table.header]
    result = Reshaped("long")
    roles = _role_columns(table.header, meanings, lang, result)
    result.network_column = "network" in roles
    kinds = {m.kind for m in meanings}
    headers = listing((repr(shorten(h, HEADER_CHARS)) for h in table.header), limit=10, lang=lang)
    if "value" in roles:
        layout = "long"
    elif "year_column" in kinds:
        layout = "wide_year"
    elif "indicator_column" in kinds:
        layout = "wide_indicator"
    else:
        result.layout = ""
        result.errors.append(whole(say("import.no_value_column", lang, headers=headers)))
        return result
    result.layout = "long" if layout == "long" else "wide"
    if layout != "wide_year" and "year" not in roles:
        result.errors.append(whole(say("import.no_year_column", lang, headers=headers)))
    if layout != "wide_indicator" and "indicator" not in roles and indicator_id is None:
        result.errors.append(whole(say("import.no_indicator", lang, known=known_indicators(plan, lang))))
    _warn_ignored(table.header, meanings, layout, result, lang)
    if result.errors:
        return result
    value_columns = _value_columns(meanings, roles, layout)
    for row, cells in table.rows:
        described = {role: Cell(table.header[i], cells[i]) for role, i in roles.items() if role != "value"}
        for i in value_columns:
            result.figures.append(
                _figure(
                    row=row,
                    header=table.header[i],
                    value=cells[i],
                    meaning=meanings[i],
                    described=described,
                    indicator_id=indicator_id,
                )
            )
    return result


def _role_columns(header: list[str], meanings: list[HeaderMeaning], lang: str, result: Reshaped) -> dict[str, int]:
    roles: dict[str, int] = {}
    for role in (*DESCRIPTIVE_ROLES, "value"):
        found = [i for i, m in enumerate(meanings) if m.kind == role]
        if len(found) > 1:
            names = ", ".join(repr(shorten(header[i], HEADER_CHARS)) for i in found)
            result.errors.append(whole(say("import.duplicate_column", lang, role=role_name(lang, role), names=names)))
        if found:
            roles[role] = found[0]
    return roles


def _value_columns(meanings: list[HeaderMeaning], roles: dict[str, int], layout: str) -> list[int]:
    if layout == "long":
        return [roles["value"]]
    kind = "year_column" if layout == "wide_year" else "indicator_column"
    return [i for i, m in enumerate(meanings) if m.kind == kind]


def _figure(
    *,
    row: int,
    header: str,
    value: str | float,
    meaning: HeaderMeaning,
    described: dict[str, Cell],
    indicator_id: str | None,
) -> RawFigure:
    year = Cell(header, meaning.year) if meaning.year is not None else described.get("year")
    return RawFigure(
        row=row,
        value=Cell(header, value),
        year=year,
        indicator=None if meaning.indicator else described.get("indicator"),
        region=described.get("region"),
        sector=described.get("sector"),
        network=described.get("network"),
        unit=described.get("unit"),
        flag=described.get("flag"),
        source=described.get("source"),
        source_fr=described.get("source_fr"),
        quality=described.get("quality"),
        derived=described.get("derived"),
        indicator_id=meaning.indicator or indicator_id,
        scale=meaning.scale,
        period=meaning.period,
    )


def _warn_ignored(header: list[str], meanings: list[HeaderMeaning], layout: str, result: Reshaped, lang: str) -> None:
    used = {"long": (), "wide_year": ("year_column",), "wide_indicator": ("indicator_column",)}[layout]
    ignored = [h for h, m in zip(header, meanings, strict=True) if h.strip() and m.kind in {"unknown", *_unused(used)}]
    if ignored:
        names = listing((repr(shorten(h, 40)) for h in ignored), lang=lang)
        result.warnings.append(whole(say("import.ignored_columns", lang, names=names)))
    for h, m in zip(header, meanings, strict=True):
        if m.unknown_unit and m.kind not in {"unknown", *_unused(used)}:
            result.warnings.append(
                Problem(None, h, h, say("import.header_unit_ignored", lang, value=h, words=m.unknown_unit))
            )


def _unused(used: tuple[str, ...]) -> set[str]:
    return {"year_column", "indicator_column"} - set(used)
