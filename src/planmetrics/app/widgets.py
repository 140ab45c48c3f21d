"""The widgets every page shares: status badge, target card, chart with its downloads, plan version line,
commentary lines.

Imports streamlit, `charts`, `config`, `export`, `export_images`, `i18n`, `presenters`, `metrics`,
`ui_text` and the app package's `state`.
"""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from planmetrics import charts, config, export, export_images, i18n, presenters
from planmetrics.app.state import PageContext, totals
from planmetrics.metrics import TargetProgress
from planmetrics.ui_text import ui

STATUS_STYLE: dict[str, tuple[str, str]] = {
    "achieved": ("green", ":material/verified:"),
    "on_track": ("green", ":material/check_circle:"),
    "needs_acceleration": ("orange", ":material/speed:"),
    "limited_progress": ("orange", ":material/warning:"),
    "deteriorating": ("red", ":material/trending_down:"),
    "missed": ("red", ":material/cancel:"),
    "no_data": ("gray", ":material/help:"),
    "improving": ("green", ":material/trending_up:"),
    "stable": ("blue", ":material/trending_flat:"),
    "worsening": ("red", ":material/trending_down:"),
}


def status_badge(status: str, lang: str) -> None:
    """Status as word, colour and icon together (never colour alone)."""
    colour, icon = STATUS_STYLE[status]
    st.badge(i18n.status_word(status, lang), icon=icon, color=colour)  # type: ignore[arg-type]


def target_card(ctx: PageContext, progress: TargetProgress, *, narrow: bool = False) -> None:
    """One target in a bordered card: status, latest against target, bar, what is needed now."""
    card = presenters.target_card(ctx.plan, progress, ctx.lang)
    with st.container(border=True):
        st.markdown(f"**{card.title}**")
        status_badge(progress.status, ctx.lang)
        left, right = (st.container(), st.container()) if narrow else st.columns(2)
        left.metric(card.latest_label, card.latest)
        right.metric(card.target_label, card.target)
        if card.bar is not None:
            st.progress(card.bar, text=card.bar_text)
        spark = charts.sparkline(totals(ctx), progress.indicator, progress.region, ctx.lang)
        if spark is not None:
            st.plotly_chart(spark, key=f"spark_{progress.id}", config={"displayModeBar": False, "staticPlot": True})
        for line in card.lines:
            st.caption(line)
        for note in comments_for(ctx, progress.id):
            st.caption(f":material/comment: {note}")


def show_chart(
    figure: go.Figure, table: pd.DataFrame, *, key: str, lang: str, rows: pd.DataFrame | None = None
) -> None:
    """A chart, its downloads (image as seen; the data behind it), and that data beneath it as a table."""
    st.plotly_chart(figure, key=key, config={"displaylogo": False, "locale": "fr" if lang == "fr" else "en"})
    chart_downloads(figure, table if rows is None else rows, key=key, lang=lang)
    with st.expander(ui("chart.show_data", lang), icon=":material/table:"):
        st.dataframe(table, hide_index=True, width="stretch")


def chart_downloads(figure: go.Figure, data: pd.DataFrame, *, key: str, lang: str) -> None:
    """PNG, SVG and PDF drawn only when clicked (kaleido); CSV and XLSX of the figures behind the chart."""
    with st.popover(ui("chart.download", lang), icon=":material/download:"):
        formats: tuple[tuple[export_images.ImageFormat, str], ...] = (
            ("png", "image/png"),
            ("svg", "image/svg+xml"),
            ("pdf", "application/pdf"),
        )
        for fmt, mime in formats:
            st.download_button(
                fmt.upper(),
                data=partial(export_images.to_image, figure, fmt),
                file_name=f"{key}.{fmt}",
                mime=mime,
                key=f"{key}_{fmt}",
                on_click="ignore",
            )
        is_figures = set(config.FIGURE_COLUMNS) <= set(data.columns)
        csv = (
            partial(export.figures_csv, data, "fr" if lang == "fr" else "en")
            if is_figures
            else data.to_csv(index=False)
        )
        st.download_button(
            "CSV", data=csv, file_name=f"{key}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore"
        )
        xlsx = partial(export.figures_xlsx, data) if is_figures else partial(_table_xlsx, data)
        st.download_button("XLSX", data=xlsx, file_name=f"{key}.xlsx", key=f"{key}_xlsx", on_click="ignore")


def _table_xlsx(table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.map(export.neutralise).to_excel(buffer, index=False)
    return buffer.getvalue()


def plan_version_caption(ctx: PageContext) -> str:
    versions = ctx.store.plan_versions()
    mine = versions[versions["plan_id"] == ctx.plan.id]
    recorded = "—" if mine.empty else str(mine["recorded_at"].iloc[-1])[:10]
    return ui(
        "method.plan_version",
        ctx.lang,
        plan=ctx.plan.id,
        file=Path(ctx.plan.path).name,
        sha=ctx.plan.sha256[:12],
        recorded=recorded,
        versions=len(mine),
    )


def comments_for(ctx: PageContext, target_id: str) -> list[str]:
    """The commentary on a target up to the as-of year, newest first, each with its author and date."""
    frame = ctx.comments
    if frame.empty:
        return []
    mine = frame[(frame["target"] == target_id) & (frame["year"] <= (ctx.as_of or 9999))]
    return [
        ui("comment.line", ctx.lang, year=r.year, body=r.body, by=r.created_by or "—", date=str(r.created_at)[:10])
        for r in mine.itertuples()
    ]
