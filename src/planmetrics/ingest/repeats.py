"""One value per figure: the row and value of each figure read, and the problem for a second, different value of
the same figure (its indicator, year, region, sector and network named as a person reads them, with the row read
first). Imports `plan`, `words` and the ingest helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planmetrics.ingest.cells import cell_text, format_value
from planmetrics.ingest.messages import shorten
from planmetrics.ingest.results import CellValue, Problem
from planmetrics.plan import Plan
from planmetrics.words import say

TOLERANCE = 1e-9  # relative: two readings of one figure that differ by less are the same value
# Conflicts described in full (each figure named by its labels, both values): past them, each further row gets one
# sentence, the same for all, which the refusal lists once with its rows (a file giving every figure twice is
# refused at once, not after naming 200,000 figures nobody reads).
WORDED_CONFLICTS = 1_000


def differs(first: float, second: float) -> bool:
    return abs(first - second) > TOLERANCE * max(1.0, abs(first))


@dataclass
class Repeats:
    plan: Plan
    lang: str
    _seen: dict[tuple[object, ...], tuple[int, float]] = field(default_factory=dict)
    _worded: int = 0

    def repeat(
        self, key: tuple[object, ...], row: int, column: str, value: float, text: str
    ) -> tuple[bool, Problem | None]:
        """Whether a figure was read before, and the problem when it was with another value."""
        earlier = self._seen.get(key)
        if earlier is None:
            self._seen[key] = (row, value)
            return False, None
        if not differs(earlier[1], value):
            return True, None
        self._worded += 1
        if self._worded > WORDED_CONFLICTS:
            return True, Problem(row, column, None, say("import.conflict_more", self.lang, count=WORDED_CONFLICTS))
        return True, self.conflict(row, column, text, self.figure_name(key), earlier=earlier, value=value)

    def conflict(
        self, row: int, column: str, text: CellValue, what: str, *, earlier: tuple[int, float], value: float
    ) -> Problem:
        """Two different values for one figure: the row read first and its value, then this one."""
        first_row, first = earlier
        message = say("import.conflict", self.lang, what=what, first=format_value(first, self.lang),
                      first_row=first_row, second=format_value(value, self.lang))  # fmt: skip
        return Problem(row, column, shorten(cell_text(text)), message)

    def figure_name(self, key: tuple[object, ...]) -> str:
        """A figure as a person names it: `Emplois 2018 (Montréal, tous les secteurs, tous les réseaux)`."""
        indicator, year, region, sector, network = (str(part) for part in key)
        places = [
            self.plan.label_of(d, v, self.lang)
            for d, v in (("region", region), ("sector", sector), ("network", network))
        ]
        return f"{self.plan.indicator(indicator).label.get(self.lang)} {year} ({', '.join(places)})"
