"""Jobs: net jobs against the straight target path, Montréal, and where the jobs are."""

import streamlit as st

from planmetrics import app, charts, presenters
from planmetrics.words import say

ctx = app.page()
lang, plan = ctx.lang, ctx.plan
result = app.assessment(ctx)
jobs = app.figures(ctx, "jobs")

# 1. Each jobs target: its chart (actual, target path, projection) beside its card
st.title(say("jobs.title", lang))
for target in (t for t in plan.targets if t.indicator == "jobs"):
    progress = result.target(target.id)
    chart_column, card_column = st.columns([5, 2])
    with chart_column:
        figure = charts.target_chart(plan, jobs, progress, lang)
        app.show_chart(
            figure, charts.chart_frame(plan, jobs, "jobs", target.region, lang), key=target.id, lang=lang, rows=jobs
        )
    with card_column:
        app.target_card(ctx, progress, narrow=True)

# 2. Where the jobs are: by sector, region and network, with each network's contribution
tabs = st.tabs([say("jobs.by_sector", lang), say("jobs.by_region", lang), say("jobs.by_network", lang)])
for tab, dimension in zip(tabs, ("sector", "region", "network"), strict=True):
    with tab:
        app.breakdown(ctx, jobs, "jobs", dimension)

# 3. Each network's contribution to the net jobs created, when networks' figures exist
net = result.target(next(t.id for t in plan.targets if t.indicator == "jobs"))
contribution = charts.contribution_chart(plan, jobs, net, lang)
if contribution is not None:
    st.subheader(say("jobs.contribution", lang))
    rows = presenters.breakdown_rows(jobs, "network", ctx.as_of)
    table = presenters.breakdown_table(plan, rows, "jobs", "network", lang)
    app.show_chart(contribution, table, key=f"contribution_{net.id}", lang=lang)
