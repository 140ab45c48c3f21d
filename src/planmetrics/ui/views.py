"""What pages draw, section by section: a target's chart beside its card, the breakdowns, the networks'
contribution, constant dollars, a tracked indicator's trend, the plan checks, the benefits' rows.

Each view reads through `ui.readers` and draws with `ui.widgets`; no SQL, no maths of its own; beneath a
chart, the versions of a figure its table holds (`ui.history`). Imports `cards`, `charts`, `i18n`, `metrics`,
`plan`, `tables`, `words`, `ui.context`, `ui.history`, `ui.markdown`, `ui.readers`, `ui.widgets`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from planmetrics import cards, charts, i18n
from planmetrics.metrics import Assessment, TargetProgress
from planmetrics.plan import Indicator, TargetKind
from planmetrics.ui import shared
from planmetrics.ui.context import PageContext
from planmetrics.ui.history import chart_figure_versions
from planmetrics.ui.markdown import markdown_text, say_escaped
from planmetrics.ui.widgets import override_note, show_chart, status_badge, status_markdown, target_card
from planmetrics.words import say

DIMENSIONS = ("sector", "region", "network")


def page_targets(ctx: PageContext, result: Assessment, *kinds: TargetKind) -> tuple[str, list[TargetProgress]]:
    """The indicator a page shows, that of the plan's first target of these kinds, and its targets: the plan
    file names them, so no page names a plan id. The page stops, after saying why, when there is none."""
    first = next((t for t in ctx.plan.targets if t.kind in kinds), None)
    if first is None:
        st.info(say_escaped("page.no_targets", ctx.lang), icon=":material/info:")
        st.stop()
    return first.indicator, [result.target(t.id) for t in ctx.plan.targets if t.indicator == first.indicator]


def _rows(ctx: PageContext, indicator: str, dimension: str | None = None) -> Callable[[], pd.DataFrame]:
    """How a chart's CSV/XLSX download gets its rows when clicked: from the shared figures, built once."""
    return partial(shared.download_rows, shared.reading(ctx), ctx.plan, indicator, dimension)


def target_section(ctx: PageContext, progress: TargetProgress) -> None:
    """One target's chart (actual, target path, projection) beside its card."""
    chart_column, card_column = st.columns([5, 2])
    with chart_column:
        piece = shared.target_chart(ctx, progress.id)
        show_chart(piece.chart, piece.table, key=progress.id, lang=ctx.lang, rows=_rows(ctx, progress.indicator))
        chart_figure_versions(ctx, piece.figure_keys, key=progress.id)
    with card_column:
        target_card(ctx, progress, narrow=True)


def revenue_section(ctx: PageContext, targets: list[TargetProgress]) -> None:
    """Actual revenue against both compound paths, beside each revenue target's card."""
    chart_column, cards_column = st.columns([5, 2])
    with chart_column:
        main = targets[0]
        piece = shared.target_chart(ctx, main.id)
        show_chart(piece.chart, piece.table, key=main.indicator, lang=ctx.lang, rows=_rows(ctx, main.indicator))
        st.caption(say_escaped("revenue.nominal_note", ctx.lang))
    with cards_column:
        for progress in targets:
            target_card(ctx, progress, narrow=True)


def growth_metrics(ctx: PageContext, result: Assessment, targets: list[TargetProgress]) -> None:
    """Growth observed since the baseline and required for each target; which target each status refers to."""
    lang, plan = ctx.lang, ctx.plan
    observed, *required = st.columns(1 + len(targets))
    first = targets[0].observed_pace if targets else None
    observed.metric(say_escaped("revenue.observed", lang, y0=plan.baseline_year), i18n.format_percent(first, lang))
    for column, progress in zip(required, targets, strict=True):
        if progress.kind == "annual_growth":
            label = say_escaped("revenue.required_growth", lang, rate=charts.rate_text(progress.target or 0.0, lang))
        else:
            label = say_escaped("revenue.required_level", lang)
        needed = i18n.format_percent(progress.required_pace, lang)
        column.metric(label, i18n.status_word("achieved", lang) if progress.status == "achieved" else needed)
    for check in (c for c in result.checks if c.kind == "growth_vs_level"):
        st.info(markdown_text(i18n.check_message(check.kind, check.params, plan, lang)), icon=":material/balance:")


def breakdown_tabs(ctx: PageContext, indicator: str) -> None:
    """The latest figures of one indicator by sector, region and network, one tab each."""
    label = ctx.plan.indicator(indicator).label.get(ctx.lang)
    tabs = st.tabs([say_escaped(f"breakdown.by_{dimension}", ctx.lang, indicator=label) for dimension in DIMENSIONS])
    for tab, dimension in zip(tabs, DIMENSIONS, strict=True):
        with tab:
            breakdown(ctx, indicator, dimension)


