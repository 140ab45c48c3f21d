"""The progress report built for download, with a progress bar while its charts are drawn.

Imports streamlit, `queries`, `report_pdf`, `report_pptx`, `ui_text` and the app package's `state`.
"""

from __future__ import annotations

import time

import streamlit as st

from planmetrics import queries, report_pdf, report_pptx
from planmetrics.app.state import PageContext
from planmetrics.ui_text import ui


def build_report(
    ctx: PageContext, lang: str, fmt: str, orientations: list[int], targets: list[str] | None
) -> tuple[str, bytes, str]:
    """The report file (name, bytes, MIME type), with a progress bar while its charts are drawn."""
    started = time.monotonic()
    with st.status(ui("report.building", ctx.lang, n="…"), expanded=True) as status:
        content = queries.report_content(
            ctx.store,
            ctx.plan,
            lang=lang,
            as_of=ctx.as_of,
            orientations=orientations,
            targets=targets,
            method=queries.method_text(lang),
        )
        bar = st.progress(0.0)

        def advance(done: int, total: int) -> None:
            bar.progress(done / total)

        images = report_pdf.render_images(content, advance)
        payload = report_pdf.write_pdf(content, images) if fmt == "pdf" else report_pptx.write_pptx(content, images)
        seconds = f"{time.monotonic() - started:.1f}"
        status.update(label=ui("report.ready", ctx.lang, size=len(payload) // 1024, seconds=seconds), state="complete")
    mime = (
        "application/pdf"
        if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    )
    return f"{ctx.plan.id}-{ctx.as_of}-{lang}.{fmt}", payload, mime
