"""Streamlit entry point: the navigation over pages/ and nothing else (`make run`)."""

import streamlit as st

from planmetrics import ui

st.set_page_config(page_title="planmetrics", page_icon=":material/monitoring:", layout="wide")

lang = ui.chosen_lang()
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
ui.navigation(PAGES, lang)
