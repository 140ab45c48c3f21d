"""Streamlit entry point: the navigation over pages/ and nothing else (`make run`)."""

import streamlit as st

from planmetrics.app import browser_lang
from planmetrics.words import say

st.set_page_config(page_title="planmetrics", page_icon=":material/monitoring:", layout="wide")

lang = str(st.session_state.get("lang") or st.query_params.get("lang") or browser_lang())
PAGES = [
    ("overview", ":material/dashboard:"),
    ("jobs", ":material/groups:"),
    ("revenue", ":material/payments:"),
    ("benefits", ":material/diversity_3:"),
    ("reports", ":material/picture_as_pdf:"),
    ("upload", ":material/upload_file:"),
    ("history", ":material/history:"),
    ("method", ":material/menu_book:"),
]
pages = [
    st.Page(f"pages/{name}.py", title=say(f"nav.{name}", lang), icon=icon, url_path=name, default=name == "overview")
    for name, icon in PAGES
]
st.navigation(pages).run()
