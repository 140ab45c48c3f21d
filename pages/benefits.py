"""Benefits and orientations: each orientation with its targets and indicators, their trends and direction,
and the plan's conditions of success as context."""

import streamlit as st

from planmetrics import app, charts, config, i18n, presenters
from planmetrics.metrics import TargetProgress
from planmetrics.plan import Indicator
from planmetrics.words import say


def indicator_card(indicator: Indicator, progress: TargetProgress) -> None:
    """A tracked indicator: its status in words, and its trend once it has two figures or more."""
    st.markdown(f"**{indicator.label.get(lang)}**")
    app.status_badge(progress.status, lang)
    st.caption(presenters.track_line(plan, progress, lang))
    if progress.status == "no_data":  # a trend needs two figures: no chart for one point
        st.caption(say("benefits.no_figures", lang, indicator=indicator.label.get(lang)))
        return
    data = app.figures(ctx, indicator.id)
    table = charts.chart_frame(plan, data, indicator.id, config.TOTAL_REGION, lang)
    figure = charts.trend_chart(plan, data, indicator.id, lang)
    app.show_chart(figure, table, key=indicator.id, lang=lang, rows=data)


ctx = app.page()
lang, plan = ctx.lang, ctx.plan
result = app.assessment(ctx)
tracked = {t.id: t for t in result.targets if t.kind == "track"}

st.title(say("benefits.title", lang))

# 1. One section per orientation: its numeric targets, then its tracked indicators with their trends
for orientation in plan.orientations:
    st.header(say("benefits.orientation", lang, n=orientation.id, label=orientation.label.get(lang)), divider="gray")
    numeric = [result.target(t.id) for t in plan.targets if t.orientation == orientation.id]
    if numeric:
        st.caption(
            say("benefits.targets", lang)
            + " · "
            + " · ".join(
                i18n.labelled(plan.target(p.id).label.get(lang), i18n.status_word(p.status, lang), lang)
                for p in numeric
            )
        )
    indicators = [i for i in plan.tracked_indicators() if i.orientation == orientation.id]
    for start in range(0, len(indicators), 2):
        for column, indicator in zip(st.columns(2), indicators[start : start + 2], strict=False):
            with column, st.container(border=True):
                indicator_card(indicator, tracked[indicator.id])

# 2. The plan's conditions of success
st.header(say("benefits.seats", lang), divider="gray")
for seat in plan.seats:
    st.markdown(f"- {seat.get(lang)}")
