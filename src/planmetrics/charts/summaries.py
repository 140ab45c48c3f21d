"""Which chart a name means (`overview`, `benefits`, a target id, or an indicator id: a target's indicator
draws its first target's chart, the others their trend), and the two summary charts: every target's
progress, and every tracked indicator's trend.

Shared by `planmetrics export` and the benchmarks. Imports `errors`, `plan`, `metrics`, `i18n`, `look`,
`words`, `charts`, `charts.text` (the plan file's labels enter the figure escaped).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from planmetrics import charts, i18n, metrics
from planmetrics.charts.chart import Chart
from planmetrics.charts.style import finish
from planmetrics.charts.targets import one_chart_each
from planmetrics.charts.text import plotly_text, plotly_texts
from planmetrics.errors import RefusedError
from planmetrics.look import INK, status_look
from planmetrics.metrics import Assessment, TargetProgress
from planmetrics.plan import Plan
from planmetrics.words import say


def chart_names(plan: Plan) -> list[str]:
    """Every name `chart` knows, once each: the overview, each target drawn on a chart of its own, each
    indicator with a target, the benefits, every other indicator."""
    targeted = [t.indicator for t in plan.targets]
    names = [
        "overview",
        *one_chart_each(plan, [t.id for t in plan.targets]),
        *targeted,
        "benefits",
        *(i.id for i in plan.indicators),
    ]
    return list(dict.fromkeys(names))


def build(name: str, plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str) -> go.Figure:
    """The chart called `name` as an image shows it, its words drawn in (`planmetrics export`)."""
    return charts.drawn(chart(name, plan, figures, assessment, lang))


def chart(name: str, plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str) -> Chart:
    """The chart called `name`, as drawn on its page."""
    if name == "overview":
        return overview_chart(plan, assessment, lang)
    if name == "benefits":
        return benefits_chart(plan, figures, assessment, lang)
    ids = [t.id for t in plan.targets]
    target_id = name if name in ids else next((t.id for t in plan.targets if t.indicator == name), None)
    if target_id is not None:
        return charts.chart_for_target(plan, figures, assessment, target_id, lang)
    if name in {i.id for i in plan.indicators}:
        return charts.trend_chart(plan, figures, name, lang, as_of=assessment.as_of)
    raise RefusedError(
        "export.unknown_chart", "export.unknown_chart.advice", chart=repr(name), known=", ".join(chart_names(plan))
    )


def overview_chart(plan: Plan, assessment: Assessment, lang: str) -> Chart:
    """Every numeric target's progress against what is expected by now, with its status in words."""
    numeric = [t for t in assessment.targets if t.kind != "track"]
    labels = plotly_texts(plan.target(t.id).label.get(lang) for t in numeric)
    shares = [max(t.progress, 0.0) if t.progress is not None else 0.0 for t in numeric]
    words = [_bar_words(t, lang) for t in numeric]
    figure = go.Figure(
        go.Bar(
            x=shares,
            y=labels,
            orientation="h",
            marker={"color": [status_look(t.status).colour for t in numeric]},
            text=plotly_texts(words),
            textposition="outside",
            cliponaxis=False,
            name=say("chart.progress", lang),
            hovertemplate="%{y}<br>%{text}<extra></extra>",
        )
    )
    expected = [_expected_share(t) for t in numeric]
    figure.add_trace(
        go.Scatter(
            x=expected,
            y=labels,
            mode="markers",
            name=say("chart.expected_now", lang),
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": INK}},
            hovertemplate="%{y}<br>" + say("chart.expected_now", lang) + ": %{x:.0%}<extra></extra>",
        )
    )
    title = say("chart.overview_title", lang, plan=plan.short_title.get(lang), as_of=assessment.as_of)
    finished = _finish_bars(figure, plan, assessment, lang, title=title, height=140 + 70 * len(numeric))
    ticks = [0.25 * k for k in range(6)]
    finished.figure.update_xaxes(
        range=[0, 1.35], tickvals=ticks, ticktext=[i18n.format_percent(t, lang, 0) for t in ticks]
    )
    finished.figure.update_layout(margin={"l": 260, "r": 40}, bargap=0.45)
    return finished


def _bar_words(progress: TargetProgress, lang: str) -> str:
    """`On track · 80%`; `Missed · 99%` once final; `On track · 80% · awaiting 2020` without the target year's
    figure (METHOD.md, "After the target year")."""
    words = [i18n.status_word(progress.status, lang)]
    words += [i18n.format_percent(progress.progress, lang, 0)] if progress.progress is not None else []
    words += [say("chart.label.awaiting", lang, ty=progress.awaiting_year)] if progress.awaiting_year else []
    return " · ".join(words)


def _expected_share(progress: TargetProgress) -> float | None:
    """The share of the target expected by the latest year on the target's path (None without data)."""
    if progress.expected is None or progress.baseline is None or progress.target is None:
        return None
    if progress.kind == "annual_growth":
        return 1.0  # judged on the growth rate itself: the full rate is expected every year
    end = progress.baseline + progress.target if progress.kind == "increase_by" else progress.target
    return (progress.expected - progress.baseline) / (end - progress.baseline) if end != progress.baseline else None


def benefits_chart(plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str) -> Chart:
    """Each tracked indicator's trend a year, as a share of its mean, with its status in words."""
    tracked = [t for t in assessment.targets if t.kind == "track"]
    rows = []
    for progress in tracked:
        series = metrics.total_series(figures, progress.id)
        series = series if assessment.as_of is None else series[series.index <= assessment.as_of]
        mean = float(series.tail(3).mean()) if not series.empty else 0.0
        relative = progress.observed_pace / mean if progress.observed_pace is not None and mean else 0.0
        rows.append((plotly_text(plan.indicator(progress.id).label.get(lang)), relative, progress.status))
    figure = go.Figure(
        go.Bar(
            x=[r[1] for r in rows],
            y=[r[0] for r in rows],
            orientation="h",
            marker={"color": [status_look(r[2]).colour for r in rows]},
            text=plotly_texts(i18n.status_word(r[2], lang) for r in rows),
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}<br>%{x:.1%}<extra></extra>",
        )
    )
    title = say("chart.benefits_title", lang)
    finished = _finish_bars(figure, plan, assessment, lang, title=title, height=140 + 48 * len(rows))
    axis = {"text": say("chart.trend_axis", lang)}
    finished.figure.update_xaxes(tickformat=".0%", dtick=None, title=axis, zeroline=True)
    finished.figure.update_layout(margin={"l": 300, "r": 120}, showlegend=False)
    return finished


def _finish_bars(figure: go.Figure, plan: Plan, assessment: Assessment, lang: str, *, title: str, height: int) -> Chart:
    """The shared look of a summary bar chart: finding, as-of subtitle, sources; first bar on top."""
    subtitle, sources = _subtitle(plan, assessment, lang), plan.source.get(lang)
    finished = finish(figure, lang=lang, title=title, subtitle=subtitle, sources=sources, height=height)
    finished.figure.update_yaxes(autorange="reversed")
    return finished


def _subtitle(plan: Plan, assessment: Assessment, lang: str) -> str:
    return say("chart.subtitle", lang, as_of=assessment.as_of or "—", y0=plan.baseline_year, ty=plan.target_year)
