"""Revenue: actual against both target paths (a growth rate and a level, from the plan), growth observed and
required, the plan-consistency note, breakdowns, and constant dollars when a price index exists."""

import streamlit as st

from planmetrics import ui

ctx = ui.page()
lang = ctx.lang
result = ui.assessment(ctx)
# The plan's compound targets (growth a year, level to reach) and their indicator (revenue in the CQCM plan)
indicator, targets = ui.page_targets(ctx, result, "revenue")
revenue = ui.figures(ctx, indicator)

# 1. Actual revenue against both paths, beside each target's card
st.title(ui.markdown_text(ui.say("revenue.title", lang)))
ui.revenue_section(ctx, result, revenue, targets)

# 2. Growth observed and required; which target each status refers to
ui.growth_metrics(ctx, result, targets)

# 3. Where the revenue comes from, and what it is worth in constant dollars
ui.breakdown_tabs(ctx, revenue, indicator)
ui.constant_dollars(ctx, revenue, indicator)
