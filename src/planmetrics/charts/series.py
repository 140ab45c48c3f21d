"""The traces that target and trend charts share: actual figures, expected paths, projection, goal, status.

Every hover shows the year, the value as the reader writes it, the figure's flag, its source's quality grade
when it has one (`Qualité : A (excellente)`) and its source (in `customdata`: value text, flag word, source,
the hover's detail lines). A chart is drawn as of a year (`up_to`); figures after a target year are greyed as
"after the plan"; each flag has its marker. Imports `config`, `plan`, `metrics`, `i18n`, `look`, `quality`,
`words`, `charts.text` (every text from a file or a person enters a figure escaped, `hover_data` included;
`figure_words` keeps them plain for tables).
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from planmetrics import config, i18n, metrics, quality
from planmetrics.charts.text import plotly_say, plotly_text
from planmetrics.look import AFTER_PLAN, BLUE, GREY, INK, flag_symbol, status_look
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


def _details(flag: str, source: str, review: str, note: str = "", grade: str = "") -> str:
    """The hover's detail lines, every text escaped for plotly (the `<br>` and `<i>` are the chart's own)."""
    lines = [f"<i>{plotly_text(flag)}</i>"] if flag else []
    lines += [f"<i>{plotly_text(note)}</i>"] if note else []
    lines += [plotly_text(grade)] if grade else []
    lines += [plotly_text(review)] if review else []
    lines += [plotly_text(line) for line in textwrap.wrap(source, 70)]
    return "".join(f"<br>{line}" for line in lines)


def figure_words(rows: pd.DataFrame, unit: str, lang: str) -> list[tuple[str, str, str, str]]:
    """Per figure, as plain text (for a table, never for a figure): value as written for the reader, flag
    word, source, and its source's quality grade with its meaning ("" for none)."""
    french = rows[config.SOURCE_FR] if config.SOURCE_FR in rows else [None] * len(rows)
    grades = rows[config.QUALITY] if config.QUALITY in rows else [None] * len(rows)
    figures = zip(rows["value"], rows["flag"], rows["source"], french, grades, strict=True)
    return [
        (
            i18n.format_value(float(value), unit, lang, compact=False),
            i18n.flag_word(flag if has_flag(flag) else None, lang),
            i18n.source_text(source, source_fr, lang) or "—",
            quality.grade_word(grade, lang),
        )
        for value, flag, source, source_fr, grade in figures
    ]


def hover_data(
    rows: pd.DataFrame, unit: str, lang: str, reviews: dict[int, str] | None = None, *, note: str = ""
) -> list[list[str]]:
    """Per figure, a point's `customdata`, escaped for plotly: value as written for the reader, flag word,
    source, and the hover's detail lines (with `note`, a word every one of these figures carries: "after the
    plan")."""
    data = []
    for year, said in zip(rows["year"], figure_words(rows, unit, lang), strict=True):
        value_text, flag_text, source_text, grade = said
        review = (reviews or {}).get(int(year), "")
        grade_line = say("quality.line", lang, grade=grade) if grade else ""
        details = _details(flag_text, source_text, review, note, grade_line)
        data.append([plotly_text(value_text), plotly_text(flag_text), plotly_text(source_text), details])
    return data


def up_to(rows: pd.DataFrame, as_of: int | None) -> pd.DataFrame:
    """The rows of years up to the as-of year (all of them without one): a later figure is drawn nowhere."""
    return rows if as_of is None else rows[rows["year"] <= as_of]


def after_plan(rows: pd.DataFrame, target_year: int | None) -> pd.Series:
    """Which rows are figures after the plan's target year (none for a series without one)."""
    if target_year is None:
        return pd.Series(False, index=rows.index)
    return rows["year"] > target_year


