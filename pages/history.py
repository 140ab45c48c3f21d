"""History: every batch (who, when, file, counts, its review state and network, which batch a rollback undid,
what a review or a lock recorded, the figures it restated); the versions of one figure; an original file for
those who may have it; roll a batch back."""

import streamlit as st

from planmetrics import ui

ctx = ui.page(allow_empty=True)
lang = ctx.lang

# 1. The batches, newest first
st.title(ui.say_escaped("history.title", lang))
if "rolled_message" in st.session_state:
    st.success(ui.markdown_text(st.session_state.pop("rolled_message")), icon=":material/check_circle:")
batches = ui.history(ctx)
if not batches:
    st.info(ui.say_escaped("history.empty", lang))
    st.stop()
st.dataframe(ui.batches_table(ctx, batches), hide_index=True, width="stretch")

# 2. The figures each batch restated, old → new
ui.restated_lists(ctx, batches)

# 3. The history of one figure, picked among the current figures
ui.figure_picker(ctx)

# 4. One batch: its original file and rolling it back (for those whose role allows it; a roll back after a
# confirmation). Reviews and locks are events: nothing to download or roll back.
ids = [b["batch"] for b in batches]
chosen = st.selectbox(ui.say("history.pick", lang), ids, key="history_batch")
batch = next(b for b in batches if b["batch"] == chosen)
kept_file = bool(batch["sha256"]) and batch["kind"] != "restore"  # a file read keeps it
undoable = not batch["rolled_back"] and batch["kind"] not in ui.EVENT_KINDS
if not (kept_file or undoable):  # nothing anyone could do here: no sign-in asked for
    st.caption(ui.say_escaped("history.nothing_to_do", lang))
    st.stop()
who = ui.editor(ctx)
if kept_file:
    ui.original_download(ctx, int(str(chosen)), str(batch["file_name"] or "") or None)
if who is None or not undoable:
    st.stop()
if not ui.may_roll_back(who, batch):
    st.caption(ui.say_escaped("review_page.rollback.reviewers", lang))
    st.stop()
if st.button(ui.say("history.rollback", lang, batch=chosen), icon=":material/undo:", key="ask_rollback"):
    st.session_state["confirm_rollback"] = chosen
if st.session_state.get("confirm_rollback") == chosen:
    st.warning(ui.say_escaped("history.confirm", lang, batch=chosen), icon=":material/warning:")
    yes, no = st.columns(2)
    if yes.button(ui.say("history.confirm_yes", lang), type="primary", key="confirm_yes"):
        st.session_state.pop("confirm_rollback")
        result = ui.rollback(ctx, int(str(chosen)))  # a refusal is said on the page
        if result is not None:
            st.session_state["rolled_message"] = ui.say("history.rolled", lang, batch=chosen, new=result.batch)
            st.rerun()
    if no.button(ui.say("history.cancel", lang), key="confirm_no"):
        st.session_state.pop("confirm_rollback")
        st.rerun()
