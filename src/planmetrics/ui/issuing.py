"""The Reports page's issued reports: the choice to issue the report just built (for a signed-in member of the
plan team or a reviewer, not a network editor; under the signed-in name) and the list of the plan's issued
reports.

A report is issued as the file that was built and downloaded: its bytes' sha256, the as-of year and language
it was built in, and what it showed (its targets), read from the same assessment, with the newest batch and
commentary it was built from (its `ReportBasis`); if the figures changed after it was built (the database's
generation moved), issuing is refused and the page asks for a new build; the same file issued again is the
report recorded then. Issuing changes no figure. Imports `accounts`, `changes`, `errors`, `i18n`, `words`,
`ui.context`, `ui.editors`, `ui.markdown`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from planmetrics import accounts, changes, i18n
from planmetrics.changes import IssuedReport, ReportBasis
from planmetrics.errors import PlanmetricsError, RefusedError
from planmetrics.ui.context import PageContext
from planmetrics.ui.editors import editor, require_actor
from planmetrics.ui.markdown import markdown_text, say_escaped
from planmetrics.words import say

_ISSUED = "issued_report"  # the session's last issued report: (the file's sha256, the report)


@dataclass(frozen=True)
class BuiltReport:
    """A report file as the page built it: its name and bytes, the language and as-of year it was built in,
    and what it was built from (None: not known, it cannot be issued)."""

    file_name: str
    payload: bytes
    lang: str
    as_of: int | None
    basis: ReportBasis | None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.payload).hexdigest()


def issue_choice(ctx: PageContext, built: BuiltReport) -> None:
    """Beneath a built report: the plan team may issue it to the board (once per file); a viewer is asked to
    sign in and sees no way to issue it, nor does a network editor."""
    lang = ctx.lang
    done = st.session_state.get(_ISSUED)
    with st.expander(say("issued.page.expander", lang), icon=":material/verified:"):
        who = editor(ctx)
        if who is None:
            return
        if who.is_network_editor:
            st.caption(say_escaped("review_page.issue.plan_team", lang))
            return
        if done is not None and done[0] == built.sha256:
            report: IssuedReport = done[1]
            st.success(say_escaped("issued.page.issued", lang, report=report.id, by=report.by or "—"))
            return
        st.caption(say_escaped("issued.page.explain", lang))
        if not st.button(say("issued.page.issue", lang), key="issue_report", icon=":material/verified:"):
            return
        try:
            report = issue(ctx, built)
        except PlanmetricsError as exc:
            st.error(markdown_text(exc.text(lang)), icon=":material/block:")
            return
        st.session_state[_ISSUED] = (built.sha256, report)
        key = "issuing.again" if report.again else "issued.page.issued"
        st.success(say_escaped(key, lang, report=report.id, by=report.by or "—"))


def issue(ctx: PageContext, built: BuiltReport) -> IssuedReport:
    """Record the built report as issued, under the signed-in name (the server-side check first: the role read
    now, a network editor refused); refused when the figures changed after it was built, or when what it was
    built from is not known."""
    actor = require_actor(ctx)
    accounts.require_plan_team(actor)
    if built.basis is None or ctx.store.generation() != built.basis.generation:
        raise RefusedError("issued.page.stale", "issued.page.stale.advice")
    return changes.issue_report(
        ctx.store,
        ctx.plan,
        as_of=built.as_of,
        lang=built.lang,
        file_name=built.file_name,
        payload=built.payload,
        by=actor.name,
        basis=built.basis,
    )


def issued_list(ctx: PageContext) -> None:
    """The plan's issued reports, newest first, as a table in the reader's language."""
    lang = ctx.lang
    st.subheader(say_escaped("issued.page.list", lang))
    found = changes.issued_reports(ctx.store, ctx.plan)
    if not found:
        st.caption(say_escaped("issued.page.none", lang))
        return
    columns = ("report", "issued_at", "by", "as_of", "lang", "file", "sha256")
    rows = [
        (
            r.id,
            i18n.moment(r.issued_at),
            r.by or "—",
            str(r.as_of or "—"),
            i18n.lang_name(r.lang, lang),
            r.file_name,
            r.sha256,
        )
        for r in found
    ]
    frame = pd.DataFrame(rows, columns=[say(f"issued.col.{c}", lang) for c in columns])
    st.dataframe(frame, hide_index=True, width="stretch")
