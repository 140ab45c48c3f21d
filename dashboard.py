"""Streamlit entry point: the navigation over pages/ and nothing else (`make run`)."""

import streamlit as st

from planmetrics.app import browser_lang
from planmetrics.ui_text import ui

st.set_page_config(page_title="planmetrics", page_icon=":material/monitoring:", layout="wide")

lang = str(st.session_state.get("lang") or st.query_params.get("lang") or browser_lang())
pages = [
    st.Page(
        "pages/overview.py",
        title=ui("nav.overview", lang),
        icon=":material/dashboard:",
        default=True,
    ),
]
st.navigation(pages).run()
