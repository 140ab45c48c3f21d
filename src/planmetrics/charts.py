"""Engine results -> plotly figures, one function a chart. No I/O, no streamlit.

Every chart is made to be read on its own, on screen or exported: a title that states the finding, the as-of
year, the source line and a one-line method note inside the image, a colour-blind-safe palette (Okabe-Ito),
status shown by word and marker shape as well as colour, numbers formatted for the reader's language.
Imports `config`, `plan`, `metrics`, `i18n`, `ui_text`.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from planmetrics import config, i18n, metrics
from planmetrics.metrics import Assessment, TargetProgress
from planmetrics.plan import Plan
from planmetrics.presenters import breakdown_rows, dimension_label
from planmetrics.ui_text import ui

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; all >= 3:1 against white.
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#595959"
STATUS_SYMBOL = {
    "achieved": "star",
    "on_track": "circle",
    "needs_acceleration": "diamond",
    "limited_progress": "square",
    "deteriorating": "triangle-down",
    "missed": "x",
    "no_data": "circle-open",
    "improving": "triangle-up",
    "stable": "circle",
    "worsening": "triangle-down",
}
FONT = "Source Sans Pro, Arial, sans-serif"


# ------------------------------------------------------------------ shared finish


def finish(figure: go.Figure, *, lang: str, title: str, subtitle: str, sources: str, height: int = 500) -> go.Figure:
    """Title with its finding, subtitle, legend above the plot, sources and method note beneath it."""
    source_lines = _wrap(f"{ui('chart.sources', lang)} {_shorten(sources, 220)}", 2)
    footer = [*source_lines, "", *_wrap(ui("chart.method_note", lang), 2)]
    figure.update_layout(
        template="plotly_white",
        separators=i18n.plotly_separators(lang),
        font={"family": FONT, "size": 13, "color": "#1A1A1A"},
        title={
            "text": f"<b>{title}</b>",
            "subtitle": {"text": subtitle, "font": {"color": GREY}},
            "x": 0.01,
            "xanchor": "left",
            "y": 0.98,
            "yanchor": "top",
        },
        height=height + 16 * len(footer),
        margin={"l": 70, "r": 30, "t": 120, "b": 60 + 16 * len(footer)},
        legend={"orientation": "h", "x": 0, "y": 1.0, "xanchor": "left", "yanchor": "bottom"},
        hoverlabel={"font": {"family": FONT, "size": 13}},
        annotations=[
            *figure.layout.annotations,
            {
                "text": "<br>".join(footer),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "top",
                "yshift": -45,
                "showarrow": False,
                "align": "left",
                "font": {"size": 11, "color": GREY},
            },
        ],
    )
    figure.update_xaxes(dtick=1, tickformat="d", showgrid=False, linecolor=GREY, ticks="outside")
    figure.update_yaxes(gridcolor="#E5E5E5", zeroline=False, linecolor=GREY)
    return figure


def _wrap(text: str, max_lines: int, width: int = 115) -> list[str]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _shorten(" ".join(lines[max_lines - 1 :]), width)]
    return lines


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _subtitle(plan: Plan, as_of: int | None, lang: str) -> str:
    return ui("chart.subtitle", lang, as_of=as_of or "—", y0=plan.baseline_year, ty=plan.target_year)


def _sources(rows: pd.DataFrame) -> str:
    return "; ".join(dict.fromkeys(str(s) for s in rows["source"].dropna())) or "—"


def _money_axis(figure: go.Figure, values: list[float], lang: str) -> None:
    """Dollar ticks written as a reader writes them (`45 G$`, `$45B`), at round steps."""
    low, high = min(values), max(values)
    step = _nice_step((high - low) / 5 or high / 5 or 1)
    ticks = [step * k for k in range(math.floor(low / step), math.ceil(high / step) + 1)]
    figure.update_yaxes(tickvals=ticks, ticktext=[i18n.format_money(t, lang) for t in ticks])


def _nice_step(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw))


# ------------------------------------------------------------------ actual figures


def _series_rows(figures: pd.DataFrame, indicator: str, region: str) -> pd.DataFrame:
    rows = figures[
        (figures["indicator"] == indicator)
        & (figures["region"] == region)
        & (figures["sector"] == config.TOTAL_SECTOR)
        & (figures["network"] == config.TOTAL_NETWORK)
    ]
    return rows.sort_values("year")


def _hover_data(rows: pd.DataFrame, unit: str, lang: str) -> list[list[str]]:
    return [
        [i18n.format_value(v, unit, lang, compact=False), i18n.flag_word(f, lang) or "", _shorten(str(s or "—"), 90)]
        for v, f, s in zip(rows["value"], rows["flag"], rows["source"], strict=True)
    ]


HOVER = "<b>%{x}</b><br>%{customdata[0]}<br><i>%{customdata[1]}</i><br>%{customdata[2]}<extra>%{fullData.name}</extra>"


def _actual_trace(rows: pd.DataFrame, unit: str, lang: str, name: str) -> go.Scatter:
    flagged = rows["flag"].notna() & (rows["flag"] != "")
    return go.Scatter(
        x=rows["year"].tolist(),
        y=rows["value"].tolist(),
        name=name,
        mode="lines+markers",
        line={"color": BLUE, "width": 3},
        marker={
            "size": 9,
            "color": BLUE,
            "symbol": ["circle-open" if f else "circle" for f in flagged],
            "line": {"width": 2, "color": BLUE},
        },
        customdata=_hover_data(rows, unit, lang),
        hovertemplate=HOVER,
    )


def _status_marker(progress: TargetProgress, lang: str) -> go.Scatter:
    """The latest figure marked with its status: word and shape, not colour alone."""
    word = i18n.status_word(progress.status, lang)
    return go.Scatter(
        x=[progress.latest_year],
        y=[progress.latest],
        mode="markers+text",
        name=word,
        showlegend=False,
        marker={
            "size": 16,
            "symbol": STATUS_SYMBOL[progress.status],
            "color": BLUE,
            "line": {"width": 2, "color": "white"},
        },
        text=[f"<b>{word}</b>"],
        textposition="top left",
        textfont={"size": 13, "color": "#1A1A1A"},
        hoverinfo="skip",
    )


# ------------------------------------------------------------------ target charts


def finding(plan: Plan, progress: TargetProgress, lang: str) -> str:
    """The title: what the chart shows, e.g. `Jobs: on track, 116,000 in 2018 (+16,000 of +20,000)`."""
    target = plan.target(progress.id)
    unit = plan.indicator(progress.indicator).unit
    status = i18n.status_word(progress.status, lang).lower()
    if progress.latest is None or progress.latest_year is None:
        return ui("chart.finding_none", lang, label=target.label.get(lang), status=status)
    latest = i18n.format_value(progress.latest, unit, lang)
    if progress.kind == "increase_by" and progress.baseline is not None:
        gain = i18n.format_value(progress.latest - progress.baseline, unit, lang, compact=False)
        goal = i18n.format_value(progress.target, unit, lang, compact=False)
        return ui(
            "chart.finding_gain",
            lang,
            label=target.label.get(lang),
            status=status,
            latest=latest,
            year=progress.latest_year,
            gain=("+" if not gain.startswith("−") else "") + gain,
            goal="+" + goal,
        )
    return ui(
        "chart.finding", lang, label=target.label.get(lang), status=status, latest=latest, year=progress.latest_year
    )


def _path_trace(plan: Plan, progress: TargetProgress, name: str, colour: str, dash: str) -> go.Scatter:
    path = metrics.expected_path(plan.target(progress.id), float(progress.baseline or 0))
    return go.Scatter(
        x=path["year"].tolist(),
        y=path["expected"].tolist(),
        name=name,
        mode="lines",
        line={"color": colour, "width": 2, "dash": dash},
        hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>",
    )


def _projection_trace(plan: Plan, progress: TargetProgress, lang: str) -> go.Scatter | None:
    if progress.projected is None or progress.latest_year is None:
        return None
    ty = plan.target(progress.id).target_year
    return go.Scatter(
        x=[progress.latest_year, ty],
        y=[progress.latest, progress.projected],
        mode="lines",
        name=ui("chart.projection", lang),
        line={"color": GREEN, "width": 2, "dash": "dot"},
        hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>",
    )


def _goal_marker(x: int, y: float, name: str, colour: str) -> go.Scatter:
    return go.Scatter(
        x=[x],
        y=[y],
        mode="markers",
        name=name,
        marker={"size": 14, "symbol": "star-diamond", "color": colour},
        hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>",
    )


def target_chart(plan: Plan, figures: pd.DataFrame, progress: TargetProgress, lang: str) -> go.Figure:
    """An `increase_by` target: actual, the straight target path, the projection, the goal."""
    target = plan.target(progress.id)
    unit = plan.indicator(target.indicator).unit
    rows = _series_rows(figures, target.indicator, target.region)
    figure = go.Figure()
    if progress.baseline is None or rows.empty:
        region = plan.region(target.region)
        where = region.label.get(lang) if region else target.region
        figure.add_annotation(
            text=ui(
                "chart.no_figures",
                lang,
                region=where,
                indicator=plan.indicator(target.indicator).label.get(lang).lower(),
            ),
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            showarrow=False,
            font={"size": 15, "color": GREY},
        )
        figure.update_xaxes(range=[target.baseline_year - 0.5, target.target_year + 0.5])
        figure.update_yaxes(showticklabels=False)
    else:
        figure.add_trace(_path_trace(plan, progress, ui("chart.target_path", lang), ORANGE, "dash"))
        projection = _projection_trace(plan, progress, lang)
        if projection is not None:
            figure.add_trace(projection)
        figure.add_trace(_actual_trace(rows, unit, lang, ui("chart.actual", lang)))
        figure.add_trace(
            _goal_marker(
                target.target_year, float(progress.baseline) + target.value, ui("chart.goal", lang), VERMILLION
            )
        )
        if progress.latest is not None:
            figure.add_trace(_status_marker(progress, lang))
        figure.update_yaxes(tickformat=",.0f", title={"text": plan.indicator(target.indicator).label.get(lang)})
    return finish(
        figure,
        lang=lang,
        title=finding(plan, progress, lang),
        subtitle=_subtitle(plan, progress.latest_year, lang),
        sources=_sources(rows),
    )


def revenue_chart(plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str) -> go.Figure:
    """Revenue against both target paths: growth of g a year, and the compound path to the level."""
    revenue_targets = [assessment.target(t.id) for t in plan.targets if t.indicator == "revenue"]
    rows = _series_rows(figures, "revenue", config.TOTAL_REGION)
    figure = go.Figure()
    values = rows["value"].tolist()
    styles = {"annual_growth": (ORANGE, "dash"), "reach": (PURPLE, "dashdot")}
    for progress in (p for p in revenue_targets if p.baseline is not None):
        colour, dash = styles.get(progress.kind, (ORANGE, "dash"))
        name = ui(
            f"chart.path_{progress.kind}",
            lang,
            goal=i18n.format_percent(progress.target, lang)
            if progress.kind == "annual_growth"
            else i18n.format_money(progress.target, lang),
        )
        trace = _path_trace(plan, progress, name, colour, dash)
        figure.add_trace(trace)
        values += list(trace.y)
    level = next((p for p in revenue_targets if p.kind == "reach"), None)
    if level is not None and level.target is not None:
        figure.add_trace(
            _goal_marker(plan.target(level.id).target_year, level.target, ui("chart.goal", lang), VERMILLION)
        )
    main = next((p for p in revenue_targets if p.latest is not None), None)
    if main is not None:
        projection = _projection_trace(plan, main, lang)
        if projection is not None:
            figure.add_trace(projection)
            values += list(projection.y)
    figure.add_trace(_actual_trace(rows, "dollars", lang, ui("chart.actual", lang)))
    if values:
        _money_axis(figure, values, lang)
    title = finding(plan, main, lang) if main is not None else ui("revenue.title", lang)
    if main is not None and level is not None and level is not main:
        title += " · " + ui("chart.level_status", lang, status=i18n.status_word(level.status, lang).lower())
    return finish(
        figure, lang=lang, title=title, subtitle=_subtitle(plan, assessment.as_of, lang), sources=_sources(rows)
    )


# ------------------------------------------------------------------ breakdowns and trends


def breakdown_chart(
    plan: Plan, figures: pd.DataFrame, indicator: str, dimension: str, *, year: int, lang: str
) -> go.Figure:
    """Horizontal bars of the figures of one year by sector, region or network, largest at the top."""
    unit = plan.indicator(indicator).unit
    rows = breakdown_rows(figures[figures["indicator"] == indicator], dimension, year)
    rows = rows[rows["year"] == year].sort_values("value")
    labels = [dimension_label(plan, dimension, v, lang) for v in rows[dimension]]
    texts = [i18n.format_value(v, unit, lang) for v in rows["value"]]
    figure = go.Figure(
        go.Bar(
            x=rows["value"].tolist(),
            y=labels,
            orientation="h",
            marker={"color": BLUE},
            text=texts,
            textposition="outside",
            cliponaxis=False,
            name=plan.indicator(indicator).label.get(lang),
            customdata=_hover_data(rows, unit, lang),
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>%{customdata[2]}<extra></extra>",
        )
    )
    figure.update_xaxes(showticklabels=False, showgrid=False, dtick=None, tickformat=None)
    title = ui(
        "chart.breakdown",
        lang,
        indicator=plan.indicator(indicator).label.get(lang),
        dimension=ui(f"dim.{dimension}", lang),
        year=year,
    )
    finished = finish(
        figure,
        lang=lang,
        title=title,
        subtitle=_subtitle(plan, year, lang),
        sources=_sources(rows),
        height=max(380, 140 + 34 * len(rows)),
    )
    finished.update_xaxes(dtick=None, tickformat=None, showticklabels=False)
    finished.update_layout(showlegend=False, margin={"l": 180, "r": 80})
    return finished


def contribution_chart(plan: Plan, figures: pd.DataFrame, progress: TargetProgress, lang: str) -> go.Figure | None:
    """Each network's change between the baseline and the latest year, as a share of the net change."""
    if progress.baseline_year is None or progress.latest_year is None:
        return None
    rows = breakdown_rows(figures[figures["indicator"] == progress.indicator], "network", progress.latest_year)
    wide = rows.pivot_table(index="network", columns="year", values="value", aggfunc="first")
    if progress.baseline_year not in wide or progress.latest_year not in wide:
        return None
    change = (wide[progress.latest_year] - wide[progress.baseline_year]).dropna().sort_values()
    if change.empty:
        return None
    unit = plan.indicator(progress.indicator).unit
    figure = go.Figure(
        go.Bar(
            x=change.tolist(),
            y=change.index.tolist(),
            orientation="h",
            marker={"color": [GREEN if v >= 0 else VERMILLION for v in change]},
            text=[i18n.format_value(v, unit, lang, compact=False) for v in change],
            textposition="outside",
            cliponaxis=False,
        )
    )
    title = ui("jobs.contribution", lang)
    finished = finish(
        figure,
        lang=lang,
        title=title,
        subtitle=_subtitle(plan, progress.latest_year, lang),
        sources=_sources(rows),
        height=max(380, 140 + 34 * len(change)),
    )
    finished.update_xaxes(dtick=None, tickformat=",.0f")
    finished.update_layout(showlegend=False, margin={"l": 180, "r": 80})
    return finished


