"""Charts of numeric targets: an `increase_by` target (jobs) and the compound targets of one series (revenue),
and which chart a target gets (`chart_for_target`, the one place that decides).

Imports `config`, `plan`, `metrics`, `i18n`, `look`, `words`, `charts.chart`, `charts.style`, `charts.series`,
`charts.trends`, `charts.text` (labels, regions and messages enter the figure escaped).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from planmetrics import config, i18n, metrics
from planmetrics.charts.chart import Chart
from planmetrics.charts.series import (
    actual_traces,
    empty_message,
    flag_traces,
    goal_marker,
    path_trace,
    projection_trace,
    status_marker,
    up_to,
)
from planmetrics.charts.style import finish, method_note, money_axis, sources_of, subtitle, whole_ticks
from planmetrics.charts.text import plotly_say, plotly_text
from planmetrics.charts.trends import trend_chart
from planmetrics.look import GREEN, GREY, INK, ORANGE, PURPLE, VERMILLION
from planmetrics.metrics import Assessment, TargetProgress
from planmetrics.plan import Plan, Target
from planmetrics.words import say

COMPOUND = ("annual_growth", "reach")  # the kinds of target judged on a compound path


def series_label(plan: Plan, indicator: str, region: str, lang: str) -> str:
    """`Jobs`, or `Jobs in Montréal` for a region other than the total."""
    label = plan.indicator(indicator).label.get(lang)
    if region == config.TOTAL_REGION:
        return label
    return say("chart.label.in_region", lang, label=label, region=plan.label_of("region", region, lang))


def rate_text(rate: float, lang: str) -> str:
    """`7 %` / `7%` for a whole percentage, `5,1 %` / `5.1%` otherwise."""
    whole = math.isclose(rate * 100, round(rate * 100), abs_tol=1e-9)
    return i18n.format_percent(rate, lang, 0 if whole else 1)


def _signed(value: float, unit: str, lang: str) -> str:
    return ("+" if value >= 0 else "") + i18n.format_value(value, unit, lang, compact=False)


def verdict(progress: TargetProgress, lang: str) -> str:
    """The status as a finding says it: `on track`; once final, with the share of the target reached: `missed
    at 99%` (METHOD.md: the verdict taken at the target year)."""
    status = i18n.status_word(progress.status, lang).lower()
    if not progress.final or progress.progress is None:
        return status
    return say("chart.label.final", lang, status=status, share=i18n.format_percent(progress.progress, lang, 0))


def awaited_series(plan: Plan, progress: TargetProgress, lang: str) -> str:
    """What to upload, as a sentence names it: `jobs`, `jobs in Montréal`."""
    label = plan.indicator(progress.indicator).label.get(lang).lower()
    if progress.region == config.TOTAL_REGION:
        return label
    return say("chart.label.in_region", lang, label=label, region=plan.label_of("region", progress.region, lang))


def finding(plan: Plan, progress: TargetProgress, lang: str) -> str:
    """The title: `Jobs: on track, 116,000 in 2018 (+16,000 of +20,000)`; once final `Jobs: missed at 99%, ...`;
    awaiting the target year's figure, which one to upload."""
    unit = plan.indicator(progress.indicator).unit
    label = series_label(plan, progress.indicator, progress.region, lang)
    if progress.latest is None or progress.latest_year is None:
        return say("chart.title.no_data", lang, label=label)
    status = verdict(progress, lang)
    latest = i18n.format_value(progress.latest, unit, lang)
    if progress.awaiting_year is not None:
        what = awaited_series(plan, progress, lang)
        return say(
            "chart.title.awaiting",
            lang,
            label=label,
            ty=progress.awaiting_year,
            status=status,
            year=progress.latest_year,
            latest=latest,
            what=what,
        )
    year = progress.latest_year
    if progress.kind == "increase_by" and progress.baseline is not None and progress.target is not None:
        gain = _signed(progress.latest - progress.baseline, unit, lang)
        goal = _signed(progress.target, unit, lang)
        return say("chart.title.gain", lang, label=label, status=status, latest=latest, year=year, gain=gain, goal=goal)
    return say("chart.title.status", lang, label=label, status=status, latest=latest, year=year)


def chart_for_target(plan: Plan, figures: pd.DataFrame, assessment: Assessment, target_id: str, lang: str) -> Chart:
    """The chart a target or tracked indicator gets, wherever it is drawn: an `increase_by` target its own
    path, a compound target (`annual_growth`, `reach`) the chart of its series with both compound paths, a
    tracked indicator its trend. Drawn as of the assessment's year: a later figure appears nowhere in it."""
    progress = assessment.target(target_id)
    figures = up_to(figures, assessment.as_of)
    if progress.kind == "increase_by":
        return target_chart(plan, figures, progress, lang)
    if progress.kind == "track":
        return trend_chart(plan, figures, target_id, lang, as_of=assessment.as_of)
    return compound_chart(plan, figures, assessment, target_id, lang)


