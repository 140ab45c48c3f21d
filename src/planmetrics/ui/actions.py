"""What a page does to the data, each as one function that checks the editor first: preview and commit an
upload, correct a figure, write a commentary, roll a batch back, download a batch's original file, build a
report for download.

An upload is read once: its preview (or refusal) is kept for the session under the file's sha256 and the
commit writes that preview. After an action succeeds the page runs again, so that everything it shows is read
after the change (a saved commentary on its card at once); the success message is kept across that rerun and
the form starts empty. A refused form keeps what was typed.

Imports `changes` (a report's basis), `config`, `errors`, `importing`, `ingest` (its size rule), `report`,
`snapshots`, `tables`, `words`, `ui.context`, `ui.editors`, `ui.markdown`, `ui.widgets`.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from planmetrics import config, i18n, importing, ingest, snapshots, tables
from planmetrics.changes import ReportBasis
from planmetrics.errors import PlanmetricsError, RefusedError, UnknownBatchError
from planmetrics.importing import FileRefusedError, ImportOutcome
from planmetrics.ingest import limits
from planmetrics.report import content as report_content
from planmetrics.report import file as report_file
from planmetrics.store import BatchResult
from planmetrics.ui.context import PageContext
from planmetrics.ui.editors import editor, editors_configured, require_editor
from planmetrics.ui.markdown import markdown_text, say_escaped
from planmetrics.ui.style import uploader_words
from planmetrics.ui.widgets import page_link, show_problems
from planmetrics.words import say

UPLOAD_TYPES = ("csv", "tsv", "txt", "xlsx", "xls")
_PREVIEW = "upload_preview"


@dataclass(frozen=True)
class UploadPreview:
    """One file read and validated: what committing it would change, or why it is refused."""

    sha256: str
    file_name: str
    data: bytes
    outcome: ImportOutcome | None
    refused: FileRefusedError | None
    status_moves: pd.DataFrame | None = None  # how each target would move, as a table (computed once)

    @property
    def read(self) -> ingest.ReadResult:
        """What reading the file gave, refused or not (a StatCan table's series among it)."""
        if self.outcome is not None:
            return self.outcome.read
        assert self.refused is not None
        return self.refused.result


def upload_refusal(name: str, size: int, lang: str) -> str | None:
    """Checked on the server whatever the browser let through, before the bytes are read: extension and size
    (ingest's one size rule)."""
    if Path(name).suffix.lower().lstrip(".") not in UPLOAD_TYPES:
        return say("upload.bad_type", lang, name=name)
    too_big = ingest.size_refusal(name, size)
    return None if too_big is None else too_big.text(lang)


def file_sha256(data: bytes) -> str:
    """The file's fingerprint: its preview and its choices' widgets are kept under it."""
    return hashlib.sha256(data).hexdigest()


def preview_upload(
    ctx: PageContext, file_name: str, data: bytes, options: ingest.ReadOptions, *, sha256: str | None = None
) -> UploadPreview:
    """The file's preview, read once a session: the same file with the same choices is not read again (each
    new choice on the page, `options`, reads it again). `sha256` when the page has it already."""
    sha256 = sha256 or file_sha256(data)
    key = (sha256, file_name, options, ctx.lang, ctx.plan.id, ctx.generation)
    kept = st.session_state.get(_PREVIEW)
    if kept is not None and kept[0] == key:
        return kept[1]  # type: ignore[no-any-return]
    try:
        outcome = importing.preview_bytes(ctx.store, ctx.plan, data, file_name, options=options, lang=ctx.lang)
        moves = snapshots.status_changes(ctx.store, ctx.plan, outcome.read.figures)
        preview = UploadPreview(sha256, file_name, data, outcome, None, tables.status_table(ctx.plan, moves, ctx.lang))
    except FileRefusedError as refused:
        preview = UploadPreview(sha256, file_name, data, None, refused)
    st.session_state[_PREVIEW] = (key, preview)
    return preview


def commit_upload(ctx: PageContext, preview: UploadPreview) -> BatchResult:
    """Commit the previewed figures, all or nothing, under the signed-in editor's name."""
    assert preview.outcome is not None
    by = require_editor(ctx.lang)
    done = importing.commit_preview(ctx.store, ctx.plan, preview.outcome, preview.data, preview.file_name, by=by)
    st.session_state.pop(_PREVIEW, None)
    assert done.batch is not None
    return done.batch


def upload_picker(lang: str, key: str) -> UploadedFile | None:
    """The file uploader with our words: its label, and in its help the file types and the size limit (the
    drop zone's own "Drag and drop" and "per file" are Streamlit's, with no setting for another language).
    The browser lets through files up to `limits.browser_cap_mb` so that a file over our limit is refused by
    `upload_refusal`, in the reader's language, rather than by Streamlit in English; the drop zone's button
    and its size line are Streamlit's words, which `ui.style` writes in the reader's language (the button) or
    hides (the browser's cap), our limit being said beneath it."""
    types = ", ".join(f".{t}" for t in UPLOAD_TYPES)
    rule = say("upload.file_help", lang, types=types, limit=limits.megabytes(limits.upload_limit(), lang))
    uploader_words(lang)
    picked = st.file_uploader(say("upload.file", lang), key=key, help=rule, max_upload_size=limits.browser_cap_mb())
    st.caption(markdown_text(rule))
    return picked


def remember_done(name: str, message: str, batch: int | None = None) -> None:
    """A success kept for the rerun that follows an action: its message, and the batch the history lists."""
    st.session_state[name] = (message, batch)


def show_done(name: str, lang: str) -> None:
    """The success kept by `remember_done`, once, with a link to the History page when a batch was written."""
    kept = st.session_state.pop(name, None)
    if kept is None:
        return
    message, batch = kept
    st.success(markdown_text(message), icon=":material/check_circle:")
    if batch is not None:
        page_link("history", say("upload.see_history", lang, batch=batch), ":material/history:")


def _form_round(name: str) -> int:
    """How many times this form has succeeded: its widgets' keys carry it, so a success starts a fresh form."""
    return int(st.session_state.get(f"{name}_round", 0))


def _succeeded(name: str, message: str, batch: int | None = None) -> None:
    """After a success: the message kept, a fresh form, and the page run again on the changed data."""
    remember_done(f"{name}_done", message, batch)
    st.session_state[f"{name}_round"] = _form_round(name) + 1
    st.rerun()


def correction_form(ctx: PageContext) -> None:
    """One figure corrected in a form, with a required reason: a batch of kind `correction`. A refused
    correction keeps what was typed."""
    lang, plan = ctx.lang, ctx.plan
    show_done("correction_done", lang)
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
                by=require_editor(lang),
                lang=lang,
            )
        except FileRefusedError as refused:
            show_problems(refused.problems_json, lang)
        except PlanmetricsError as exc:
            st.error(markdown_text(exc.text(lang)), icon=":material/block:")
        else:
            batch = outcome.batch.batch if outcome.batch else None
            _succeeded("correction", say("correct.done", lang, batch=batch if batch is not None else "—"), batch)


