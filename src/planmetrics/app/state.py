"""The page context and the cached readers behind it.

Reads are cached by the database's newest batch id, so an import from the command line shows at the next
rerun; no connection is held between reruns. Imports streamlit, `config`, `metrics`, `plan`, `queries`
and `store`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from planmetrics import config, queries
from planmetrics.metrics import Assessment
from planmetrics.plan import Plan, load_plans
from planmetrics.store import Store

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


# ------------------------------------------------------------------ cached readers


def _plans_key() -> tuple[tuple[str, float], ...]:
    return tuple((str(p), p.stat().st_mtime) for p in sorted(config.plans_dir().glob("*.toml")))


@st.cache_resource(show_spinner=False)
def _plans(key: tuple[tuple[str, float], ...]) -> tuple[Plan, ...]:
    del key  # the files' names and times: a changed plan file is read again
    return tuple(load_plans())


@st.cache_data(show_spinner=False, max_entries=64)
def _snapshot(db: str, plan_id: str, as_of: int | None, batch: int) -> tuple[Assessment, pd.DataFrame]:
    plan = next(p for p in loaded_plans() if p.id == plan_id)
    return queries.snapshot(Store(db), plan, as_of, batch=batch)


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(db: str, indicator: str, batch: int) -> pd.DataFrame:
    del batch
    return Store(db).current_figures(indicators=[indicator])


def assessment(ctx: PageContext) -> Assessment:
    return _snapshot(str(ctx.store.path), ctx.plan.id, ctx.as_of, ctx.batch)[0]


def totals(ctx: PageContext) -> pd.DataFrame:
    """Current total rows of the plan's indicators, every region (those the assessment was made from)."""
    return _snapshot(str(ctx.store.path), ctx.plan.id, ctx.as_of, ctx.batch)[1]


def figures(ctx: PageContext, indicator: str) -> pd.DataFrame:
    """Every current figure of one indicator (all regions, sectors, networks)."""
    return _figures(str(ctx.store.path), indicator, ctx.batch)


def loaded_plans() -> tuple[Plan, ...]:
    """Every plan file, read again when one changes."""
    return _plans(_plans_key())
