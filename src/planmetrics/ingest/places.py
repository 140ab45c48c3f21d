"""A Statistics Canada table's geographies: which `GEO` texts are regions of the plan, which are set aside.

A place is decided from its `DGUID`'s geography type (vintage, `A` administrative or `S` statistical, a schema
of four digits, then the place's id): a country or province (`A0000`, `A0002`) is known by its name, `Quebec`
or `Québec` the whole of Québec; an economic region (`S0500`) in Quebec is the plan's region of its name
(Quebec's economic regions follow its administrative regions; `Gaspésie--Îles-de-la-Madeleine` is written with
two dashes), unless it holds several of them (`Côte-Nord and Nord-du-Québec`); a census metropolitan
area or agglomeration (`S0503`, `S0504`) is set aside as such, whatever its name (`Montréal, Quebec` there is
about twice the region); Canada, the other provinces and every other type are set aside. Without a `DGUID`,
`Quebec`/`Québec` is the whole of Québec and a place written `X, Quebec` is set aside, for it cannot be told
from a metropolitan area. Each kind of place set aside is said in one warning; a table with none of the plan's
places is refused, naming its geographies. Imports the ingest helpers, `config`, `i18n`, `plan` and `words`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from planmetrics import config
from planmetrics.i18n import format_number as i18n_count
from planmetrics.ingest.messages import separated
from planmetrics.ingest.results import Problem
from planmetrics.plan import Plan
from planmetrics.words import say

Aside = Literal["elsewhere", "metropolitan", "unsure"]
ASIDE_KINDS: tuple[Aside, ...] = ("elsewhere", "metropolitan", "unsure")
_CODE = re.compile(r"\s*\[[^\[\]]*\]\s*$")
_IN_QUEBEC = re.compile(r",\s*(?:quebec|québec|qc)\s*$", re.IGNORECASE)
_DGUID = re.compile(r"(?P<vintage>\d{4})(?P<type>[AS])(?P<schema>\d{4})(?P<id>\w*)", re.IGNORECASE)
WHOLE_PLACES = frozenset({"A0000", "A0001", "A0002"})  # Canada, its geographic regions, a province
ECONOMIC_REGION = "S0500"
METROPOLITAN = frozenset({"S0503", "S0504"})  # census metropolitan areas, census agglomerations
QUEBEC_PROVINCE_ID = "24"
PLACES_LISTED = 20


def geography_type(dguid: str) -> tuple[str, str] | None:
    """A DGUID's geography type and the place's id (`2016S0503462` -> (`S0503`, `462`)); None for no DGUID."""
    match = _DGUID.fullmatch(dguid.strip())
    if match is None:
        return None
    return f"{match.group('type').upper()}{match.group('schema')}", match.group("id")


def region_of(place: str, plan: Plan, dguid: str = "") -> str | Aside:
    """The plan's region a `GEO` text names (its `DGUID` deciding what kind of place it is), or why not."""
    text = _CODE.sub("", place).strip()
    if not text:
        return config.TOTAL_REGION
    inside = _IN_QUEBEC.sub("", text)
    kind = geography_type(dguid)
    if kind is None or kind[0] in WHOLE_PLACES:  # the name says which country or province
        if inside != text:  # `Montréal, Quebec`: a region or a metropolitan area, we cannot tell
            return "unsure"
        return plan.match("region", text) or "elsewhere"
    schema, place_id = kind
    if schema == ECONOMIC_REGION and (inside != text or place_id.startswith(QUEBEC_PROVINCE_ID)):
        found = plan.match("region", inside.replace("--", "-"))
        return found if found is not None and found != config.TOTAL_REGION else "elsewhere"
    return "metropolitan" if schema in METROPOLITAN else "elsewhere"


@dataclass
class Places:
    regions: dict[str, str] = field(default_factory=dict)  # GEO text -> region id
    aside: dict[Aside, list[str]] = field(default_factory=dict)  # why -> GEO texts set aside, in file order
    errors: list[Problem] = field(default_factory=list)

    def warning(self, column: str, kind: Aside, rows: int, lang: str) -> Problem | None:
        """The one warning naming every place of a kind set aside, with the rows it held; None when none was."""
        texts = self.aside.get(kind, [])
        if not texts:
            return None
        named = separated(texts, lang)  # a place's name may hold a comma (`Toronto, Ontario`)
        number = "one_row" if rows == 1 else "one" if len(texts) == 1 else "many"
        message = say(f"statcan.aside_{kind}_{number}", lang, rows=i18n_count(rows, lang), count=len(texts),
                      places=named)  # fmt: skip
        return Problem(None, column, None, message)


def places(column: str, texts: list[str], plan: Plan, lang: str, dguids: dict[str, str] | None = None) -> Places:
    """The kept geographies (a region each), those set aside by kind, and the refusal when none is kept."""
    found = Places()
    for text in texts:
        region = region_of(text, plan, (dguids or {}).get(text, ""))
        if region in ASIDE_KINDS:
            found.aside.setdefault(region, []).append(text)
        else:
            found.regions[text] = region
    if not found.regions:
        every = separated(texts[:PLACES_LISTED], lang)
        if len(texts) > PLACES_LISTED:
            every += " " + say("import.more_rows", lang, count=len(texts) - PLACES_LISTED)
        key = "statcan.no_place_metropolitan" if "metropolitan" in found.aside else "statcan.no_place"
        found.errors.append(Problem(None, column, None, say(key, lang, places=every)))
    return found
