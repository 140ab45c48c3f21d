"""Upload: pick a file, see every problem or exactly what would change, then commit it whole (a network
editor's figures, or anyone's under the plan's `review_all`, submitted for review)."""

import streamlit as st

from planmetrics import ui

ctx = ui.page(allow_empty=True)
lang, plan = ctx.lang, ctx.plan

# 1. Who is changing data, and with which role
st.title(ui.say_escaped("upload.title", lang))
if ui.editor(ctx) is None:
    st.stop()
st.caption(ui.say_escaped("upload.intro", lang))
ui.show_done("upload_done", lang)
ui.correction_form(ctx)

# 2. The file, checked on the server (type and size) before it is read
left, right = st.columns(2)
source = left.text_input(ui.say("upload.source", lang), max_chars=500, key="upload_source")
indicator_ids = ["", *(i.id for i in plan.indicators)]
labels = {i.id: i.label.get(lang) for i in plan.indicators} | {"": "—"}
indicator = right.selectbox(
    ui.say("upload.indicator", lang), indicator_ids, format_func=labels.__getitem__, key="upload_indicator"
)
# No `type=` filter: our own server-side check answers a wrong file with a clear, translated message.
uploader_key = f"upload_file_{st.session_state.get('uploads_committed', 0)}"
uploaded = ui.upload_picker(lang, uploader_key)
ui.template_downloads(ctx)
if uploaded is None:
    st.stop()
refusal = ui.upload_refusal(uploaded.name, uploaded.size, lang)
if refusal:
    st.error(ui.markdown_text(refusal), icon=":material/block:")
    st.stop()

# 3. Preview (read once for this file and these choices): the file's choices above it (a StatCan table's
# series, its sectors, how months make a year, its encoding), then every problem, or what was read, what would
# be inserted or restated and how each target would move
data = uploaded.getvalue()
sha256 = ui.file_sha256(data)
options = ui.chosen_options(sha256, source=source, indicator=indicator)
preview = ui.preview_upload(ctx, uploaded.name, data, options, sha256=sha256)
ui.series_choices(plan, preview.read, sha256, options, lang)
st.caption(ui.say_escaped("upload.detected", lang, **ui.detected_words(preview.read, lang)))
if (what_was_read := ui.read_caption(preview.read, lang)) is not None:
    st.caption(what_was_read)
if preview.refused is not None:
    if problems := ui.problems_left(preview.read):  # "choose a series" is answered by the select boxes above
        ui.show_problems(problems, lang)
    st.stop()
summary = preview.summary
for warning in summary["warnings"]:
    st.warning(ui.markdown_text(warning["message"]), icon=":material/warning:")
st.info(ui.upload_summary(summary, lang), icon=":material/preview:")
st.subheader(ui.say_escaped("upload.changes", lang))
st.dataframe(ui.changes_table(plan, preview.changes, lang), hide_index=True, width="stretch")
if (more := preview.changes_note(lang)) is not None:  # a big file's first changes are listed, and their count
    st.caption(more)
st.subheader(ui.say_escaped("upload.statuses", lang))
if preview.status_moves is None or preview.status_moves.empty:
    st.caption(ui.say_escaped("upload_series.no_moves", lang))
else:
    st.dataframe(preview.status_moves, hide_index=True, width="stretch")

# 4. Commit what was previewed, all or nothing, under the signed-in name (said first when it is a submission for
# review); then a fresh uploader and the batch, or the submission with a link to the Review page
ui.confirm_upload(ctx, preview)
