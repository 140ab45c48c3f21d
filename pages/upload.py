"""Upload: pick a file, see every problem or exactly what would change, then commit it whole."""

import streamlit as st

from planmetrics import app, loading, presenters, queries
from planmetrics.words import say

ctx = app.page(allow_empty=True)
lang, plan = ctx.lang, ctx.plan

# 1. Who is changing data
st.title(say("upload.title", lang))
if app.editor(lang) is None:
    st.stop()
st.caption(say("upload.intro", lang))
app.correction_form(ctx)

# 2. The file, checked on the server (type and size) before it is read
left, right = st.columns(2)
source = left.text_input(say("upload.source", lang), max_chars=500)
indicator_ids = ["", *(i.id for i in plan.indicators)]
labels = {i.id: i.label.get(lang) for i in plan.indicators} | {"": "—"}
indicator = right.selectbox(say("upload.indicator", lang), indicator_ids, format_func=labels.__getitem__)
# No `type=` filter: our own server-side check answers a wrong file with a clear, translated message.
uploaded = st.file_uploader(say("upload.file", lang), key="upload_file", help=", ".join(presenters.UPLOAD_TYPES))
app.templates(ctx)
if uploaded is None:
    st.stop()
refusal = presenters.upload_refusal(uploaded.name, uploaded.size, lang)
if refusal:
    st.error(refusal, icon=":material/block:")
    st.stop()
data = uploaded.getvalue()

# 3. Preview: every problem, or what would be inserted or restated and how each target would move
try:
    preview = loading.import_bytes(
        ctx.store,
        plan,
        data,
        uploaded.name,
        dry_run=True,
        source=source or None,
        indicator=indicator or None,
        lang=lang,
    )
except loading.FileRefusedError as refused:
    st.caption(say("upload.detected", lang, **loading.detected_json(refused.detected)))
    app.show_problems(refused.problems_json, lang)
    st.stop()
summary = preview.to_json()
st.caption(say("upload.detected", lang, **summary["detected"]))
for warning in summary["warnings"]:
    st.warning(warning["message"], icon=":material/warning:")
st.info(say("upload.summary", lang, skipped=summary["skipped_missing"], **summary), icon=":material/preview:")
st.subheader(say("upload.changes", lang))
st.dataframe(presenters.changes_table(plan, preview.changes, lang), hide_index=True, width="stretch")
st.subheader(say("upload.statuses", lang))
moves = queries.status_changes(ctx.store, plan, preview.read.figures)
st.dataframe(presenters.status_table(plan, moves, lang), hide_index=True, width="stretch")

# 4. Commit, all or nothing, under the editor's name
if st.button(say("upload.confirm", lang), type="primary", icon=":material/save:"):
    by = app.require_editor(lang)
    done = loading.import_bytes(
        ctx.store, plan, data, uploaded.name, by=by, source=source or None, indicator=indicator or None, lang=lang
    )
    assert done.batch is not None
    if done.batch.duplicate_of is not None:
        st.warning(say("upload.duplicate", lang, batch=done.batch.duplicate_of), icon=":material/content_copy:")
    else:
        st.success(say("upload.done", lang, batch=done.batch.batch), icon=":material/check_circle:")
