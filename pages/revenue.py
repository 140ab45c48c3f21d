"""Revenue: actual against both target paths (7 % a year, and the path to $45 billion), growth observed and
required, the plan-consistency note, breakdowns, and constant dollars when a price index exists."""

import streamlit as st

from planmetrics import ui

ctx = ui.page()
lang, plan = ctx.lang, ctx.plan
result = ui.assessment(ctx)
revenue = ui.figures(ctx, "revenue")
targets = [result.target(t.id) for t in plan.targets if t.indicator == "revenue"]

# 1. Actual revenue against both paths, beside each target's card
st.title(ui.say("revenue.title", lang))
ui.revenue_section(ctx, result, revenue, targets)

# 2. Growth observed and required; which target each status refers to
ui.growth_metrics(ctx, result, targets)

# 3. Where the revenue comes from, and what it is worth in constant dollars
ui.breakdown_tabs(ctx, revenue, "revenue")
ui.constant_dollars(ctx, revenue)
