"""The dashboard's shared parts: cached readers, the page context, and the widgets every page uses.

The only module under src/ that imports streamlit. Reads are cached by the database's newest batch id, so
an import from the command line shows at the next rerun; no connection is held between reruns.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from planmetrics import config, i18n, presenters, queries
from planmetrics.errors import PlanmetricsError
from planmetrics.metrics import Assessment, TargetProgress
from planmetrics.plan import Plan, load_plans
from planmetrics.store import Store
from planmetrics.ui_text import ui

LANG_NAMES = {"fr": "Français", "en": "English"}
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "achieved": ("green", ":material/verified:"),
    "on_track": ("green", ":material/check_circle:"),
    "needs_acceleration": ("orange", ":material/speed:"),
    "limited_progress": ("orange", ":material/warning:"),
    "deteriorating": ("red", ":material/trending_down:"),
    "missed": ("red", ":material/cancel:"),
    "no_data": ("gray", ":material/help:"),
    "improving": ("green", ":material/trending_up:"),
    "stable": ("blue", ":material/trending_flat:"),
    "worsening": ("red", ":material/trending_down:"),
}


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
def _years(db: str, batch: int) -> tuple[int, ...]:
    del batch
    figures = Store(db).current_figures()
    return tuple(sorted({int(y) for y in figures["year"]}, reverse=True))


@st.cache_data(show_spinner=False, max_entries=64)
def _assessment(db: str, plan_id: str, as_of: int | None, batch: int) -> Assessment:
    del batch
    plan = next(p for p in _plans(_plans_key()) if p.id == plan_id)
    return queries.progress(Store(db), plan, as_of)


@st.cache_data(show_spinner=False, max_entries=64)
def _totals(db: str, plan_id: str, batch: int) -> pd.DataFrame:
    del batch
    plan = next(p for p in _plans(_plans_key()) if p.id == plan_id)
    return queries.plan_totals(Store(db), plan)


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(db: str, indicator: str, batch: int) -> pd.DataFrame:
    del batch
    return Store(db).current_figures(indicators=[indicator])


def assessment(ctx: PageContext) -> Assessment:
    return _assessment(str(ctx.store.path), ctx.plan.id, ctx.as_of, ctx.batch)


def totals(ctx: PageContext) -> pd.DataFrame:
    """Current total rows of the plan's indicators, every region."""
    return _totals(str(ctx.store.path), ctx.plan.id, ctx.batch)


def figures(ctx: PageContext, indicator: str) -> pd.DataFrame:
    """Every current figure of one indicator (all regions, sectors, networks)."""
    return _figures(str(ctx.store.path), indicator, ctx.batch)


# ------------------------------------------------------------------ language, plan, as-of


def browser_lang() -> str:
    locale = getattr(st.context, "locale", None) or ""
    return "fr" if str(locale).lower().startswith("fr") else "en"


def _remembered(name: str, default: str | None) -> str | None:
    """A choice kept in the session and the URL, so a link can be shared."""
    if name not in st.session_state:
        st.session_state[name] = st.query_params.get(name, default)
    value = st.session_state[name]
    return None if value is None else str(value)


def _sidebar_choice(name: str, options: list[str], label: str, fmt: dict[str, str] | None = None) -> str:
    current = _remembered(name, options[0])
    if current not in options:
        current = options[0]
    widget = f"_{name}_widget"
    st.session_state[widget] = current
    names = fmt or {}
    st.sidebar.selectbox(
        label,
        options,
        key=widget,
        format_func=lambda option: names.get(str(option), str(option)),
        on_change=lambda: st.session_state.update({name: st.session_state[widget]}),
    )
    chosen = str(st.session_state[widget])
    st.session_state[name] = chosen
    st.query_params[name] = chosen
    return chosen


def context() -> PageContext:
    """Read the language, plan and as-of year (sidebar, session, URL) and the database's state."""
    default_lang = browser_lang()
    _remembered("lang", default_lang)
    lang = _sidebar_choice(
        "lang", ["fr", "en"] if st.session_state["lang"] == "fr" else ["en", "fr"], "Langue / Language", LANG_NAMES
    )
    plans = _plans(_plans_key())
    plan = plans[0]
    if len(plans) > 1:
        plan_id = _sidebar_choice(
            "plan", [p.id for p in plans], ui("ctl.plan", lang), {p.id: p.short_title.get(lang) for p in plans}
        )
        plan = next(p for p in plans if p.id == plan_id)
    store = Store(config.db_path())
    if not store.path.exists():
        return PageContext(lang, plan, plans, store, 0, (), None)
    batch = store.latest_batch()
    years = _years(str(store.path), batch)
    as_of = None
    if years:
        as_of = int(_sidebar_choice("as_of", [str(y) for y in years], ui("ctl.as_of", lang)))
    return PageContext(lang, plan, plans, store, batch, years, as_of)


def guarded_context() -> PageContext | None:
    """The context, or None after showing a clear message when the database cannot be used."""
    try:
        ctx = context()
    except PlanmetricsError as exc:
        st.error(str(exc), icon=":material/error:")
        return None
    if not ctx.store.path.exists():
        st.info(ui("empty.no_db", ctx.lang, path=ctx.store.path), icon=":material/database:")
        return None
    if not ctx.has_figures:
        st.info(ui("empty.no_figures", ctx.lang), icon=":material/upload_file:")
        return None
    return ctx


# ------------------------------------------------------------------ shared widgets


def status_badge(status: str, lang: str) -> None:
    """Status as word, colour and icon together (never colour alone)."""
    colour, icon = STATUS_STYLE[status]
    st.badge(i18n.status_word(status, lang), icon=icon, color=colour)  # type: ignore[arg-type]


def target_card(ctx: PageContext, progress: TargetProgress) -> None:
    """One target in a bordered card: status, latest against target, bar, what is needed now."""
    card = presenters.target_card(ctx.plan, progress, ctx.lang)
    with st.container(border=True):
        st.markdown(f"**{card.title}**")
        status_badge(progress.status, ctx.lang)
        left, right = st.columns(2)
        left.metric(card.latest_label, card.latest)
        right.metric(ui("card.target", ctx.lang), card.target)
        if card.bar is not None:
            st.progress(card.bar, text=card.bar_text)
        for line in card.lines:
            st.caption(line)
