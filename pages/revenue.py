"""Revenue: actual against both target paths (7 % a year, and the path to $45 billion), growth observed and
required, the plan-consistency note, breakdowns, and constant dollars when a price index exists."""

import streamlit as st

from planmetrics import app, charts, i18n
from planmetrics.words import say

ctx = app.page()
lang, plan = ctx.lang, ctx.plan
result = app.assessment(ctx)
revenue = app.figures(ctx, "revenue")
targets = [result.target(t.id) for t in plan.targets if t.indicator == "revenue"]

# 1. Actual revenue against both paths, beside each target's card
st.title(say("revenue.title", lang))
chart_column, cards_column = st.columns([5, 2])
with chart_column:
    table = charts.chart_frame(plan, revenue, "revenue", "Québec", lang)
    app.show_chart(charts.revenue_chart(plan, revenue, result, lang), table, key="revenue", lang=lang, rows=revenue)
    st.caption(say("revenue.nominal_note", lang))
with cards_column:
    for progress in targets:
        app.target_card(ctx, progress, narrow=True)

# 2. Growth observed and required; which target each status refers to
observed, *required = st.columns(1 + len(targets))
first = targets[0].observed_pace if targets else None
observed.metric(say("revenue.observed", lang, y0=plan.baseline_year), i18n.format_percent(first, lang))
for column, progress in zip(required, targets, strict=True):
    key = "revenue.required_growth" if progress.kind == "annual_growth" else "revenue.required_level"
    needed = i18n.format_percent(progress.required_pace, lang)
    column.metric(say(key, lang), i18n.status_word("achieved", lang) if progress.status == "achieved" else needed)
for check in (c for c in result.checks if c.kind == "growth_vs_level"):
    st.info(i18n.check_message(check.kind, check.params, plan, lang), icon=":material/balance:")

# 3. Where the revenue comes from, and what it is worth in constant dollars
tabs = st.tabs([say("revenue.by_sector", lang), say("revenue.by_region", lang), say("revenue.by_network", lang)])
for tab, dimension in zip(tabs, ("sector", "region", "network"), strict=True):
    with tab:
        app.breakdown(ctx, revenue, "revenue", dimension)
app.constant_dollars_view(ctx, revenue)
