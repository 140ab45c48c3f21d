"""Who acts on the dashboard: the sign-in form against the store's users, the signed-in box (the name and the
role in words, never an id), and the server-side check every action makes before it writes.

The session keeps only the name signed in. Every action reads that user again from the store at its moment
(`require_actor`, through `accounts.signed_in`), so a user removed or whose role changed since the sign-in is
refused or acts with the new role at once. An app whose store has no user is open, as before users existed:
the page says so, the visitor types a name and acts as an administrator under it (`accounts.Actor`). But a
store with no user beside a secrets file of earlier planmetrics that names editors (an install upgraded
without running `init` again) is not open: those editors are carried into the store first
(`accounts.carry_over_editors`), and the page asks for a sign-in.

Figures that count nowhere yet (a submission awaiting review, or returned) are seen only by reviewers and
administrators (an open app's visitor among them) and by the editors of the network that submitted them
(`Sight`); every other visitor never sees them.

The sign-in form says how long to wait, in the reader's language. The client the throttle counts by is the
connection's address (X-Forwarded-For's last entry only when $PLANMETRICS_TRUST_PROXY is set); a loopback
connection, where Streamlit gives no address, is the one unknown client (`auth.client_of`): behind a reverse
proxy on the same host, set $PLANMETRICS_TRUST_PROXY so that each visitor is counted by their own address.
Imports `accounts`, `auth`, `errors`, `plan`, `store`, `words`, `ui.context`, `ui.markdown`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from planmetrics import accounts, auth
from planmetrics.accounts import Actor
from planmetrics.errors import RefusedError
from planmetrics.plan import Plan
from planmetrics.store import Store, users
from planmetrics.ui.context import PageContext
from planmetrics.ui.markdown import say_escaped as _escaped
from planmetrics.words import say

SIGNED_IN = "editor"  # the session's signed-in name
OPEN_NAME = "open_editor_name"  # the name typed in an app without users


@st.cache_resource(show_spinner=False)
def _throttle(database: str) -> auth.Throttle:
    """Failed sign-ins, shared by every session of this server process, one throttle per database of users."""
    del database  # the key: the failures counted against the names of that database's users
    return auth.Throttle()


def role_words(actor: Actor, plan: Plan, lang: str) -> str:
    """A role as a person reads it: `Administrator`, `Reviewer`, `Plan-team editor`, `Editor for Mouvement
    Desjardins` (the network by its label)."""
    if actor.is_network_editor:
        assert actor.network is not None
        return say("auth.role.network_editor", lang, network=plan.label_of("network", actor.network, lang))
    return say(f"auth.role.{actor.role}", lang)


def is_open(store: Store) -> bool:
    """An app whose store has no user: changes are open to anyone who reaches it (the page says so). The
    editors of an earlier version's secrets file are carried into an empty store first, so an upgraded
    install keeps asking for a sign-in (a secrets file that cannot be read refuses, never opens the app)."""
    if users.has_users(store):
        return False
    return not accounts.carry_over_editors(store)


def _open_actor() -> Actor:
    typed = str(st.session_state.get(OPEN_NAME) or "").strip()
    return Actor(typed or None, "admin")


def editor(ctx: PageContext) -> Actor | None:
    """Who acts on this page, after showing it (the signed-in box, or an open app's warning and name field);
    None, after showing the sign-in form, for a viewer."""
    lang = ctx.lang
    if is_open(ctx.store):
        st.warning(_escaped("auth.open", lang), icon=":material/lock_open:")
        st.text_input(say("auth.your_name", lang), key=OPEN_NAME, max_chars=64)
        return _open_actor()
    actor = accounts.signed_in(ctx.store, st.session_state.get(SIGNED_IN))
    if actor is None:
        st.session_state.pop(SIGNED_IN, None)  # a user removed since the sign-in signs in again
        _sign_in_form(ctx)
        return None
    left, right = st.columns([4, 1])
    role = role_words(actor, ctx.plan, lang)
    left.success(_escaped("auth.signed_in", lang, name=actor.name, role=role), icon=":material/person:")
    if right.button(say("auth.sign_out", lang), key="sign_out"):
        st.session_state.pop(SIGNED_IN, None)
        st.rerun()
    return actor


def acting(ctx: PageContext) -> Actor | None:
    """Who would act now, read from the store, without drawing anything; None for a viewer."""
    if is_open(ctx.store):
        return _open_actor()
    return accounts.signed_in(ctx.store, st.session_state.get(SIGNED_IN))


@dataclass(frozen=True)
class Sight:
    """Which figures that count nowhere yet a person may see: every network's (`every`: a reviewer, an
    administrator, an open app's visitor), her own network's (`network`: a network editor's), or none (a
    viewer, a plan-team editor). Part of the key of every cached read that holds such figures."""

    every: bool = False
    network: str | None = None

    def sees(self, state: str, batch_network: str | None) -> bool:
        """Whether a batch in `state`, submitted for `batch_network` (None: the plan team's), is shown."""
        if state in ("direct", "approved") or self.every:
            return True
        return self.network is not None and batch_network == self.network


def sight_of(actor: Actor | None) -> Sight:
    if actor is None:
        return Sight()
    if actor.reviews:
        return Sight(every=True)
    return Sight(network=actor.network) if actor.is_network_editor else Sight()


def sight(ctx: PageContext) -> Sight:
    """What the person on this page may see of the figures awaiting review, her role read from the store now
    (without drawing a sign-in)."""
    return sight_of(acting(ctx))


def require_actor(ctx: PageContext) -> Actor:
    """The server-side check before any change: the signed-in user as the store has it at this moment (a user
    removed since the sign-in is refused); in an app without users, the visitor as administrator."""
    actor = acting(ctx)
    if actor is None:
        raise RefusedError("auth.refused")
    return actor


def _sign_in_form(ctx: PageContext) -> None:
    lang = ctx.lang
    st.info(_escaped("auth.viewer", lang), icon=":material/visibility:")
    with st.form("sign_in"):
        st.markdown(f"**{_escaped('auth.sign_in', lang)}**")
        name = st.text_input(say("auth.name", lang), max_chars=64)
        password = st.text_input(say("auth.password", lang), type="password", max_chars=256)
        submitted = st.form_submit_button(say("auth.submit", lang))
    if not submitted:
        return
    client = _client()
    known = accounts.known_digests(ctx.store)
    done = auth.sign_in(name, password, _throttle(str(ctx.store.path)), client=client, known=known)
    if done.ok:
        st.session_state[SIGNED_IN] = name
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
