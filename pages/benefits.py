"""Benefits and orientations: each orientation with its targets and indicators, their trends and direction,
and the plan's conditions of success as context."""

import streamlit as st

from planmetrics import ui

ctx = ui.page()
lang, plan = ctx.lang, ctx.plan
result = ui.assessment(ctx)
tracked = {t.id: t for t in result.targets if t.kind == "track"}

st.title(ui.say_escaped("benefits.title", lang))

# 1. One section per orientation: its numeric targets, then its tracked indicators with their trends
for orientation in plan.orientations:
    heading = ui.say_escaped("benefits.orientation", lang, n=orientation.id, label=orientation.label.get(lang))
    st.header(heading, divider="gray")
    ui.orientation_targets_line(ctx, result, orientation.id)
    indicators = [i for i in plan.tracked_indicators() if i.orientation == orientation.id]
    for start in range(0, len(indicators), 2):
        for column, indicator in zip(st.columns(2), indicators[start : start + 2], strict=False):
            with column, st.container(border=True):
                ui.indicator_card(ctx, indicator, tracked[indicator.id])

# 2. The plan's conditions of success
st.header(ui.say_escaped("benefits.seats", lang), divider="gray")
for seat in plan.seats:
    st.markdown(f"- {ui.markdown_text(seat.get(lang))}")
