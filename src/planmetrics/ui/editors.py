"""Who may change data: the editors' sign-in form, the name changes are recorded under, and the server-side
check every action makes before it writes. Imports `auth`, `errors`, `words`.
"""

from __future__ import annotations

import streamlit as st

from planmetrics import auth
from planmetrics.errors import RefusedError
from planmetrics.ui.markdown import say_escaped as _escaped
from planmetrics.words import say


@st.cache_resource(show_spinner=False)
def _throttle() -> auth.Throttle:
    """Failed sign-ins, shared by every session of this server process."""
    return auth.Throttle()


def editor(lang: str) -> str | None:
    """The name changes are recorded under, or None (after showing the sign-in form) for a viewer."""
    known = auth.editors()
    if not known:
        st.warning(_escaped("auth.open", lang), icon=":material/lock_open:")
        typed = st.text_input(say("auth.your_name", lang), key="open_editor_name", max_chars=64)
        return typed.strip() or say("auth.unnamed", lang)
    current = st.session_state.get("editor")
    if current in known:
        left, right = st.columns([4, 1])
        left.success(_escaped("auth.signed_in", lang, name=current), icon=":material/person:")
        if right.button(say("auth.sign_out", lang), key="sign_out"):
            st.session_state.pop("editor", None)
            st.rerun()
        return str(current)
    _sign_in_form(known, lang)
    return None


def _sign_in_form(known: dict[str, str], lang: str) -> None:
    st.info(_escaped("auth.viewer", lang), icon=":material/visibility:")
    with st.form("sign_in"):
        st.markdown(f"**{_escaped('auth.sign_in', lang)}**")
        name = st.text_input(say("auth.name", lang), max_chars=64)
        password = st.text_input(say("auth.password", lang), type="password", max_chars=256)
        submitted = st.form_submit_button(say("auth.submit", lang))
    if not submitted:
        return
    wait = _throttle().wait_seconds(name)
    if wait > 0:
        st.error(_escaped("auth.throttled", lang, seconds=int(wait) + 1), icon=":material/timer:")
    elif auth.verify(name, password, _throttle(), known):
        st.session_state["editor"] = name
        st.rerun()
    else:
        st.error(_escaped("auth.wrong", lang), icon=":material/error:")


def require_editor(lang: str) -> str | None:
    """Server-side check before any change: a configured app needs a signed-in editor. The name a change is
    recorded under; in an app without editors, the name typed, or None (no name is recorded, shown as "—")."""
    known = auth.editors()
    if not known:
        return str(st.session_state.get("open_editor_name") or "").strip() or None
    current = st.session_state.get("editor")
    if current not in known:
        raise RefusedError("auth.refused")
    return str(current)
