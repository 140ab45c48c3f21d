"""Plan files (TOML) -> frozen dataclasses, checked on load.

A plan is data: indicators, targets, orientations, regions and sectors with their French and English
labels. Every problem in a file is reported at once, each naming its key and what to write instead.
Imports only `config` and `errors`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args

from planmetrics import config
from planmetrics.errors import PlanFileError, RefusedError

TargetKind = Literal["increase_by", "annual_growth", "reach"]
Direction = Literal["increase", "decrease", "none"]
TARGET_KINDS: tuple[str, ...] = get_args(TargetKind)
DIRECTIONS: tuple[str, ...] = get_args(Direction)
LANGS = ("en", "fr")


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
    _names: Mapping[str, Mapping[str, str]] = field(default_factory=dict, repr=False, compare=False)

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def target(self, target_id: str) -> Target:
        return next(t for t in self.targets if t.id == target_id)

    def region(self, region_id: str) -> Region | None:
        return next((r for r in self.regions if r.id == region_id), None)

    def sector(self, sector_id: str) -> Sector | None:
        return next((s for s in self.sectors if s.id == sector_id), None)

    def label_of(self, dimension: str, value: str, lang: str) -> str:
        """A region's or sector's label in the plan; a network's name (or an unknown one) as written."""
        known: Region | Sector | None = (
            self.region(value) if dimension == "region" else self.sector(value) if dimension == "sector" else None
        )
        return known.label.get(lang) if known else value

    def orientation(self, orientation_id: int) -> Orientation:
        return next(o for o in self.orientations if o.id == orientation_id)

    def tracked_indicators(self) -> tuple[Indicator, ...]:
        """Indicators with no numeric target whose trend is judged (METHOD.md: `track`)."""
        with_target = {t.indicator for t in self.targets}
        return tuple(i for i in self.indicators if i.tracked and i.id not in with_target)

    def match(self, kind: Literal["indicator", "region", "sector"], text: str) -> str | None:
        """The id an indicator, region or sector is known by, from its id, label or alias."""
        return self._names.get(kind, {}).get(normalize_name(text))


# ------------------------------------------------------------------ loading and checking


