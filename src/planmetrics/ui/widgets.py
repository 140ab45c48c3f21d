"""The widgets every page uses: a status badge (a status the plan team set with its note: who, when, why, the
computed status, whether it is to be reviewed), a target's card (its owner under its title), a chart with its
downloads and its data, a refused file's problems, the upload templates. Text shown through Markdown is escaped first.

Imports `cards`, `charts`, `export`, `export_images`, `i18n`, `look`, `metrics`, `tables`,
`upload_templates`, `words`, `ui.context`, `ui.markdown`, `ui.readers`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from planmetrics import cards, charts, export, export_images, i18n, tables, upload_templates
from planmetrics.look import status_look
from planmetrics.metrics import TargetProgress
from planmetrics.ui import shared
from planmetrics.ui.context import LANG_NAMES, PageContext, comments_for, run_page
from planmetrics.ui.markdown import markdown_text, say_escaped
from planmetrics.words import say

# The plot's own tool bar: the image button goes (the download menu beside each chart makes the image with
# its words, in the reader's language), so do selection tools no page uses. Plotly's bundled words are English
# only (Streamlit registers no locale), so the French ones come with the config (plotly.js `locales`).
MODEBAR_REMOVED = ("toImage", "select2d", "lasso2d", "autoScale2d")
MODEBAR_FRENCH = {
    "Zoom": "Zoom",
    "Pan": "Déplacer",
    "Zoom in": "Zoom avant",
    "Zoom out": "Zoom arrière",
    "Reset axes": "Rétablir les axes",
    "Double-click to zoom back out": "Double-cliquez pour revenir à la vue d’origine",
}


def plotly_config(lang: str) -> dict[str, object]:
    """The plotly.js config of a chart on a page: its tool bar kept to zoom and pan, in the reader's language."""
    config: dict[str, object] = {"displaylogo": False, "modeBarButtonsToRemove": list(MODEBAR_REMOVED)}
    if lang == "fr":
        config |= {"locale": "fr", "locales": {"fr": {"dictionary": MODEBAR_FRENCH}}}
    return config


# The app's pages by name, as dashboard.py's navigation made them in this session (`navigation`).
_APP_PAGES = "_app_pages"


def navigation(entries: list[tuple[str, str]], lang: str) -> None:
    """The app's navigation over `pages/NAME.py`, titled in the reader's language, the first page the default;
    its pages kept so that a page can link to another (`page_link`)."""
    pages = {
        name: st.Page(f"pages/{name}.py", title=say(f"nav.{name}", lang), icon=icon, url_path=name, default=i == 0)
        for i, (name, icon) in enumerate(entries)
    }
    st.session_state[_APP_PAGES] = pages
    run_page(st.navigation(list(pages.values())))


def page_link(name: str, label: str, icon: str) -> None:
    """A link to another page of the app. A page run on its own, outside the navigation (AppTest, `streamlit
    run pages/x.py`), has no other page to link to: its message names the page instead."""
    pages = st.session_state.get(_APP_PAGES, {})
    if name in pages:
        st.page_link(pages[name], label=label, icon=icon)


def status_badge(status: str, lang: str) -> None:
    """Status as word, colour and icon together (never colour alone), as `look` has it."""
    shown = status_look(status)
    st.badge(i18n.status_word(status, lang), icon=shown.icon, color=shown.badge)


def status_markdown(status: str, lang: str) -> str:
    """The status badge as Markdown, for a table's cell: the same word, colour and icon as `status_badge`."""
    shown = status_look(status)
    return f":{shown.badge}-badge[{shown.icon} {markdown_text(i18n.status_word(status, lang))}]"


def owner_caption(ctx: PageContext, target_id: str) -> None:
    """Who answers for a target, under its title, when the plan file names someone."""
    owner = cards.owner_line(ctx.plan, target_id, ctx.lang)
    if owner is not None:
        st.caption(f":material/person: {markdown_text(owner)}")


def override_note(progress: TargetProgress, lang: str) -> None:
    """Right under the badge of a status the plan team set: a small bordered note saying who set it, when and
    why, and the status the method computes; once newer figures arrived, a warning that it is to be reviewed.
    Nothing for a computed status."""
    lines = cards.override_lines(progress, lang)
    if not lines:
        return
    said, computed, *stale = lines
    with st.container(border=True):
        st.caption(f":material/gavel: {markdown_text(said)}")
        st.caption(f":material/calculate: {markdown_text(computed)}")
        for line in stale:  # newer figures arrived since it was set
            st.warning(markdown_text(line), icon=":material/warning:")