def actual_traces(
    rows: pd.DataFrame, unit: str, lang: str, *, colour: str = BLUE, target_year: int | None = None
) -> list[go.Scatter]:
    """The figures as a line with markers; those after the target year on a grey line of their own, named
    "after the plan" in the legend and the hover (METHOD.md: shown beside the verdict, they change nothing).

    Each line trace carries its points' hovers. A flagged figure's own marker is `flag_traces`' (drawn last).
    """
    later = after_plan(rows, target_year)
    within, after = rows[~later], rows[later]
    reviews = review_notes(rows, lang)
    flagged = [has_flag(f) for f in within["flag"]]
    main = go.Scatter(
        x=within["year"].tolist(),
        y=within["value"].tolist(),
        name=say("chart.legend.actual", lang),
        mode="lines+markers",
        line={"color": colour, "width": 3},
        marker={"size": [0 if f else 10 for f in flagged], "color": colour, "symbol": "circle"},
        customdata=hover_data(within, unit, lang, reviews),
        hovertemplate=HOVER,
        legendrank=1,
    )
    if after.empty or target_year is None:
        return [main]
    return [main, *_after_plan_traces(within, after, unit, lang, reviews=reviews, target_year=target_year)]


def _after_plan_traces(
    within: pd.DataFrame, after: pd.DataFrame, unit: str, lang: str, *, reviews: dict[int, str], target_year: int
) -> list[go.Scatter]:
    """The figures after the target year, greyed, and the thin grey link from the plan's last figure to them."""
    word = say("chart.hover.after_plan", lang, ty=target_year)
    flagged = [has_flag(f) for f in after["flag"]]
    later = go.Scatter(
        x=after["year"].tolist(),
        y=after["value"].tolist(),
        name=say("chart.legend.after_plan", lang),
        mode="lines+markers",
        line={"color": AFTER_PLAN, "width": 2.5},
        marker={"size": [0 if f else 10 for f in flagged], "color": AFTER_PLAN, "symbol": "circle"},
        customdata=hover_data(after, unit, lang, reviews, note=word),
        hovertemplate=HOVER,
        legendrank=6,
    )
    if within.empty:
        return [later]
    last = within.iloc[-1]
    link = go.Scatter(
        x=[int(last["year"]), int(after["year"].iloc[0])],
        y=[float(last["value"]), float(after["value"].iloc[0])],
        mode="lines",
        line={"color": AFTER_PLAN, "width": 1.5, "dash": "dot"},
        showlegend=False,
        hoverinfo="skip",
    )
    return [link, later]


def flag_traces(
    rows: pd.DataFrame, lang: str, *, colour: str = BLUE, target_year: int | None = None
) -> list[go.Scatter]:
    """A marker of its own for each flag's figures (approximate, preliminary, revised: shapes from `look`),
    named in the legend; hover skipped (the line under it has the point's, flag word included)."""
    flags = dict.fromkeys(str(f) for f in rows["flag"] if has_flag(f))
    return [_flagged_trace(rows, flag, lang, colour, target_year) for flag in flags]


def _flagged_trace(rows: pd.DataFrame, flag: str, lang: str, colour: str, target_year: int | None) -> go.Scatter:
    mine = rows[rows["flag"] == flag]
    outline = [AFTER_PLAN if later else colour for later in after_plan(mine, target_year)]
    word = i18n.flag_word(flag, lang)
    return go.Scatter(
        x=mine["year"].tolist(),
        y=mine["value"].tolist(),
        mode="markers",
        name=plotly_say("chart.legend.flagged", lang, flag=word if lang == "fr" else word.capitalize()),
        marker={"size": 12, "symbol": flag_symbol(flag), "color": "white", "line": {"width": 2.5, "color": outline}},
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
        name=plotly_text(word),
        showlegend=False,
        marker={
            "size": 18,
            "symbol": status_look(progress.status).symbol,
            "color": BLUE,
            "line": {"width": 2, "color": "white"},
        },
        text=[f"<b>{plotly_text(word)}</b>"],
        textposition="bottom left" if came_from_above else "top left",
        textfont={"size": 14, "color": INK},
        hoverinfo="skip",
    )


def empty_message(figure: go.Figure, message: str, years: tuple[int, int]) -> None:
    """An honest empty chart: the years of the plan, no values, and what to do to fill it (`message` as the
    figure shows it: built with `plotly_say`)."""
    figure.add_annotation(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 15, "color": GREY}
    )
    figure.update_xaxes(range=[years[0] - 0.5, years[1] + 0.5])
    figure.update_yaxes(showticklabels=False, showgrid=False)
