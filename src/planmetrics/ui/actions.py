"""What a page does to the data, each as one function that checks on the server, at that moment, who acts
and what her role allows (`accounts`): correct a figure and write a commentary (the plan team), roll a batch
back (a network's batch: reviewers), download a batch's original file (a network editor: her network's only),
build a report for download; and the success kept across the rerun after an action. A refusal (a role, a
locked year) is said on the page; nothing is changed.

An upload is `ui.uploads`. After an action succeeds the page runs again, so that everything it shows is read
after the change (a saved commentary on its card at once); the success message is kept across that rerun and
the form starts empty. A refused form keeps what was typed.

Imports `accounts`, `changes` (a report's basis), `config`, `errors`, `i18n`, `importing`, `report`, `store`,
`words`, `ui.context`, `ui.editors`, `ui.markdown`, `ui.refusals`, `ui.widgets`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from functools import partial

import streamlit as st

from planmetrics import accounts, config, i18n, importing
from planmetrics.accounts import Actor
from planmetrics.changes import ReportBasis
from planmetrics.errors import PlanmetricsError, RefusedError
from planmetrics.importing import FileRefusedError
from planmetrics.report import content as report_content
from planmetrics.report import file as report_file
from planmetrics.store import BatchResult, Store
from planmetrics.ui.context import PageContext
from planmetrics.ui.editors import SIGNED_IN, acting, editor, is_open, require_actor
from planmetrics.ui.markdown import markdown_text, say_escaped
from planmetrics.ui.refusals import show_refusal
from planmetrics.ui.widgets import page_link, show_problems
from planmetrics.words import say


def remember_done(name: str, message: str, batch: int | None = None, page: str = "history") -> None:
    """A success kept for the rerun that follows an action: its message, the batch written and the page that
    lists it (History, or Review for a submission)."""
    st.session_state[name] = (message, batch, page)


def show_done(name: str, lang: str) -> None:
    """The success kept by `remember_done`, once, with a link to the page that lists the batch written."""
    kept = st.session_state.pop(name, None)
    if kept is None:
        return
    message, batch, page = kept
    st.success(markdown_text(message), icon=":material/check_circle:")
    if batch is None:
        return
    if page == "review":
        page_link("review", say("review_page.see_review", lang, batch=batch), ":material/fact_check:")
    else:
        page_link("history", say("upload.see_history", lang, batch=batch), ":material/history:")


def _form_round(name: str) -> int:
    """How many times this form has succeeded: its widgets' keys carry it, so a success starts a fresh form."""
    return int(st.session_state.get(f"{name}_round", 0))


def _succeeded(name: str, message: str, batch: int | None = None, page: str = "history") -> None:
    """After a success: the message kept (with a link to the page listing the batch), a fresh form, and the page
    run again on the changed data."""
    remember_done(f"{name}_done", message, batch, page)
    st.session_state[f"{name}_round"] = _form_round(name) + 1
    st.rerun()


