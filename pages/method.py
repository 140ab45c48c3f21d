"""Method: the rules, thresholds and formulas, in the reader's language, the plan version in use, and the statuses
the plan team set over the computed ones."""

import streamlit as st

from planmetrics import ui

ctx = ui.page(allow_empty=True)

st.title(ui.say_escaped("method.title", ctx.lang))
st.caption(ui.markdown_text(ui.plan_version_caption(ctx)))
st.markdown(ui.markdown_prose(ui.method_text(ctx.lang)))

# The statuses the plan team set over the computed ones: the rule, then those in force or a sentence saying none
ui.overrides_section(ctx)
