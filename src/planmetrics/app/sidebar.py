"""Where every page starts: the language, plan and as-of year (sidebar, session, URL), and the clear message
shown instead of a page that cannot run.

Imports streamlit, `config`, `errors`, `store`, `ui_text` and the app package's `state`.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from planmetrics import config
from planmetrics.app.state import LANG_NAMES, PageContext, loaded_plans
from planmetrics.errors import PlanmetricsError
from planmetrics.store import Store
from planmetrics.ui_text import ui


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


def _leave_legacy_navigation() -> None:
    """Run through dashboard.py's navigation even when a shared link is the server's first visit.

    Streamlit treats a `pages/` folder as legacy multipage navigation until the entry script's
    `st.navigation` has run once in the process; until then a link such as /jobs would show raw file names.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def context() -> PageContext:
    """Read the language, plan and as-of year (sidebar, session, URL) and the database's state."""
    _leave_legacy_navigation()
    default_lang = browser_lang()
    _remembered("lang", default_lang)
    lang = _sidebar_choice(
        "lang", ["fr", "en"] if st.session_state["lang"] == "fr" else ["en", "fr"], "Langue / Language", LANG_NAMES
    )
    plans = loaded_plans()
    plan = plans[0]
    if len(plans) > 1:
        plan_id = _sidebar_choice(
            "plan", [p.id for p in plans], ui("ctl.plan", lang), {p.id: p.short_title.get(lang) for p in plans}
        )
        plan = next(p for p in plans if p.id == plan_id)
    store = Store(config.db_path())
    if not store.path.exists():
        return PageContext(lang, plan, plans, store, 0, (), None)
    batch, all_years, comments = store.state(plan.id)
    years = tuple(all_years)
    as_of = None
    if years:
        as_of = int(_sidebar_choice("as_of", [str(y) for y in years], ui("ctl.as_of", lang)))
    return PageContext(lang, plan, plans, store, batch, years, as_of, comments)


def page(*, allow_empty: bool = False) -> PageContext:
    """The context every page starts from; the page stops here, after a clear message, when it cannot run."""
    ctx = guarded_context(allow_empty=allow_empty)
    if ctx is None:
        st.stop()
    assert ctx is not None
    return ctx


def guarded_context(*, allow_empty: bool = False) -> PageContext | None:
    """The context, or None after showing a clear message when the database cannot be used.

    `allow_empty` lets a page that adds figures (upload, history) open on a database with none yet.
    """
    try:
        ctx = context()
    except PlanmetricsError as exc:
        st.error(str(exc), icon=":material/error:")
        return None
    if not ctx.store.path.exists():
        st.info(ui("empty.no_db", ctx.lang, path=ctx.store.path), icon=":material/database:")
        return None
    if not ctx.has_figures and not allow_empty:
        st.info(ui("empty.no_figures", ctx.lang), icon=":material/upload_file:")
        return None
    return ctx