def trend_chart(plan: Plan, figures: pd.DataFrame, indicator_id: str, lang: str, *, small: bool = False) -> go.Figure:
    """A tracked indicator's figures, with its least-squares trend over the last three."""
    indicator = plan.indicator(indicator_id)
    rows = _series_rows(figures, indicator_id, config.TOTAL_REGION)
    figure = go.Figure(_actual_trace(rows, indicator.unit, lang, ui("chart.actual", lang)))
    last = rows.tail(3)
    if len(last) >= 2:
        slope = metrics.trend_slope(last.set_index("year")["value"])
        centre_x, centre_y = float(last["year"].mean()), float(last["value"].mean())
        xs = [int(last["year"].min()), int(last["year"].max())]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=[centre_y + slope * (x - centre_x) for x in xs],
                mode="lines",
                name=ui("chart.trend", lang),
                line={"color": ORANGE, "width": 2, "dash": "dash"},
                hoverinfo="skip",
            )
        )
    if small:
        figure.update_layout(
            height=90,
            margin={"l": 0, "r": 0, "t": 0, "b": 0},
            showlegend=False,
            template="plotly_white",
            separators=i18n.plotly_separators(lang),
        )
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
        return figure
    figure.update_yaxes(tickformat=",.0f")
    title = indicator.label.get(lang)
    return finish(
        figure,
        lang=lang,
        title=title,
        subtitle=_subtitle(plan, int(rows["year"].max()) if not rows.empty else None, lang),
        sources=_sources(rows),
        height=420,
    )


