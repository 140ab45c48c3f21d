"""Charts of one series without a numeric target: a tracked indicator with its trend, a card's sparkline,
a series in constant dollars, and the table of the data behind a chart.

Imports `plan`, `metrics`, `i18n`, `look`, `words`, `charts.chart`, `charts.style`, `charts.series`,
`charts.text` (labels enter the figure escaped; the data table keeps them plain).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from planmetrics import i18n, metrics
from planmetrics.charts.chart import Chart
from planmetrics.charts.series import (
    actual_traces,
    after_plan,
    figure_words,
    flag_traces,
    has_flag,
    hover_data,
    status_marker,
    up_to,
)
from planmetrics.charts.style import finish, method_note, money_axis, percent_axis, sources_of, subtitle, whole_ticks
from planmetrics.charts.text import plotly_text
from planmetrics.look import AFTER_PLAN, BLUE, ORANGE, PURPLE, flag_symbol
from planmetrics.plan import Plan
from planmetrics.words import say

SPARKLINE_HEIGHT = 80


def _trend_trace(rows: pd.DataFrame, lang: str) -> go.Scatter | None:
    """The least-squares line through the last three figures, drawn over their years (with only two figures
    the line is the figures' own, so it is not drawn again)."""
    last = rows.tail(3)
    if len(last) < 3:
        return None
    slope = metrics.trend_slope(last.set_index("year")["value"])
    centre_x, centre_y = float(last["year"].mean()), float(last["value"].mean())
    xs = [int(last["year"].min()), int(last["year"].max())]
    return go.Scatter(
        x=xs,
        y=[centre_y + slope * (x - centre_x) for x in xs],
        mode="lines",
        name=say("chart.legend.trend", lang),
        line={"color": ORANGE, "width": 2, "dash": "dash"},
        hoverinfo="skip",
    )


def trend_chart(plan: Plan, figures: pd.DataFrame, indicator_id: str, lang: str, *, as_of: int | None = None) -> Chart:
    """A tracked indicator's figures up to the as-of year with its least-squares trend over the last three (a
    tracked indicator has no target year: its trend goes on after the plan's)."""
    indicator = plan.indicator(indicator_id)
    figures = up_to(figures, as_of)
    rows = metrics.total_rows(figures, indicator_id)
    figure = go.Figure(actual_traces(rows, indicator.unit, lang))
    trend = _trend_trace(rows, lang)
    if trend is not None:
        figure.add_trace(trend)
    progress = metrics.evaluate_track(indicator, metrics.total_series(figures, indicator_id))
    title = indicator.label.get(lang)
    if progress.latest is not None:
        values = rows["value"].tolist()
        figure.add_trace(status_marker(progress, lang, came_from_above=len(values) >= 2 and values[-2] > values[-1]))
    figure.add_traces(flag_traces(rows, lang))
    if progress.latest is not None:
        title = say(
            "chart.title.status",
            lang,
            label=title,
            status=i18n.status_word(progress.status, lang).lower(),
            latest=i18n.format_value(progress.latest, indicator.unit, lang),
            year=progress.latest_year,
        )
    figure.update_yaxes(tickformat=",.0f", title={"text": plotly_text(indicator.label.get(lang))})
    if indicator.unit == "percent":  # a share (a derived indicator's, jobs / employment): ticks in percent
        percent_axis(figure, lang)
    else:
        whole_ticks(figure)
    return finish(
        figure,
        lang=lang,
        title=title,
        subtitle=subtitle(plan, progress.latest_year, lang),
        sources=sources_of(rows, lang),
        method_note=method_note("track", lang),
        height=380,
    )


def sparkline(
    figures: pd.DataFrame,
    indicator: str,
    region: str,
    lang: str,
    *,
    as_of: int | None = None,
    target_year: int | None = None,
) -> dict[str, Any] | None:
    """A card's small line of one series up to the as-of year, no axes (None with fewer than two figures): a
    flagged figure hollow in its flag's shape, a figure after the target year grey.

    A plain figure dict: four of these draw on every overview run, and plotly's object validation would
    cost more than the rest of the page.
    """
    rows = metrics.total_rows(up_to(figures, as_of), indicator, region)
    if len(rows) < 2:
        return None
    unit = str(rows["unit"].iloc[-1]) if "unit" in rows else ""
    later = after_plan(rows, target_year)
    within, after = rows[~later], rows[later]
    data = [_spark_trace(within, unit, lang, BLUE)]
    if not after.empty:  # greyed after the plan, joined to its last figure
        data.append(_spark_trace(pd.concat([within.tail(1), after]), unit, lang, AFTER_PLAN, joined=not within.empty))
    layout = {
        "height": SPARKLINE_HEIGHT,
        "margin": {"l": 4, "r": 4, "t": 4, "b": 4},
        "showlegend": False,
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "separators": i18n.plotly_separators(lang),
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "hoverlabel": {"font": {"size": 12}},
    }
    return {"data": data, "layout": layout}


def _spark_trace(rows: pd.DataFrame, unit: str, lang: str, colour: str, *, joined: bool = False) -> dict[str, Any]:
    """One stretch of a sparkline; `joined`: its first point is the last of the stretch before (no marker)."""
    flags = [str(f) if has_flag(f) else "" for f in rows["flag"]]
    sizes = [7 if f else 6 for f in flags]
    if joined:
        sizes[0] = 0
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "x": rows["year"].tolist(),
        "y": rows["value"].tolist(),
        "line": {"color": colour, "width": 2},
        "marker": {
            "size": sizes,
            "color": ["white" if f else colour for f in flags],
            "symbol": [flag_symbol(f) if f else "circle" for f in flags],
            "line": {"color": colour, "width": 1.5},
        },
        "customdata": [[d[0]] for d in hover_data(rows, unit, lang)],
        "hovertemplate": "<b>%{x}</b> · %{customdata[0]}<extra></extra>",
    }


