"""Jobs: net jobs against the straight target path, Montréal, and where the jobs are."""

import streamlit as st

from planmetrics import ui

ctx = ui.page()
lang = ctx.lang
result = ui.assessment(ctx)
# The indicator of the plan's `increase_by` targets (jobs in the CQCM plan) and its targets
indicator, targets = ui.page_targets(ctx, result, "increase_by")

# 1. Each target: its chart (actual, target path, projection) beside its card
st.title(ui.markdown_text(ui.say("jobs.title", lang)))
for progress in targets:
    ui.target_section(ctx, progress)

# 2. Where the jobs are: by sector, region and network
ui.breakdown_tabs(ctx, indicator)

# 3. Each network's contribution to the net jobs created, when networks' figures exist
ui.contribution(ctx, targets[0])
