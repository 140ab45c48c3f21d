"""What every dashboard page starts from: the language, the plan, the as-of year and the database's state,
and what pages read from it (commentary lines, the plan version line). No streamlit: `app` fills it.

Imports `plan`, `store` and `ui_text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planmetrics.plan import Plan
from planmetrics.store import Store
from planmetrics.words import say

LANG_NAMES = {"fr": "Français", "en": "English"}


@dataclass(frozen=True)
class PageContext:
    """What every page needs: language, plan, as-of year and the database's state."""

    lang: str
    plan: Plan
    plans: tuple[Plan, ...]
    store: Store
    batch: int
    years: tuple[int, ...]
    as_of: int | None
    comments: pd.DataFrame = field(default_factory=pd.DataFrame, compare=False)

    @property
    def has_figures(self) -> bool:
        return bool(self.years)


def comments_for(ctx: PageContext, target_id: str) -> list[str]:
    """The commentary on a target up to the as-of year, newest first, each with its author and date."""
    frame = ctx.comments
    if frame.empty:
        return []
    mine = frame[(frame["target"] == target_id) & (frame["year"] <= (ctx.as_of or 9999))]
    return [
        say("comment.line", ctx.lang, year=r.year, body=r.body, by=r.created_by or "—", date=str(r.created_at)[:10])
        for r in mine.itertuples()
    ]


def plan_version_caption(ctx: PageContext) -> str:
    """Which plan file the page judges by: its id, file, fingerprint and when it was recorded."""
    versions = ctx.store.plan_versions()
    mine = versions[versions["plan_id"] == ctx.plan.id]
    recorded = "—" if mine.empty else str(mine["recorded_at"].iloc[-1])[:10]
    return say(
        "method.plan_version",
        ctx.lang,
        plan=ctx.plan.id,
        file=Path(ctx.plan.path).name,
        sha=ctx.plan.sha256[:12],
        recorded=recorded,
        versions=len(mine),
    )
