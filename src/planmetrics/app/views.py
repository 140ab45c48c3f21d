"""Views of one indicator that several pages draw: a breakdown, constant dollars, networks' contributions,
a tracked indicator.

Imports streamlit, `charts`, `config`, `i18n`, `metrics`, `plan`, `presenters`, `ui_text` and the app
package's `state` and `widgets`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planmetrics import charts, config, i18n, metrics, presenters
from planmetrics.app.state import PageContext, figures
from planmetrics.app.widgets import show_chart, status_badge
from planmetrics.metrics import TargetProgress
from planmetrics.plan import Indicator
from planmetrics.ui_text import ui


def breakdown(ctx: PageContext, figures: pd.DataFrame, indicator: str, dimension: str) -> None:
    """The latest figures by sector, region or network, or what to upload to see them."""
    lang = ctx.lang
    parts = presenters.breakdown_rows(figures, dimension, ctx.as_of)
    if parts.empty:
        label = ctx.plan.indicator(indicator).label.get(lang)
        column = ui(f"col.{dimension}", lang)
        st.info(ui("breakdown.none", lang, dimension=ui(f"dim.{dimension}", lang), indicator=label, column=column))
        return
    year = int(parts["year"].max())
    figure = charts.breakdown_chart(ctx.plan, figures, indicator, dimension, year=year, lang=lang)
    table = presenters.breakdown_table(ctx.plan, parts[parts["year"] == year], indicator, dimension, lang)
    show_chart(figure, table, key=f"{indicator}_{dimension}", lang=lang, rows=parts)


def constant_dollars_view(ctx: PageContext, revenue: pd.DataFrame) -> None:
    """Revenue in constant dollars of the baseline year, when a price index (`cpi`) was uploaded."""
    lang, plan = ctx.lang, ctx.plan
    st.subheader(ui("revenue.constant", lang, year=plan.baseline_year))
    cpi = metrics.total_series(figures(ctx, "cpi"), "cpi")
    real = metrics.constant_dollars(metrics.total_series(revenue, "revenue"), cpi, plan.baseline_year)
    if real.empty:
        st.info(ui("revenue.constant_none", lang), icon=":material/info:")
        return
    figure = charts.constant_dollars_chart(plan, revenue, real, lang)
    table = pd.DataFrame(
        {ui("col.year", lang): real.index, ui("col.value", lang): [i18n.format_money(v, lang) for v in real]}
    )
    show_chart(figure, table, key="constant_dollars", lang=lang)


def contribution(ctx: PageContext, figures: pd.DataFrame, progress: TargetProgress) -> None:
    """Each network's contribution to a target's net change, when networks' figures exist."""
    figure = charts.contribution_chart(ctx.plan, figures, progress, ctx.lang)
    if figure is None:
        return
    st.subheader(ui("jobs.contribution", ctx.lang))
    rows = presenters.breakdown_rows(figures[figures["indicator"] == progress.indicator], "network", ctx.as_of)
    table = presenters.breakdown_table(ctx.plan, rows, progress.indicator, "network", ctx.lang)
    show_chart(figure, table, key=f"contribution_{progress.id}", lang=ctx.lang)


def tracked_indicator(ctx: PageContext, indicator: Indicator, progress: TargetProgress) -> None:
    """A tracked indicator: name, trend status, latest figure, and its chart or what to upload."""
    lang = ctx.lang
    st.markdown(f"**{indicator.label.get(lang)}**")
    status_badge(progress.status, lang)
    st.caption(presenters.track_line(ctx.plan, progress, lang))
    if progress.status == "no_data":  # a trend needs two figures: no chart for one point
        st.caption(ui("benefits.no_figures", lang, indicator=indicator.label.get(lang)))
        return
    data = figures(ctx, indicator.id)
    table = charts.chart_frame(ctx.plan, data, indicator.id, config.TOTAL_REGION, lang)
    show_chart(charts.trend_chart(ctx.plan, data, indicator.id, lang), table, key=indicator.id, lang=lang, rows=data)
