"""The sections of a plan file read and checked one at a time, every problem collected with its key and
what to write instead (words of the catalogue, said in the reader's language when the file is refused).

`checker` holds the collector of problems, `intake` the sections about how figures come in (periods, formulas,
declared tables). Imports `config` and the plan package's own modules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, cast, get_args

from planmetrics import config
from planmetrics.plan.checker import Checker, check_unique
from planmetrics.plan.intake import annual_rule, check_formulas, formula_of
from planmetrics.plan.model import (
    Direction,
    Indicator,
    Labels,
    Network,
    Orientation,
    Region,
    Sector,
    Target,
    TargetKind,
    normalize_name,
)

# What a file may write: the kinds of target, the directions of an indicator, the languages of a label.
TARGET_KINDS: tuple[str, ...] = get_args(TargetKind)
DIRECTIONS: tuple[str, ...] = get_args(Direction)


def read_orientations(check: Checker, data: Mapping[str, Any]) -> tuple[Orientation, ...]:
    found = []
    for n, table in enumerate(check.tables(data, "orientations"), start=1):
        where = f"orientations[{n}]"
        found.append(Orientation(check.integer(table, "id", where), check.labels(table, "label", where)))
    if not found:
        check.add("orientations", "plan.needs_one", table="orientations")
    return tuple(found)


def read_indicators(check: Checker, data: Mapping[str, Any], orientation_ids: set[int]) -> tuple[Indicator, ...]:
    found = []
    for n, table in enumerate(check.tables(data, "indicators"), start=1):
        where = f"indicators[{n}]"
        ident = check.text(table, "id", where)
        where = f"indicators[{n}] ({ident})" if ident else where
        orientation = check.integer(table, "orientation", where)
        if orientation not in orientation_ids:
            check.add(f"{where}.orientation", "plan.unknown_orientation", value=orientation)
        direction = table.get("direction", "increase")
        if direction not in DIRECTIONS:
            check.add(f"{where}.direction", "plan.bad_direction", value=repr(direction), choices=", ".join(DIRECTIONS))
        found.append(
            Indicator(
                id=ident,
                orientation=orientation,
                unit=check.text(table, "unit", where),
                direction=cast(Direction, direction),
                label=check.labels(table, "label", where),
                aliases=check.names(table, "aliases", where),
                statcan=check.names(table, "statcan", where),
                annual=annual_rule(check, table, where),
                formula=formula_of(check, table, where),
            )
        )
    if not found:
        check.add("indicators", "plan.needs_one", table="indicators")
    check_formulas(check, found)
    return tuple(found)


def _target(check: Checker, table: Mapping[str, Any], where: str, plan: Mapping[str, Any]) -> Target:
    kind = table.get("kind")
    if kind not in TARGET_KINDS:
        check.add(f"{where}.kind", "plan.bad_kind", value=repr(kind), choices=", ".join(TARGET_KINDS))
    value = table.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        check.add(f"{where}.value", "plan.not_positive", value=repr(value))
        value = 0
    if kind == "annual_growth" and isinstance(value, int | float) and value >= 1:
        check.add(f"{where}.value", "plan.growth_fraction", value=value)
    baseline_year = check.integer(table, "baseline_year", where, default=plan.get("baseline_year"))
    target_year = check.integer(table, "target_year", where, default=plan.get("target_year"))
    if target_year <= baseline_year:
        check.add(f"{where}.target_year", "plan.year_order", target_year=target_year, baseline_year=baseline_year)
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
        owner=owner.strip() if isinstance(owner := table.get("owner"), str) and owner.strip() else None,
    )


def read_targets(
    check: Checker,
    data: Mapping[str, Any],
    plan_table: Mapping[str, Any],
    indicators: Iterable[Indicator],
    region_ids: set[str],
) -> tuple[Target, ...]:
    """The [[targets]]; `plan_table` (the file's [plan]) gives their default baseline and target years."""
    indicator_ids = {i.id for i in indicators}
    found = []
    for n, table in enumerate(check.tables(data, "targets"), start=1):
        where = f"targets[{n}] ({table.get('id', '?')})"
        target = _target(check, table, where, plan_table)
        if target.indicator and target.indicator not in indicator_ids:
            check.add(f"{where}.indicator", "plan.unknown_indicator", value=repr(target.indicator))
        if target.region not in region_ids:
            check.add(f"{where}.region", "plan.unknown_region", value=repr(target.region))
        found.append(target)
    target_ids = [t.id for t in found]
    for target in found:
        if target.parent is not None and target.parent not in target_ids:
            check.add(f"targets ({target.id}).parent", "plan.unknown_target", value=repr(target.parent))
    return tuple(found)


def read_regions(check: Checker, data: Mapping[str, Any]) -> tuple[Region, ...]:
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
        check.add("regions", "plan.total_region", value=repr(config.TOTAL_REGION))
    return tuple(found)


def _named(check: Checker, data: Mapping[str, Any], section: str) -> list[tuple[str, Labels, tuple[str, ...]]]:
    """The entries of a section of named things (`[[sectors]]`, `[[networks]]`): id, labels, aliases."""
    return [
        (check.text(t, "id", f"{section}[{n}]"), check.labels(t, "label", f"{section}[{n}]"),
         check.names(t, "aliases", f"{section}[{n}]"))
        for n, t in enumerate(check.tables(data, section), start=1)
    ]  # fmt: skip


def read_sectors(check: Checker, data: Mapping[str, Any]) -> tuple[Sector, ...]:
    return tuple(Sector(*entry) for entry in _named(check, data, "sectors"))


def read_networks(check: Checker, data: Mapping[str, Any]) -> tuple[Network, ...]:
    """The member networks (`[[networks]]`: id, French and English labels, aliases), each id once."""
    found = tuple(Network(*entry) for entry in _named(check, data, "networks"))
    check_unique(check, "networks", [n.id for n in found])
    return found


def read_seats(check: Checker, data: Mapping[str, Any]) -> tuple[Labels, ...]:
    return tuple(check.labels(t, "label", f"seats[{n}]") for n, t in enumerate(check.tables(data, "seats"), 1))


def read_bounds(
    check: Checker, data: Mapping[str, Any], indicators: Iterable[Indicator]
) -> tuple[tuple[str, float], ...]:
    """The [bounds] table: for a unit the plan's indicators use, the largest absolute value a figure may take
    (a positive, finite number in storage units); a unit no indicator uses is a typo, refused."""
    table = data.get("bounds", {})
    if not isinstance(table, Mapping):
        check.add("bounds", "plan.bounds_not_table", value=repr(table))
        return ()
    units = sorted({i.unit for i in indicators if i.unit})
    found = []
    for unit, bound in table.items():
        if unit not in units:
            check.add(f"bounds.{unit}", "plan.bound_unknown_unit", value=repr(unit), units=", ".join(units))
        elif isinstance(bound, bool) or not isinstance(bound, int | float) or not math.isfinite(bound) or bound <= 0:
            check.add(f"bounds.{unit}", "plan.bound_not_positive", value=repr(bound))
        else:
            found.append((unit, float(bound)))
    return tuple(found)


def _name_index(
    check: Checker,
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
                check.add(f"{kind}s ({ident})", "plan.name_taken", value=repr(spelling), other=repr(index[key]))
            index[key] = ident
    return index


def name_indexes(
    check: Checker,
    indicators: Iterable[Indicator],
    regions: Iterable[Region],
    sectors: Iterable[Sector],
    networks: Iterable[Network] = (),
) -> dict[str, dict[str, str]]:
    """For each kind of name a file may use (indicator, region, sector, network): every spelling -> its id."""
    return {
        "network": _name_index(check, "network", ((n.id, n.label, n.aliases, None) for n in networks)),
        "indicator": _name_index(check, "indicator", ((i.id, i.label, i.aliases, None) for i in indicators)),
        "region": _name_index(check, "region", ((r.id, r.label, r.aliases, r.code) for r in regions)),
        "sector": _name_index(check, "sector", ((s.id, s.label, s.aliases, None) for s in sectors)),
    }