class _Checker:
    """Collects every problem of a plan file, each with its key."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, key: str, problem: str) -> None:
        self.problems.append(f"{key}: {problem}")

    def text(self, table: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.add(f"{where}.{key}", "is missing; add it as a quoted text.")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.add(f"{where}.{key}", f"must be a non-empty text, not {value!r}.")
            return ""
        return value

    def integer(self, table: Mapping[str, Any], key: str, where: str, default: int | None = None) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(f"{where}.{key}", f"must be a whole number (e.g. 2020), not {value!r}.")
            return 0
        return value

    def labels(self, table: Mapping[str, Any], key: str, where: str, fallback: str = "") -> Labels:
        value = table.get(key)
        if value is None and fallback:
            return Labels(fallback, fallback)
        if not isinstance(value, Mapping) or any(not isinstance(value.get(lang), str) for lang in LANGS):
            self.add(f"{where}.{key}", 'needs both languages, e.g. { en = "Jobs", fr = "Emplois" }.')
            return Labels(fallback, fallback)
        return Labels(str(value["en"]), str(value["fr"]))

    def names(self, table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(f"{where}.{key}", 'must be a list of texts, e.g. ["Montreal", "Montréal (06)"].')
            return ()
        return tuple(value)

    def tables(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.add(key, f"must be a list of tables written [[{key}]].")
            return []
        return cast(list[Mapping[str, Any]], value)


def _orientations(check: _Checker, data: Mapping[str, Any]) -> tuple[Orientation, ...]:
    found = []
    for n, table in enumerate(check.tables(data, "orientations"), start=1):
        where = f"orientations[{n}]"
        found.append(Orientation(check.integer(table, "id", where), check.labels(table, "label", where)))
    if not found:
        check.add("orientations", "the plan needs at least one [[orientations]] table.")
    return tuple(found)


def _indicators(check: _Checker, data: Mapping[str, Any], orientation_ids: set[int]) -> tuple[Indicator, ...]:
    found = []
    for n, table in enumerate(check.tables(data, "indicators"), start=1):
        where = f"indicators[{n}]"
        ident = check.text(table, "id", where)
        where = f"indicators[{n}] ({ident})" if ident else where
        orientation = check.integer(table, "orientation", where)
        if orientation not in orientation_ids:
            check.add(f"{where}.orientation", f"{orientation} is not an orientation id of this plan.")
        direction = table.get("direction", "increase")
        if direction not in DIRECTIONS:
            check.add(f"{where}.direction", f"{direction!r} is not one of {', '.join(DIRECTIONS)}.")
        found.append(
            Indicator(
                id=ident,
                orientation=orientation,
                unit=check.text(table, "unit", where),
                direction=cast(Direction, direction),
                label=check.labels(table, "label", where),
                aliases=check.names(table, "aliases", where),
                statcan=check.names(table, "statcan", where),
            )
        )
    if not found:
        check.add("indicators", "the plan needs at least one [[indicators]] table.")
    return tuple(found)


def _target(check: _Checker, table: Mapping[str, Any], where: str, plan: Mapping[str, Any]) -> Target:
    kind = table.get("kind")
    if kind not in TARGET_KINDS:
        check.add(
            f"{where}.kind",
            f"{kind!r} is not a kind of target; use one of {', '.join(TARGET_KINDS)}.",
        )
    value = table.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        check.add(f"{where}.value", f"must be a positive number (0.07 for 7 %), not {value!r}.")
        value = 0
    if kind == "annual_growth" and isinstance(value, int | float) and value >= 1:
        check.add(f"{where}.value", f"a growth rate is a fraction: write 0.07 for 7 %, not {value}.")
    baseline_year = check.integer(table, "baseline_year", where, default=plan.get("baseline_year"))
    target_year = check.integer(table, "target_year", where, default=plan.get("target_year"))
    if target_year <= baseline_year:
        check.add(
            f"{where}.target_year",
            f"{target_year} must come after the baseline year {baseline_year}.",
        )
    return Target(
        id=check.text(table, "id", where),
        indicator=check.text(table, "indicator", where),
        region=check.text(table, "region", where, required=False) or config.TOTAL_REGION,
        kind=cast(TargetKind, kind),
        value=float(value),
        orientation=check.integer(table, "orientation", where),
        label=check.labels(table, "label", where),
        baseline_year=baseline_year,
        target_year=target_year,
        parent=table.get("parent"),
    )


def _targets(
    check: _Checker, data: Mapping[str, Any], indicators: Iterable[Indicator], region_ids: set[str]
) -> tuple[Target, ...]:
    plan_table = data.get("plan", {}) if isinstance(data.get("plan"), Mapping) else {}
    indicator_ids = {i.id for i in indicators}
    found = []
    for n, table in enumerate(check.tables(data, "targets"), start=1):
        where = f"targets[{n}] ({table.get('id', '?')})"
        target = _target(check, table, where, plan_table)
        if target.indicator and target.indicator not in indicator_ids:
            check.add(f"{where}.indicator", f"{target.indicator!r} is not an indicator id of this plan.")
        if target.region not in region_ids:
            check.add(f"{where}.region", f"{target.region!r} is not a region id of this plan.")
        found.append(target)
    target_ids = [t.id for t in found]
    for target in found:
        if target.parent is not None and target.parent not in target_ids:
            check.add(
                f"targets ({target.id}).parent",
                f"{target.parent!r} is not a target id of this plan.",
            )
    return tuple(found)


def _regions(check: _Checker, data: Mapping[str, Any]) -> tuple[Region, ...]:
    found = []
    for n, table in enumerate(check.tables(data, "regions"), start=1):
        where = f"regions[{n}]"
        ident = check.text(table, "id", where)
        code = table.get("code")
        found.append(
            Region(
                id=ident,
                label=check.labels(table, "label", where, fallback=ident),
                code=str(code) if code is not None else None,
                aliases=check.names(table, "aliases", where),
            )
        )
    if config.TOTAL_REGION not in {r.id for r in found}:
        check.add("regions", f"the total region {config.TOTAL_REGION!r} must be listed.")
    return tuple(found)


def _sectors(check: _Checker, data: Mapping[str, Any]) -> tuple[Sector, ...]:
    found = []
    for n, table in enumerate(check.tables(data, "sectors"), start=1):
        where = f"sectors[{n}]"
        found.append(
            Sector(
                id=check.text(table, "id", where),
                label=check.labels(table, "label", where),
                aliases=check.names(table, "aliases", where),
            )
        )
    return tuple(found)


def _duplicates(check: _Checker, key: str, ids: Iterable[object]) -> None:
    seen: set[object] = set()
    for ident in ids:
        if ident in seen:
            check.add(key, f"the id {ident!r} is used twice; each id must be unique.")
        seen.add(ident)


def _name_index(
    check: _Checker,
    kind: str,
    entries: Iterable[tuple[str, Labels, tuple[str, ...], str | None]],
) -> dict[str, str]:
    """Every spelling of every entry -> its id; two entries claiming one spelling is a plan error."""
    index: dict[str, str] = {}
    for ident, label, aliases, code in entries:
        spellings = [ident, label.en, label.fr, *aliases]
        if code:
            spellings += [code, f"{ident} ({code})", f"{code} {ident}", f"{code} - {ident}"]
        for spelling in spellings:
            key = normalize_name(spelling)
            if index.get(key, ident) != ident:
                check.add(f"{kind}s ({ident})", f"the name {spelling!r} is also used by {index[key]!r}.")
            index[key] = ident
    return index


def parse_plan(text: str, path: str = "<plan>") -> Plan:
    """A plan from the text of a TOML file; raises PlanFileError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanFileError(path, [f"not valid TOML ({exc}); check quotes and brackets there."]) from exc
    check = _Checker()
    head = data.get("plan")
    if not isinstance(head, Mapping):
        check.add(
            "plan",
            "is missing; start the file with a [plan] table holding id, baseline_year, target_year.",
        )
        head = {}
    orientations = _orientations(check, data)
    indicators = _indicators(check, data, {o.id for o in orientations})
    regions = _regions(check, data)
    targets = _targets(check, data, indicators, {r.id for r in regions})
    sectors = _sectors(check, data)
    seats = tuple(check.labels(t, "label", f"seats[{n}]") for n, t in enumerate(check.tables(data, "seats"), 1))
    for key, ids in (
        ("orientations", [o.id for o in orientations]),
        ("indicators", [i.id for i in indicators]),
        ("targets", [t.id for t in targets]),
        ("regions", [r.id for r in regions]),
    ):
        _duplicates(check, key, ids)
    names = {
        "indicator": _name_index(check, "indicator", ((i.id, i.label, i.aliases, None) for i in indicators)),
        "region": _name_index(check, "region", ((r.id, r.label, r.aliases, r.code) for r in regions)),
        "sector": _name_index(check, "sector", ((s.id, s.label, s.aliases, None) for s in sectors)),
    }
    adopted = head.get("adopted")
    plan = Plan(
        id=check.text(head, "id", "plan"),
        version=check.integer(head, "version", "plan", default=1),
        title=check.labels(head, "title", "plan"),
        short_title=check.labels(head, "short_title", "plan", fallback=str(head.get("id", ""))),
        source=check.labels(head, "source", "plan", fallback=""),
        adopted=adopted if isinstance(adopted, dt.date) else None,
        baseline_year=check.integer(head, "baseline_year", "plan"),
        target_year=check.integer(head, "target_year", "plan"),
        orientations=orientations,
        indicators=indicators,
        targets=targets,
        regions=regions,
        sectors=sectors,
        seats=seats,
        path=path,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        _names=names,
    )
    if check.problems:
        raise PlanFileError(path, check.problems)
    return plan


def load_plan(path: Path) -> Plan:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanFileError(str(path), [f"cannot be read as UTF-8 text ({exc})."]) from exc
    return parse_plan(text, str(path))


def load_plans(directory: Path | None = None) -> list[Plan]:
    """Every plan file of the directory, newest plan first (by target year, then adoption date)."""
    folder = directory or config.plans_dir()
    plans = [load_plan(p) for p in sorted(folder.glob("*.toml"))]
    if not plans:
        raise RefusedError(f"No plan file in {folder}.", "Add a plan file such as cqcm-2020.toml there.")
    return sorted(plans, key=lambda p: (p.target_year, p.adopted or dt.date.min), reverse=True)


def choose_plan(plans: list[Plan], plan_id: str | None) -> Plan:
    if plan_id is None:
        return plans[0]
    for plan in plans:
        if plan.id == plan_id:
            return plan
    known = ", ".join(p.id for p in plans)
    raise RefusedError(f"No plan with id {plan_id!r}.", f"Use one of: {known}.")
