"""Overview: one card per target, the plan checks, and the benefits' trends."""

import streamlit as st

from planmetrics import ui

ctx = ui.page()
lang, plan = ctx.lang, ctx.plan
result = ui.assessment(ctx)

# 1. Title
st.title(ui.say_escaped("overview.title", lang))
st.caption(
    ui.say_escaped(
        "overview.caption",
        lang,
        plan=plan.title.get(lang),
        y0=plan.baseline_year,
        ty=plan.target_year,
        as_of=result.as_of,
    )
)
ui.locked_line(ctx)  # the years whose figures are approved and locked
ui.reported_line(ctx)  # how many networks have reported the as-of year, with a link to the Networks page

# 2. One card per numeric target
numeric = [t for t in result.targets if t.kind != "track"]
for start in range(0, len(numeric), 2):
    for column, progress in zip(st.columns(2), numeric[start : start + 2], strict=False):
        with column:
            ui.target_card(ctx, progress)

# A commentary per target and year (editors), shown on its card as soon as it is saved
ui.comment_form(ctx)

# 3. Plan checks, as notes
st.subheader(ui.say_escaped("overview.checks", lang))
ui.plan_checks(ctx, result)

# 4. Benefits: trends of the tracked indicators
st.subheader(ui.say_escaped("overview.benefits", lang))
st.caption(ui.say_escaped("overview.trend_caption", lang))
ui.track_rows(ctx, result)
