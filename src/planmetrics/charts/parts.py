"""Charts of the parts of a total: one year's figures by sector, region or network, and each part's
contribution to a target's net change. Totals are explicit rows and are never drawn as a part.

Imports `plan`, `metrics`, `i18n`, `look`, `words`, `charts.chart`, `charts.style`, `charts.series`.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from planmetrics import i18n, metrics
from planmetrics.charts.chart import Chart
from planmetrics.charts.series import hover_data
from planmetrics.charts.style import finish, method_note, sources_of
from planmetrics.look import BLUE, INK, VERMILLION
from planmetrics.metrics import TargetProgress
from planmetrics.plan import Plan
from planmetrics.words import say

Dimension = Literal["sector", "region", "network"]
HOVER_PART = "<b>%{y}</b> · %{customdata[0]}%{customdata[3]}<extra></extra>"


def _bar_layout(chart: Chart) -> Chart:
    """Bars named on their left, valued at their end; no legend above a single series of bars (`finish` is
    told, so that an image gives its room back)."""
    figure = chart.figure
    figure.update_xaxes(dtick=None, tickformat=None, showticklabels=False, showgrid=False, ticks="", showline=False)
    figure.update_yaxes(showgrid=False, ticks="", tickfont={"size": 13})
    figure.update_layout(showlegend=False, margin={"l": 190, "r": 110}, bargap=0.3)
    return chart


def breakdown_chart(
    plan: Plan, figures: pd.DataFrame, indicator: str, dimension: Dimension | str, *, year: int, lang: str
) -> Chart:
    """Horizontal bars of one year's figures by sector, region or network, largest at the top."""
    unit = plan.indicator(indicator).unit
    rows = metrics.part_rows(figures, dimension, indicator=indicator)
    rows = rows[rows["year"] == year].sort_values("value")
    label = plan.indicator(indicator).label.get(lang)
    figure = go.Figure(
        go.Bar(
            x=rows["value"].tolist(),
            y=[plan.label_of(dimension, v, lang) for v in rows[dimension]],
            orientation="h",
            marker={"color": BLUE},
            text=[i18n.format_value(v, unit, lang) for v in rows["value"]],
            textposition="outside",
            textfont={"color": INK, "size": 13},
            cliponaxis=False,
            name=label,
            customdata=hover_data(rows, unit, lang),
            hovertemplate=HOVER_PART,
        )
    )
    word = say(f"dim.{dimension}", lang)
    finished = finish(
        figure,
        lang=lang,
        title=say("chart.title.breakdown", lang, indicator=label, dimension=word, year=year),
        subtitle=say("chart.subtitle.year", lang, year=year),
        sources=sources_of(rows, lang),
        method_note=method_note("breakdown", lang, dimension=word),
        height=max(260, 40 * len(rows)),
        legend_room=False,
    )
    return _bar_layout(finished)


def _change_by_part(rows: pd.DataFrame, dimension: str, start: int, end: int) -> pd.Series:
    wide = rows.pivot_table(index=dimension, columns="year", values="value", aggfunc="first")
    if start not in wide or end not in wide:
        return pd.Series(dtype=float)
    return (wide[end] - wide[start]).dropna().sort_values()


def contribution_chart(
    plan: Plan, figures: pd.DataFrame, progress: TargetProgress, lang: str, dimension: Dimension | None = None
) -> Chart | None:
    """Each network's (else each sector's) change between the baseline and the latest year, with its share
    of the net change; None when no part has a figure in both years."""
    if progress.baseline_year is None or progress.latest_year is None:
        return None
    for candidate in (dimension,) if dimension else ("network", "sector"):
        rows = metrics.part_rows(figures, candidate, indicator=progress.indicator)
        change = _change_by_part(rows, candidate, progress.baseline_year, progress.latest_year)
        if not change.empty:
            return _contribution_chart(plan, rows, progress, candidate, change, lang=lang)
    return None


def _contribution_chart(
    plan: Plan, rows: pd.DataFrame, progress: TargetProgress, dimension: str, change: pd.Series, *, lang: str
) -> Chart:
    unit = plan.indicator(progress.indicator).unit
    y0, year = int(progress.baseline_year or 0), int(progress.latest_year or 0)
    net = float(change.sum())
    signed = [("+" if v >= 0 else "") + i18n.format_value(float(v), unit, lang, compact=False) for v in change]
    shares = [i18n.format_percent(float(v) / net, lang, 0) if net else "—" for v in change]
    word = say(f"dim.{dimension}", lang)
    figure = go.Figure(
        go.Bar(
            x=change.tolist(),
            y=[plan.label_of(dimension, str(v), lang) for v in change.index],
            orientation="h",
            # Direction reads from the sign in the text and the bar's side of zero, not from colour alone.
            marker={"color": [BLUE if v >= 0 else VERMILLION for v in change]},
            text=[f"{s} ({p})" for s, p in zip(signed, shares, strict=True)],
            textposition="outside",
            textfont={"color": INK, "size": 13},
            cliponaxis=False,
            customdata=[[s, say("chart.hover.share", lang, share=p)] for s, p in zip(signed, shares, strict=True)],
            hovertemplate="<b>%{y}</b> · %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )
    net_text = ("+" if net >= 0 else "") + i18n.format_value(net, unit, lang, compact=False)
    label = plan.indicator(progress.indicator).label.get(lang)
    finished = finish(
        figure,
        lang=lang,
        title=say("chart.title.contribution", lang, indicator=label, dimension=word, y0=y0, year=year, change=net_text),
        subtitle=say("chart.axis.change", lang, y0=y0, year=year),
        sources=sources_of(rows[rows["year"].isin([y0, year])], lang),
        method_note=method_note("contribution", lang, dimension=word, y0=y0, year=year),
        height=max(260, 40 * len(change)),
        legend_room=False,
    )
    finished = _bar_layout(finished)
    finished.figure.update_xaxes(zeroline=True, zerolinecolor=INK, zerolinewidth=1)
    finished.figure.update_layout(margin={"r": 150})
    return finished
