"""Cached reads for the pages: the plan files, the one snapshot (assessment and totals, `snapshots`), the
networks' duties; an indicator's figures and what pages draw from them are shared pieces (`ui.shared`). Keyed
by the database's generation (the file's identity, newest batch, batches rolled back), so an import, a rollback
or a restore from the command line shows at the next rerun; no connection is held between reruns, and a failed
read is never cached. A read that meets any refusal of ours (the database damaged, the disk full) stops the
page with its message in the reader's language (`stop_with`), wherever in the page it is made. Imports
`completeness`, `config`, `errors`, `plan`, `store`, `metrics`, `snapshots`, `ui.markdown`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, NoReturn, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from planmetrics import completeness, config, snapshots
from planmetrics.completeness import Duty
from planmetrics.errors import PlanmetricsError
from planmetrics.metrics import Assessment
from planmetrics.plan import Plan, load_plans
from planmetrics.store import Store
from planmetrics.store.database import Generation
from planmetrics.ui.markdown import markdown_text

if TYPE_CHECKING:
    from planmetrics.ui.context import PageContext

_P = ParamSpec("_P")
_R = TypeVar("_R")


def stop_with(exc: PlanmetricsError, lang: str) -> NoReturn:
    """The page stops after the error said in the reader's language (never Streamlit's exception box)."""
    st.error(markdown_text(exc.text(lang)), icon=":material/error:")
    st.stop()


def said_on_page(read: Callable[Concatenate[PageContext, _P], _R]) -> Callable[Concatenate[PageContext, _P], _R]:
    """A page's read of the database that stops the page with our words when it is refused (the file damaged,
    the disk full). Not for a download's deferred `data=` callable, where the page can no longer show anything."""

    @functools.wraps(read)
    def run(ctx: PageContext, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return read(ctx, *args, **kwargs)
        except PlanmetricsError as exc:
            stop_with(exc, ctx.lang)

    return run


def _plans_key() -> tuple[tuple[str, float], ...]:
    return tuple((str(p), p.stat().st_mtime) for p in sorted(config.plans_dir().glob("*.toml")))


@st.cache_resource(show_spinner=False)
def _plans(key: tuple[tuple[str, float], ...]) -> tuple[Plan, ...]:
    del key  # the files' names and times: a changed plan file is read again
    return tuple(load_plans())


def loaded_plans() -> tuple[Plan, ...]:
    """Every plan file, read again when one changes."""
    return _plans(_plans_key())


@said_on_page
def assessment(ctx: PageContext) -> Assessment:
    return snapshots.snapshot(ctx.store, ctx.plan, ctx.as_of, generation=ctx.generation)[0]


@said_on_page
def totals(ctx: PageContext) -> pd.DataFrame:
    """Current total rows of the plan's indicators, every region (those the assessment was made from)."""
    return snapshots.snapshot(ctx.store, ctx.plan, ctx.as_of, generation=ctx.generation)[1]


@st.cache_data(show_spinner=False, max_entries=64)
def _duties(
    db: str, year: int, day: dt.date, generation: Generation | None, plan_sha256: str, _plan: Plan
) -> list[Duty]:
    del generation, plan_sha256  # the key, with the year and the day judged on
    return completeness.duties(Store(db), _plan, year, day)


@said_on_page
def duties(ctx: PageContext, year: int, day: dt.date) -> list[Duty]:
    """Every network's duty of `year`, judged on `day`: read once per generation, shared by the sessions (the
    overview's line asks for it on every run)."""
    generation = ctx.generation or ctx.store.generation()
    return _duties(str(ctx.store.path), year, day, generation, ctx.plan.sha256, ctx.plan)


@said_on_page
def history(ctx: PageContext) -> list[dict[str, object]]:
    """The batches, newest first."""
    return ctx.store.history()


@said_on_page
def batch_file(ctx: PageContext, batch: int) -> tuple[str | None, bytes | None]:
    """The original file of a batch (its name and bytes), when one was kept."""
    name, data = ctx.store.batch_file(batch)
    return name, None if data is None else bytes(data)
