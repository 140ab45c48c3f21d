"""The dashboard's shared parts: cached readers, the page context, and the widgets every page uses.

The only package under src/ that imports streamlit; pages reach it as `from planmetrics import app` and call
`app.page()`, `app.show_chart(...)` and the rest named here.

- `state`: the page context and the cached readers (keyed by the database's newest batch id);
- `sidebar`: language, plan and as-of year, and the context every page starts from;
- `widgets`: status badge, target card, chart with downloads, commentary lines;
- `editing`: sign-in, the check before any change, the correction and commentary forms;
- `uploads`: checks on an upload, refused files, templates, history;
- `views`: breakdowns, constant dollars, contributions, tracked indicators;
- `reporting`: the report built for download.

Imports anything in planmetrics but `cli`; nothing in planmetrics imports it.
"""

from planmetrics.app.editing import comment_form, correction_form, editor, require_editor
from planmetrics.app.reporting import build_report
from planmetrics.app.sidebar import browser_lang, context, guarded_context, page
from planmetrics.app.state import LANG_NAMES, PageContext, assessment, figures, totals
from planmetrics.app.uploads import UPLOAD_TYPES, history_table, show_problems, templates, upload_refusal
from planmetrics.app.views import breakdown, constant_dollars_view, contribution, tracked_indicator
from planmetrics.app.widgets import (
    STATUS_STYLE,
    chart_downloads,
    comments_for,
    plan_version_caption,
    show_chart,
    status_badge,
    target_card,
)

__all__ = [
    "LANG_NAMES",
    "STATUS_STYLE",
    "UPLOAD_TYPES",
    "PageContext",
    "assessment",
    "breakdown",
    "browser_lang",
    "build_report",
    "chart_downloads",
    "comment_form",
    "comments_for",
    "constant_dollars_view",
    "context",
    "contribution",
    "correction_form",
    "editor",
    "figures",
    "guarded_context",
    "history_table",
    "page",
    "plan_version_caption",
    "require_editor",
    "show_chart",
    "show_problems",
    "status_badge",
    "target_card",
    "templates",
    "totals",
    "tracked_indicator",
    "upload_refusal",
]
