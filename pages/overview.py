"""Overview: one card per target, the plan checks, and the benefits' trends."""

import streamlit as st

from planmetrics import ui


def comment_form() -> None:
    """Editors write a short commentary per target and year ("why we are behind"), shown on the cards."""
    if ui.editor(lang) is None:
        return
    labels = {t.id: t.label.get(lang) for t in plan.targets}
    with st.form("comment", clear_on_submit=True):
        target = st.selectbox(ui.say("col.target", lang), list(labels), format_func=labels.__getitem__)
        year = st.number_input(ui.say("col.year", lang), 1900, 2100, value=ctx.as_of or plan.target_year, step=1)
        body = st.text_area(ui.say("comment.body", lang), max_chars=2000)
        if not st.form_submit_button(ui.say("comment.save", lang)):
            return
        try:
            ui.add_comment(ctx, str(target), int(year), body)
        except ui.PlanmetricsError as exc:
            st.error(ui.markdown_text(exc.text(lang)))
        else:
            st.success(ui.say_escaped("comment.saved", lang))


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

# 2. One card per numeric target
numeric = [t for t in result.targets if t.kind != "track"]
for start in range(0, len(numeric), 2):
    for column, progress in zip(st.columns(2), numeric[start : start + 2], strict=False):
        with column:
            ui.target_card(ctx, progress)

with st.expander(ui.say("comment.add", lang), icon=":material/add_comment:"):
    comment_form()

# 3. Plan checks, as notes
st.subheader(ui.say_escaped("overview.checks", lang))
ui.plan_checks(ctx, result)

# 4. Benefits: trends of the tracked indicators
st.subheader(ui.say_escaped("overview.benefits", lang))
st.caption(ui.say_escaped("overview.trend_caption", lang))
ui.track_rows(ctx, result)
