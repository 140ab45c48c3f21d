"""Revenue: actual against both target paths (a growth rate and a level, from the plan), growth observed and
required, the plan-consistency note, breakdowns, and constant dollars when a price index exists."""

import streamlit as st

from planmetrics import ui

ctx = ui.page()
lang = ctx.lang
result = ui.assessment(ctx)
# The indicator of the plan's compound targets, a growth a year and a level to reach (revenue in the CQCM
# plan), and its targets
indicator, targets = ui.page_targets(ctx, result, "annual_growth", "reach")

# 1. Actual revenue against both paths, beside each target's card
st.title(ui.markdown_text(ui.say("revenue.title", lang)))
ui.revenue_section(ctx, targets)

# 2. Growth observed and required; which target each status refers to
ui.growth_metrics(ctx, result, targets)

# 3. Where the revenue comes from, and what it is worth in constant dollars
ui.breakdown_tabs(ctx, indicator)
ui.constant_dollars(ctx, indicator)
