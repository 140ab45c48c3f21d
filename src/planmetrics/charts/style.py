"""The look every chart shares and `finish`, which applies it and hands the chart over with its words.

A finished chart is laid out for a page: the legend above the plot, the axis labels beneath it, and the
finding, subtitle, sources and method kept beside the figure (`charts.chart.Chart`), to be written as text
around it or drawn into an image (`charts.chart.drawn`). Colours come from `look` (Okabe-Ito); numbers and
separators are the reader's. Imports `config`, `plan`, `i18n`, `look`, `words`, `charts.chart`.
"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from planmetrics import config, i18n
from planmetrics.charts.chart import Chart
from planmetrics.look import FONT, GREY, GRID, INK
from planmetrics.plan import Plan
from planmetrics.words import say, separated

SCREEN_MARGINS = 130  # on a page: the legend above the plot, the axis labels beneath it


@cache
def template() -> go.layout.Template:
    """plotly_white for the two kinds of trace the charts draw, made once, when the first chart is.

    Named, plotly copies the whole template (defaults for some twenty kinds of trace) into every chart: 30 ms
    each, against 6 ms; the charts are drawn the same. Made at import, it would cost every command that
    imports the charts without drawing one (`planmetrics progress`) 90 ms.
    """
    white = pio.templates["plotly_white"]
    return go.layout.Template(layout=white.layout, data={"bar": white.data.bar, "scatter": white.data.scatter})


def finish(
    figure: go.Figure,
    *,
    lang: str,
    title: str,
    subtitle: str,
    sources: str,
    method_note: str | None = None,
    height: int = 500,
    legend_room: bool = True,
) -> Chart:
    """Apply the shared look and hand the chart over with its words: the finding (`title`), the subtitle, the
    sources and the method note. `height` is the plot's own; `legend_room=False` for a chart without a legend.
    """
    note = method_note if method_note is not None else default_method_note(lang)
    figure.update_layout(
        template=template(),
        paper_bgcolor="white",
        plot_bgcolor="white",
        separators=i18n.plotly_separators(lang),
        font={"family": FONT, "size": 13, "color": INK},
        height=height + SCREEN_MARGINS,
        margin={"l": 80, "r": 40, "t": 40, "b": 50},
        legend={"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom", "font": {"size": 13}},
        hoverlabel={"font": {"family": FONT, "size": 13}, "bgcolor": "white", "bordercolor": GREY},
    )
    figure.update_xaxes(dtick=1, tickformat="d", showgrid=False, linecolor=GREY, ticks="outside", tickcolor=GREY)
    figure.update_yaxes(gridcolor=GRID, zeroline=False, linecolor=GREY, ticks="", automargin=True)
    footer = (say("chart.footer.sources", lang, sources=sources), note)
    return Chart(figure, title, subtitle, footer, plot_height=height, legend_room=legend_room)


def subtitle(plan: Plan, as_of: int | None, lang: str) -> str:
    """`As of 2018 · baseline 2014 · target year 2020` (without the as-of year when there is no figure)."""
    key = "chart.subtitle" if as_of is not None else "chart.subtitle.no_data"
    return say(key, lang, as_of=as_of, y0=plan.baseline_year, ty=plan.target_year)


def sources_of(rows: pd.DataFrame, lang: str) -> str:
    """The distinct sources of the figures drawn, in order (in French where they have it); the full text is in
    each point's hover."""
    french = rows[config.SOURCE_FR] if config.SOURCE_FR in rows else [None] * len(rows)
    texts = (i18n.source_text(s, f, lang) for s, f in zip(rows["source"], french, strict=True))
    return separated(dict.fromkeys(text for text in texts if text), lang) or "—"


def _thresholds(lang: str) -> dict[str, str]:
    return {
        "on_track": i18n.format_percent(config.ON_TRACK_RATIO, lang, 0),
        "needs": i18n.format_percent(config.NEEDS_ACCELERATION_RATIO, lang, 0),
        "stable": i18n.format_percent(config.STABLE_SLOPE_SHARE, lang),
    }


def method_note(kind: str, lang: str, **values: object) -> str:
    """The one-line method note of a chart: `status`, `increase_by`, `compound`, `track`, `breakdown`, ..."""
    return say(f"chart.method.{kind}", lang, **_thresholds(lang), **values)


def default_method_note(lang: str) -> str:
    """For charts that judge targets of several kinds (the overview): the status scale and its origin."""
    return method_note("status", lang)


def money_axis(figure: go.Figure, values: list[float], lang: str) -> None:
    """Dollar ticks written as a reader writes them (`45 G$`, `$45B`), at round steps."""
    low, high = min(values), max(values)
    step = _nice_step((high - low) / 5 or abs(high) / 5 or 1)
    ticks = [step * k for k in range(math.floor(low / step), math.ceil(high / step) + 1)]
    figure.update_yaxes(tickvals=ticks, ticktext=[i18n.format_money(t, lang) for t in ticks])


def drawn_values(figure: go.Figure) -> list[float]:
    """Every finite number the figure's traces draw on the y axis: what an axis's ticks must cover."""
    return [
        float(v)
        for trace in figure.data
        for v in (getattr(trace, "y", None) or ())
        if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
    ]


def percent_axis(figure: go.Figure, lang: str) -> None:
    """A share's ticks written as a reader writes them (`2,5 %`, `2.5%`), at round steps over every value the
    figure draws: a share of jobs moves by tenths of a percent, which whole-number ticks would never show."""
    values = drawn_values(figure)
    if not values:
        return
    low, high = min(values), max(values)
    step = _nice_step((high - low) / 5 or abs(high) / 5 or 0.01)
    decimals = len(f"{step * 100:.6g}".partition(".")[2])
    ticks = [step * k for k in range(math.floor(low / step), math.ceil(high / step) + 1)]
    figure.update_yaxes(tickvals=ticks, ticktext=[i18n.format_percent(t, lang, decimals) for t in ticks])


def _nice_step(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw))


def whole_ticks(figure: go.Figure) -> None:
    """A count's axis on whole numbers, each once: at a round step of at least 1 from 0, over every value the
    figure draws. Left to plotly, 20 to 22 partner countries read 22, 22, 21, 21, 20 (steps of 0.5 written
    without decimals)."""
    values = drawn_values(figure)
    if not values:
        return
    raw = (max(values) - min(values)) / 8  # some five to eight ticks once plotly pads the range
    step = 1.0 if raw <= 1 else _whole_step(raw)
    figure.update_yaxes(tickmode="linear", tick0=0, dtick=step, tickformat=",.0f")


def _whole_step(raw: float) -> float:
    """The smallest of 1, 2, 5, 10, 20, 25, 50, … at least `raw` (`raw` above 1): always a whole number."""
    magnitude = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if magnitude == 1 else (1, 2, 2.5, 5, 10)
    return float(next(m * magnitude for m in steps if m * magnitude >= raw))
