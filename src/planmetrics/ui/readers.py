"""Cached reads for the pages: the plan files, the one snapshot (assessment and totals, `snapshots`), one
indicator's figures. Keyed by the database's newest batch id, so an import from the command line shows at the
next rerun; no connection is held between reruns. Imports `config`, `plan`, `store`, `metrics`, `snapshots`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from planmetrics import config, snapshots
from planmetrics.metrics import Assessment
from planmetrics.plan import Plan, load_plans
from planmetrics.store import Store

if TYPE_CHECKING:
    from planmetrics.ui.context import PageContext


def _plans_key() -> tuple[tuple[str, float], ...]:
    return tuple((str(p), p.stat().st_mtime) for p in sorted(config.plans_dir().glob("*.toml")))


@st.cache_resource(show_spinner=False)
def _plans(key: tuple[tuple[str, float], ...]) -> tuple[Plan, ...]:
    del key  # the files' names and times: a changed plan file is read again
    return tuple(load_plans())


def loaded_plans() -> tuple[Plan, ...]:
    """Every plan file, read again when one changes."""
    return _plans(_plans_key())


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(db: str, indicator: str, batch: int) -> pd.DataFrame:
    del batch
    return Store(db).current_figures(indicators=[indicator])


def assessment(ctx: PageContext) -> Assessment:
    return snapshots.snapshot(ctx.store, ctx.plan, ctx.as_of, batch=ctx.batch)[0]


def totals(ctx: PageContext) -> pd.DataFrame:
    """Current total rows of the plan's indicators, every region (those the assessment was made from)."""
    return snapshots.snapshot(ctx.store, ctx.plan, ctx.as_of, batch=ctx.batch)[1]


def figures(ctx: PageContext, indicator: str) -> pd.DataFrame:
    """Every current figure of one indicator (all regions, sectors, networks) up to the as-of year: what a page
    draws, tables and offers for download as of a year holds no later figure (METHOD.md, "As of a year")."""
    every = _figures(str(ctx.store.path), indicator, ctx.batch)
    return every if ctx.as_of is None else every[every["year"] <= ctx.as_of]


def history(ctx: PageContext) -> list[dict[str, object]]:
    """The batches, newest first."""
    return ctx.store.history()


def batch_file(ctx: PageContext, batch: int) -> tuple[str | None, bytes | None]:
    """The original file of a batch (its name and bytes), when one was kept."""
    name, data = ctx.store.batch_file(batch)
    return name, None if data is None else bytes(data)
