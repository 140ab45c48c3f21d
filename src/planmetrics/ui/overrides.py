"""Statuses set by the plan team, on the dashboard: the method page's section (the rule, then those in force
with the computed status beside each, or a sentence saying none is set) and the Review page's form, for
reviewers and administrators, to set a target's status with a reason and to restore the computed one.

A status is set through `store.overrides.set_override` with what the method computes for that target as of the
year chosen (`snapshots.progress`: the computed status and the figure judged, to tell a newer figure later);
every action reads who acts again from the store at its moment (`ui.editors.require_actor`) and applies
`accounts.require_reviewer`. A refusal is said on the page and nothing is written; a success is said after
the page runs again on the changed data (`ui.actions.remember_done`). Statuses and targets are said in words,
never by their ids. Imports `accounts`, `errors`, `i18n`, `metrics`, `snapshots`, `store`, `words`,
`ui.actions`, `ui.context`, `ui.editors`, `ui.markdown`, `ui.readers`, `ui.refusals`, `ui.review`.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from planmetrics import accounts, i18n, snapshots
from planmetrics.accounts import Actor
from planmetrics.errors import PlanmetricsError, RefusedError
from planmetrics.metrics import NUMERIC_STATUSES, TRACKED_STATUSES, Assessment, TargetProgress, settable_statuses
from planmetrics.store import overrides, review
from planmetrics.store.overrides import Override
from planmetrics.ui.actions import remember_done, show_done
from planmetrics.ui.context import PageContext
from planmetrics.ui.editors import require_actor
from planmetrics.ui.markdown import markdown_text, say_escaped
from planmetrics.ui.readers import assessment
from planmetrics.ui.refusals import show_refusal
from planmetrics.ui.review import day
from planmetrics.words import say

DONE = "override_done"  # the success kept across the rerun after setting or clearing a status
_ROUND = "override_round"  # how many actions succeeded: the form's keys carry it, so it starts empty


def since_words(as_of: int | None, lang: str) -> str:
    """From which as-of year a status set holds: `from 2019` / `à partir de 2019`, or for every year."""
    return (
        say("overrides_page.for_every_year", lang)
        if as_of is None
        else say("overrides_page.from_year", lang, year=as_of)
    )


# ------------------------------------------------------------------ actions, checked on the server


def set_status(ctx: PageContext, target: str, status: str, as_of: int, reason: str) -> int:
    """A reviewer sets the status shown for a target from `as_of` on, with a reason; the computed status and the
    figure judged as of that year are kept beside it. The override's batch id."""
    actor = require_actor(ctx)
    accounts.require_reviewer(actor)
    computed = snapshots.progress(ctx.store, ctx.plan, as_of).target(target)
    if status not in settable_statuses(computed.kind):
        label = partial(ctx.plan.target_label, target)
        raise RefusedError(
            "overrides_page.bad_status", "overrides_page.bad_status.advice", target=label,
            status=partial(_status_said, status), allowed=partial(_allowed_said, computed.kind),
        )  # fmt: skip
    if not reason.strip():
        raise RefusedError("overrides_page.no_reason", "overrides_page.no_reason.advice")
    return overrides.set_override(
        ctx.store, ctx.plan.id, target, status=status, reason=reason, by=actor.name, as_of=as_of,
        computed_status=computed.computed, latest_year=computed.latest_year, latest=computed.latest,
    )  # fmt: skip


def _status_said(status: str, lang: str) -> str:
    """A status in words; a text that is no status of ours, as typed."""
    return i18n.status_word(status, lang) if status in (*NUMERIC_STATUSES, *TRACKED_STATUSES, "no_data") else status


def _allowed_said(kind: str, lang: str) -> str:
    return ", ".join(i18n.status_word(s, lang) for s in settable_statuses(kind))


def clear_status(ctx: PageContext, target: str) -> int:
    """A reviewer shows a target's computed status again. The clearing's batch id; refused when none is set."""
    actor = require_actor(ctx)
    accounts.require_reviewer(actor)
    if not any(o.target == target for o in overrides.overrides(ctx.store, ctx.plan.id)):
        label = partial(ctx.plan.target_label, target)
        raise RefusedError("overrides_page.not_set", "overrides_page.not_set.advice", target=label)
    return overrides.clear_override(ctx.store, ctx.plan.id, target, by=actor.name)


# ------------------------------------------------------------------ the method page


def _judged(ctx: PageContext, found: Override, shown: Assessment) -> TargetProgress | None:
    """The target's progress in the view the override holds in: the page's as-of view, or, when the page looks at
    an earlier year than the override's, the view as of the override's own year."""
    view = shown
    if found.as_of is not None and (shown.as_of is None or shown.as_of < found.as_of):
        view = snapshots.progress(ctx.store, ctx.plan, found.as_of, generation=ctx.generation)
    return next((t for t in view.targets if t.id == found.target), None)


def in_force_table(ctx: PageContext) -> pd.DataFrame:
    """The statuses set now, one row each: the target, the status set, the computed one, from which year, who
    and when, why, and whether it is to be reviewed (newer figures arrived since)."""
    lang, plan = ctx.lang, ctx.plan
    shown = assessment(ctx)
    rows = []
    for found in overrides.overrides(ctx.store, plan.id):
        judged = _judged(ctx, found, shown)
        computed = found.computed_status if judged is None else judged.computed
        stale = judged is not None and judged.override is not None and judged.override.stale
        rows.append(
            (
                plan.target_label(found.target, lang),
                i18n.status_word(found.status, lang),
                "—" if computed is None else i18n.status_word(computed, lang),
                say("overrides_page.every_year", lang) if found.as_of is None else str(found.as_of),
                found.by or "—",
                day(found.at, lang),
                found.reason,
                say("overrides_page.to_review", lang) if stale else "",
            )
        )
    columns = ("target", "status", "computed", "from", "by", "when", "reason", "review")
    return pd.DataFrame(rows, columns=[say(f"overrides_page.col.{c}", lang) for c in columns])


