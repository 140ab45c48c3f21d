"""Who may change data: the editors' sign-in form, the name changes are recorded under, and the server-side
check every action makes before it writes.

The sign-in form says how long to wait, in the reader's language. The client the throttle counts by is the
connection's address (X-Forwarded-For's last entry only when $PLANMETRICS_TRUST_PROXY is set); a loopback
connection, where Streamlit gives no address, is the one unknown client (`auth.client_of`): behind a reverse
proxy on the same host, set $PLANMETRICS_TRUST_PROXY so that each visitor is counted by their own address.
Imports `auth`, `errors`, `words`, `ui.markdown`.
"""

from __future__ import annotations

import math

import streamlit as st

from planmetrics import auth
from planmetrics.errors import RefusedError
from planmetrics.ui.markdown import say_escaped as _escaped
from planmetrics.words import say


@st.cache_resource(show_spinner=False)
def _throttle(secrets_file: str) -> auth.Throttle:
    """Failed sign-ins, shared by every session of this server process, one throttle per editors' file."""
    del secrets_file  # the key: the failures counted against the names of that file
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
    client = _client()
    done = auth.sign_in(name, password, _throttle(str(auth.secrets_path())), client=client, known=known)
    if done.ok:
        st.session_state["editor"] = name
        st.rerun()
    seconds = max(1, math.ceil(done.wait.seconds))
    if done.wait.name_locked:
        st.error(_escaped("signin.locked", lang, minutes=math.ceil(seconds / 60)), icon=":material/lock:")
    elif done.checked:
        st.error(_escaped("signin.wrong", lang, seconds=seconds), icon=":material/error:")
    else:  # a client without an address waits for the failures of every such client, not its own only
        key = "signin.wait_unknown" if client == auth.UNKNOWN_CLIENT else "signin.wait"
        st.error(_escaped(key, lang, seconds=seconds), icon=":material/timer:")


def _client() -> str:
    """Who is signing in, for the throttle (`auth.client_of`)."""
    address = st.context.ip_address
    forwarded = st.context.headers.get("X-Forwarded-For")
    return auth.client_of(address if isinstance(address, str) else None, forwarded)


def editors_configured() -> bool:
    """Whether the app has editors: without them, changes and original files are open to anyone."""
    return bool(auth.editors())


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