def sparkline(figures: pd.DataFrame, indicator: str, region: str, lang: str) -> go.Figure | None:
    """A card's small trend line: the series alone, no axes (None with fewer than two figures)."""
    rows = _series_rows(figures, indicator, region)
    if len(rows) < 2:
        return None
    figure = go.Figure(
        go.Scatter(
            x=rows["year"].tolist(),
            y=rows["value"].tolist(),
            mode="lines+markers",
            line={"color": BLUE, "width": 2},
            marker={"size": 5},
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
        )
    )
    figure.update_layout(
        height=70,
        margin={"l": 0, "r": 0, "t": 4, "b": 4},
        showlegend=False,
        template="plotly_white",
        separators=i18n.plotly_separators(lang),
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure


def constant_dollars_chart(plan: Plan, revenue: pd.DataFrame, real: pd.Series, lang: str) -> go.Figure:
    """Revenue in nominal dollars beside the same revenue in dollars of the baseline year."""
    rows = _series_rows(revenue, "revenue", config.TOTAL_REGION)
    figure = go.Figure(_actual_trace(rows, "dollars", lang, ui("chart.nominal", lang)))
    figure.add_trace(
        go.Scatter(
            x=real.index.tolist(),
            y=real.tolist(),
            mode="lines+markers",
            name=ui("chart.constant", lang, year=plan.baseline_year),
            line={"color": PURPLE, "width": 3, "dash": "dash"},
            marker={"symbol": "square", "size": 8},
            hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>",
        )
    )
    _money_axis(figure, [*rows["value"].tolist(), *real.tolist()], lang)
    title = ui("revenue.constant", lang, year=plan.baseline_year)
    return finish(
        figure, lang=lang, title=title, subtitle=_subtitle(plan, int(real.index.max()), lang), sources=_sources(rows)
    )


def chart_frame(plan: Plan, figures: pd.DataFrame, indicator: str, region: str, lang: str) -> pd.DataFrame:
    """The data behind a chart of one series: year, value as written for the reader, note, source."""
    rows = _series_rows(figures, indicator, region)
    unit = plan.indicator(indicator).unit
    return pd.DataFrame(
        {
            ui("col.year", lang): rows["year"].astype(str).tolist(),
            ui("col.value", lang): [i18n.format_value(v, unit, lang, compact=False) for v in rows["value"]],
            ui("col.flag", lang): [i18n.flag_word(f, lang) for f in rows["flag"]],
            ui("col.source", lang): rows["source"].fillna("—").tolist(),
        }
    )