def comment_form(ctx: PageContext) -> None:
    """Editors write a short commentary per target and year ("why we are behind"), shown on the cards at once
    (the page runs again after the save). A refused commentary keeps what was typed."""
    lang, plan = ctx.lang, ctx.plan
    show_done("comment_done", lang)
    with st.expander(say("comment.add", lang), icon=":material/add_comment:"):
        if editor(lang) is None:
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
                st.error(markdown_text(exc.text(lang)), icon=":material/block:")
            else:
                _succeeded("comment", say("comment.saved", lang, target=labels[str(target)]))


def add_comment(ctx: PageContext, target: str, year: int, body: str) -> None:
    """A commentary on a target for a year, under the signed-in editor's name."""
    by = require_editor(ctx.lang)
    ctx.store.add_comment(plan_id=ctx.plan.id, target=target, year=year, body=body, by=by)


def rollback(ctx: PageContext, batch: int) -> BatchResult | None:
    """Undo one batch under the editor's name; None when it cannot be rolled back."""
    by = require_editor(ctx.lang)
    try:
        return ctx.store.rollback(batch, by=by)
    except UnknownBatchError:
        return None


def original_download(ctx: PageContext, batch: int, file_name: str | None) -> None:
    """A batch's original file, as the editor uploaded it (with the columns the import ignored): a download
    for a signed-in editor, built only for them, so that a viewer's browser gets neither the file nor a way to
    ask for it; in an app without editors, for anyone, and the page says so."""
    try:
        require_editor(ctx.lang)
    except RefusedError:
        st.caption(say_escaped("history.original_editors", ctx.lang))
        return
    if not editors_configured():
        st.caption(say_escaped("history.original_open", ctx.lang))
    st.download_button(
        say("history.download", ctx.lang),
        data=partial(_original_bytes, ctx, batch),  # read and unpacked only when clicked
        file_name=file_name or f"batch-{batch}",
        icon=":material/download:",
        on_click="ignore",
    )


def _original_bytes(ctx: PageContext, batch: int) -> bytes:
    """The file's bytes, read when the download is asked for, after the page has run: read straight from the
    store (no `said_on_page`, whose message could no longer be shown); a failure ends that download only."""
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
