"""The reads the command line and the dashboard share: store -> engine, with no formatting.

Imports `config`, `plan`, `store`, `metrics`.
"""

from __future__ import annotations

import pandas as pd

from planmetrics import config
from planmetrics.metrics import Assessment, assess
from planmetrics.plan import Plan
from planmetrics.store import Store


def plan_totals(store: Store, plan: Plan) -> pd.DataFrame:
    """The current total rows (sector `all`, network `all`) of the plan's indicators, in every region."""
    return store.current_figures(
        indicators=[i.id for i in plan.indicators],
        sector=config.TOTAL_SECTOR,
        network=config.TOTAL_NETWORK,
    )


def progress(store: Store, plan: Plan, as_of: int | None = None) -> Assessment:
    """Every target's status as of a year (default: the latest year with any figure)."""
    if as_of is None:
        as_of = store.latest_year()
    return assess(plan, plan_totals(store, plan), as_of)


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
