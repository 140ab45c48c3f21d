"""An upload on the Upload page: the file checked on the server before it is read, its preview read once a
session, and the commit of exactly what was previewed.

An upload is read once: its preview (or refusal) is kept for the session under the file's sha256 and the
choices made, and the commit writes that preview. The file is read, and committed, in a worker process
(`uploading`), so that a big file's memory leaves the server with it: the session keeps what the page shows
(the counts, every problem, the first changes, the targets' moves) and the private folder where the read
figures wait for the commit, removed once committed, when a new preview replaces it, or with the session.
Who reads it decides how it lands (`accounts.import_state`): a network editor's file is read as her network's
and submitted for review, as is anyone's under the plan's `review_all`; the page says so before the commit, and
after it names the submission with a link to the Review page. The role is read again from the store at the
commit, here in the server before any worker starts: if it would land the file otherwise than the preview said,
the commit is refused. A figure in a locked year refuses it whole, the figures named.

Imports `accounts`, `errors`, `i18n`, `importing`, `ingest` (its size rule), `snapshots`, `store`, `tables`,
`uploading`, `words`, `ui.actions`, `ui.context`, `ui.editors`, `ui.markdown`, `ui.refusals`, `ui.style`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from planmetrics import accounts, i18n, ingest, snapshots, tables, uploading
from planmetrics.errors import PlanmetricsError, RefusedError
from planmetrics.importing import FileRefusedError
from planmetrics.ingest import limits
from planmetrics.store import BatchResult, BatchState, review
from planmetrics.ui.actions import remember_done
from planmetrics.ui.context import PageContext
from planmetrics.ui.editors import require_actor
from planmetrics.ui.markdown import markdown_text, say_escaped
from planmetrics.ui.refusals import show_refusal
from planmetrics.ui.style import uploader_words
from planmetrics.words import say

UPLOAD_TYPES = ("csv", "tsv", "txt", "xlsx", "xls")
_PREVIEW = "upload_preview"


@dataclass(frozen=True)
class UploadPreview:
    """One file read and validated: what committing it would change (`shown`, what the page shows of it), or why
    it is refused; how it would land, decided for who read it (`state`, and the `network` a network editor's
    rows were read for); and the folder where its read figures wait for the commit (`work`)."""

    sha256: str
    file_name: str
    shown: uploading.Shown | None
    refused: FileRefusedError | None
    status_moves: pd.DataFrame | None = None  # how each target would move, as a table (computed once)
    state: BatchState = "direct"
    network: str | None = None
    work: uploading.WorkDir | None = None

    @property
    def read(self) -> ingest.ReadResult:
        """What reading the file gave, refused or not (a StatCan table's series among it), its figures cut to the
        first of each indicator: the counts are the `summary`'s."""
        if self.shown is not None:
            return self.shown.read
        assert self.refused is not None
        return self.refused.result

    @property
    def summary(self) -> dict[str, Any]:
        """The preview's counts, warnings and detected facts (`ImportOutcome.to_json()`)."""
        assert self.shown is not None
        return self.shown.summary

    @property
    def changes(self) -> pd.DataFrame:
        """The first figures that would change (`uploading.SHOWN_CHANGES`), as `tables.changes_table` takes them."""
        assert self.shown is not None
        return self.shown.changes

    def changes_note(self, lang: str) -> str | None:
        """Beneath the changes, when more would change than are listed: how many are listed of how many."""
        if self.shown is None or self.shown.changed <= len(self.shown.changes):
            return None
        shown, count = (i18n.format_number(n, lang) for n in (len(self.shown.changes), self.shown.changed))
        return say_escaped("uploading.changes_first", lang, shown=shown, count=count)

    def discard(self) -> None:
        """Its folder removed: the preview will not be committed (a new one replaces it)."""
        if self.work is not None:
            self.work.remove()


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
    new choice on the page, `options`, reads it again). `sha256` when the page has it already. A network
    editor's file is read as her network's (`ReadOptions.network`); rows in a locked year are refused."""
    sha256 = sha256 or file_sha256(data)
    state, network = accounts.import_state(require_actor(ctx), ctx.plan)
    locked = tuple(lock.year for lock in review.locked(ctx.store))
    options = replace(options, network=network, locked_years=locked)
    key = (sha256, file_name, options, state, ctx.lang, ctx.plan.id, ctx.generation)
    kept = st.session_state.get(_PREVIEW)
    if kept is not None and kept[0] == key:
        return kept[1]  # type: ignore[no-any-return]
    if kept is not None:
        kept[1].discard()
    work = uploading.new_workdir(data)
    try:
        shown = uploading.preview(
            work, ctx.store.path, ctx.plan, file_name, options, lang=ctx.lang, state=state, network=network
        )
        moves = snapshots.status_changes(ctx.store, ctx.plan, shown.totals)
        table = tables.status_table(ctx.plan, moves, ctx.lang)
        preview = UploadPreview(sha256, file_name, shown, None, table, state, network, work)
    except FileRefusedError as refused:
        work.remove()
        preview = UploadPreview(sha256, file_name, None, _bare(refused), None, state, network)
    except BaseException:
        work.remove()
        raise
    st.session_state[_PREVIEW] = (key, preview)
    return preview


def _bare(refused: FileRefusedError) -> FileRefusedError:
    """The refusal without its traceback, cause or context: their frames hold the file's bytes and the page's
    context, and the preview kept in the session holding its own traceback would be a cycle outliving the session."""
    refused.__cause__ = refused.__context__ = None
    return refused.with_traceback(None)


def commit_upload(ctx: PageContext, preview: UploadPreview) -> BatchResult:
    """Commit the previewed figures, all or nothing, under the signed-in name: counting at once, or submitted
    for review (a network editor's, or anyone's under `review_all`). Refused when the role read now would land
    them otherwise than the preview said (the role changed since), or when a figure falls in a locked year."""
    assert preview.work is not None
    actor = require_actor(ctx)
    if accounts.import_state(actor, ctx.plan) != (preview.state, preview.network):
        raise RefusedError("review_page.upload.role_changed", "review_page.upload.role_changed.advice")
    done = uploading.commit(
        preview.work, ctx.store.path, ctx.plan, preview.file_name, by=actor.name, state=preview.state,
        network=preview.network, lang=ctx.lang,
    )  # fmt: skip
    preview.discard()
    st.session_state.pop(_PREVIEW, None)
    return done


def submission_notice(ctx: PageContext, preview: UploadPreview) -> None:
    """Before the commit: figures that will be submitted for review are said to count only once approved."""
    if preview.state != "submitted":
        return
    if preview.network is None:
        said = say_escaped("review_page.upload.review_all", ctx.lang)
    else:
        network = ctx.plan.label_of("network", preview.network, ctx.lang)
        said = say_escaped("review_page.upload.network", ctx.lang, network=network)
    st.info(said, icon=":material/fact_check:")


def confirm_upload(ctx: PageContext, preview: UploadPreview) -> None:
    """The commit button beneath a preview: committed, the page runs again with a fresh uploader and says the
    batch (or the submission, with a link to the Review page); refused, the reason, and nothing written."""
    lang = ctx.lang
    submission_notice(ctx, preview)
    label = "review_page.upload.submit" if preview.state == "submitted" else "upload.confirm"
    if not st.button(say(label, lang), type="primary", icon=":material/save:"):
        return
    try:
        done = commit_upload(ctx, preview)
    except PlanmetricsError as refused:
        show_refusal(ctx, refused)
        return
    if done.duplicate_of is not None:
        remember_done("upload_done", say("upload.duplicate", lang, batch=done.duplicate_of), done.duplicate_of)
    elif preview.state == "submitted":
        remember_done("upload_done", say("review_page.upload.submitted", lang, batch=done.batch), done.batch, "review")
    else:
        remember_done("upload_done", say("upload.done", lang, batch=done.batch), done.batch)
    st.session_state["uploads_committed"] = st.session_state.get("uploads_committed", 0) + 1
    st.rerun()


def upload_picker(lang: str, key: str) -> UploadedFile | None:
    """The file uploader with our words: its label, and in its help the file types and the size limit (the
    drop zone's own "Drag and drop" and "per file" are Streamlit's, with no setting for another language).
    The browser lets through files up to `limits.browser_cap_mb` so that a file over our limit is refused by
    `upload_refusal`, in the reader's language, rather than by Streamlit in English; the drop zone's button
    and its size line are Streamlit's words, which `ui.style` writes in the reader's language (the button) or
    hides (the browser's cap), our limit being said beneath it. The process that reads uploads is started here, if
    it is not running yet."""
    types = ", ".join(f".{t}" for t in UPLOAD_TYPES)
    rule = say("upload.file_help", lang, types=types, limit=limits.megabytes(limits.upload_limit(), lang))
    uploader_words(lang)
    uploading.warm()  # the workers' forkserver started while the person picks a file: the first read waits less
    picked = st.file_uploader(say("upload.file", lang), key=key, help=rule, max_upload_size=limits.browser_cap_mb())
    st.caption(markdown_text(rule))
    return picked