def overrides_section(ctx: PageContext) -> None:
    """The method page's section on statuses set by the plan team: the rule, then those in force or none."""
    lang = ctx.lang
    st.header(say_escaped("overrides_page.method_title", lang), divider="gray")
    st.markdown(say_escaped("overrides_page.method_rule", lang))
    table = in_force_table(ctx)
    if table.empty:
        st.info(say_escaped("overrides_page.method_none", lang), icon=":material/info:")
        return
    wide = {say("overrides_page.col.reason", lang): st.column_config.TextColumn(width="large")}
    st.dataframe(table, hide_index=True, width="stretch", column_config=wide)


# ------------------------------------------------------------------ the Review page's form


def _round() -> int:
    return int(st.session_state.get(_ROUND, 0))


def _done(message: str, batch: int) -> None:
    """After a success: the message kept (with a link to History), a fresh form, the page run again."""
    remember_done(DONE, message, batch)
    st.session_state[_ROUND] = _round() + 1
    st.rerun()


def status_form(ctx: PageContext, who: Actor) -> None:
    """For reviewers and administrators: set a target's status with a reason, and the statuses set now, each
    with the button that restores the computed one."""
    if not who.reviews:
        return
    lang, plan = ctx.lang, ctx.plan
    st.subheader(say_escaped("overrides_page.form_title", lang))
    show_done(DONE, lang)
    st.caption(say_escaped("overrides_page.form_intro", lang))
    shown = assessment(ctx)
    n = _round()
    ids = [t.id for t in shown.targets]
    target = st.selectbox(
        say("overrides_page.target", lang),
        ids,
        format_func=lambda t: plan.target_label(t, lang),
        key=f"override_target_{n}",
    )
    chosen = shown.target(str(target))
    if shown.as_of is not None:
        computed = i18n.status_word(chosen.computed, lang)
        st.caption(say_escaped("overrides_page.computed_now", lang, year=shown.as_of, status=computed))
    with st.form(f"override_{n}"):
        status = st.selectbox(
            say("overrides_page.status", lang), settable_statuses(chosen.kind),
            format_func=lambda s: i18n.status_word(s, lang), key=f"override_status_{n}",
        )  # fmt: skip
        year = st.number_input(
            say("overrides_page.as_of", lang), 1900, 2100, value=ctx.as_of or plan.target_year, step=1,
            key=f"override_year_{n}",
        )  # fmt: skip
        reason = st.text_input(
            say("overrides_page.reason", lang), max_chars=review.MAX_REASON_CHARACTERS, key=f"override_reason_{n}"
        )
        if st.form_submit_button(say("overrides_page.save", lang), icon=":material/gavel:", type="primary"):
            _set(ctx, str(target), str(status), int(year), reason)
    _in_force(ctx, shown)


def _set(ctx: PageContext, target: str, status: str, year: int, reason: str) -> None:
    lang = ctx.lang
    try:
        batch = set_status(ctx, target, status, year, reason)
    except PlanmetricsError as refused:
        show_refusal(ctx, refused)
        return
    computed = snapshots.progress(ctx.store, ctx.plan, year).target(target).computed
    said = say(
        "overrides_page.saved", lang, target=ctx.plan.target_label(target, lang), status=i18n.status_word(status, lang),
        year=year, computed=i18n.status_word(computed, lang),
    )  # fmt: skip
    _done(said, batch)


def _in_force(ctx: PageContext, shown: Assessment) -> None:
    """The statuses set now, one line each with who, when and why, and the button restoring the computed one."""
    lang, plan = ctx.lang, ctx.plan
    st.markdown(f"**{say_escaped('overrides_page.in_force', lang)}**")
    found = overrides.overrides(ctx.store, plan.id)
    if not found:
        st.caption(say_escaped("overrides_page.none_in_force", lang))
        return
    for each in found:
        label = plan.target_label(each.target, lang)
        line = say(
            "overrides_page.in_force_line", lang, target=label, status=i18n.status_word(each.status, lang),
            since=since_words(each.as_of, lang), by=each.by or "—", day=day(each.at, lang), reason=each.reason,
        )  # fmt: skip
        left, right = st.columns([4, 1])
        left.markdown(f":material/gavel: {markdown_text(line)}")
        if right.button(say("overrides_page.clear", lang), key=f"clear_override_{each.target}", icon=":material/undo:"):
            _clear(ctx, each.target, shown)


def _clear(ctx: PageContext, target: str, shown: Assessment) -> None:
    lang = ctx.lang
    try:
        batch = clear_status(ctx, target)
    except PlanmetricsError as refused:
        show_refusal(ctx, refused)
        return
    computed = next((t.computed for t in shown.targets if t.id == target), None)
    label = ctx.plan.target_label(target, lang)
    status = "—" if computed is None else i18n.status_word(computed, lang)
    _done(say("overrides_page.cleared", lang, target=label, status=status), batch)
