"""Statuses set by the plan team, on the dashboard: the method page's section (the rule, then those in force
with the computed status beside each, or a sentence saying none is set) and the Review page's form, for
reviewers and administrators, to set a target's status from an as-of year with a reason and to restore the
computed one beside each status set.

Setting and clearing go through `status_overrides` (the command line's home too: who may, which statuses a
target's kind may take, the reason, what the method computes for that target as of the year chosen), with who
acts read again from the store at that moment (`ui.editors.require_actor`). A refusal is said on the page and
nothing is written; a success is said after the page runs again on the changed data
(`ui.actions.remember_done`). Statuses and targets are said in words, never by their ids. Imports `accounts`,
`errors`, `i18n`, `metrics`, `snapshots`, `status_overrides`, `store`, `words`, `ui.actions`, `ui.context`,
`ui.editors`, `ui.markdown`, `ui.readers`, `ui.refusals`, `ui.review`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planmetrics import i18n, snapshots, status_overrides
from planmetrics.accounts import Actor
from planmetrics.errors import PlanmetricsError
from planmetrics.metrics import Assessment, settable_statuses
from planmetrics.status_overrides import EVERY_YEAR
from planmetrics.store import review
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
    """The signed-in reviewer sets the status shown for a target from `as_of` on, with a reason
    (`status_overrides.set_status`). The override's batch id."""
    actor = require_actor(ctx)
    return status_overrides.set_status(ctx.store, ctx.plan, actor, target, status=status, reason=reason, as_of=as_of)


def clear_status(ctx: PageContext, found: Override) -> int:
    """The signed-in reviewer clears one status set (that target's, from that as-of year; the others stay). The
    clearing's batch id; refused when it is set no more."""
    actor = require_actor(ctx)
    as_of = EVERY_YEAR if found.as_of is None else found.as_of
    return status_overrides.clear_status(ctx.store, ctx.plan, actor, found.target, as_of=as_of)


# ------------------------------------------------------------------ the method page


def in_force_table(ctx: PageContext) -> pd.DataFrame:
    """The statuses set now, one row each (a target may have one for each as-of year): the target, the status
    set, the computed one, from which year, who and when, why, and whether it is to be reviewed (newer figures
    arrived since), each judged in the view it holds for."""
    lang, plan = ctx.lang, ctx.plan
    rows = []
    for held in status_overrides.in_force(ctx.store, plan, assessment(ctx), generation=ctx.generation):
        found, computed = held.override, held.computed
        computed = found.computed_status if computed is None else computed
        rows.append(
            (
                plan.target_label(found.target, lang),
                i18n.status_word(found.status, lang),
                "—" if computed is None else i18n.status_word(computed, lang),
                say("overrides_page.every_year", lang) if found.as_of is None else str(found.as_of),
                found.by or "—",
                day(found.at, lang),
                found.reason,
                say("overrides_page.to_review", lang) if held.stale else "",
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
    """The statuses set now, one line each with who, when and why, and the button restoring the computed one for
    that target and as-of year."""
    lang, plan = ctx.lang, ctx.plan
    st.markdown(f"**{say_escaped('overrides_page.in_force', lang)}**")
    found = status_overrides.in_force(ctx.store, plan, shown, generation=ctx.generation)
    if not found:
        st.caption(say_escaped("overrides_page.none_in_force", lang))
        return
    for held in found:
        each = held.override
        label = plan.target_label(each.target, lang)
        line = say(
            "overrides_page.in_force_line", lang, target=label, status=i18n.status_word(each.status, lang),
            since=since_words(each.as_of, lang), by=each.by or "—", day=day(each.at, lang), reason=each.reason,
        )  # fmt: skip
        left, right = st.columns([4, 1])
        left.markdown(f":material/gavel: {markdown_text(line)}")
        key = f"clear_override_{each.target}_{'all' if each.as_of is None else each.as_of}"
        if right.button(say("overrides_page.clear", lang), key=key, icon=":material/undo:"):
            _clear(ctx, each, shown)


def _clear(ctx: PageContext, found: Override, shown: Assessment) -> None:
    try:
        batch = clear_status(ctx, found)
    except PlanmetricsError as refused:
        show_refusal(ctx, refused)
        return
    _done(cleared_words(ctx, found, shown.as_of), batch)


def cleared_words(ctx: PageContext, found: Override, page_year: int | None) -> str:
    """What restoring one status set left, as of its year (one set for every year: as of the page's): the
    computed status again, or a status set from an earlier year that now holds."""
    lang, plan = ctx.lang, ctx.plan
    year = page_year if found.as_of is None else found.as_of
    now = snapshots.progress(ctx.store, plan, year).target(found.target)
    values = {"target": plan.target_label(found.target, lang), "since": since_words(found.as_of, lang),
              "year": year, "status": i18n.status_word(now.status, lang)}  # fmt: skip
    if now.override is not None:
        other, computed = since_words(now.override.as_of, lang), i18n.status_word(now.computed, lang)
        return say("overrides_page.cleared_still_set", lang, other=other, computed=computed, **values)
    return say("overrides_page.cleared" if year is not None else "overrides_page.cleared_no_year", lang, **values)
