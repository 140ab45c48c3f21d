"""The networks' review on the dashboard: what awaits review, with the preview its submitter saw (the changes,
and the statuses before → after if approved) and the approve and return actions; a submitter's submissions
and their state in words (a return's reason in a column of its own, and in a warning naming the batch and its
file); the locked years, with the forms to lock and unlock one; the overview's line saying
which years are approved and locked.

Every action reads who acts again from the store at its moment (`ui.editors.require_actor`) and applies
`accounts.require_reviewer`; the store refuses one's own submission, a submission no longer awaiting review
and a figure in a locked year. A refusal is said on the page and nothing is changed; a success is said after
the page runs again on the changed data. Times are on Québec's clock (`i18n`). Imports `accounts`, `errors`,
`i18n`, `plan`, `snapshots`, `store`, `tables`, `words`, `ui.actions`, `ui.context`, `ui.editors`,
`ui.markdown`, `ui.refusals`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from planmetrics import accounts, i18n, snapshots, tables
from planmetrics.accounts import Actor
from planmetrics.errors import PlanmetricsError
from planmetrics.plan import Plan
from planmetrics.store import BatchResult, review
from planmetrics.store.review import Submission
from planmetrics.ui import shared
from planmetrics.ui.actions import remember_done, show_done
from planmetrics.ui.context import PageContext
from planmetrics.ui.editors import require_actor
from planmetrics.ui.markdown import markdown_text, say_escaped
from planmetrics.ui.refusals import show_refusal
from planmetrics.words import say

DONE = "review_done"  # the success kept across the rerun after a review action
_ROUND = "review_round"  # how many review actions succeeded: the forms' keys carry it, so they start empty


# ------------------------------------------------------------------ words


def _iso(moment: str | dt.datetime | None) -> str | None:
    """A stored time (the store's naive UTC datetime, or history's ISO text) as ISO text."""
    if moment is None:
        return None
    return moment.isoformat() if isinstance(moment, dt.datetime) else str(moment)


def when(moment: str | dt.datetime | None) -> str:
    """A stored time on Québec's clock, as tables show it (`2026-12-01 08:05`); "—" when there is none."""
    iso = _iso(moment)
    return "—" if iso is None else i18n.moment(iso)


def day(moment: str | dt.datetime | None, lang: str) -> str:
    """The day of a stored time on Québec's clock, said in full (`1 December 2026`... `1er décembre 2026`)."""
    iso = _iso(moment)
    return "—" if iso is None else i18n.long_date_of(iso, lang)


def network_words(plan: Plan, network: str | None, lang: str) -> str:
    """Who a submission is for: a network by its label, or the plan team (a submission under `review_all`)."""
    return say("review_page.plan_team", lang) if network is None else plan.label_of("network", network, lang)


def state_words(
    state: str,
    lang: str,
    *,
    by: str | None = None,
    at: str | dt.datetime | None = None,
    reason: str | None = None,
    rolled_back: bool = False,
) -> str:
    """A batch's review state as a person reads it: a direct import, awaiting review, approved by X on D,
    returned by X on D: reason (without the reason when none is given: a table showing it in a column of its
    own); withdrawn when it was rolled back."""
    if rolled_back and state == "submitted":
        return say("review_page.state.withdrawn", lang)
    if state == "returned" and reason is None:
        said = say("review_page.state.returned_short", lang, by=by or "—", day=day(at, lang))
    elif state in ("approved", "returned"):
        said = say(f"review_page.state.{state}", lang, by=by or "—", day=day(at, lang), reason=reason or "—")
    else:
        said = say(f"review_page.state.{state}", lang)
    return f"{said} · {say('history.rolled_back', lang)}" if rolled_back else said


def _table_state(sub: Submission, lang: str) -> str:
    """A submission's state for the submissions table, whose reason has a column of its own."""
    return state_words(sub.state, lang, by=sub.reviewed_by, at=sub.reviewed_at, rolled_back=sub.rolled_back)


def returned_notice(sub: Submission, lang: str) -> str:
    """What the submitter reads of a returned submission: which one (its batch and file), by whom, when and why:
    `Batch 5 (jobs-2018.csv), returned by remi on December 1, 2026: the totals differ.`"""
    key = "review_page.returned_notice" if sub.file_name else "review_page.returned_notice.no_file"
    return say(
        key, lang, batch=sub.batch, file=sub.file_name, by=sub.reviewed_by or "—", day=day(sub.reviewed_at, lang),
        reason=sub.review_reason or "—",
    )  # fmt: skip


def _years(years: tuple[int, ...]) -> str:
    return ", ".join(str(y) for y in years) or "—"


def years_words(years: tuple[int, ...], lang: str) -> str:
    """The years a submission touches, with the word in the singular for one: `year 2019`, `years 2018, 2019`."""
    key = "review_page.years.one" if len(years) == 1 else "review_page.years"
    return say(key, lang, years=_years(years))


def rows_words(rows: int, lang: str) -> str:
    """How many rows a submission holds, the number written for the reader: `1 row`, `1 234 lignes`."""
    key = "review_page.rows.one" if rows == 1 else "review_page.rows"
    return say(key, lang, rows=i18n.format_number(rows, lang))