def shown_with(plan: Plan, target_id: str) -> tuple[str, ...]:
    """The targets a target's chart shows: itself, and for a compound target every compound target of its series."""
    target = plan.target(target_id)
    if target.kind not in COMPOUND:
        return (target_id,)
    series = (target.indicator, target.region)
    return tuple(t.id for t in plan.targets if t.kind in COMPOUND and (t.indicator, t.region) == series)


def one_chart_each(plan: Plan, target_ids: Sequence[str]) -> list[str]:
    """The targets among `target_ids` that get a chart of their own: each one not shown on an earlier one's
    chart (a series' compound targets share one)."""
    charted: list[str] = []
    shown: set[str] = set()
    for target_id in target_ids:
        if target_id not in shown:
            charted.append(target_id)
            shown.update(shown_with(plan, target_id))
    return charted


def target_chart(plan: Plan, figures: pd.DataFrame, progress: TargetProgress, lang: str) -> Chart:
    """An `increase_by` target: actual figures, the straight target path, the projection, the target."""
    target = plan.target(progress.id)
    indicator = plan.indicator(target.indicator)
    rows = metrics.total_rows(figures, target.indicator, target.region)
    figure = go.Figure()
    where = plan.label_of("region", target.region, lang)
    if rows.empty:
        message = plotly_say("chart.empty.series", lang, region=where, indicator=indicator.label.get(lang).lower())
        goal = _signed(target.value, indicator.unit, lang)
        message += "<br>" + plotly_say("chart.empty.target", lang, goal=goal, ty=target.target_year)
        empty_message(figure, message, _years(target))
    elif progress.baseline is None:
        figure.add_traces(actual_traces(rows, indicator.unit, lang, target_year=target.target_year))
        figure.add_traces(flag_traces(rows, lang, target_year=target.target_year))
        message = plotly_say("chart.empty.baseline", lang, y0=target.baseline_year, region=where)
        empty_message(figure, message, _years(target))
        figure.update_yaxes(showticklabels=True, tickformat=",.0f")
        whole_ticks(figure)
    else:
        _draw_target(figure, target, rows, progress, lang=lang, unit=indicator.unit)
        figure.update_yaxes(tickformat=",.0f", title={"text": plotly_text(indicator.label.get(lang))})
        whole_ticks(figure)
    return finish(
        figure,
        lang=lang,
        title=finding(plan, progress, lang),
        # As of the series' last figure drawn: after the plan, a later one than the verdict's.
        subtitle=subtitle(plan, int(rows["year"].max()) if not rows.empty else progress.latest_year, lang),
        sources=sources_of(rows, lang),
        method_note=method_note("increase_by", lang, y0=target.baseline_year, ty=target.target_year),
    )


def _draw_target(
    figure: go.Figure, target: Target, rows: pd.DataFrame, progress: TargetProgress, *, lang: str, unit: str
) -> None:
    baseline = float(progress.baseline or 0)
    name = say("chart.legend.target_path", lang)
    figure.add_trace(path_trace(target, baseline, name, (ORANGE, "dash"), unit=unit, lang=lang))
    if progress.projected is not None and progress.latest_year is not None:
        figure.add_trace(projection_trace(progress, target.target_year, unit, lang, GREEN))
    figure.add_traces(actual_traces(rows, unit, lang, target_year=target.target_year))
    figure.add_trace(goal_marker(target.target_year, baseline + target.value, unit, lang, VERMILLION))
    if progress.latest is not None:
        figure.add_trace(status_marker(progress, lang, came_from_above=_came_from_above(rows, progress.latest_year)))
    figure.add_traces(flag_traces(rows, lang, target_year=target.target_year))
    figure.update_xaxes(range=_plan_years_range(rows, target.baseline_year, target.target_year))


def _came_from_above(rows: pd.DataFrame, year: int | None) -> bool:
    """Whether the line comes down to the figure of `year` (the status is written on the other side)."""
    values = rows[rows["year"] <= (year if year is not None else rows["year"].max())]["value"].tolist()
    return len(values) >= 2 and values[-2] > values[-1]


def _plan_years_range(rows: pd.DataFrame, baseline_year: int, target_year: int) -> list[float]:
    """The x axis: the plan's years, and the years after it that have a figure drawn (greyed)."""
    last = max([target_year, *(int(y) for y in rows["year"])])
    return [baseline_year - 0.3, last + 0.3]


def _years(target: Target) -> tuple[int, int]:
    return target.baseline_year, target.target_year


# ------------------------------------------------------------------ compound targets (revenue)


def _compound(
    plan: Plan, assessment: Assessment, target: Target
) -> tuple[TargetProgress | None, TargetProgress | None]:
    """The growth target and the level target of the target's series (revenue's in the plan), either may lack."""
    same = [plan.target(t) for t in shown_with(plan, target.id)]
    growth = next((assessment.target(t.id) for t in same if t.kind == "annual_growth"), None)
    level = next((assessment.target(t.id) for t in same if t.kind == "reach"), None)
    return growth, level


