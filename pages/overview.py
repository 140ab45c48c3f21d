"""Overview: one card per target, the plan checks, and the benefits' trends."""

import streamlit as st

from planmetrics import app, i18n, presenters
from planmetrics.errors import PlanmetricsError
from planmetrics.words import say


def comment_form() -> None:
    """Editors write a short commentary per target and year ("why we are behind"), shown on the cards."""
    if app.editor(lang) is None:
        return
    labels = {t.id: t.label.get(lang) for t in plan.targets}
    with st.form("comment", clear_on_submit=True):
        target = st.selectbox(say("col.target", lang), list(labels), format_func=labels.__getitem__)
        year = st.number_input(say("col.year", lang), 1900, 2100, value=ctx.as_of or plan.target_year, step=1)
        body = st.text_area(say("comment.body", lang), max_chars=2000)
        if not st.form_submit_button(say("comment.save", lang)):
            return
        try:
            by = app.require_editor(lang)
            ctx.store.add_comment(plan_id=plan.id, target=str(target), year=int(year), body=body, by=by)
        except PlanmetricsError as exc:
            st.error(str(exc))
        else:
            st.success(say("comment.saved", lang))


ctx = app.page()
lang, plan = ctx.lang, ctx.plan
result = app.assessment(ctx)

# 1. Title
st.title(say("overview.title", lang))
st.caption(
    say(
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

with st.expander(say("comment.add", lang), icon=":material/add_comment:"):
    comment_form()

# 3. Plan checks, as notes
st.subheader(say("overview.checks", lang))
for check in result.checks:
    message = i18n.check_message(check.kind, check.params, plan, lang)
    if check.severity == "warning":
        st.warning(message, icon=":material/warning:")
    else:
        st.info(message, icon=":material/info:")

# 4. Benefits: trends of the tracked indicators
st.subheader(say("overview.benefits", lang))
st.caption(say("overview.trend_caption", lang))
for progress in (t for t in result.targets if t.kind == "track"):
    name, status, latest = st.columns([3, 2, 2])
    name.write(plan.indicator(progress.indicator).label.get(lang))
    with status:
        app.status_badge(progress.status, lang)
    latest.write(presenters.track_line(plan, progress, lang))
