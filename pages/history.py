"""History: every batch (who, when, file, counts); download an original file; roll a batch back."""

import streamlit as st

from planmetrics import app, presenters
from planmetrics.errors import UnknownBatchError
from planmetrics.words import say

ctx = app.page(allow_empty=True)
lang = ctx.lang

# 1. The batches, newest first
st.title(say("history.title", lang))
if "rolled_message" in st.session_state:
    st.success(st.session_state.pop("rolled_message"), icon=":material/check_circle:")
batches = ctx.store.history()
if not batches:
    st.info(say("history.empty", lang))
    st.stop()
st.dataframe(presenters.history_table(batches, lang), hide_index=True, width="stretch")

# 2. One batch: its original file, and rolling it back (editors only, after a confirmation)
ids = [b["batch"] for b in batches]
chosen = st.selectbox(say("history.pick", lang), ids, key="history_batch")
batch = next(b for b in batches if b["batch"] == chosen)
file_name, file_bytes = ctx.store.batch_file(int(chosen))
if file_bytes:
    st.download_button(
        say("history.download", lang),
        data=bytes(file_bytes),
        file_name=file_name or f"batch-{chosen}",
        icon=":material/download:",
        on_click="ignore",
    )
who = app.editor(lang)
if who is None or batch["rolled_back"] or batch["kind"] == "rollback":
    st.stop()
if st.button(say("history.rollback", lang, batch=chosen), icon=":material/undo:", key="ask_rollback"):
    st.session_state["confirm_rollback"] = chosen
if st.session_state.get("confirm_rollback") == chosen:
    st.warning(say("history.confirm", lang, batch=chosen), icon=":material/warning:")
    yes, no = st.columns(2)
    if yes.button(say("history.confirm_yes", lang), type="primary", key="confirm_yes"):
        st.session_state.pop("confirm_rollback")
        try:
            result = ctx.store.rollback(int(chosen), by=app.require_editor(lang))
        except UnknownBatchError:
            st.error(say("history.cannot", lang))
        else:
            st.session_state["rolled_message"] = say("history.rolled", lang, batch=chosen, new=result.batch)
            st.rerun()
    if no.button(say("history.cancel", lang), key="confirm_no"):
        st.session_state.pop("confirm_rollback")
        st.rerun()
