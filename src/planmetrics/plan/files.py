"""Plan files (TOML) -> Plan, checked on load; choosing among the plans of the plans folder, and which of
them is the default (CONTRACT.md, `--plan`).

Every problem in a file is reported at once, each naming its key and what to write instead.
Imports `config`, `errors` and the plan package's own modules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tomllib
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from planmetrics import config
from planmetrics.errors import Phrase, PlanFileError, RefusedError
from planmetrics.plan.checker import Checker, check_unique
from planmetrics.plan.duties import check_owners, read_obligations
from planmetrics.plan.intake import read_statcan_tables
from planmetrics.plan.model import Plan
from planmetrics.plan.sections import (
    name_indexes,
    read_bounds,
    read_indicators,
    read_networks,
    read_orientations,
    read_regions,
    read_seats,
    read_sectors,
    read_targets,
)


def parse_plan(text: str, path: str = "<plan>") -> Plan:
    """A plan from the text of a TOML file; raises PlanFileError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanFileError(path, [("plan", Phrase("plan.not_toml", {"detail": exc}))]) from exc
    check = Checker()
    head = _plan_table(check, data)
    orientations = read_orientations(check, data)
    indicators = read_indicators(check, data, {o.id for o in orientations})
    regions = read_regions(check, data)
    targets = read_targets(check, data, head, indicators, {r.id for r in regions})
    sectors = read_sectors(check, data)
    networks = read_networks(check, data)
    obligations = read_obligations(check, data, indicators, networks, _year(head.get("baseline_year")))
    check_owners(check, data)
    seats = read_seats(check, data)
    bounds = read_bounds(check, data, indicators)
    statcan_tables = read_statcan_tables(check, data, indicators)
    for key, ids in (
        ("orientations", [o.id for o in orientations]),
        ("indicators", [i.id for i in indicators]),
        ("targets", [t.id for t in targets]),
        ("regions", [r.id for r in regions]),
    ):
        check_unique(check, key, ids)
    names = name_indexes(check, indicators, regions, sectors, networks)
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
        default=check.boolean(head, "default", "plan"),
        bounds=bounds,
        statcan_tables=statcan_tables,
        networks=networks,
        review_all=check.boolean(head, "review_all", "plan"),
        obligations=obligations,
        _names=names,
    )
    if check.found:
        raise PlanFileError(path, list(check.found))
    return plan


def _year(value: object) -> int:
    """The plan's baseline year as the obligations' default first year (its own problems said elsewhere)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _plan_table(check: Checker, data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The file's [plan] table, or an empty one after noting that it is missing."""
    head = data.get("plan")
    if isinstance(head, Mapping):
        return head
    check.add("plan", "plan.no_plan_table")
    return {}


def load_plan(path: Path) -> Plan:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanFileError(str(path), [("file", Phrase("plan.not_utf8", {"detail": exc}))]) from exc
    return parse_plan(text, str(path))


def load_plans(directory: Path | None = None) -> list[Plan]:
    """Every plan file of the directory, newest plan first (by target year, then adoption date); refused when
    two files both say `default = true`, since which one was meant cannot be guessed."""
    folder = directory or config.plans_dir()
    plans = [load_plan(p) for p in sorted(folder.glob("*.toml"))]
    if not plans:
        raise RefusedError("plan.no_plan_file", "plan.no_plan_file.advice", folder=folder)
    _check_one_default(plans)
    return sorted(plans, key=lambda p: (p.target_year, p.adopted or dt.date.min), reverse=True)


def _check_one_default(plans: Sequence[Plan]) -> None:
    """Refuses the second file that claims the default, naming the first one too."""
    claimed = [p for p in plans if p.default]
    if len(claimed) > 1:
        first, *others = claimed
        raise PlanFileError(others[0].path, [("plan.default", Phrase("plan.default_twice", {"other": first.path}))])


def current_date() -> dt.date:
    """Today, or the ISO date `$PLANMETRICS_TODAY` stands for (tests, and a look at which plan a day opens on)."""
    text = os.environ.get("PLANMETRICS_TODAY", "").strip()
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise RefusedError("plan.bad_today", "plan.bad_today.advice", value=repr(text)) from exc


def default_plan(plans: Sequence[Plan], today: dt.date | None = None) -> Plan:
    """The plan `--plan` and the dashboard start on (CONTRACT.md): the one whose file says `default = true`;
    else the newest whose years (baseline year to target year) include the current year; else the one that
    ended last; else, every plan being still to come, the one that starts first.

    `plans` come newest first, as `load_plans` gives them, so the first that qualifies is the newest.
    """
    claimed = next((p for p in plans if p.default), None)
    if claimed is not None:
        return claimed
    year = (today or current_date()).year
    running = next((p for p in plans if p.baseline_year <= year <= p.target_year), None)
    if running is not None:
        return running
    ended = [p for p in plans if p.target_year < year]
    if ended:
        return max(ended, key=lambda p: (p.target_year, p.adopted or dt.date.min))
    return min(plans, key=lambda p: (p.baseline_year, p.target_year))


def choose_plan(plans: list[Plan], plan_id: str | None) -> Plan:
    """The plan `--plan` names, else the default plan."""
    if plan_id is None:
        return default_plan(plans)
    for plan in plans:
        if plan.id == plan_id:
            return plan
    raise RefusedError(
        "plan.unknown_plan", "plan.unknown_plan.advice", plan=repr(plan_id), known=partial(_plans_listing, plans)
    )


def _plans_listing(plans: list[Plan], lang: str) -> str:
    """What `--plan` accepts, each with the title a person knows it by: `cqcm-2020 (Plan stratégique …)`."""
    return ", ".join(f"{p.id} ({p.short_title.get(lang)})" for p in plans)
