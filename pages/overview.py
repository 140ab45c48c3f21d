"""Overview: one card per target, the plan checks, and the benefits' trends."""

import streamlit as st

from planmetrics import app, i18n, presenters
from planmetrics.ui_text import ui

ctx = app.page()
lang, plan = ctx.lang, ctx.plan
result = app.assessment(ctx)

# 1. Title
st.title(ui("overview.title", lang))
st.caption(
    ui(
        "overview.caption",
        lang,
        plan=plan.title.get(lang),
        y0=plan.baseline_year,
        ty=plan.target_year,
        as_of=result.as_of,
    )
)

# 2. One card per numeric target
numeric = [t for t in result.targets if t.kind != "track"]
for start in range(0, len(numeric), 2):
    for column, progress in zip(st.columns(2), numeric[start : start + 2], strict=False):
        with column:
            app.target_card(ctx, progress)

app.comment_form(ctx)

# 3. Plan checks, as notes
st.subheader(ui("overview.checks", lang))
for check in result.checks:
    message = i18n.check_message(check.kind, check.params, plan, lang)
    if check.severity == "warning":
        st.warning(message, icon=":material/warning:")
    else:
        st.info(message, icon=":material/info:")

# 4. Benefits: trends of the tracked indicators
st.subheader(ui("overview.benefits", lang))
st.caption(ui("overview.trend_caption", lang))
for progress in (t for t in result.targets if t.kind == "track"):
    name, status, latest = st.columns([3, 2, 2])
    name.write(plan.indicator(progress.indicator).label.get(lang))
    with status:
        app.status_badge(progress.status, lang)
    latest.write(presenters.track_line(plan, progress, lang))
