"""Method: the rules, thresholds and formulas, in the reader's language, and the plan version in use."""

import streamlit as st

from planmetrics import app, queries
from planmetrics.page_context import plan_version_caption
from planmetrics.words import say

ctx = app.page(allow_empty=True)

st.title(say("method.title", ctx.lang))
st.caption(plan_version_caption(ctx))
st.markdown(queries.method_text(ctx.lang))
