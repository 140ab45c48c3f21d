"""Months and quarters made into years: a figure's period read from a StatCan `REF_DATE`, and the yearly figure
of a series made from all its periods by the indicator's rule (mean, sum or last).

A Statistics Canada table writes a quarter as its first month (`2018-01`, `2018-04`, `2018-07`, `2018-10`), so a
table's frequency is decided from all its months at once: only January is a yearly table (`2018-01` is 2018),
only the quarters' first months a quarterly one, anything else monthly; `2018-Q1` is a quarter; `2017/2018`, a
fiscal year, is 2018. A year lacking one of its periods (missing, suppressed or not in the file) is never made:
it is set aside and said. A year's flag is the weakest of its periods' (approximate, then preliminary, then
revised: `config.FLAGS`), its quality grade the worst (D is worst). A table with more than one day in a month
(weekly, daily) is no table of months. Imports `config`, `plan`, the ingest helpers and `words`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from planmetrics import config
from planmetrics.ingest.messages import listing
from planmetrics.ingest.repeats import differs
from planmetrics.ingest.results import Problem
from planmetrics.plan import Plan
from planmetrics.words import say

Frequency = Literal["year", "quarter", "month", "week", "day"]
Key = tuple[str, int, str, str, str]  # indicator, year, region, sector, network
Rule = Literal["mean", "sum", "last"]
MONTHS = tuple(f"{m:02d}" for m in range(1, 13))
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
_QUARTER_MONTHS = {"01": "Q1", "04": "Q2", "07": "Q3", "10": "Q4"}
_REF_DATE = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?|-?(?P<quarter>Q[1-4]))?|\d{4}\s*[/-]\s*(?P<end>\d{4})",
    re.IGNORECASE,
)
DAYS_A_WEEKLY_MONTH = 5  # a month holds at most five weeks: more days than that is a daily table


def frequency(ref_dates: Iterable[str]) -> Frequency:
    """How often a table's periods come, from every `REF_DATE` it writes: more than one day in a month
    (`2019-01-05`, `2019-01-12`) is a weekly or daily table, which is never read as months."""
    months: set[str] = set()
    days: dict[tuple[str, str], set[str]] = {}
    for text in ref_dates:
        match = _REF_DATE.fullmatch(text.strip())
        if match is None:
            continue
        if match.group("quarter"):
            return "quarter"
        if match.group("month"):
            months.add(match.group("month"))
            if match.group("day"):
                days.setdefault((match.group("year"), match.group("month")), set()).add(match.group("day"))
    most = max((len(d) for d in days.values()), default=1)
    if most > 1:
        return "day" if most > DAYS_A_WEEKLY_MONTH else "week"
    if months <= {"01"}:
        return "year"
    return "quarter" if months <= _QUARTER_MONTHS.keys() else "month"


def year_and_period(ref_date: str, how_often: Frequency) -> tuple[str, str | None]:
    """`2018-03` -> (`2018`, `03`) in a monthly table, (`2018`, None) in a yearly one; `2018-04` -> (`2018`,
    `Q2`) in a quarterly one; `2017/2018` -> (`2018`, None); anything else as written, the validator says why."""
    text = ref_date.strip()
    match = _REF_DATE.fullmatch(text)
    if match is None:
        return text, None
    if match.group("end"):
        return match.group("end"), None
    year, month, quarter = match.group("year"), match.group("month"), match.group("quarter")
    if quarter:
        return year, quarter.upper()
    if month is None or how_often == "year":
        return year, None
    if how_often == "quarter":
        return year, _QUARTER_MONTHS.get(month, month)
    return year, month


def period_name(period: str, lang: str) -> str:
    """A period as a person reads it: `mars`, `March`, `T1`/`Q1`."""
    if period in QUARTERS:
        return say("statcan.quarter", lang, number=period[1])
    return say(f"report.month.{int(period)}", lang)


@dataclass
class _Periods:
    row: int
    column: str
    values: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # period -> the row it was read from
    flags: set[str] = field(default_factory=set)
    grades: set[str] = field(default_factory=set)
    source: str = ""
    source_fr: str | None = None


@dataclass(frozen=True)
class Yearly:
    """A year made from all its periods: what the validator keeps as any yearly figure."""

    key: Key
    row: int
    column: str
    value: float
    flag: str | None
    quality: str | None
    source: str
    source_fr: str | None


@dataclass
class Years:
    """The periods of every series, gathered as the validator reads them, made into years at the end."""

    _series: dict[Key, _Periods] = field(default_factory=dict)

    def add(
        self, key: Key, period: str, value: float, *, row: int, column: str,
        flag: str | None, quality: str | None, source: str, source_fr: str | None,
    ) -> tuple[int, float] | None:  # fmt: skip
        """Keep one period's figure; the row and value read before for that period when it differs (a conflict)."""
        periods = self._series.setdefault(key, _Periods(row, column, source=source, source_fr=source_fr))
        earlier = periods.values.get(period)
        if earlier is not None:
            return (periods.rows[period], earlier) if differs(earlier, value) else None
        periods.values[period] = value
        periods.rows[period] = row
        if flag:
            periods.flags.add(flag)
        if quality:
            periods.grades.add(quality)
        return None

    def made(self, plan: Plan, annual: Rule | None, lang: str) -> tuple[list[Yearly], list[Problem]]:
        """Each whole year by its indicator's rule (`annual` over it, when given), and one warning per year and
        periods lacking."""
        indicators = {key[0] for key in self._series}
        rule_of: dict[str, Rule] = {i: annual or plan.indicator(i).annual_rule for i in indicators}
        label_of = {i: plan.indicator(i).label.get(lang) for i in indicators}
        years: list[Yearly] = []
        lacking: dict[tuple[str, int, tuple[str, ...]], int] = {}
        for key, periods in self._series.items():
            expected = QUARTERS if any(p in QUARTERS for p in periods.values) else MONTHS
            absent = tuple(p for p in expected if p not in periods.values)
            if absent:
                lacking[(key[0], key[1], absent)] = lacking.get((key[0], key[1], absent), 0) + 1
                continue
            values = [periods.values[p] for p in expected]
            rule = rule_of[key[0]]
            value = sum(values) / len(values) if rule == "mean" else sum(values) if rule == "sum" else values[-1]
            flag = next((f for f in config.FLAGS if f in periods.flags), None)  # weakest first
            grade = max(periods.grades) if periods.grades else None
            years.append(
                Yearly(key, periods.row, periods.column, value, flag, grade, periods.source, periods.source_fr)
            )
        warnings = [
            _lacking(label_of[indicator], year, absent, series, lang)
            for (indicator, year, absent), series in sorted(lacking.items(), key=lambda item: item[0][:2])
        ]
        return years, warnings


def runs(absent: tuple[str, ...], lang: str) -> list[str]:
    """The periods lacking as a person says them: `March`, `May`, `October to December` (three or more in a row)."""
    order = QUARTERS if absent and absent[0] in QUARTERS else MONTHS
    groups: list[list[str]] = []
    for period in absent:
        if groups and order.index(period) == order.index(groups[-1][-1]) + 1:
            groups[-1].append(period)
        else:
            groups.append([period])
    return [
        say("statcan.period_range", lang, first=period_name(g[0], lang), last=period_name(g[-1], lang))
        if len(g) >= 3
        else ", ".join(period_name(p, lang) for p in g)
        for g in groups
    ]


def _lacking(label: str, year: int, absent: tuple[str, ...], series: int, lang: str) -> Problem:
    names = listing(runs(absent, lang), limit=12, lang=lang)
    key = "statcan.year_incomplete" if series == 1 else "statcan.year_incomplete_series"
    return Problem(None, None, str(year), say(key, lang, indicator=label, year=year, periods=names, series=series))
