"""The look every chart shares: palette, marker shapes, fonts, and `finish` (title, footer, separators).

A finished chart reads on its own when exported: a title that states the finding, a subtitle with the as-of
year, the legend above the plot, and the source line and a one-line method note printed inside the image.
On a page (`for_screen`) those words are written as text beside the plot instead, so they wrap at any
width. Colours are Okabe-Ito (safe with the common colour-vision deficiencies); status is also shown by word
and marker shape, never by colour alone. Imports `config`, `plan`, `i18n`, `chart_text`.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from functools import cache

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from planmetrics import config, i18n
from planmetrics.plan import Plan
from planmetrics.words import say

# Okabe-Ito. Lines and markers only; every text is INK or GREY (contrast >= 7:1 on white, WCAG AA and more).
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"
INK, GREY, GRID = "#1A1A1A", "#595959", "#E5E5E5"
FONT = "Source Sans Pro, Arial, sans-serif"
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
TITLE_WIDTH = 85  # characters of a title line before it wraps (about 900 px at 18 px)
FOOTER_WIDTH = 150  # characters of a footer line (about 1,050 px at 12 px)
LINE_PX = 17  # height of a 12-13 px line of text, with its leading
FOOTER = "footer"  # the name of the footer annotation
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
) -> go.Figure:
    """Apply the shared look: finding as title, subtitle, legend above, sources and method note beneath.

    `height` is the plot's own height; the title and footer add their lines to it.
    """
    title_lines = title_wrap(title)
    note = method_note if method_note is not None else default_method_note(lang)
    sources_line = say("chart.footer.sources", lang, sources=sources)
    footer = [*_wrap(sources_line, 2), *_wrap(note, 2)]
    top = 96 + 24 * (len(title_lines) - 1)
    bottom = 62 + LINE_PX * len(footer)
    total = height + top + bottom
    figure.update_layout(
        template=template(),
        paper_bgcolor="white",
        plot_bgcolor="white",
        separators=i18n.plotly_separators(lang),
        font={"family": FONT, "size": 13, "color": INK},
        title={
            "text": "<br>".join(f"<b>{line}</b>" for line in title_lines),
            "subtitle": {"text": subtitle, "font": {"color": GREY, "size": 13}},
            "font": {"size": 18, "color": INK},
            "x": 0.01,
            "xanchor": "left",
            "xref": "container",
            # Plotly anchors a multi-line title by its first line: move it down by the lines it adds.
            "y": 1 - (14 + 22 * (len(title_lines) - 1)) / total,
            "yref": "container",
            "yanchor": "top",
        },
        height=total,
        margin={"l": 80, "r": 40, "t": top + 34, "b": bottom},
        legend={"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom", "font": {"size": 13}},
        hoverlabel={"font": {"family": FONT, "size": 13}, "bgcolor": "white", "bordercolor": GREY},
        annotations=[*figure.layout.annotations, _footer(footer)],
        # The words as plain text, for reports, slides and pages (which write them as text that wraps).
        meta={"finding": title, "subtitle": subtitle, "footer": [sources_line, note], "plot_height": height},
    )
    figure.update_xaxes(dtick=1, tickformat="d", showgrid=False, linecolor=GREY, ticks="outside", tickcolor=GREY)
    figure.update_yaxes(gridcolor=GRID, zeroline=False, linecolor=GREY, ticks="", automargin=True)
    return figure


def plain_title(figure: go.Figure) -> str:
    """The chart's finding as one plain sentence (its title before it was broken into lines)."""
    meta = figure.layout.meta
    return str(meta["finding"]) if isinstance(meta, dict) and "finding" in meta else ""


@dataclass(frozen=True)
class ScreenChart:
    """A finished chart as a page shows it: the words as text (they wrap at any width), the plot without them."""

    finding: str
    subtitle: str
    footer: tuple[str, ...]
    figure: go.Figure


def for_screen(figure: go.Figure) -> ScreenChart:
    """The chart for a page, whose column may be far narrower than the 1200 px image the words were laid out
    for: title, subtitle and footer come out of the figure, which keeps its plot, legend and labels."""
    meta = figure.layout.meta
    if not (isinstance(meta, dict) and "plot_height" in meta):
        return ScreenChart("", "", (), figure)
    screen = go.Figure(figure)
    screen.update_layout(
        title={"text": "", "subtitle": {"text": ""}},
        height=int(meta["plot_height"]) + SCREEN_MARGINS,
        margin={"t": 40, "b": 50},
    )
    screen.layout.annotations = [a for a in figure.layout.annotations if a.name != FOOTER]
    return ScreenChart(str(meta["finding"]), str(meta["subtitle"]), tuple(meta["footer"]), screen)


def title_wrap(title: str, width: int = TITLE_WIDTH) -> list[str]:
    """A long title on two or more lines, broken between its ` · ` parts where it can be."""
    lines: list[str] = []
    for part in title.split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines += textwrap.wrap(part, width) or [""]
    return lines


def _footer(lines: list[str]) -> go.layout.Annotation:
    return go.layout.Annotation(
        name=FOOTER,
        text="<br>".join(lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-44,
        showarrow=False,
        align="left",
        font={"size": 12, "color": GREY},
    )


def _wrap(text: str, max_lines: int, width: int = FOOTER_WIDTH) -> list[str]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], shorten(" ".join(lines[max_lines - 1 :]), width)]
    return lines


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def subtitle(plan: Plan, as_of: int | None, lang: str) -> str:
    """`As of 2018 · baseline 2014 · target year 2020` (without the as-of year when there is no figure)."""
    key = "chart.subtitle" if as_of is not None else "chart.subtitle.no_data"
    return say(key, lang, as_of=as_of, y0=plan.baseline_year, ty=plan.target_year)


def sources_of(rows: pd.DataFrame) -> str:
    """The distinct sources of the figures drawn, in order; the full text is in each point's hover."""
    return "; ".join(dict.fromkeys(str(s) for s in rows["source"].dropna() if str(s))) or "—"


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


def _nice_step(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw))
