"""The dashboard's one door: everything a page in `pages/` uses comes from here (`from planmetrics import ui`).

- `context`: the language, plan and as-of year (sidebar, session, URL) and the database's state; `page()`.
- `readers`: cached reads (the plan files, the one snapshot, one indicator's figures, the history).
- `widgets`: status badge, target card, a chart with its downloads and data, problems, templates.
- `views`: the sections pages draw (a target beside its card, breakdowns, contributions, trends, checks).
- `markdown`: text escaped on its way to Streamlit's Markdown.
- `editors`: sign-in and the server-side check before any change.
- `issuing`: issue the report just built to the board (an editor), and the reports issued so far.
- `history`: what each batch did, and a figure's versions once one is picked.
- `actions`: preview and commit an upload (read once), correct, comment, roll back, build a report.
- `series`: an upload's choices (a StatCan table's series, its sectors, months to a year, the encoding) and
  what its preview says was read.

The only package under src/ that imports streamlit. Imports anything in planmetrics but `cli`; nothing in
planmetrics imports it.
"""

from __future__ import annotations

from planmetrics.importing import detected_json
from planmetrics.report.content import method_text
from planmetrics.tables import changes_table
from planmetrics.ui.actions import (
    build_report,
    comment_form,
    commit_upload,
    correction_form,
    file_sha256,
    original_download,
    preview_upload,
    remember_done,
    rollback,
    show_done,
    upload_picker,
    upload_refusal,
)
from planmetrics.ui.context import (
    LANG_NAMES,
    chosen_lang,
    page,
    plan_version_caption,
)
from planmetrics.ui.editors import editor, require_editor
from planmetrics.ui.history import batches_table, figure_picker, restated_lists
from planmetrics.ui.issuing import BuiltReport, issue_choice, issued_list
from planmetrics.ui.markdown import markdown_prose, markdown_text, say_escaped
from planmetrics.ui.readers import assessment, batch_file, figures, history
from planmetrics.ui.series import chosen_options, detected_words, problems_left, read_caption, series_choices
from planmetrics.ui.views import (
    breakdown_tabs,
    constant_dollars,
    contribution,
    growth_metrics,
    indicator_card,
    orientation_targets_line,
    page_targets,
    plan_checks,
    revenue_section,
    target_section,
    track_rows,
)
from planmetrics.ui.widgets import (
    navigation,
    show_problems,
    target_card,
    template_downloads,
)
from planmetrics.words import say

__all__ = [
    "LANG_NAMES",
    "BuiltReport",
    "assessment",
    "batch_file",
    "batches_table",
    "breakdown_tabs",
    "build_report",
    "changes_table",
    "chosen_lang",
    "chosen_options",
    "comment_form",
    "commit_upload",
    "constant_dollars",
    "contribution",
    "correction_form",
    "detected_json",
    "detected_words",
    "editor",
    "figure_picker",
    "figures",
    "file_sha256",
    "growth_metrics",
    "history",
    "indicator_card",
    "issue_choice",
    "issued_list",
    "markdown_prose",
    "markdown_text",
    "method_text",
    "navigation",
    "orientation_targets_line",
    "original_download",
    "page",
    "page_targets",
    "plan_checks",
    "plan_version_caption",
    "preview_upload",
    "problems_left",
    "read_caption",
    "remember_done",
    "require_editor",
    "restated_lists",
    "revenue_section",
    "rollback",
    "say",
    "say_escaped",
    "series_choices",
    "show_done",
    "show_problems",
    "target_card",
    "target_section",
    "template_downloads",
    "track_rows",
    "upload_picker",
    "upload_refusal",
]
