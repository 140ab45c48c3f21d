"""Editors: the sign-in form, the server-side check before any change, and the forms that change data
(a corrected figure, a commentary).

Imports streamlit, `auth`, `errors`, `loading`, `ui_text` and the app package's `state` and `uploads`.
"""

from __future__ import annotations

import streamlit as st

from planmetrics import auth, loading
from planmetrics.app.state import PageContext
from planmetrics.app.uploads import show_problems
from planmetrics.errors import PlanmetricsError, RefusedError
from planmetrics.ui_text import ui


@st.cache_resource(show_spinner=False)
def _throttle() -> auth.Throttle:
    """Failed sign-ins, shared by every session of this server process."""
    return auth.Throttle()


def editor(lang: str) -> str | None:
    """The name changes are recorded under, or None (after showing the sign-in form) for a viewer."""
    known = auth.editors()
    if not known:
        st.warning(ui("auth.open", lang), icon=":material/lock_open:")
        typed = st.text_input(ui("auth.your_name", lang), key="open_editor_name", max_chars=64)
        return typed.strip() or "anonymous"
    current = st.session_state.get("editor")
    if current in known:
        left, right = st.columns([4, 1])
        left.success(ui("auth.signed_in", lang, name=current), icon=":material/person:")
        if right.button(ui("auth.sign_out", lang), key="sign_out"):
            st.session_state.pop("editor", None)
            st.rerun()
        return str(current)
    _sign_in_form(known, lang)
    return None


def _sign_in_form(known: dict[str, str], lang: str) -> None:
    st.info(ui("auth.viewer", lang), icon=":material/visibility:")
    with st.form("sign_in"):
        st.markdown(f"**{ui('auth.sign_in', lang)}**")
        name = st.text_input(ui("auth.name", lang), max_chars=64)
        password = st.text_input(ui("auth.password", lang), type="password", max_chars=256)
        submitted = st.form_submit_button(ui("auth.submit", lang))
    if not submitted:
        return
    wait = _throttle().wait_seconds(name)
    if wait > 0:
        st.error(ui("auth.throttled", lang, seconds=int(wait) + 1), icon=":material/timer:")
    elif auth.verify(name, password, _throttle(), known):
        st.session_state["editor"] = name
        st.rerun()
    else:
        st.error(ui("auth.wrong", lang), icon=":material/error:")


def require_editor(lang: str) -> str:
    """Server-side check before any change: a configured app needs a signed-in editor."""
    known = auth.editors()
    if not known:
        return str(st.session_state.get("open_editor_name") or "anonymous").strip() or "anonymous"
    current = st.session_state.get("editor")
    if current not in known:
        raise RefusedError(ui("auth.refused", lang))
    return str(current)


def correction_form(ctx: PageContext, who: str) -> None:
    """One figure corrected in a form, with a required reason: a batch of kind `correction`."""
    lang, plan = ctx.lang, ctx.plan
    with st.expander(ui("correct.title", lang), icon=":material/edit:"), st.form("correction", clear_on_submit=True):
        labels = {i.id: i.label.get(lang) for i in plan.indicators}
        left, middle, right = st.columns(3)
        indicator = left.selectbox(ui("col.indicator", lang), list(labels), format_func=labels.__getitem__)
        year = middle.number_input(ui("col.year", lang), 1900, 2100, value=ctx.as_of or plan.target_year, step=1)
        value = right.text_input(ui("col.new", lang), placeholder="116 000")
        regions = {r.id: r.label.get(lang) for r in plan.regions}
        region = left.selectbox(ui("col.region", lang), list(regions), format_func=regions.__getitem__)
        sector = middle.text_input(ui("col.sector", lang), placeholder="all")
        network = right.text_input(ui("col.network", lang), placeholder="all")
        reason = st.text_input(ui("correct.reason", lang), max_chars=500)
        if not st.form_submit_button(ui("correct.save", lang)):
            return
        try:
            outcome = loading.correct_figure(
                ctx.store,
                plan,
                indicator=str(indicator),
                year=str(int(year)),
                value=value,
                reason=reason,
                region=str(region),
                sector=sector or None,
                network=network or None,
                by=require_editor(lang),
                lang=lang,
            )
        except loading.FileRefusedError as refused:
            show_problems(refused.problems_json, lang)
        except PlanmetricsError as exc:
            st.error(str(exc), icon=":material/block:")
        else:
            st.success(ui("correct.done", lang, batch=outcome.batch.batch if outcome.batch else "—"))
    del who


def comment_form(ctx: PageContext) -> None:
    """Editors write a short commentary per target and year ("why we are behind")."""
    lang = ctx.lang
    with st.expander(ui("comment.add", lang), icon=":material/add_comment:"):
        who = editor(lang)
        if who is None:
            return
        labels = {t.id: t.label.get(lang) for t in ctx.plan.targets}
        with st.form("comment", clear_on_submit=True):
            target = st.selectbox(ui("col.target", lang), list(labels), format_func=labels.__getitem__)
            year = st.number_input(ui("col.year", lang), 1900, 2100, value=ctx.as_of or ctx.plan.target_year, step=1)
            body = st.text_area(ui("comment.body", lang), max_chars=2000)
            if st.form_submit_button(ui("comment.save", lang)):
                try:
                    ctx.store.add_comment(
                        plan_id=ctx.plan.id, target=str(target), year=int(year), body=body, by=require_editor(lang)
                    )
                except PlanmetricsError as exc:
                    st.error(str(exc))
                else:
                    st.success(ui("comment.saved", lang))