def submissions_table(ctx: PageContext, found: list[Submission]) -> pd.DataFrame:
    """Submissions as a table in the reader's language, newest first: which one (batch, network, file), its state
    in words and, for a return, its reason in a column of its own (empty for any other state), then who sent it,
    when, its years and rows. The state and reason come before the rest so that a narrow page shows them."""
    lang = ctx.lang
    columns = ("batch", "network", "file", "state", "reason", "by", "when", "years", "rows")
    rows = [
        (
            sub.batch,
            network_words(ctx.plan, sub.network, lang),
            sub.file_name or "—",
            _table_state(sub, lang),
            (sub.review_reason or "—") if sub.state == "returned" else "",
            sub.created_by or "—",
            when(sub.created_at),
            _years(sub.years),
            i18n.format_number(sub.rows, lang),
        )
        for sub in found
    ]
    return pd.DataFrame(rows, columns=[say(f"review_page.col.{c}", lang) for c in columns])


def _show_submissions(ctx: PageContext, found: list[Submission]) -> None:
    """The submissions table, its reason column wide enough to read (the whole reason is in the warning below)."""
    wide = {say("review_page.col.reason", ctx.lang): st.column_config.TextColumn(width="large")}
    st.dataframe(submissions_table(ctx, found), hide_index=True, width="stretch", column_config=wide)


# ------------------------------------------------------------------ actions, checked on the server


def approve(ctx: PageContext, batch: int) -> BatchResult:
    """A reviewer approves a submission: its figures count from now on (the approval's batch id in the result)."""
    actor = require_actor(ctx)
    accounts.require_reviewer(actor)
    return review.approve(ctx.store, batch, by=actor.name)


def return_submission(ctx: PageContext, batch: int, reason: str) -> int:
    """A reviewer sends a submission back with a reason: its figures never count. The return's batch id."""
    actor = require_actor(ctx)
    accounts.require_reviewer(actor)
    return review.return_submission(ctx.store, batch, by=actor.name, reason=reason)


def lock(ctx: PageContext, year: int, reason: str | None) -> int:
    """A reviewer closes a year: no write touches its figures until it is unlocked. The lock's batch id."""
    actor = require_actor(ctx)
    accounts.require_reviewer(actor)
    return review.lock_year(ctx.store, year, by=actor.name, reason=reason)


def unlock(ctx: PageContext, year: int, reason: str) -> int:
    """A reviewer opens a locked year again, with the reason. The unlock's batch id."""
    actor = require_actor(ctx)
    accounts.require_reviewer(actor)
    return review.unlock_year(ctx.store, year, by=actor.name, reason=reason)


def _round() -> int:
    return int(st.session_state.get(_ROUND, 0))


def _reviewed(message: str, batch: int | None) -> None:
    """After a success: the message kept, the forms fresh, and the page run again on the changed data."""
    remember_done(DONE, message, batch)
    st.session_state[_ROUND] = _round() + 1
    st.rerun()


# ------------------------------------------------------------------ sections of the Review page


def awaiting_review(ctx: PageContext, who: Actor) -> None:
    """Every submission awaiting review, newest first, each with its preview, approve and return."""
    lang = ctx.lang
    show_done(DONE, lang)
    st.subheader(say_escaped("review_page.awaiting", lang))
    found = review.submissions(ctx.store, state="submitted")
    waiting = [sub for sub in found if not sub.rolled_back]
    if not waiting:
        st.info(say_escaped("review_page.none_awaiting", lang), icon=":material/task_alt:")
        return
    for sub in waiting:
        with st.container(border=True):
            _submission_preview(ctx, sub)
            _approve_button(ctx, who, sub)
            _return_form(ctx, sub)


def _submission_preview(ctx: PageContext, sub: Submission) -> None:
    """What approving would change now, as the Upload page showed it: the changes, the statuses before → after."""
    lang, plan = ctx.lang, ctx.plan
    network = network_words(plan, sub.network, lang)
    st.markdown(f"**{say_escaped('review_page.title_of', lang, batch=sub.batch, network=network)}**")
    st.caption(
        say_escaped(
            "review_page.caption_of", lang, by=sub.created_by or "—", when=when(sub.created_at),
            file=sub.file_name or "—", years=years_words(sub.years, lang), rows=rows_words(sub.rows, lang),
        )
    )  # fmt: skip
    figures = review.submitted_figures(ctx.store, sub.batch)
    st.dataframe(tables.changes_table(plan, ctx.store.diff(figures), lang), hide_index=True, width="stretch")
    moves = tables.status_table(plan, snapshots.status_changes(ctx.store, plan, figures), lang)
    st.caption(say_escaped("review_page.statuses", lang))
    if moves.empty:
        st.caption(say_escaped("upload_series.no_moves", lang))
    else:
        st.dataframe(moves, hide_index=True, width="stretch")


