"""Adding figures from a file: the server's checks on an upload, the problems of a refused file, the
templates to fill, and the batches as a manager reads them.

Imports streamlit, `config`, `templates`, `ui_text` and the app package's `state`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from planmetrics import config
from planmetrics import templates as templates_module
from planmetrics.app.state import LANG_NAMES, PageContext
from planmetrics.ui_text import ui

UPLOAD_TYPES = ("csv", "tsv", "txt", "xlsx", "xls")


def upload_refusal(name: str, size: int, lang: str) -> str | None:
    """Checked on the server whatever the browser let through: extension and size."""
    if Path(name).suffix.lower().lstrip(".") not in UPLOAD_TYPES:
        return ui("upload.bad_type", lang, name=name)
    limit = config.max_upload_bytes()
    if size > limit:
        return ui("upload.too_big", lang, name=name, size=f"{size / 2**20:.1f}", limit=f"{limit / 2**20:.0f}")
    return None


def show_problems(problems: list[dict[str, object]], lang: str) -> None:
    table = pd.DataFrame(problems).rename(
        columns={
            "row": ui("col.row", lang),
            "column": ui("col.column", lang),
            "value": ui("col.value", lang),
            "message": ui("col.problem", lang),
        }
    )
    st.error(ui("upload.refused", lang, count=len(problems)), icon=":material/block:")
    st.dataframe(table, hide_index=True, width="stretch")


def templates(ctx: PageContext) -> None:
    """Download buttons for the ready-to-fill templates, in both header languages."""
    with st.expander(ui("upload.templates", ctx.lang), icon=":material/description:"):
        columns = st.columns(4)
        for column, (lang, kind) in zip(
            columns, [("fr", "csv"), ("fr", "xlsx"), ("en", "csv"), ("en", "xlsx")], strict=True
        ):
            data = (
                templates_module.template_csv(ctx.plan, lang)
                if kind == "csv"
                else templates_module.template_xlsx(ctx.plan, lang)
            )
            column.download_button(
                f"{LANG_NAMES[lang]} · {kind.upper()}",
                data=data,
                file_name=f"planmetrics-template-{lang}.{kind}",
                key=f"template_{lang}_{kind}",
                on_click="ignore",
                icon=":material/download:",
            )


def history_table(batches: list[dict[str, object]], lang: str) -> pd.DataFrame:
    """The batches as a manager reads them."""
    return pd.DataFrame(
        {
            ui("history.batch", lang): [b["batch"] for b in batches],
            ui("history.kind", lang): [ui(f"kind.{b['kind']}", lang) for b in batches],
            ui("history.when", lang): [str(b["created_at"])[:19].replace("T", " ") for b in batches],
            ui("history.by", lang): [b["by"] or "—" for b in batches],
            ui("history.file", lang): [b["file_name"] or "—" for b in batches],
            ui("history.inserted", lang): [b["inserted"] for b in batches],
            ui("history.restated", lang): [b["restated"] for b in batches],
            ui("history.unchanged", lang): [b["unchanged"] for b in batches],
            ui("history.state", lang): [ui("history.rolled_back", lang) if b["rolled_back"] else "" for b in batches],
            ui("history.reason", lang): [b["reason"] or "" for b in batches],
        }
    )
