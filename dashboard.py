"""Streamlit entry point: the navigation over pages/ and nothing else (`make run`).

The tab's icon is the app's own file (static/icon.svg), served by the app: a `:material/...:` icon would make
every browser fetch it from fonts.gstatic.com.
"""

from pathlib import Path

import streamlit as st

from planmetrics import ui

ICON = Path(__file__).parent / "static" / "icon.svg"
st.set_page_config(page_title="planmetrics", page_icon=str(ICON), layout="wide")

lang = ui.chosen_lang()
PAGES = [
    ("overview", ":material/dashboard:"),
    ("jobs", ":material/groups:"),
    ("revenue", ":material/payments:"),
    ("benefits", ":material/diversity_3:"),
    ("networks", ":material/hub:"),
    ("reports", ":material/picture_as_pdf:"),
    ("upload", ":material/upload_file:"),
    ("review", ":material/fact_check:"),
    ("history", ":material/history:"),
    ("method", ":material/menu_book:"),
]
ui.navigation(PAGES, lang)
