"""Jobs: net jobs against the straight target path, Montréal, and where the jobs are."""

import streamlit as st

from planmetrics import ui

ctx = ui.page()
lang, plan = ctx.lang, ctx.plan
result = ui.assessment(ctx)
jobs = ui.figures(ctx, "jobs")
targets = [result.target(t.id) for t in plan.targets if t.indicator == "jobs"]

# 1. Each jobs target: its chart (actual, target path, projection) beside its card
st.title(ui.say("jobs.title", lang))
for progress in targets:
    ui.target_section(ctx, progress, jobs)

# 2. Where the jobs are: by sector, region and network
ui.breakdown_tabs(ctx, jobs, "jobs")

# 3. Each network's contribution to the net jobs created, when networks' figures exist
ui.contribution(ctx, jobs, targets[0])
