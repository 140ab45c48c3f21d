"""Reports: choose the language, as-of year, orientations or targets and the format; build it, download it;
issue it to the board (an editor); the reports issued so far."""

import streamlit as st

from planmetrics import ui

ctx = ui.page()
lang, plan = ctx.lang, ctx.plan

# 1. What goes in the report (the as-of year is the sidebar's)
st.title(ui.say_escaped("report.title", lang))
left, right = st.columns(2)
report_lang = left.selectbox(
    ui.say("report.language", lang),
    ["fr", "en"],
    index=0 if lang == "fr" else 1,
    format_func=ui.LANG_NAMES.__getitem__,
)
fmt = right.radio(ui.say("report.format", lang), ["pdf", "pptx"], format_func=str.upper, horizontal=True)
orientation_labels = {o.id: f"{o.id}. {o.label.get(lang)}" for o in plan.orientations}
orientations = st.multiselect(
    ui.say("report.orientations", lang),
    list(orientation_labels),
    default=list(orientation_labels),
    format_func=orientation_labels.__getitem__,
)
target_labels = {t.id: t.label.get(lang) for t in plan.targets}
targets = st.multiselect(
    ui.say("report.targets", lang),
    list(target_labels),
    default=list(target_labels),
    format_func=target_labels.__getitem__,
)

# 2. Build it, showing progress while the charts are drawn; then offer it for download
if st.button(ui.say("report.build", lang), type="primary", icon=":material/description:", disabled=not orientations):
    *built, basis = ui.build_report(ctx, report_lang, fmt, orientations, targets or None)
    st.session_state["report_file"] = tuple(built)
    st.session_state["report_built"] = (report_lang, ctx.as_of, basis)  # issuing checks the figures are still these
if "report_file" in st.session_state:
    name, payload, mime = st.session_state["report_file"]
    st.download_button(
        ui.say("report.download", lang),
        data=payload,
        file_name=name,
        mime=mime,
        icon=":material/download:",
        on_click="ignore",
        type="primary",
    )

# 3. Issue it to the board (a signed-in editor), and the reports issued so far
if "report_file" in st.session_state and "report_built" in st.session_state:
    built_lang, built_as_of, built_basis = st.session_state["report_built"]
    ui.issue_choice(ctx, ui.BuiltReport(name, payload, built_lang, built_as_of, built_basis))
ui.issued_list(ctx)
