"""What a plan is: frozen dataclasses for the plan, its orientations, indicators, targets, regions and sectors,
with their French and English labels (`Plan.label_of`: the one way a region, sector or network is named to a
person), how names are matched, and the largest figure each unit allows (`Plan.bound`, `DEFAULT_BOUNDS`).

Imports `config` and `words` (which import nothing of ours).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from planmetrics import config
from planmetrics.plan.formula import Formula
from planmetrics.words import has, say

TargetKind = Literal["increase_by", "annual_growth", "reach"]
Direction = Literal["increase", "decrease", "none"]
# How monthly or quarterly figures make a year's (`annual` in the plan file): the mean for a stock (employment,
# a price index), the sum for a flow (revenue), the last period for a level at the year's end.
AnnualRule = Literal["mean", "sum", "last"]
ANNUAL_RULES: tuple[AnnualRule, ...] = ("mean", "sum", "last")

# The largest a figure may be, per unit, in storage units (a percentage as a fraction: 10 is 1000 %), when the
# plan file's [bounds] table says nothing for that unit; the bound is on the absolute value, since a net
# change may be negative. A figure beyond its bound is refused (a scale typed wrong: thousands for units).
DEFAULT_BOUNDS: Mapping[str, float] = {
    "jobs": 10_000_000,
    "dollars": 10_000_000_000_000,
    "persons": 100_000_000,
    "organizations": 10_000_000,
    "projects": 10_000_000,
    "agreements": 10_000_000,
    "countries": 250,
    "index": 100_000,
    "percent": 10,
    "fraction": 10,
}
OTHER_UNITS_BOUND = 1e15  # a unit neither the plan file nor DEFAULT_BOUNDS names


def normalize_name(text: str) -> str:
    """Lower case, no accents, one apostrophe and dash style, single spaces: how names are matched."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("’", "'").replace("‘", "'").replace("`", "'")
    bare = re.sub(r"[‐-―−]", "-", bare)
    return re.sub(r"\s+", " ", bare).strip().casefold()


@dataclass(frozen=True)
class Labels:
    en: str
    fr: str

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Orientation:
    id: int
    label: Labels


@dataclass(frozen=True)
class Indicator:
    id: str
    orientation: int
    unit: str
    direction: Direction
    label: Labels
    aliases: tuple[str, ...] = ()
    statcan: tuple[str, ...] = ()
    # The plan file's `annual`: None when it says nothing (a file's periods are then summed for money, averaged
    # otherwise: `annual_rule`).
    annual: AnnualRule | None = None
    # A derived indicator (`formula = "jobs / employment"`): computed from the current figures, never imported.
    formula: Formula | None = None

    @property
    def annual_rule(self) -> AnnualRule:
        """How its monthly or quarterly figures make a year's: the plan file's rule, else sum for money and the
        mean for anything else (a stock)."""
        if self.annual is not None:
            return self.annual
        return "sum" if self.unit == "dollars" else "mean"

    @property
    def derived(self) -> bool:
        return self.formula is not None

    def unit_word(self, lang: str) -> str:
        """What the indicator is counted in, in the reader's words (`emplois`, `points d'indice`); a unit the
        catalogue does not know, as the plan file writes it."""
        key = f"unit.{self.unit}"
        return say(key, lang) if has(key) else self.unit

    @property
    def tracked(self) -> bool:
        """Judged by the direction of its trend (a context series such as a price index is not)."""
        return self.direction != "none"


@dataclass(frozen=True)
class Target:
    id: str
    indicator: str
    region: str
    kind: TargetKind
    value: float
    orientation: int
    label: Labels
    baseline_year: int
    target_year: int
    parent: str | None = None
    # Who answers for the target (`owner` in the plan file): a member network (its id, label or alias) or a
    # person or team, as written; None when the file names no one.
    owner: str | None = None


@dataclass(frozen=True)
class Region:
    id: str
    label: Labels
    code: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sector:
    id: str
    label: Labels
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Network:
    """A member network of the plan (`[[networks]]`): it submits its own figures and answers for its share."""

    id: str
    label: Labels
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Obligation:
    """What member networks owe each year (`[[obligations]]`): their figure of one indicator for a year, due on
    a day of the next year (`due = "04-30"`: April 30), from `first_year` on."""

    indicator: str
    networks: tuple[str, ...]
    due_month: int
    due_day: int
    first_year: int

    def due(self, year: int) -> dt.date:
        """The day the figure of `year` is due: that month and day of the next year."""
        return dt.date(year + 1, self.due_month, self.due_day)

    def owed(self, year: int) -> bool:
        return year >= self.first_year


@dataclass(frozen=True)
class StatcanTable:
    """A Statistics Canada table the plan file declares (`[[statcan_tables]]`), so that each new download of it
    imports with no options: its product id (8 digits, `14100201`), indicator and series chosen."""

    product: str
    indicator: str
    where: tuple[tuple[str, str], ...] = ()  # (dimension, member) as written in the plan file
    as_sector: str | None = None  # the dimension whose members are the plan's sectors
    annual: AnnualRule | None = None  # overrides the indicator's rule for this table


def product_id(text: str) -> str | None:
    """A StatCan table's product id as 8 digits: `14-10-0201-01`, `14-10-0201`, `14100201`, `1410020101` and a
    file name holding one (`14100201.csv`, `14100201-eng.zip`) all give `14100201`; None when there is none."""
    match = re.search(r"(?<!\d)(\d{2})-?(\d{2})-?(\d{4})(?:-?\d{2})?(?!\d)", text)
    return None if match is None else "".join(match.groups())


@dataclass(frozen=True)
class Plan:
    id: str
    version: int
    title: Labels
    short_title: Labels
    source: Labels
    adopted: dt.date | None
    baseline_year: int
    target_year: int
    orientations: tuple[Orientation, ...]
    indicators: tuple[Indicator, ...]
    targets: tuple[Target, ...]
    regions: tuple[Region, ...]
    sectors: tuple[Sector, ...]
    seats: tuple[Labels, ...]
    path: str
    sha256: str
    # The file says `default = true`: the plan `--plan` and the dashboard start on (CONTRACT.md).
    default: bool = False
    # The file's [bounds] table: (unit, largest absolute value) for the units it names (`bound` for any unit).
    bounds: tuple[tuple[str, float], ...] = ()
    statcan_tables: tuple[StatcanTable, ...] = ()
    networks: tuple[Network, ...] = ()
    # The file's `[plan] review_all = true`: every import, the plan team's too, is a submission to review.
    review_all: bool = False
    obligations: tuple[Obligation, ...] = ()
    _names: Mapping[str, Mapping[str, str]] = field(default_factory=dict, repr=False, compare=False)

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def derived_indicators(self) -> tuple[Indicator, ...]:
        """The indicators the plan computes from others (a formula), in the plan file's order."""
        return tuple(i for i in self.indicators if i.formula is not None)

    def statcan_table(self, product: str | None) -> StatcanTable | None:
        """The declared table of that product id (any spelling `product_id` reads), or None."""
        wanted = product_id(product) if product else None
        return next((t for t in self.statcan_tables if t.product == wanted), None) if wanted else None

    def bound(self, unit: str) -> float:
        """The largest absolute value a figure in `unit` may take: the plan file's, else the default."""
        written = dict(self.bounds)
        return written[unit] if unit in written else DEFAULT_BOUNDS.get(unit, OTHER_UNITS_BOUND)

    def target(self, target_id: str) -> Target:
        return next(t for t in self.targets if t.id == target_id)

    def region(self, region_id: str) -> Region | None:
        return next((r for r in self.regions if r.id == region_id), None)

    def sector(self, sector_id: str) -> Sector | None:
        return next((s for s in self.sectors if s.id == sector_id), None)

    def network(self, network_id: str) -> Network | None:
        return next((n for n in self.networks if n.id == network_id), None)

    def owner_label(self, target_id: str, lang: str) -> str | None:
        """Who answers for a target, as a person reads it: a network by its label, anyone else as written; None
        when the plan names no one (or the id is no target of this plan)."""
        known = next((t for t in self.targets if t.id == target_id), None)
        if known is None or known.owner is None:
            return None
        network = self.match("network", known.owner)
        return self.label_of("network", network, lang) if network else known.owner

    def owing(self, year: int) -> tuple[tuple[str, str, dt.date], ...]:
        """What is owed for `year`: (network, indicator, due date), in the order of the plan's networks, then of
        its obligations; a network listed by two obligations of one indicator owes it once (the earlier due)."""
        found: dict[tuple[str, str], dt.date] = {}
        for obligation in self.obligations:
            if not obligation.owed(year):
                continue
            for network in obligation.networks:
                key = (network, obligation.indicator)
                due = obligation.due(year)
                found[key] = min(found.get(key, due), due)
        order = {n.id: i for i, n in enumerate(self.networks)}
        rules = {o.indicator: i for i, o in reversed(list(enumerate(self.obligations)))}
        keys = sorted(found, key=lambda k: (order.get(k[0], len(order)), rules.get(k[1], 0)))
        return tuple((network, indicator, found[(network, indicator)]) for network, indicator in keys)

    def indicator_label(self, indicator_id: str, lang: str) -> str:
        """An indicator's label; an id this plan no longer holds (a figure or report of another plan), as written."""
        known = next((i for i in self.indicators if i.id == indicator_id), None)
        return known.label.get(lang) if known else indicator_id

    def target_label(self, target_id: str, lang: str) -> str:
        """A target's label; a tracked indicator (judged by its trend, no numeric target) by its own label; an id
        this plan no longer holds, as written. The one home of this rule: the command line and reports call it."""
        known = next((t for t in self.targets if t.id == target_id), None)
        return known.label.get(lang) if known else self.indicator_label(target_id, lang)

    def label_of(self, dimension: str, value: str, lang: str) -> str:
        """How a person reads a region, sector or network: the plan's label (the total region's included), the
        totals `all` as "all sectors" / "tous les secteurs" and "all networks" / "tous les réseaux", a network by its
        label, an unknown name as written. The one home of this rule: pages, charts, reports and messages call it."""
        if dimension == "sector" and value == config.TOTAL_SECTOR:
            return say("total.sector", lang)
        if dimension == "network" and value == config.TOTAL_NETWORK:
            return say("total.network", lang)
        known: Region | Sector | Network | None = (
            self.region(value)
            if dimension == "region"
            else self.sector(value)
            if dimension == "sector"
            else self.network(value)
            if dimension == "network"
            else None
        )
        return known.label.get(lang) if known else value

    def orientation(self, orientation_id: int) -> Orientation:
        return next(o for o in self.orientations if o.id == orientation_id)

    def tracked_indicators(self) -> tuple[Indicator, ...]:
        """Indicators with no numeric target whose trend is judged (METHOD.md: `track`)."""
        with_target = {t.indicator for t in self.targets}
        return tuple(i for i in self.indicators if i.tracked and i.id not in with_target)

    def match(self, kind: Literal["indicator", "region", "sector", "network"], text: str) -> str | None:
        """The id an indicator, region, sector or network is known by, from its id, label or alias."""
        return self._names.get(kind, {}).get(normalize_name(text))