def breakdown(ctx: PageContext, indicator: str, dimension: str) -> None:
    """The latest figures by sector, region or network, or what to upload to see them."""
    lang = ctx.lang
    piece = shared.breakdown(ctx, indicator, dimension)
    if piece is None:
        label = ctx.plan.indicator(indicator).label.get(lang)
        column = say(f"col.{dimension}", lang)
        dim = say(f"dim.{dimension}", lang)
        st.info(say_escaped("breakdown.none", lang, dimension=dim, indicator=label, column=column))
        return
    key = f"{indicator}_{dimension}"
    show_chart(piece.chart, piece.table, key=key, lang=lang, rows=_rows(ctx, indicator, dimension))
    chart_figure_versions(ctx, piece.figure_keys, key=key)


def contribution(ctx: PageContext, progress: TargetProgress) -> None:
    """Each network's contribution to a target's net change, when networks' figures exist (else sectors')."""
    found = shared.contribution(ctx, progress.id)
    if found is None:
        return
    dimension, piece = found
    label = ctx.plan.target(progress.id).label.get(ctx.lang)
    st.subheader(say_escaped(f"contribution.{dimension}", ctx.lang, target=label))
    show_chart(piece.chart, piece.table, key=f"contribution_{progress.id}", lang=ctx.lang)


def constant_dollars(ctx: PageContext, indicator: str) -> None:
    """Money in constant dollars of the baseline year, when the plan's price index was uploaded."""
    lang, plan = ctx.lang, ctx.plan
    index = shared.price_index(plan)
    if index is None:
        return
    label = plan.indicator(indicator).label.get(lang)
    st.subheader(say_escaped("revenue.constant", lang, indicator=label, year=plan.baseline_year))
    piece = shared.constant_dollars(ctx, indicator)
    if piece is None:
        none = say_escaped("revenue.constant_none", lang, index=index.label.get(lang), indicator=label)
        st.info(none, icon=":material/info:")
        return
    show_chart(piece.chart, piece.table, key="constant_dollars", lang=lang)


def indicator_card(ctx: PageContext, indicator: Indicator, progress: TargetProgress) -> None:
    """A tracked indicator: its status in words (one the plan team set with its note), and its trend once it has
    two figures or more."""
    lang, plan = ctx.lang, ctx.plan
    st.markdown(f"**{markdown_text(indicator.label.get(lang))}**")
    status_badge(progress.status, lang)
    override_note(progress, lang)
    st.caption(markdown_text(shared.track_line(ctx, progress)))
    if progress.status == "no_data":  # a trend needs two figures: no chart for one point
        st.caption(markdown_text(cards.no_trend_line(plan, indicator, lang)))
        return
    piece = shared.trend(ctx, progress)
    show_chart(piece.chart, piece.table, key=indicator.id, lang=lang, rows=_rows(ctx, indicator.id))
    if indicator.derived:  # computed, not stored: no version of its own to look at
        st.caption(markdown_text(cards.computed_line(plan, indicator, lang)))
        return
    chart_figure_versions(ctx, piece.figure_keys, key=indicator.id)


def orientation_targets_line(ctx: PageContext, result: Assessment, orientation: int) -> None:
    """An orientation's numeric targets with their status words, on one line."""
    lang, plan = ctx.lang, ctx.plan
    numeric = [result.target(t.id) for t in plan.targets if t.orientation == orientation]
    if not numeric:
        return
    statuses = " · ".join(
        i18n.labelled(plan.target(p.id).label.get(lang), i18n.status_word(p.status, lang), lang) for p in numeric
    )
    st.caption(markdown_text(say("benefits.targets", lang) + " · " + statuses))


def plan_checks(ctx: PageContext, result: Assessment) -> None:
    """The plan checks as notes: warnings stand out, the rest inform."""
    for check in result.checks:
        message = markdown_text(i18n.check_message(check.kind, check.params, ctx.plan, ctx.lang))
        if check.severity == "warning":
            st.warning(message, icon=":material/warning:")
        else:
            st.info(message, icon=":material/info:")


def track_rows(ctx: PageContext, result: Assessment) -> None:
    """The tracked indicators in one table: each one's name, its status as a badge (word, colour and icon), its
    latest figure; beneath it, the note of each status the plan team set. One element, not four a row: thirty
    people opening the overview at once each draw it."""
    tracked = [t for t in result.targets if t.kind == "track"]
    if not tracked:
        return
    lang = ctx.lang
    heads = (say_escaped(f"col.{name}", lang) for name in ("indicator", "status", "latest"))
    rows = [" | ".join(heads), "---|---|---"]
    for progress in tracked:
        name = markdown_text(ctx.plan.indicator(progress.indicator).label.get(lang))
        latest = markdown_text(shared.track_line(ctx, progress).replace("\n", " "))
        rows.append(f"{name} | {status_markdown(progress.status, lang)} | {latest}")
    st.markdown("\n".join(rows))
    for progress in (t for t in tracked if t.override is not None):
        st.markdown(f"**{markdown_text(ctx.plan.indicator(progress.indicator).label.get(lang))}**")
        override_note(progress, lang)
