"""Method: the rules, thresholds and formulas, in the reader's language, and the plan version in use."""

import streamlit as st

from planmetrics import ui

ctx = ui.page(allow_empty=True)

st.title(ui.say("method.title", ctx.lang))
st.caption(ui.plan_version_caption(ctx))
st.markdown(ui.method_text(ctx.lang))
