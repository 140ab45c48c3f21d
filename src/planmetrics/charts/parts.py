"""Charts of the parts of a total: one year's figures by sector, region or network, and each part's
contribution to a target's net change. Totals are explicit rows and are never drawn as a part; a part's share
is of the total figure, never of the parts shown (METHOD.md), and a note says when they do not add up to it.

Imports `plan`, `metrics`, `i18n`, `look`, `words`, `charts.chart`, `charts.style`, `charts.series`,
`charts.text` (parts' names, bars' words and hovers enter the figure escaped).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from planmetrics import i18n, metrics
from planmetrics.charts.chart import Chart
from planmetrics.charts.series import has_flag, hover_data
from planmetrics.charts.style import finish, method_note, sources_of
from planmetrics.charts.text import plotly_say, plotly_text, plotly_texts
from planmetrics.look import AFTER_PLAN, BLUE, INK, VERMILLION
from planmetrics.metrics import PartShares, TargetProgress, part_shares
from planmetrics.plan import Plan
from planmetrics.words import say

Dimension = Literal["sector", "region", "network"]
HOVER_PART = "<b>%{y}</b> · %{customdata[0]}%{customdata[3]}<extra></extra>"
PLOT_PX = 900  # a bar chart's plot in an image 1,200 px wide, its names and margins aside


def _bar_layout(chart: Chart) -> Chart:
    """Bars named on their left, valued at their end; no legend above a single series of bars (`finish` is
    told, so that an image gives its room back)."""
    figure = chart.figure
    figure.update_xaxes(dtick=None, tickformat=None, showticklabels=False, showgrid=False, ticks="", showline=False)
    figure.update_yaxes(showgrid=False, ticks="", tickfont={"size": 13})
    figure.update_layout(showlegend=False, margin={"l": 190, "r": 110}, bargap=0.3)
    return chart


def share_notes(shares: PartShares, unit: str, year: int, lang: str) -> tuple[str, tuple[str, ...]]:
    """What a breakdown says about its shares: a line for its subtitle (the total they are shares of, or why
    there is none) and the notes for its footer (the parts shown do not add up to the total)."""
    if shares.total is None:
        return say("chart.note.no_total", lang, year=year), ()
    total = i18n.format_value(shares.total, unit, lang, compact=False)
    line = say("chart.note.share_of_total", lang, total=total)
    if shares.adds_up:
        return line, ()
    parts = i18n.format_value(shares.parts_sum, unit, lang, compact=False)
    share = i18n.format_percent(shares.parts_sum / shares.total, lang)
    return line, (say("chart.note.parts_differ", lang, sum=parts, share=share, total=total),)


def part_label(value: float, share: float, flag: object, unit: str, lang: str) -> str:
    """A bar's words: `23 000 (19,8 %)`, and the figure's flag: `23 000 (19,8 %) · provisoire`."""
    words = [i18n.format_value(value, unit, lang)]
    if not math.isnan(share):
        words[0] += f" ({i18n.format_percent(share, lang)})"
    if has_flag(flag):
        words.append(i18n.flag_word(str(flag), lang))
    return " · ".join(words)


def breakdown_chart(
    plan: Plan, figures: pd.DataFrame, indicator: str, dimension: Dimension | str, *, year: int, lang: str
) -> Chart:
    """Horizontal bars of one year's figures by sector, region or network, largest at the top, each with its
    share of the total and its flag; a year after the plan's target year is said to be so."""
    unit = plan.indicator(indicator).unit
    shares = part_shares(figures, indicator, dimension, year)
    rows = shares.rows.sort_values("value")
    label = plan.indicator(indicator).label.get(lang)
    hover = hover_data(rows, unit, lang)
    for data, share in zip(hover, rows["share"], strict=True):
        if not math.isnan(share):
            data[3] = (
                "<br>" + plotly_say("chart.hover.of_total", lang, share=i18n.format_percent(share, lang)) + data[3]
            )
    bars_text = [
        part_label(v, s, f, unit, lang) for v, s, f in zip(rows["value"], rows["share"], rows["flag"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=rows["value"].tolist(),
            y=plotly_texts(plan.label_of(dimension, v, lang) for v in rows[dimension]),
            orientation="h",
            marker={"color": [AFTER_PLAN if year > plan.target_year else BLUE] * len(rows)},
            text=plotly_texts(bars_text),
            textposition="outside",
            textfont={"color": INK, "size": 13},
            cliponaxis=False,
            name=plotly_text(label),
            customdata=hover,
            hovertemplate=HOVER_PART,
        )
    )
    word = say(f"dim.{dimension}", lang)
    line, notes = share_notes(shares, unit, year, lang)
    year_words = [say("chart.subtitle.year", lang, year=year)]
    year_words += [say("chart.legend.after_plan", lang).lower()] if year > plan.target_year else []
    finished = finish(
        figure,
        lang=lang,
        title=say("chart.title.breakdown", lang, indicator=label, dimension=word, year=year),
        subtitle=" · ".join([*year_words, line]),
        sources=sources_of(rows, lang),
        method_note=method_note("breakdown", lang, dimension=word),
        height=max(260, 40 * len(rows)),
        legend_room=False,
    )
    labelled = _bar_layout(replace(finished, footer=(*finished.footer, *notes)))
    labelled.figure.update_xaxes(range=[0, float(rows["value"].max() or 1) * (1 + _label_room(bars_text))])
    return labelled


def _change_by_part(rows: pd.DataFrame, dimension: str, start: int, end: int) -> pd.Series:
    wide = rows.pivot_table(index=dimension, columns="year", values="value", aggfunc="first")
    if start not in wide or end not in wide:
        return pd.Series(dtype=float)
    return (wide[end] - wide[start]).dropna().sort_values()


def contribution_chart(
    plan: Plan, figures: pd.DataFrame, progress: TargetProgress, lang: str, dimension: Dimension | None = None
) -> Chart | None:
    """Each network's (else each sector's) change between the baseline and the latest year the target is
    judged on, with its share of the total's change; None when no part has a figure in both years."""
    if progress.baseline_year is None or progress.latest_year is None:
        return None
    for candidate in (dimension,) if dimension else ("network", "sector"):
        rows = metrics.part_rows(figures, candidate, indicator=progress.indicator)
        change = _change_by_part(rows, candidate, progress.baseline_year, progress.latest_year)
        if not change.empty:
            return _contribution_chart(
                plan, figures, rows, progress=progress, dimension=candidate, change=change, lang=lang
            )
    return None


def _total_change(figures: pd.DataFrame, indicator: str, start: int, end: int) -> float | None:
    """The total figure's change between two years (region, sector and network at their totals), if both exist."""
    totals = metrics.total_series(figures, indicator)
    if start not in totals.index or end not in totals.index:
        return None
    return float(totals.loc[end] - totals.loc[start])


def _contribution_chart(
    plan: Plan,
    figures: pd.DataFrame,
    rows: pd.DataFrame,
    *,
    progress: TargetProgress,
    dimension: str,
    change: pd.Series,
    lang: str,
) -> Chart:
    unit = plan.indicator(progress.indicator).unit
    y0, year = int(progress.baseline_year or 0), int(progress.latest_year or 0)
    net = _total_change(figures, progress.indicator, y0, year)
    signed = [_signed(float(v), unit, lang) for v in change]
    shares = [i18n.format_percent(float(v) / net, lang, 0) if net else "—" for v in change]
    word = say(f"dim.{dimension}", lang)
    labels = [f"{s} ({p})" for s, p in zip(signed, shares, strict=True)]
    figure = go.Figure(
        go.Bar(
            x=change.tolist(),
            y=plotly_texts(plan.label_of(dimension, str(v), lang) for v in change.index),
            orientation="h",
            # Direction reads from the sign in the text and the bar's side of zero, not from colour alone.
            marker={"color": [BLUE if v >= 0 else VERMILLION for v in change]},
            text=plotly_texts(labels),
            textposition="none",  # written as notes right of the bar or of zero: never over the names
            customdata=[
                [plotly_text(s), plotly_say("chart.hover.share", lang, share=p)]
                for s, p in zip(signed, shares, strict=True)
            ],
            hovertemplate="<b>%{y}</b> · %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )
    _value_labels(figure, change, labels)
    label = plan.indicator(progress.indicator).label.get(lang)
    net_text = _signed(net, unit, lang) if net is not None else "—"
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
    notes = contribution_notes(float(change.sum()), net, unit, (y0, year), lang)
    finished = _bar_layout(replace(finished, footer=(*finished.footer, *notes)))
    finished.figure.update_xaxes(zeroline=True, zerolinecolor=INK, zerolinewidth=1)
    finished.figure.update_layout(margin={"r": 150})
    return finished


def _signed(value: float, unit: str, lang: str) -> str:
    return ("+" if value >= 0 else "") + i18n.format_value(value, unit, lang, compact=False)


def _value_labels(figure: go.Figure, change: pd.Series, labels: list[str]) -> None:
    """Each bar's value right of its end, or right of zero for a loss: the names sit left of the plot, so a
    loss's bar (which grows towards them) never has its words over a name."""
    names = list(figure.data[0].y)
    for name, value, text in zip(names, change, labels, strict=True):
        figure.add_annotation(
            x=max(float(value), 0.0),
            y=name,
            text=plotly_text(text),
            xanchor="left",
            xshift=6,
            showarrow=False,
            font={"color": INK, "size": 13},
        )
    low, high = min(float(change.min()), 0.0), max(float(change.max()), 0.0)
    span = high - low or 1.0
    figure.update_xaxes(range=[low - 0.02 * span, high + span * _label_room(labels)])


def _label_room(labels: list[str]) -> float:
    """How far past the longest bar the axis runs, as a share of the bars' span, so that the longest words
    written beside a bar fit in the plot (about 7.5 px a character at 13 px, in a plot about 900 px wide)."""
    taken = min(0.55, 7.5 * max((len(label) for label in labels), default=0) / PLOT_PX)
    return taken / (1 - taken)


def contribution_notes(
    parts_change: float, net: float | None, unit: str, years: tuple[int, int], lang: str
) -> tuple[str, ...]:
    """The footer's notes: no share without the total's change; the parts' changes not adding up to it."""
    if not net:
        return (say("chart.note.no_total_change", lang, y0=years[0], year=years[1]),)
    if abs(parts_change - net) <= metrics.ADDS_UP_TOLERANCE * abs(net):
        return ()
    share = i18n.format_percent(parts_change / net, lang, 0)
    parts = _signed(parts_change, unit, lang)
    return (say("chart.note.contributions_differ", lang, sum=parts, share=share, total=_signed(net, unit, lang)),)
