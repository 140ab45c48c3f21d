"""The traces that target and trend charts share: actual figures, expected paths, projection, goal, status.

Every hover shows the year, the value as the reader writes it, the figure's flag and its source (in
`customdata`: value text, flag word, source, the hover's detail lines). Imports `plan`, `metrics`, `i18n`,
`look`, `words`.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from planmetrics import config, i18n, metrics
from planmetrics.look import BLUE, GREY, INK, status_look
from planmetrics.metrics import TargetProgress
from planmetrics.plan import Target
from planmetrics.words import say

HOVER = "<b>%{x}</b> · %{customdata[0]}%{customdata[3]}<extra>%{fullData.name}</extra>"
HOVER_PATH = "<b>%{x}</b> · %{customdata[0]}<extra>%{fullData.name}</extra>"


def has_flag(flag: object) -> bool:
    return isinstance(flag, str) and flag != ""


def review_notes(rows: pd.DataFrame, lang: str) -> dict[int, str]:
    """Years whose figure moves more than the review threshold from the year before (METHOD.md's check)."""
    notes = {}
    for check in metrics.jump_checks(rows):
        year = int(check.params["year"])
        change = i18n.format_percent(check.params["change"], lang, signed=True)
        notes[year] = say("chart.hover.review", lang, change=change, previous_year=year - 1)
    return notes


def _details(flag: str, source: str, review: str) -> str:
    lines = [f"<i>{flag}</i>"] if flag else []
    lines += [review] if review else []
    lines += textwrap.wrap(source, 70)
    return "".join(f"<br>{line}" for line in lines)


def hover_data(rows: pd.DataFrame, unit: str, lang: str, reviews: dict[int, str] | None = None) -> list[list[str]]:
    """Per figure: value as written for the reader, flag word, source, and the hover's detail lines."""
    data = []
    french = rows[config.SOURCE_FR] if config.SOURCE_FR in rows else [None] * len(rows)
    figures = zip(rows["year"], rows["value"], rows["flag"], rows["source"], french, strict=True)
    for year, value, flag, source, source_fr in figures:
        flag_text = i18n.flag_word(flag if has_flag(flag) else None, lang)
        source_text = i18n.source_text(source, source_fr, lang) or "—"
        review = (reviews or {}).get(int(year), "")
        value_text = i18n.format_value(float(value), unit, lang, compact=False)
        data.append([value_text, flag_text, source_text, _details(flag_text, source_text, review)])
    return data


def actual_traces(rows: pd.DataFrame, unit: str, lang: str, *, colour: str = BLUE) -> list[go.Scatter]:
    """The figures as a line with markers; flagged figures get an open marker of their own, named in the legend.

    The line trace carries every point's hover; the open markers are drawn over it (hover skipped there).
    """
    flagged = [has_flag(f) for f in rows["flag"]]
    main = go.Scatter(
        x=rows["year"].tolist(),
        y=rows["value"].tolist(),
        name=say("chart.legend.actual", lang),
        mode="lines+markers",
        line={"color": colour, "width": 3},
        marker={"size": [0 if f else 10 for f in flagged], "color": colour, "symbol": "circle"},
        customdata=hover_data(rows, unit, lang, review_notes(rows, lang)),
        hovertemplate=HOVER,
        legendrank=1,
    )
    flags = dict.fromkeys(str(f) for f in rows["flag"] if has_flag(f))
    return [main, *(_flagged_trace(rows, flag, lang, colour) for flag in flags)]


def _flagged_trace(rows: pd.DataFrame, flag: str, lang: str, colour: str) -> go.Scatter:
    mine = rows[rows["flag"] == flag]
    word = i18n.flag_word(flag, lang)
    return go.Scatter(
        x=mine["year"].tolist(),
        y=mine["value"].tolist(),
        mode="markers",
        name=say("chart.legend.flagged", lang, flag=word if lang == "fr" else word.capitalize()),
        marker={"size": 11, "symbol": "circle", "color": "white", "line": {"width": 2.5, "color": colour}},
        hoverinfo="skip",
        legendrank=2,
    )


def path_trace(
    target: Target, baseline: float, name: str, style: tuple[str, str], *, unit: str, lang: str
) -> go.Scatter:
    """The path the target expects from the baseline year to the target year (straight or compound)."""
    path = metrics.expected_path(target, baseline)
    values = [float(v) for v in path["expected"]]
    colour, dash = style
    return go.Scatter(
        x=path["year"].tolist(),
        y=values,
        name=name,
        mode="lines",
        line={"color": colour, "width": 2.5, "dash": dash},
        customdata=[[i18n.format_value(v, unit, lang, compact=False)] for v in values],
        hovertemplate=HOVER_PATH,
        legendrank=4,
    )


def projection_trace(progress: TargetProgress, target_year: int, unit: str, lang: str, colour: str) -> go.Scatter:
    """From the latest figure to the target year at the observed pace (call only when both are known)."""
    values = [float(progress.latest or 0), float(progress.projected or 0)]
    return go.Scatter(
        x=[progress.latest_year, target_year],
        y=values,
        mode="lines+markers",
        name=say("chart.legend.projection", lang),
        line={"color": colour, "width": 2.5, "dash": "dot"},
        marker={"size": [0, 9], "symbol": "triangle-right", "color": colour},
        customdata=[[i18n.format_value(v, unit, lang, compact=False)] for v in values],
        hovertemplate=HOVER_PATH,
        legendrank=3,
    )


def goal_marker(year: int, value: float, unit: str, lang: str, colour: str) -> go.Scatter:
    """The target value at the target year, as its own marker and legend entry."""
    short = i18n.format_value(value, unit, lang)
    return go.Scatter(
        x=[year],
        y=[value],
        mode="markers",
        name=say("chart.legend.target", lang, value=short, year=year),
        marker={"size": 17, "symbol": "star-diamond", "color": colour, "line": {"width": 1, "color": INK}},
        customdata=[[i18n.format_value(value, unit, lang, compact=False)]],
        hovertemplate=HOVER_PATH,
        legendrank=5,
    )


def status_marker(progress: TargetProgress, lang: str, *, came_from_above: bool = False) -> go.Scatter:
    """The latest figure marked with its status, by word and by shape (not colour alone).

    The word goes on the side of the point that the line does not come from.
    """
    word = i18n.status_word(progress.status, lang)
    return go.Scatter(
        x=[progress.latest_year],
        y=[progress.latest],
        mode="markers+text",
        name=word,
        showlegend=False,
        marker={
            "size": 18,
            "symbol": status_look(progress.status).symbol,
            "color": BLUE,
            "line": {"width": 2, "color": "white"},
        },
        text=[f"<b>{word}</b>"],
        textposition="bottom left" if came_from_above else "top left",
        textfont={"size": 14, "color": INK},
        hoverinfo="skip",
    )


def empty_message(figure: go.Figure, message: str, years: tuple[int, int]) -> None:
    """An honest empty chart: the years of the plan, no values, and what to do to fill it."""
    figure.add_annotation(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 15, "color": GREY}
    )
    figure.update_xaxes(range=[years[0] - 0.5, years[1] + 0.5])
    figure.update_yaxes(showticklabels=False, showgrid=False)