def correction_form(ctx: PageContext) -> None:
    """One figure corrected in a form, with a required reason: a batch of kind `correction`, the plan team's
    (a network editor sees no form; the server checks again), counting at once or, under the plan's
    `review_all`, submitted for review (the success says so, with a link to Review). A refused correction keeps
    what was typed."""
    lang, plan = ctx.lang, ctx.plan
    show_done("correction_done", lang)
    who = acting(ctx)
    if who is not None and who.is_network_editor:
        return
    n = _form_round("correction")
    with st.expander(say("correct.title", lang), icon=":material/edit:"), st.form(f"correction_{n}"):
        labels = {i.id: i.label.get(lang) for i in plan.indicators}
        left, middle, right = st.columns(3)
        indicator = left.selectbox(
            say("col.indicator", lang), list(labels), format_func=labels.__getitem__, key=f"correct_indicator_{n}"
        )
        year = middle.number_input(
            say("col.year", lang), 1900, 2100, value=ctx.as_of or plan.target_year, step=1, key=f"correct_year_{n}"
        )
        value = right.text_input(
            say("col.new", lang), placeholder=i18n.format_number(116_000, lang), key=f"correct_value_{n}"
        )
        region = left.selectbox(
            say("col.region", lang),
            [r.id for r in plan.regions],
            format_func=partial(plan.label_of, "region", lang=lang),
            key=f"correct_region_{n}",
        )
        sector = middle.selectbox(
            say("col.sector", lang),
            [config.TOTAL_SECTOR, *(s.id for s in plan.sectors)],
            format_func=partial(plan.label_of, "sector", lang=lang),
            key=f"correct_sector_{n}",
        )
        network = right.text_input(
            say("col.network", lang),
            placeholder=plan.label_of("network", config.TOTAL_NETWORK, lang),
            key=f"correct_network_{n}",
        )
        reason = st.text_input(say("correct.reason", lang), max_chars=500, key=f"correct_reason_{n}")
        if not st.form_submit_button(say("correct.save", lang)):
            return
        try:
            actor = require_actor(ctx)
            accounts.require_plan_team(actor)
            state, submitting = accounts.import_state(actor, plan)  # under `review_all`, sent for review too
            outcome = importing.correct_figure(
                ctx.store,
                plan,
                indicator=str(indicator),
                year=str(int(year)),
                value=value,
                reason=reason,
                region=str(region),
                sector=str(sector),
                network=network or None,
                by=actor.name,
                lang=lang,
                state=state,
                batch_network=submitting,
            )
        except FileRefusedError as refused:
            show_problems(refused.problems_json, lang)
        except PlanmetricsError as exc:
            show_refusal(ctx, exc)
        else:
            batch = outcome.batch.batch if outcome.batch else None
            said = "correct.submitted" if state == "submitted" else "correct.done"
            message = say(said, lang, batch=batch if batch is not None else "—")
            _succeeded("correction", message, batch, "review" if state == "submitted" else "history")


def comment_form(ctx: PageContext) -> None:
    """The plan team writes a short commentary per target and year ("why we are behind"), shown on the cards at
    once (the page runs again after the save). A refused commentary keeps what was typed."""
    lang, plan = ctx.lang, ctx.plan
    show_done("comment_done", lang)
    with st.expander(say("comment.add", lang), icon=":material/add_comment:"):
        who = editor(ctx)
        if who is None:
            return
        if who.is_network_editor:
            st.caption(say_escaped("review_page.comment.plan_team", lang))
            return
        labels = {t.id: t.label.get(lang) for t in plan.targets}
        n = _form_round("comment")
        with st.form(f"comment_{n}"):
            target = st.selectbox(
                say("col.target", lang), list(labels), format_func=labels.__getitem__, key=f"comment_target_{n}"
            )
            year = st.number_input(
                say("col.year", lang), 1900, 2100, value=ctx.as_of or plan.target_year, step=1, key=f"comment_year_{n}"
            )
            body = st.text_area(say("comment.body", lang), max_chars=2000, key=f"comment_body_{n}")
            if not st.form_submit_button(say("comment.save", lang)):
                return
            try:
                add_comment(ctx, str(target), int(year), body)
            except PlanmetricsError as exc:
                show_refusal(ctx, exc)
            else:
                _succeeded("comment", say("comment.saved", lang, target=labels[str(target)]))


def add_comment(ctx: PageContext, target: str, year: int, body: str) -> None:
    """A commentary on a target for a year, under the signed-in name: the plan team's (what a board reads beside
    the statuses), not a network editor's."""
    actor = require_actor(ctx)
    accounts.require_plan_team(actor)
    ctx.store.add_comment(plan_id=ctx.plan.id, target=target, year=year, body=body, by=actor.name)


def _batch_network(store: Store, batch: int) -> str | None:
    """The network that submitted a batch, read now; None for the plan team's (or no such batch)."""
    found = next((b for b in store.history() if b["batch"] == str(batch)), None)
    return None if found is None or found["network"] is None else str(found["network"])


