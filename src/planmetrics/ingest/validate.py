"""Every cell of every raw figure checked at once -> figures in storage units, and every problem found.

Years 1900-2100, indicators and regions known to the plan, numbers as people type them (digits 0-9 only),
each figure finite and within its unit's bound (the plan file's [bounds], `Plan.bound`; `within_bounds` for a
big file's figures at once), flags from a closed list, one value per figure key. Sectors and networks are
matched through the plan's ids, labels and aliases (a total's spellings give the total); one that matches none
is kept as written and named in one warning per kind (`unknown_warnings`). A network editor's submission
(`network`): a row with no network, or the total, is hers; a row naming any other network (of the plan or not) is
refused at its row and network column. A year the plan team locked (`locked_years`) is refused at its row and
year column (a wide file's year header, a StatCan table's `REF_DATE`). Text cells are stored as text; the
one `'` an export puts before `= + - @` is removed. Imports `config`, `i18n`, `plan`, `words` and the ingest
helpers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from planmetrics import config
from planmetrics.i18n import format_number
from planmetrics.ingest.cells import TOTAL_SPELLINGS, amount, cell_text, format_value, within_bounds
from planmetrics.ingest.headers import with_unit
from planmetrics.ingest.marks import FLAG_SPELLINGS, derived_warnings, grade_of, says_derived
from planmetrics.ingest.messages import listing, separated_listing, shorten
from planmetrics.ingest.numbers import (
    NotANumber,
    Number,
    digit_name,
    foreign_digit,
    header_scale,
    is_missing,
    parse_number,
)
from planmetrics.ingest.periods import Years, period_name
from planmetrics.ingest.repeats import Repeats
from planmetrics.ingest.results import Cell, Problem, RawFigure, Scale, plain_missing
from planmetrics.ingest.units import MONEY, PERCENT
from planmetrics.plan import Plan, normalize_name
from planmetrics.plan.model import AnnualRule
from planmetrics.words import say

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TOTAL_SPELLINGS", "YEAR_RANGE", "Validator", "cell_text", "format_value", "within_bounds"]

YEAR_RANGE = (1900, 2100)
UNKNOWN_LISTED = 10  # names of sectors or networks the plan does not know, listed in their warning
Named = Literal["sector", "network"]


@dataclass
class Validator:
    plan: Plan
    lang: str
    default_source: str
    decimal: str
    default_source_fr: str | None = None  # the French of `default_source`, when it is ours (a StatCan table's)
    annual: AnnualRule | None = None  # how periods make a year, over each indicator's rule (`--annual`)
    network: str | None = None  # a network editor's submission: every row is this network's, or refused
    locked_years: frozenset[int] = frozenset()  # a row in one of these years is refused at its row
    figures: list[tuple[object, ...]] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skipped_missing: int = 0
    skipped_derived: dict[str, int] = field(default_factory=dict)  # indicator -> rows skipped
    derived_said: int = 0  # rows skipped as derived, said by `finish`
    years: Years = field(default_factory=Years)  # figures of a month or quarter, made into years by `finish`
    _names: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _units: dict[str, Scale] = field(default_factory=dict)
    _bounds: dict[str, float] = field(default_factory=dict)  # indicator -> its unit's bound
    _derived: dict[tuple[str, str | None], tuple[bool, str]] = field(default_factory=dict)  # -> derived?, name
    _totals: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, text) -> what `_total_or_text` gives
    # kind -> the names of that kind the plan does not know, in the order first met, and the column they were in
    unknown: dict[Named, dict[str, None]] = field(default_factory=dict)
    _unknown_column: dict[Named, str] = field(default_factory=dict)
    _unit_of: dict[str, str] = field(default_factory=dict)  # indicator -> its unit
    _own: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # text -> the network id, or why not

    def __post_init__(self) -> None:
        self._repeats = Repeats(self.plan, self.lang)

    def add(self, raw: RawFigure) -> None:
        """Check one raw figure; keep it, skip it (a missing-value marker, a derived indicator's row), keep its
        period for its year (`finish`) or record its problems."""
        if self._is_derived(raw):
            return
        if isinstance(raw.value.value, str) and is_missing(raw.value.value):
            self.skipped_missing += 1
            return
        problems: list[Problem] = []
        year = self._year(raw, problems)
        indicator, label_scale = self._indicator(raw, problems)
        region = self._region(raw.region, raw.row, problems)
        value = self._value(raw, indicator, label_scale, problems)
        flag = self._flag(raw.flag, raw.row, problems)
        quality = grade_of(raw.quality, raw.row, self.lang, problems)
        submitted = self.own_network(raw.network, raw.row, problems) if self.network is not None else None
        if problems or year is None or indicator is None or region is None or value is None:
            self.errors.extend(problems)
            return
        sector = self._total_or_text(raw.sector, config.TOTAL_SECTOR, "sector")
        network = submitted or self._total_or_text(raw.network, config.TOTAL_NETWORK, "network")
        written = cell_text(raw.source.value) if raw.source is not None else ""
        source = written or self.default_source
        source_fr = (cell_text(raw.source_fr.value) if raw.source_fr is not None else "") or None
        if not written and source_fr is None:
            source_fr = self.default_source_fr
        key = (indicator, year, region, sector, network)
        if raw.period is not None:
            earlier = self.years.add(key, raw.period, value, row=raw.row, column=raw.value.column, flag=flag,
                                     quality=quality, source=source, source_fr=source_fr)  # fmt: skip
            if earlier is not None:  # that period of that year read before, with another value
                what = f"{self._repeats.figure_name(key)} {period_name(raw.period, self.lang)}"
                cell = raw.value
                self.errors.append(self._repeats.conflict(raw.row, cell.column, cell.value, what, earlier=earlier,
                                                          value=value))  # fmt: skip
            return
        if self._is_repeat(key, raw.row, raw.value.column, value, cell_text(raw.value.value)):
            return
        if indicator not in self._unit_of:
            self._unit_of[indicator] = self.plan.indicator(indicator).unit
        self.figures.append((*key, value, self._unit_of[indicator], flag, source, source_fr, quality))

    def finish(self) -> None:
        """Make each series' months or quarters into years (a year lacking one is set aside and said), and say
        the derived indicators' rows skipped. Called once, after the last `add`."""
        years, lacking = self.years.made(self.plan, self.annual, self.lang)
        for made in years:
            if not self._is_repeat(made.key, made.row, made.column, made.value, format_value(made.value, self.lang)):
                unit = self.plan.indicator(made.key[0]).unit
                self.figures.append((*made.key, made.value, unit, made.flag, made.source, made.source_fr, made.quality))
        self.warnings += lacking + derived_warnings(self.skipped_derived, self.plan, self.lang)
        self.warnings += self.unknown_warnings()
        self.derived_said = sum(self.skipped_derived.values())
        self.years = Years()
        self.skipped_derived = {}

    def unknown_warnings(self) -> list[Problem]:
        """One warning per kind (sectors, then networks) naming what the plan does not know, kept as written."""
        found = []
        for kind in ("sector", "network"):
            names = list(self.unknown.get(kind, {}))
            if names:
                shown = separated_listing((shorten(n, 60) for n in names), UNKNOWN_LISTED, self.lang)
                key = f"names.unknown_{kind}_{'one' if len(names) == 1 else 'many'}"
                column = self._unknown_column[kind]
                message = say(key, self.lang, column=shorten(column, 60), names=shown,
                              count=format_number(len(names), self.lang))  # fmt: skip
                found.append(Problem(None, column, None, message))
        return found

    def frame(self) -> pd.DataFrame:
        import pandas as pd  # noqa: PLC0415 - a big file's figures never come here (see ingest.fast)

        frame = pd.DataFrame(self.figures, columns=config.STORED_COLUMNS)
        frame["year"] = frame["year"].astype("int64")
        frame["value"] = frame["value"].astype("float64")
        return plain_missing(frame)

    def _is_derived(self, raw: RawFigure) -> bool:
        """A row of a derived indicator, or one an export marks `derived`: skipped and counted."""
        text = cell_text(raw.indicator.value) if raw.indicator is not None else ""
        if (text, raw.indicator_id) not in self._derived:  # a file repeats the same few indicators on every row
            indicator = self._match("indicator", text) if text else raw.indicator_id
            self._derived[(text, raw.indicator_id)] = (
                indicator is not None and self.plan.indicator(indicator).derived,
                indicator or text,
            )
        known, name = self._derived[(text, raw.indicator_id)]
        if not known and not says_derived(raw.derived):
            return False
        self.skipped_derived[name] = self.skipped_derived.get(name, 0) + 1
        return True

    # -------------------------------------------------------------- one cell each

    def _match(self, kind: Literal["indicator", "region", "sector", "network"], text: str) -> str | None:
        """`Plan.match`, remembered: a file repeats the same few names on every row."""
        key = (kind, text)
        if key not in self._names:
            self._names[key] = self.plan.match(kind, text)
        return self._names[key]

    def _problem(self, row: int, cell: Cell, text: str, key: str, **values: object) -> Problem:
        return Problem(row, cell.column, shorten(text), say(f"import.{key}", self.lang, value=shorten(text), **values))

    def _year(self, raw: RawFigure, problems: list[Problem]) -> int | None:
        if raw.year is None:
            return None
        text = cell_text(raw.year.value)
        digit = foreign_digit(text)
        if digit is not None:
            problems.append(self._problem(raw.row, raw.year, text, "foreign_digit", char=digit, name=digit_name(digit)))
            return None
        if not re.fullmatch(r"[0-9]{4}", text):
            problems.append(self._problem(raw.row, raw.year, text, "bad_year"))
            return None
        year = int(text)
        if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            problems.append(self._problem(raw.row, raw.year, text, "year_range"))
            return None
        if year in self.locked_years:
            message = say("submission.locked_year", self.lang, year=text)
            problems.append(Problem(raw.row, raw.year.column, text, message))
            return None
        return year

    def _indicator(self, raw: RawFigure, problems: list[Problem]) -> tuple[str | None, Scale]:
        cell = raw.indicator
        text = cell_text(cell.value) if cell is not None else ""
        if cell is None or not text:
            if cell is not None and raw.indicator_id is None:
                problems.append(self._problem(raw.row, cell, text, "missing_indicator_cell"))
            return raw.indicator_id, Scale()
        found = self._match("indicator", text)
        if found is not None:
            return found, Scale()
        name, scale, _ = with_unit(text)
        found = self._match("indicator", name)
        if found is None:
            importable = [i.label.get(self.lang) for i in self.plan.indicators if not i.derived]
            known = listing(importable, limit=len(importable), lang=self.lang)  # each one, as it may be typed
            problems.append(self._problem(raw.row, cell, text, "unknown_indicator", known=known))
        return found, scale

    def _region(self, cell: Cell | None, row: int, problems: list[Problem]) -> str | None:
        text = cell_text(cell.value) if cell is not None else ""
        if cell is None or not text:
            return config.TOTAL_REGION
        found = self._match("region", text)
        if found is None:
            known = listing((r.label.get(self.lang) for r in self.plan.regions), limit=7, lang=self.lang)
            problems.append(self._problem(row, cell, text, "unknown_region", known=known))
        return found

    def _total_or_text(self, cell: Cell | None, total: str, kind: Named) -> str:
        """A sector's or network's id from its id, label or alias; the total from any of its spellings; else the
        name as written, remembered for the warning (`unknown_warnings`)."""
        text = cell_text(cell.value) if cell is not None else ""
        if cell is None or not text or text == total:
            return total
        key = (kind, text)
        if key not in self._totals:  # a file repeats the same few sectors and networks on every row
            found = self._match(kind, text)
            spelled_total = _spells_total(text)
            if found is None and not spelled_total:
                self.unknown.setdefault(kind, {})[text] = None
                self._unknown_column.setdefault(kind, cell.column)
            self._totals[key] = found if found is not None else total if spelled_total else text
        return self._totals[key]

    def own_network(self, cell: Cell | None, row: int, problems: list[Problem]) -> str | None:
        """In a network editor's submission, the network of a row: hers for an empty cell or a total's spelling, and
        for her network's id, label or alias; any other network (the plan's or not) a problem at the row."""
        mine = self.network or config.TOTAL_NETWORK
        text = cell_text(cell.value) if cell is not None else ""
        if cell is None or not text or text == config.TOTAL_NETWORK:
            return mine
        if text not in self._own:  # a file repeats the same few networks on every row
            found = self._match("network", text)
            said = {"value": shorten(text), "network": self.plan.label_of("network", mine, self.lang)}
            if found == mine or (found is None and _spells_total(text)):
                self._own[text] = (mine, "")
            elif found is None:
                self._own[text] = (None, say("submission.unknown_network", self.lang, **said))
            else:
                other = self.plan.label_of("network", found, self.lang)
                self._own[text] = (None, say("submission.other_network", self.lang, other=other, **said))
        network, message = self._own[text]
        if network is None:
            problems.append(Problem(row, cell.column, shorten(text), message))
        return network

    def _flag(self, cell: Cell | None, row: int, problems: list[Problem]) -> str | None:
        text = cell_text(cell.value) if cell is not None else ""
        if cell is None or not text:
            return None
        flag = FLAG_SPELLINGS.get(normalize_name(text).rstrip("."))
        if flag is None:
            problems.append(self._problem(row, cell, text, "bad_flag"))
        return flag

    def _value(self, raw: RawFigure, indicator: str | None, label: Scale, problems: list[Problem]) -> float | None:
        cell = raw.value
        text = cell_text(cell.value)
        number = Number(cell.value, Scale()) if isinstance(cell.value, float) else parse_number(text, self.decimal)
        if isinstance(number, NotANumber) and number.reason == "digit" and number.word:
            digit = number.word
            problems.append(self._problem(raw.row, cell, text, "foreign_digit", char=digit, name=digit_name(digit)))
            return None
        if isinstance(number, NotANumber):
            key = "bad_word" if number.reason == "word" and number.word else "bad_number"
            problems.append(self._problem(raw.row, cell, text, key, word=number.word or ""))
            return None
        context = raw.scale.combine(label).combine(self._unit_scale(raw.unit))
        scale = number.scale if number.scale.explicit else context
        if indicator is not None and not self._unit_fits(
            raw.row, cell, text, indicator=indicator, scale=scale, problems=problems
        ):
            return None
        value = number.value * scale.multiplier
        if indicator is not None and not self._within_bound(
            raw.row, cell, text, indicator=indicator, value=value, problems=problems
        ):
            return None
        return value

    def _unit_scale(self, cell: Cell | None) -> Scale:
        text = cell_text(cell.value) if cell is not None else ""
        if not text:
            return Scale()
        if text not in self._units:
            self._units[text] = header_scale(text)[0]
        return self._units[text]

    def _unit_fits(
        self, row: int, cell: Cell, text: str, *, indicator: str, scale: Scale, problems: list[Problem]
    ) -> bool:
        if not scale.currency and not scale.percent:
            return True
        known = self.plan.indicator(indicator)
        said = known.unit_word(self.lang)  # "se compte en points d'indice", not "en index"
        label = known.label.get(self.lang)
        if scale.currency and normalize_name(known.unit) not in MONEY:
            problems.append(self._problem(row, cell, text, "not_money", indicator=label, unit=said))
            return False
        if scale.percent and normalize_name(known.unit) not in PERCENT:
            problems.append(self._problem(row, cell, text, "not_percent", indicator=label, unit=said))
            return False
        return True

    def _within_bound(
        self, row: int, cell: Cell, text: str, *, indicator: str, value: float, problems: list[Problem]
    ) -> bool:
        """A finite figure no larger (in absolute value) than its unit's bound in the plan."""
        if not math.isfinite(value):
            problems.append(self._problem(row, cell, text, "not_finite"))
            return False
        if indicator not in self._bounds:
            self._bounds[indicator] = self.plan.bound(self.plan.indicator(indicator).unit)
        bound = self._bounds[indicator]
        if abs(value) <= bound:
            return True
        known = self.plan.indicator(indicator)
        problems.append(
            self._problem(
                row,
                cell,
                text,
                "beyond_bound",
                figure=amount(value, known.unit, self.lang),
                bound=amount(bound, known.unit, self.lang),
                indicator=known.label.get(self.lang),
                unit=known.unit_word(self.lang),
            )
        )
        return False

    def _is_repeat(self, key: tuple[object, ...], row: int, column: str, value: float, text: str) -> bool:
        """True for a figure already read; two different values for one key are an error."""
        repeated, conflict = self._repeats.repeat(key, row, column, value, text)
        if conflict is not None:
            self.errors.append(conflict)
        return repeated


def _spells_total(text: str) -> bool:
    """Whether a sector's or network's cell is one of the total's spellings (`all`, `Tous les réseaux`, ...)."""
    return text.casefold() in TOTAL_SPELLINGS or normalize_name(text) in TOTAL_SPELLINGS
