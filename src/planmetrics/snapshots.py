"""The assessment as read from the store: every target's status and the total figures it was judged on,
cached by the database's generation (the one snapshot cache, shared by the command line, the dashboard and
the reports); the `progress --json` object; how statuses would move with staged figures. The totals hold the
plan's derived indicators' rows (`derived.with_derived`), computed from the stored totals of their inputs.

Imports `config`, `derived`, `plan`, `store`, `metrics`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pandas as pd

from planmetrics import config, derived
from planmetrics.metrics import Assessment, Status, StatusOverride, TargetProgress, assess
from planmetrics.plan import Plan
from planmetrics.store import Store, overrides
from planmetrics.store.database import Generation
from planmetrics.store.overrides import Override

_CACHE_SIZE = 64
_SNAPSHOTS: dict[tuple[object, ...], tuple[Assessment, pd.DataFrame]] = {}


def progress(store: Store, plan: Plan, as_of: int | None = None, *, generation: Generation | None = None) -> Assessment:
    """Every target's status as of a year (default: the latest year with any figure)."""
    return snapshot(store, plan, as_of, generation=generation)[0]


def snapshot(
    store: Store, plan: Plan, as_of: int | None = None, *, generation: Generation | None = None
) -> tuple[Assessment, pd.DataFrame]:
    """The assessment and the total figures it was made from (for the small charts beside it).

    Cached by the database's generation (the file's device and inode, its newest batch id, the batches rolled
    back): a commit adds a batch, a rollback flips one, a restore swaps another file in, so a cached result is
    never stale. A caller that has just read the generation (a page's context) passes it.
    """
    if generation is None:
        generation = store.generation()  # first: a missing or damaged file gets the store's clear message
    key = (str(store.path), generation, plan.sha256, as_of)
    found = _SNAPSHOTS.get(key)
    if found is None:
        found = _read_and_assess(store, plan, as_of)
        if len(_SNAPSHOTS) >= _CACHE_SIZE:
            _SNAPSHOTS.pop(next(iter(_SNAPSHOTS)))
        _SNAPSHOTS[key] = found
    return found


def uncached_progress(store: Store, plan: Plan, as_of: int | None = None) -> Assessment:
    """The same assessment, always read from the database (one connection)."""
    return _read_and_assess(store, plan, as_of)[0]


def _read_and_assess(store: Store, plan: Plan, as_of: int | None) -> tuple[Assessment, pd.DataFrame]:
    """The plan's total rows (sector and network `all`, every region), its derived indicators' computed from
    them, and the assessment made from them."""
    stored, latest = store.totals_and_latest_year(derived.stored_only(plan, [i.id for i in plan.indicators]))
    totals = derived.with_derived(plan, stored)
    computed = assess(plan, totals, latest if as_of is None else as_of)
    return with_overrides(computed, overrides.overrides(store, plan.id)), totals


def with_overrides(assessment: Assessment, set_by_team: list[Override]) -> Assessment:
    """The assessment with the statuses the plan team set in force at its as-of year, each keeping the computed
    status beside it and marked stale once the figure judged is not the one it saw. Of a target's entries, the
    one set from the greatest as-of year not after the view's holds (one set for every year, before any other);
    a view with no as-of year takes only one set for every year."""
    by_target: dict[str, list[Override]] = {}
    for found in set_by_team:
        by_target.setdefault(found.target, []).append(found)
    if not by_target:
        return assessment
    shown = tuple(_overridden(t, in_force_at(by_target.get(t.id, []), assessment.as_of)) for t in assessment.targets)
    return dataclasses.replace(assessment, targets=shown)


def in_force_at(entries: list[Override], as_of: int | None) -> Override | None:
    """Of one target's entries, the one a view as of `as_of` shows: set from the greatest as-of year not after
    it, else the one set for every year; None when no entry holds."""
    held = [o for o in entries if o.as_of is None or (as_of is not None and o.as_of <= as_of)]
    return max(held, key=lambda o: -math.inf if o.as_of is None else o.as_of, default=None)


def _overridden(progress: TargetProgress, found: Override | None) -> TargetProgress:
    if found is None:
        return progress
    mark = StatusOverride(
        status=_status(found.status),
        by=found.by,
        reason=found.reason,
        at=found.at.replace(tzinfo=dt.UTC).isoformat(),
        as_of=found.as_of,
        stale=is_stale(found, progress),
        batch=found.batch,
    )
    return dataclasses.replace(progress, status=mark.status, computed_status=progress.status, override=mark)


def _status(text: str) -> Status:
    return text  # type: ignore[return-value]  # written by `override`, which takes only the statuses it knows


def is_stale(found: Override, progress: TargetProgress) -> bool:
    """Newer figures arrived since the override: the figure judged now, or the status computed from it, is not
    the one the plan team saw."""
    if (found.latest_year, found.computed_status) != (progress.latest_year, progress.status):
        return True
    if found.latest is None or progress.latest is None:
        return found.latest != progress.latest
    return not math.isclose(found.latest, progress.latest, rel_tol=1e-12, abs_tol=1e-9)


def clear_cache() -> None:
    _SNAPSHOTS.clear()


def progress_json(assessment: Assessment, messages: list[str]) -> dict[str, object]:
    """CONTRACT.md's `progress --json` object; `messages` are the checks' sentences, in order."""
    return {
        "plan": assessment.plan_id,
        "as_of": assessment.as_of,
        "baseline_year": assessment.baseline_year,
        "target_year": assessment.target_year,
        "targets": [t.to_json() for t in assessment.targets],
        "checks": [
            {"id": c.id, "severity": c.severity, "message": m} for c, m in zip(assessment.checks, messages, strict=True)
        ],
    }


def status_changes(store: Store, plan: Plan, staged: pd.DataFrame) -> pd.DataFrame:
    """How each target's status (at the latest year) would change if `staged` were committed."""
    before_totals = snapshot(store, plan)[1]  # the totals the current statuses were judged on (cached)
    staged_totals = staged[(staged["sector"] == config.TOTAL_SECTOR) & (staged["network"] == config.TOTAL_NETWORK)]
    key = config.FIGURE_KEY
    stored_before = before_totals[~before_totals[derived.DERIVED]]
    after_stored = pd.concat([staged_totals, stored_before], ignore_index=True).drop_duplicates(key, keep="first")
    after_totals = derived.with_derived(plan, after_stored)
    before, after = assess(plan, before_totals), assess(plan, after_totals)
    rows = [
        {
            "target": old.id,
            "status_before": old.status,
            "status_after": new.status,
            "progress_before": old.progress,
            "progress_after": new.progress,
            "changed": old.status != new.status or old.progress != new.progress,
        }
        for old, new in zip(before.targets, after.targets, strict=True)
    ]
    return pd.DataFrame(rows)