def constant_dollars_chart(
    plan: Plan, figures: pd.DataFrame, indicator: str, real: pd.Series, lang: str, *, as_of: int | None = None
) -> Chart:
    """A series in dollars (revenue in the plan) beside the same series in dollars of the baseline year (`real`),
    both up to the as-of year."""
    rows = metrics.total_rows(up_to(figures, as_of), indicator)
    real = real if as_of is None else real[real.index <= as_of]
    traces = actual_traces(rows, "dollars", lang)
    traces[0].name = say("chart.legend.nominal", lang)
    figure = go.Figure([*traces, *flag_traces(rows, lang)])
    values = [float(v) for v in real]
    figure.add_trace(
        go.Scatter(
            x=real.index.tolist(),
            y=values,
            mode="lines+markers",
            name=say("chart.legend.constant", lang, year=plan.baseline_year),
            line={"color": PURPLE, "width": 3, "dash": "dash"},
            marker={"symbol": "square", "size": 8},
            customdata=[[i18n.format_money(v, lang, compact=False)] for v in values],
            hovertemplate="<b>%{x}</b> · %{customdata[0]}<extra>%{fullData.name}</extra>",
        )
    )
    money_axis(figure, [*rows["value"].tolist(), *values], lang)
    return finish(
        figure,
        lang=lang,
        title=say(
            "revenue.constant", lang, indicator=plan.indicator(indicator).label.get(lang), year=plan.baseline_year
        ),
        subtitle=subtitle(plan, int(real.index.max()) if len(real) else None, lang),
        sources=sources_of(rows, lang),
        method_note=method_note("constant", lang, year=plan.baseline_year),
    )


def chart_frame(
    plan: Plan,
    figures: pd.DataFrame,
    indicator: str,
    region: str,
    lang: str,
    *,
    as_of: int | None = None,
    target_year: int | None = None,
) -> pd.DataFrame:
    """The data behind a chart of one series up to the as-of year: year, value as written for the reader, note
    (the flag's word, and "after the plan" for a figure after the target year), the source's quality grade with
    its meaning when any figure has one, source."""
    rows = metrics.total_rows(up_to(figures, as_of), indicator, region)
    data = figure_words(rows, plan.indicator(indicator).unit, lang)
    later = say("chart.legend.after_plan", lang).lower()
    notes = [
        " · ".join(word for word in (d[1] if has_flag(f) else "", later if after else "") if word)
        for d, f, after in zip(data, rows["flag"], after_plan(rows, target_year), strict=True)
    ]
    frame = pd.DataFrame(
        {
            say("col.year", lang): rows["year"].astype(str).tolist(),
            say("col.value", lang): [d[0] for d in data],
            say("col.flag", lang): notes,
            say("col.source", lang): [d[2] for d in data],
        }
    )
    if any(d[3] for d in data):
        frame.insert(3, say("quality.heading", lang), [d[3] or "—" for d in data])
    return frame