def _approve_button(ctx: PageContext, who: Actor, sub: Submission) -> None:
    lang = ctx.lang
    own = who.name is not None and who.name == sub.created_by
    reason = say("review_page.own", lang) if own else None
    clicked = st.button(
        say("review_page.approve", lang, batch=sub.batch), key=f"approve_{sub.batch}", type="primary",
        icon=":material/check:", disabled=own, help=reason,
    )  # fmt: skip
    if own:
        st.caption(markdown_text(say("review_page.own", lang)))
    if not clicked:
        return
    try:
        done = approve(ctx, sub.batch)
    except PlanmetricsError as refused:
        show_refusal(ctx, refused)
        return
    _reviewed(say("review_page.approved", lang, batch=sub.batch, event=done.batch), done.batch)


def _return_form(ctx: PageContext, sub: Submission) -> None:
    lang = ctx.lang
    with st.form(f"return_{sub.batch}_{_round()}"):
        reason = st.text_input(say("review_page.return_reason", lang), max_chars=review.MAX_REASON_CHARACTERS)
        if not st.form_submit_button(say("review_page.return", lang, batch=sub.batch), icon=":material/undo:"):
            return
        try:
            event = return_submission(ctx, sub.batch, reason)
        except PlanmetricsError as refused:
            show_refusal(ctx, refused)
            return
    _reviewed(say("review_page.returned", lang, batch=sub.batch, event=event), event)


def own_submissions(ctx: PageContext, who: Actor) -> None:
    """A submitter's submissions and their state: a network editor's network's, else those she sent herself
    (under `review_all`); the reason of a return among them."""
    lang = ctx.lang
    st.subheader(say_escaped("review_page.yours", lang))
    if who.is_network_editor:
        found = review.submissions(ctx.store, network=who.network)
    else:
        found = [sub for sub in review.submissions(ctx.store) if sub.created_by == who.name]
    if not found:
        st.info(say_escaped("review_page.none_yours", lang), icon=":material/info:")
        return
    _show_submissions(ctx, found)
    for sub in found:
        if sub.state == "returned":
            st.warning(markdown_text(returned_notice(sub, lang)), icon=":material/undo:")
    if not who.reviews:
        st.caption(say_escaped("review_page.reviewers_approve", lang))


def every_submission(ctx: PageContext) -> None:
    """For reviewers: every submission so far with its state, newest first."""
    found = review.submissions(ctx.store)
    if found:
        with st.expander(say("review_page.all", ctx.lang), icon=":material/list:"):
            _show_submissions(ctx, found)


def locked_years(ctx: PageContext) -> None:
    """The years locked now (who, when, why), a form to lock a year and one to unlock a year with a reason."""
    lang = ctx.lang
    st.subheader(say_escaped("review_page.locks", lang))
    locks = review.locked(ctx.store)
    if locks:
        columns = ("year", "by", "when", "reason")
        rows = [(str(lk.year), lk.locked_by or "—", when(lk.locked_at), lk.reason or "—") for lk in locks]
        frame = pd.DataFrame(rows, columns=[say(f"review_page.lock_col.{c}", lang) for c in columns])
        st.dataframe(frame, hide_index=True, width="stretch")
    else:
        st.caption(say_escaped("review_page.no_locks", lang))
    n = _round()
    left, right = st.columns(2)
    with left, st.form(f"lock_{n}"):
        year = st.number_input(say("col.year", lang), 1900, 2100, value=ctx.as_of or ctx.plan.target_year, step=1)
        reason = st.text_input(say("review_page.lock_reason", lang), max_chars=review.MAX_REASON_CHARACTERS)
        if st.form_submit_button(say("review_page.lock", lang), icon=":material/lock:"):
            _lock_year(ctx, int(year), reason)
    if not locks:
        return
    with right, st.form(f"unlock_{n}"):
        opened = st.selectbox(say("col.year", lang), [lk.year for lk in locks], key=f"unlock_year_{n}")
        why = st.text_input(say("review_page.unlock_reason", lang), max_chars=review.MAX_REASON_CHARACTERS)
        if st.form_submit_button(say("review_page.unlock", lang), icon=":material/lock_open:"):
            _unlock_year(ctx, int(opened), why)


def _lock_year(ctx: PageContext, year: int, reason: str) -> None:
    try:
        event = lock(ctx, year, reason or None)
    except PlanmetricsError as refused:
        show_refusal(ctx, refused)
        return
    _reviewed(say("review_page.locked", ctx.lang, year=year), event)


def _unlock_year(ctx: PageContext, year: int, reason: str) -> None:
    try:
        event = unlock(ctx, year, reason)
    except PlanmetricsError as refused:
        show_refusal(ctx, refused)
        return
    _reviewed(say("review_page.unlocked", ctx.lang, year=year), event)


def locked_line(ctx: PageContext) -> None:
    """The overview's line for each locked year: its figures approved and locked since the day of the lock."""
    for lk in shared.locks(ctx):  # read once per generation: a lock is a batch
        said = say_escaped("review_page.overview_locked", ctx.lang, year=lk.year, day=day(lk.locked_at, ctx.lang))
        st.caption(f":material/lock: {said}")
