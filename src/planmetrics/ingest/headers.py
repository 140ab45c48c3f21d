"""Headers in English or French, any case, with or without accents, and the unit a header may carry.

`Chiffre d'affaires (G$)`, `Revenue ($M)`, `valeur (k$)`: the name says what the column holds, the part in
brackets scales its numbers. A year's column is headed by its year (`2018`) or by a month or quarter of it
(`2023-01`, `janv. 2023`, `T1 2023`: `month_columns`). Imports `plan` and the ingest helpers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planmetrics.ingest.month_columns import month_or_quarter
from planmetrics.ingest.numbers import header_scale
from planmetrics.ingest.results import Scale
from planmetrics.plan import Plan, normalize_name

ROLES: dict[str, frozenset[str]] = {
    "year": frozenset({"year", "years", "annee", "annees", "an", "ans", "yr"}),
    "indicator": frozenset({"indicator", "indicators", "indicateur", "indicateurs", "measure", "mesure"}),
    "value": frozenset({"value", "values", "valeur", "valeurs", "amount", "montant"}),
    "region": frozenset({"region", "regions", "region administrative", "administrative region", "geo"}),
    "sector": frozenset({"sector", "sectors", "secteur", "secteurs", "secteur d'activite", "industry"}),
    "network": frozenset({"network", "networks", "reseau", "reseaux", "federation"}),
    "unit": frozenset({"unit", "units", "unite", "unites", "uom"}),
    "flag": frozenset({"flag", "flags", "note", "notes", "status", "statut"}),
    "source": frozenset({"source", "sources"}),
    "source_fr": frozenset({"source fr", "source (fr)", "source (francais)", "source francais", "source en francais"}),
    "quality": frozenset({"quality", "quality grade", "qualite", "cote de qualite", "indicateur de qualite"}),
    "derived": frozenset({"derived", "derive", "calcule", "computed"}),
}
_BRACKETED_UNIT = re.compile(r"^(?P<name>.*?)\s*[(\[](?P<unit>[^()\[\]]*)[)\]]\s*$")
_YEAR_HEADER = re.compile(r"\d{4}(?:\.0+)?")


def header_key(text: str) -> str:
    """A header as compared with the known names: no accents, lower case, `_`/`-` as spaces."""
    return re.sub(r"[\s_\-]+", " ", normalize_name(text)).strip()


@dataclass(frozen=True)
class HeaderMeaning:
    kind: str  # a role ("year", "value", ...), "year_column", "indicator_column" or "unknown"
    scale: Scale = field(default_factory=Scale)
    year: str | None = None  # for a year column: its year
    period: str | None = None  # for a month's or a quarter's column (`2023-01`, `T1 2023`): "01"-"12", "Q1"-"Q4"
    indicator: str | None = None  # for an indicator column: its id
    unknown_unit: str | None = None  # words in brackets that were not understood as a unit


def split_unit(text: str) -> tuple[str, str | None]:
    """`Revenue ($M)` -> (`Revenue`, `$M`); a header without brackets has no unit."""
    match = _BRACKETED_UNIT.match(text)
    if match is None or not match.group("name").strip():
        return text, None
    return match.group("name"), match.group("unit")


def with_unit(text: str) -> tuple[str, Scale, str | None]:
    """The name of a header or label, the scale its unit spells, and the unit words not understood."""
    name, unit = split_unit(text)
    if unit is None:
        return text, Scale(), None
    scale, unknown = header_scale(unit)
    return name, scale, (" ".join(unknown) or None)


def role_of(name: str) -> str | None:
    key = header_key(name)
    return next((role for role, names in ROLES.items() if key in names), None)


def understand(header: str, plan: Plan) -> HeaderMeaning:
    """What a column holds, from its header."""
    name, scale, unknown = with_unit(header)
    role = role_of(header) or role_of(name)
    if role is not None:
        return HeaderMeaning(role, scale, unknown_unit=unknown)
    if _YEAR_HEADER.fullmatch(name.strip()):
        return HeaderMeaning("year_column", scale, year=name.strip()[:4], unknown_unit=unknown)
    part = month_or_quarter(name)
    if part is not None:
        return HeaderMeaning("year_column", scale, year=part[0], period=part[1], unknown_unit=unknown)
    indicator = plan.match("indicator", header)
    if indicator is not None:
        return HeaderMeaning("indicator_column", indicator=indicator)
    indicator = plan.match("indicator", name)
    if indicator is not None:
        return HeaderMeaning("indicator_column", scale, indicator=indicator, unknown_unit=unknown)
    return HeaderMeaning("unknown")