def may_roll_back(actor: Actor | None, batch: Mapping[str, object]) -> bool:
    """Whether the page offers a rollback of a History row's batch to this person (the server checks again)."""
    if actor is None:
        return False
    network = batch.get("network")
    try:
        accounts.require_rollback(actor, None if network is None else str(network))
    except RefusedError:
        return False
    return True


def rollback(ctx: PageContext, batch: int) -> BatchResult | None:
    """Undo one batch under the signed-in name, her role and the batch's network read now; None, after saying
    why on the page, when it is refused (a network's batch for a non-reviewer, a locked year, an event)."""
    try:
        actor = require_actor(ctx)
        accounts.require_rollback(actor, _batch_network(ctx.store, batch))
        return ctx.store.rollback(batch, by=actor.name)
    except PlanmetricsError as refused:
        show_refusal(ctx, refused)
        return None


def _may_download(store: Store, name: str | None, batch: int) -> bool:
    """An original file is for the plan team and reviewers, and a network editor's own network's batches; in
    an app without users, for anyone. The user read from the store now."""
    if is_open(store):
        return True
    actor = accounts.signed_in(store, name)
    if actor is None:
        return False
    return not actor.is_network_editor or _batch_network(store, batch) == actor.network


def original_download(ctx: PageContext, batch: int, file_name: str | None) -> None:
    """A batch's original file, as it was uploaded (with the columns the import ignored): a download built only
    for someone who may have it, so that anyone else's browser gets neither the file nor a way to ask for it; in
    an app without users, for anyone, and the page says so."""
    name = st.session_state.get(SIGNED_IN)
    if not _may_download(ctx.store, name, batch):
        who = acting(ctx)
        key = "history.original_editors" if who is None else "review_page.original.other_network"
        st.caption(say_escaped(key, ctx.lang))
        return
    if is_open(ctx.store):
        st.caption(say_escaped("history.original_open", ctx.lang))
    st.download_button(
        say("history.download", ctx.lang),
        data=partial(_original_bytes, ctx, batch, name),  # read and unpacked only when clicked
        file_name=file_name or f"batch-{batch}",
        icon=":material/download:",
        on_click="ignore",
    )


def _original_bytes(ctx: PageContext, batch: int, name: str | None = None) -> bytes:
    """The file's bytes, read when the download is asked for, after the page has run: the user who asked checked
    again then, and the file read straight from the store (no `said_on_page`, whose message could no longer be
    shown); a failure ends that download only."""
    if not _may_download(ctx.store, name, batch):
        raise RefusedError("auth.refused")
    return bytes(ctx.store.batch_file(batch)[1] or b"")


def build_report(
    ctx: PageContext, lang: str, fmt: str, orientations: list[int], targets: list[str] | None
) -> tuple[str, bytes, str, ReportBasis | None]:
    """The report file (name, bytes, MIME type) and what it was built from, with a progress bar while its charts
    are drawn."""
    started = time.monotonic()
    with st.status(say_escaped("report.building", ctx.lang, n="…"), expanded=True) as status:
        content = report_content.read_report(
            ctx.store,
            ctx.plan,
            lang=lang,
            as_of=ctx.as_of,
            orientations=orientations,
            targets=targets,
            method=report_content.method_text(lang),
        )
        bar = st.progress(0.0)

        def advance(done: int, total: int) -> None:
            bar.progress(done / total)

        payload = report_file.write_report(content, fmt, advance)
        seconds = f"{time.monotonic() - started:.1f}"
        ready = say_escaped("report.ready", ctx.lang, size=len(payload) // 1024, seconds=seconds)
        status.update(label=ready, state="complete")
    return f"{ctx.plan.id}-{ctx.as_of}-{lang}.{fmt}", payload, report_file.MIME[fmt], content.basis