def target_card(ctx: PageContext, progress: TargetProgress, *, narrow: bool = False) -> None:
    """One target in a bordered card: who answers for it, status (one the plan team set with its note), the
    figure judged (its flag beside it) against the target, the figures after the plan greyed beneath it, bar,
    what is needed now."""
    piece = shared.card(ctx, progress)
    card = piece.card
    with st.container(border=True):
        st.markdown(f"**{markdown_text(card.title)}**")
        owner_caption(ctx, progress.id)
        status_badge(progress.status, ctx.lang)
        override_note(progress, ctx.lang)
        left, right = (st.container(), st.container()) if narrow else st.columns(2)
        left.metric(markdown_text(card.latest_label), markdown_text(card.latest))
        right.metric(markdown_text(card.target_label), markdown_text(card.target))
        if card.after_plan:  # beneath both figures, the card's whole width: it does not wrap in a half column
            st.caption(markdown_text(card.after_plan))
        if card.bar is not None:
            st.progress(card.bar, text=markdown_text(card.bar_text))
        if piece.spark is not None:
            still = {"displayModeBar": False, "staticPlot": True}
            st.plotly_chart(piece.spark, key=f"spark_{progress.id}", config=still)
        for line in card.lines:
            st.caption(markdown_text(line))
        for note in comments_for(ctx, progress.id):
            st.caption(f":material/comment: {markdown_text(note)}")


Rows = pd.DataFrame | Callable[[], pd.DataFrame]  # a download's data, or how to build it when clicked


def show_chart(chart: charts.Chart, table: pd.DataFrame, *, key: str, lang: str, rows: Rows | None = None) -> None:
    """A chart, its downloads (the image with its words inside; the data behind it), and that data as a table.

    On the page the finding, subtitle, sources and method are text around the plot: they wrap in any column.
    `rows` may be a function that builds the download's data: it runs only when the CSV or XLSX is clicked.
    """
    if chart.finding:
        st.markdown(f"**{markdown_text(chart.finding)}**")
        st.caption(markdown_text(chart.subtitle))
    st.plotly_chart(chart.figure, key=key, config=plotly_config(lang))
    for line in chart.footer:
        st.caption(markdown_text(line))
    chart_downloads(chart, table if rows is None else rows, key=key, lang=lang)
    with st.expander(say("chart.show_data", lang), icon=":material/table:"):
        st.dataframe(table, hide_index=True, width="stretch")


def chart_downloads(chart: charts.Chart, data: Rows, *, key: str, lang: str) -> None:
    """PNG, SVG and PDF drawn only when clicked (kaleido), the chart's words in them; CSV and XLSX of the
    figures behind the chart."""
    with st.popover(say("chart.download", lang), icon=":material/download:"):
        formats: tuple[tuple[export_images.ImageFormat, str], ...] = (
            ("png", "image/png"),
            ("svg", "image/svg+xml"),
            ("pdf", "application/pdf"),
        )
        for fmt, mime in formats:
            st.download_button(
                fmt.upper(),
                data=partial(_image, chart, fmt),
                file_name=f"{key}.{fmt}",
                mime=mime,
                key=f"{key}_{fmt}",
                on_click="ignore",
            )
        csv = partial(_table_file, export.table_csv, data, "fr" if lang == "fr" else "en")
        st.download_button(
            "CSV", data=csv, file_name=f"{key}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore"
        )
        xlsx = partial(_table_file, export.table_xlsx, data)
        st.download_button("XLSX", data=xlsx, file_name=f"{key}.xlsx", key=f"{key}_xlsx", on_click="ignore")


def _table_file(write: Callable[..., bytes], data: Rows, *options: str) -> bytes:
    """A table's file, its rows built now if they were handed over as a function (on the click, not the rerun)."""
    return write(data() if callable(data) else data, *options)


def _image(chart: charts.Chart, fmt: export_images.ImageFormat) -> bytes:
    return export_images.to_image(charts.drawn(chart), fmt)


def show_problems(problems: list[dict[str, object]], lang: str) -> None:
    key = "upload.refused.one" if len(problems) == 1 else "upload.refused"
    st.error(say_escaped(key, lang, count=i18n.format_number(len(problems), lang)), icon=":material/block:")
    st.dataframe(tables.problems_table(problems, lang), hide_index=True, width="stretch")


def template_downloads(ctx: PageContext) -> None:
    """Download buttons for the ready-to-fill templates, in both header languages."""
    with st.expander(say("upload.templates", ctx.lang), icon=":material/description:"):
        columns = st.columns(4)
        for column, (lang, kind) in zip(
            columns, [("fr", "csv"), ("fr", "xlsx"), ("en", "csv"), ("en", "xlsx")], strict=True
        ):
            write = upload_templates.template_csv if kind == "csv" else upload_templates.template_xlsx
            column.download_button(
                f"{LANG_NAMES[lang]} · {kind.upper()}",
                data=partial(write, ctx.plan, lang),  # made when clicked, not on every rerun
                file_name=f"planmetrics-template-{lang}.{kind}",
                key=f"template_{lang}_{kind}",
                on_click="ignore",
                icon=":material/download:",
            )


def upload_summary(summary: dict[str, object], lang: str) -> str:
    """What a preview read and would change, each count beside its name (no plural to get wrong), written for
    the reader (`1 000` / `1,000`)."""
    counts = {name: i18n.format_number(int(str(summary[field])), lang) for name, field in _SUMMARY_COUNTS}
    return say_escaped("upload.summary", lang, **counts)


_SUMMARY_COUNTS = (
    ("rows", "rows"),
    ("inserted", "inserted"),
    ("restated", "restated"),
    ("unchanged", "unchanged"),
    ("skipped", "skipped_missing"),
)