def compound_title(plan: Plan, growth: TargetProgress | None, level: TargetProgress | None, lang: str) -> str:
    """`Revenue: $47B in 2019 · 7% a year growth: on track · $45B level: achieved`."""
    main = growth or level
    if main is None:
        return ""
    if main.latest is None or main.latest_year is None or growth is None or level is None:
        return finding(plan, main, lang)
    unit = plan.indicator(main.indicator).unit
    awaiting = {"ty": main.awaiting_year, "what": awaited_series(plan, main, lang)} if main.awaiting_year else {}
    return say(
        "chart.title.revenue_awaiting" if awaiting else "chart.title.revenue",
        lang,
        label=series_label(plan, main.indicator, main.region, lang),
        latest=i18n.format_value(main.latest, unit, lang),
        year=main.latest_year,
        growth=rate_text(float(growth.target or 0), lang),
        growth_status=verdict(growth, lang),
        level=i18n.format_value(level.target, unit, lang),
        level_status=verdict(level, lang),
        **awaiting,
    )


def _path_status(figure: go.Figure, year: int, value: float, goal: str, progress: TargetProgress, *, lang: str) -> None:
    """The status of a path written at its end, naming the path: `7% a year: on track` (`missed at 93%`)."""
    status = verdict(progress, lang)
    figure.add_annotation(
        x=year,
        y=value,
        text=plotly_say("chart.label.path_status", lang, goal=goal, status=status),
        showarrow=False,
        xanchor="left",
        xshift=14,
        font={"size": 13, "color": INK},
    )


def _level_line(figure: go.Figure, years: tuple[int, int], level: float) -> None:
    """The level aimed for, a thin dotted line over the plan's years (no legend: the target marker has it)."""
    figure.add_trace(
        go.Scatter(
            x=list(years),
            y=[level, level],
            mode="lines",
            line={"color": GREY, "width": 1, "dash": "dot"},
            showlegend=False,
            hoverinfo="skip",
        )
    )


def _draw_paths(
    figure: go.Figure,
    plan: Plan,
    growth: TargetProgress | None,
    level: TargetProgress | None,
    *,
    lang: str,
    last_year: int,
) -> list[float]:
    """Both compound paths with their status at the end, the level and its marker; the values drawn. The status
    is written right of the plot's last year (`last_year`), clear of the figures greyed after the plan."""
    values: list[float] = []
    styled = (
        (growth, (ORANGE, "dash"), "chart.legend.growth_path"),
        (level, (PURPLE, "dashdot"), "chart.legend.level_path"),
    )
    for progress, style, key in styled:
        if progress is None or progress.baseline is None or progress.target is None:
            continue
        target = plan.target(progress.id)
        unit = plan.indicator(target.indicator).unit
        growing = progress.kind == "annual_growth"
        goal = rate_text(progress.target, lang) if growing else i18n.format_value(progress.target, unit, lang)
        name = plotly_say(key, lang, rate=goal, level=goal)
        trace = path_trace(target, progress.baseline, name, style, unit=unit, lang=lang)
        figure.add_trace(trace)
        values += [float(v) for v in trace.y]
        if progress.latest is not None:
            short = say("chart.label.a_year", lang, rate=goal) if growing else goal
            _path_status(figure, max(target.target_year, last_year), values[-1], short, progress, lang=lang)
        if not growing:
            _level_line(figure, (target.baseline_year, target.target_year), progress.target)
            figure.add_trace(goal_marker(target.target_year, progress.target, unit, lang, VERMILLION))
    return values


def compound_chart(plan: Plan, figures: pd.DataFrame, assessment: Assessment, target_id: str, lang: str) -> Chart:
    """A compound target's series against both its targets' paths (g a year; the compound path to the level),
    the projection and the level (revenue in the plan)."""
    target = plan.target(target_id)
    growth, level = _compound(plan, assessment, target)
    main = growth or level or assessment.target(target_id)
    indicator = plan.indicator(target.indicator)
    rows = metrics.total_rows(figures, target.indicator, target.region)
    figure = go.Figure()
    last_year = max([target.target_year, *(int(y) for y in rows["year"])])
    values = [float(v) for v in rows["value"]] + _draw_paths(
        figure, plan, growth, level, lang=lang, last_year=last_year
    )
    if main.projected is not None and main.latest_year is not None:
        projection = projection_trace(main, plan.target(main.id).target_year, indicator.unit, lang, GREEN)
        figure.add_trace(projection)
        values += [float(v) for v in projection.y]
    figure.add_traces(actual_traces(rows, indicator.unit, lang, target_year=target.target_year))
    figure.add_traces(flag_traces(rows, lang, target_year=target.target_year))
    if values:
        money_axis(figure, values, lang)
    figure.update_yaxes(title={"text": plotly_text(indicator.label.get(lang))})
    figure.update_xaxes(range=_plan_years_range(rows, plan.baseline_year, target.target_year))
    finished = finish(
        figure,
        lang=lang,
        title=compound_title(plan, growth, level, lang) or indicator.label.get(lang),
        subtitle=subtitle(plan, assessment.as_of, lang),
        sources=sources_of(rows, lang),
        method_note=method_note("compound", lang, y0=plan.baseline_year),
    )
    finished.figure.update_layout(margin={"r": 190})  # room for the status written at each path's end
    return finished
