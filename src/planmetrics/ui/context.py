"""What every page starts from: the language, the plan and the as-of year (sidebar, session, URL) and the
database's state; the page stops with a clear message when the database cannot be used.

The language and as-of year live in `st.session_state["lang"]`/`["as_of"]` and in the URL (`?lang=`,
`?as_of=`), so a link can be shared. The database's generation read here keys every cached read of the page
(the newest batch id is read from it). Any refusal of ours met anywhere in a page (a damaged database, a full
disk, a broken secrets file), at its start or deep inside it, is said in the reader's language, never as
Streamlit's exception box (`page`, `run_page`).
Imports `cards`, `config`, `errors`, `plan`, `store`, `words`, `ui.markdown`, `ui.readers`.
"""

from __future__ import annotations

import glob
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from planmetrics import cards, config
from planmetrics.errors import PlanmetricsError
from planmetrics.plan import Plan, default_plan
from planmetrics.store import Store
from planmetrics.store.database import Generation
from planmetrics.ui.markdown import say_escaped
from planmetrics.ui.readers import loaded_plans, said_on_page, stop_with
from planmetrics.words import say

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

LANG_NAMES = {"fr": "Français", "en": "English"}
# A restore swaps the file in with one rename; a page that finds no file while a restore's temporary file sits
# beside it looks once more after this pause.
_MISSING_RECHECK_SECONDS = 0.2


@dataclass(frozen=True)
class PageContext:
    """What every page needs: language, plan, as-of year and the database's state: its `generation` (what
    every cached read is keyed by; None when there is no file), the one source of its newest batch id."""

    lang: str
    plan: Plan
    plans: tuple[Plan, ...]
    store: Store
    years: tuple[int, ...]
    as_of: int | None
    comments: pd.DataFrame = field(default_factory=pd.DataFrame, compare=False)
    generation: Generation | None = None

    @property
    def batch(self) -> int:
        """The newest batch id (0 when there is no file), as the generation has it."""
        return 0 if self.generation is None else self.generation.batch

    @property
    def has_figures(self) -> bool:
        return bool(self.years)


def browser_lang() -> str:
    locale = getattr(st.context, "locale", None) or ""
    return "fr" if str(locale).lower().startswith("fr") else "en"


def chosen_lang() -> str:
    """The language of this session before the sidebar is drawn: session, URL, else the browser's."""
    return str(st.session_state.get("lang") or st.query_params.get("lang") or browser_lang())


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
    Ten people opening links at once on a server just started may all begin such a run before the first of them
    turns it off: each run of a page that did not come through the app's navigation (`_THROUGH_APP`) while the
    server's entry script is the app's reruns, not only the first.
    """
    if PagesManager.uses_pages_directory or _legacy_run():
        PagesManager.uses_pages_directory = False
        st.rerun()


# Set by `run_page` while the app's navigation runs a page, in the session's script thread.
_THROUGH_APP = threading.local()


def _legacy_run() -> bool:
    run = get_script_run_ctx()
    if run is None or getattr(_THROUGH_APP, "page", False):
        return False
    return Path(run.main_script_path).name == "dashboard.py"  # the server's app, not a page run on its own


def context() -> PageContext:
    """Read the language, plan and as-of year (sidebar, session, URL) and the database's state."""
    _leave_legacy_navigation()
    _remembered("lang", browser_lang())
    lang = _sidebar_choice(
        "lang", ["fr", "en"] if st.session_state["lang"] == "fr" else ["en", "fr"], "Langue / Language", LANG_NAMES
    )
    plans = loaded_plans()
    plan = default_plan(plans)
    if len(plans) > 1:
        # The default plan first, so the selector starts on it (CONTRACT.md, `--plan`).
        plan_id = _sidebar_choice(
            "plan",
            [plan.id, *(p.id for p in plans if p is not plan)],
            say("ctl.plan", lang),
            {p.id: p.short_title.get(lang) for p in plans},
        )
        plan = next(p for p in plans if p.id == plan_id)
    store = Store(config.db_path())
    if not _exists(store.path):
        return PageContext(lang, plan, plans, store, (), None)
    generation, all_years, comments = store.state(plan.id)
    years = tuple(all_years)
    as_of = None
    if years:
        as_of = int(_sidebar_choice("as_of", [str(y) for y in years], say("ctl.as_of", lang)))
    return PageContext(lang, plan, plans, store, years, as_of, comments, generation)


def _exists(path: Path) -> bool:
    """The database file is there; looked for twice only while a restore's temporary file (`.<db>.restore-*`)
    sits beside it, since that restore may be swapping it in this instant. A fresh install never waits."""
    if path.exists():
        return True
    if not any(path.parent.glob(f".{glob.escape(path.name)}.restore-*")):
        return False
    time.sleep(_MISSING_RECHECK_SECONDS)
    return path.exists()


def page(*, allow_empty: bool = False) -> PageContext:
    """The context every page starts from; the page stops here, after a clear message, when it cannot run.

    `allow_empty` lets a page that adds figures (upload, history) open on a database with none yet.
    """
    try:
        ctx = context()
    except PlanmetricsError as exc:
        stop_with(exc, str(st.session_state.get("lang", "en")))
    if ctx.generation is None:
        st.info(say_escaped("empty.no_db", ctx.lang, path=ctx.store.path), icon=":material/database:")
        st.stop()
    if not ctx.has_figures and not allow_empty:
        st.info(say_escaped("empty.no_figures", ctx.lang), icon=":material/upload_file:")
        st.stop()
    return ctx


def comments_for(ctx: PageContext, target_id: str) -> list[str]:
    """The commentary on a target up to the as-of year, each with its author and date (as the report has it)."""
    return list(cards.comment_lines(ctx.comments, target_id, ctx.as_of, ctx.lang))


def run_page(chosen: StreamlitPage) -> None:
    """Run the navigation's page: a refusal of ours met anywhere in it (a damaged database under an upload's
    commit or a rollback, a broken secrets file when the page asks who is signed in) is said in the reader's
    language instead of Streamlit's exception box."""
    _THROUGH_APP.page = True
    try:
        chosen.run()
    except PlanmetricsError as exc:
        stop_with(exc, chosen_lang())
    finally:
        _THROUGH_APP.page = False


@said_on_page
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
