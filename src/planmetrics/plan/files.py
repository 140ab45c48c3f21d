"""Plan files (TOML) -> Plan, checked on load; choosing among the plans of the plans folder.

Every problem in a file is reported at once, each naming its key and what to write instead.
Imports `config`, `errors` and the plan package's own modules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from planmetrics import config
from planmetrics.errors import Phrase, PlanFileError, RefusedError
from planmetrics.plan.model import Plan
from planmetrics.plan.sections import (
    Checker,
    check_unique,
    name_indexes,
    read_indicators,
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
    seats = read_seats(check, data)
    for key, ids in (
        ("orientations", [o.id for o in orientations]),
        ("indicators", [i.id for i in indicators]),
        ("targets", [t.id for t in targets]),
        ("regions", [r.id for r in regions]),
    ):
        check_unique(check, key, ids)
    names = name_indexes(check, indicators, regions, sectors)
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
    if check.found:
        raise PlanFileError(path, list(check.found))
    return plan


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
    """Every plan file of the directory, newest plan first (by target year, then adoption date)."""
    folder = directory or config.plans_dir()
    plans = [load_plan(p) for p in sorted(folder.glob("*.toml"))]
    if not plans:
        raise RefusedError("plan.no_plan_file", "plan.no_plan_file.advice", folder=folder)
    return sorted(plans, key=lambda p: (p.target_year, p.adopted or dt.date.min), reverse=True)


def choose_plan(plans: list[Plan], plan_id: str | None) -> Plan:
    if plan_id is None:
        return plans[0]
    for plan in plans:
        if plan.id == plan_id:
            return plan
    raise RefusedError(
        "plan.unknown_plan", "plan.unknown_plan.advice", plan=repr(plan_id), known=partial(_plans_listing, plans)
    )


def _plans_listing(plans: list[Plan], lang: str) -> str:
    """What `--plan` accepts, each with the title a person knows it by: `cqcm-2020 (Plan stratégique …)`."""
    return ", ".join(f"{p.id} ({p.short_title.get(lang)})" for p in plans)
