"""A Statistics Canada table's geographies: which `GEO` texts are regions of the plan, which are set aside.

`Quebec`/`Québec` is the whole of Québec, `Montréal, Quebec` Montréal (`, Quebec` and a `[code]` dropped), and
Canada, the other provinces and any place the plan does not cover are set aside, named in one warning; a table
with none of the plan's places is refused, naming its geographies. `Québec, Quebec` (the census metropolitan
area) is not the province. Imports the ingest helpers, `config`, `i18n`, `plan` and `words`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planmetrics import config
from planmetrics.i18n import format_number as i18n_count
from planmetrics.ingest.results import Problem
from planmetrics.plan import Plan
from planmetrics.words import say

_CODE = re.compile(r"\s*\[[^\[\]]*\]\s*$")
_IN_QUEBEC = re.compile(r",\s*(?:quebec|québec|qc)\s*$", re.IGNORECASE)


def region_of(place: str, plan: Plan) -> str | None:
    """The plan's region a `GEO` text names, or None."""
    text = _CODE.sub("", place).strip()
    if not text:
        return config.TOTAL_REGION
    inside = _IN_QUEBEC.sub("", text)
    if inside != text:  # a place in Québec: a region, never the province itself
        found = plan.match("region", inside)
        return None if found == config.TOTAL_REGION else found
    return plan.match("region", text)


@dataclass
class Places:
    regions: dict[str, str] = field(default_factory=dict)  # GEO text -> region id
    aside: list[str] = field(default_factory=list)  # GEO texts set aside, in file order
    errors: list[Problem] = field(default_factory=list)

    def warning(self, column: str, rows: int, lang: str) -> Problem | None:
        """The one warning naming every place set aside, with the rows it held; None when none was."""
        if not self.aside:
            return None
        named = "; ".join(self.aside)  # a place's name may hold a comma (`Toronto, Ontario`)
        count = i18n_count(rows, lang)
        key = "statcan.places_set_aside" if len(self.aside) > 1 else "statcan.place_set_aside"
        message = say(key, lang, rows=count, count=len(self.aside), places=named)
        return Problem(None, column, None, message)


def places(column: str, texts: list[str], plan: Plan, lang: str) -> Places:
    """The kept geographies (a region each), those set aside, and the refusal when none is kept."""
    found = Places()
    for text in texts:
        region = region_of(text, plan)
        if region is not None:
            found.regions[text] = region
    found.aside = [t for t in texts if t not in found.regions]
    if not found.regions:
        every = "; ".join(texts[:20])
        if len(texts) > 20:
            every += " " + say("import.more_rows", lang, count=len(texts) - 20)
        found.errors.append(Problem(None, column, None, say("statcan.no_place", lang, places=every)))
    return found
