"""The dashboard's one door: everything a page in `pages/` uses comes from here (`from planmetrics import ui`).

- `context`: the language, plan and as-of year (sidebar, session, URL) and the database's state; `page()`.
- `readers`: cached reads (the plan files, the one snapshot, the networks' duties, the history).
- `shared`: what pages draw, built once per data generation, as-of year and language, shared by every
  session (an indicator's figures, cards, charts and their tables, a download's rows when clicked).
- `widgets`: status badge, target card, a chart with its downloads and data, problems, templates.
- `views`: the sections pages draw (a target beside its card, breakdowns, contributions, trends, checks).
- `markdown`: text escaped on its way to Streamlit's Markdown.
- `editors`: sign-in against the store's users, the role in words, and the server-side check before any change.
- `refusals`: a refused action said on the page (a locked year's figures named by their labels).
- `issuing`: issue the report just built to the board (the plan team), and the reports issued so far.
- `history`: what each batch did, its review state and network, and a figure's versions once one is picked.
- `uploads`: preview and commit an upload (read once), a submission for review said as such.
- `actions`: correct, comment, roll back, an original file, build a report; a success kept across the rerun.
- `review`: the Review page's sections (awaiting review, one's submissions, locked years) and the overview's
  locked years.
- `overrides`: statuses set by the plan team: the method page's section, the Review page's form to set one or
  restore the computed one.
- `networks`: the Networks page's sections (the year's reports, who is late, the grid, figures, each network's
  part in each target, owners) and the overview's reported line.
- `series`: an upload's choices (a StatCan table's series, its sectors, months to a year, the encoding) and
  what its preview says was read.

The only package under src/ that imports streamlit. Imports anything in planmetrics but `cli`; nothing in
planmetrics imports it.
"""

from __future__ import annotations

from planmetrics.importing import detected_json
from planmetrics.report.content import method_text
from planmetrics.store.batches import EVENT_KINDS
from planmetrics.tables import changes_table
from planmetrics.ui.actions import (
    build_report,
    comment_form,
    correction_form,
    may_roll_back,
    original_download,
    remember_done,
    rollback,
    show_done,
)
from planmetrics.ui.context import (
    LANG_NAMES,
    chosen_lang,
    page,
    plan_version_caption,
)
from planmetrics.ui.editors import editor, require_actor, role_words
from planmetrics.ui.history import batches_table, figure_picker, restated_lists
from planmetrics.ui.issuing import BuiltReport, issue_choice, issued_list
from planmetrics.ui.markdown import markdown_prose, markdown_text, say_escaped
from planmetrics.ui.networks import (
    completeness_grid,
    late_table,
    network_contributions,
    network_figures,
    networks_caption,
    networks_year,
    owners,
    reported_line,
    reporting_lines,
    year_duties,
)
from planmetrics.ui.overrides import overrides_section, status_form
from planmetrics.ui.readers import assessment, batch_file, history
from planmetrics.ui.review import awaiting_review, every_submission, locked_line, locked_years, own_submissions
from planmetrics.ui.series import chosen_options, detected_words, problems_left, read_caption, series_choices
from planmetrics.ui.shared import figures
from planmetrics.ui.uploads import (
    commit_upload,
    confirm_upload,
    file_sha256,
    preview_upload,
    submission_notice,
    upload_picker,
    upload_refusal,
)
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
    upload_summary,
)
from planmetrics.words import say

__all__ = [
    "EVENT_KINDS",
    "LANG_NAMES",
    "BuiltReport",
    "assessment",
    "awaiting_review",
    "batch_file",
    "batches_table",
    "breakdown_tabs",
    "build_report",
    "changes_table",
    "chosen_lang",
    "chosen_options",
    "comment_form",
    "commit_upload",
    "completeness_grid",
    "confirm_upload",
    "constant_dollars",
    "contribution",
    "correction_form",
    "detected_json",
    "detected_words",
    "editor",
    "every_submission",
    "figure_picker",
    "figures",
    "file_sha256",
    "growth_metrics",
    "history",
    "indicator_card",
    "issue_choice",
    "issued_list",
    "late_table",
    "locked_line",
    "locked_years",
    "markdown_prose",
    "markdown_text",
    "may_roll_back",
    "method_text",
    "navigation",
    "network_contributions",
    "network_figures",
    "networks_caption",
    "networks_year",
    "orientation_targets_line",
    "original_download",
    "overrides_section",
    "own_submissions",
    "owners",
    "page",
    "page_targets",
    "plan_checks",
    "plan_version_caption",
    "preview_upload",
    "problems_left",
    "read_caption",
    "remember_done",
    "reported_line",
    "reporting_lines",
    "require_actor",
    "restated_lists",
    "revenue_section",
    "role_words",
    "rollback",
    "say",
    "say_escaped",
    "series_choices",
    "show_done",
    "show_problems",
    "status_form",
    "submission_notice",
    "target_card",
    "target_section",
    "template_downloads",
    "track_rows",
    "upload_picker",
    "upload_refusal",
    "upload_summary",
    "year_duties",
]
