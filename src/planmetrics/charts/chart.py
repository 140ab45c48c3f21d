"""A chart as its builder hands it over: the plot, and beside it the words that go with it (the finding, the
subtitle, the sources and the method); and `drawn`, the one place those words are written into a figure.

A page shows the words as text around the plot, so they wrap in any column; an image (PNG, SVG, PDF,
`planmetrics export`, the report's pictures) has them printed in, laid out for its 1,200 px width,
escaped there for plotly's HTML (they stay plain in the `Chart`, for the page and the report). Imports `look`,
`charts.text`.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go

from planmetrics.charts.text import plotly_text
from planmetrics.look import GREY, INK

TITLE_WIDTH = 85  # characters of a title line before it wraps (about 900 px at 18 px)
FOOTER_WIDTH = 150  # characters of a footer line (about 1,050 px at 12 px)
FOOTER_LINES = 2  # the most lines each footer text (sources, method) takes in an image
LINE_PX = 17  # height of a 12-13 px line of text, with its leading
LEGEND_PX = 30  # the room kept above the plot for a legend, given back by charts that have none
UNTITLED_TOP = 70  # top margin of a picture whose page writes the finding as text (the report's)
FOOTER = "footer"  # the name of the footer annotation


@dataclass(frozen=True)
class Chart:
    """A plot laid out for a page (no title, no footer) and its words, kept beside it.

    `plot_height` is the plot's own height, to which an image adds its title's and footer's lines;
    `legend_room` says whether the image keeps room above the plot for a legend.
    """

    figure: go.Figure
    finding: str
    subtitle: str
    footer: tuple[str, ...]
    plot_height: int
    legend_room: bool = True

    @property
    def image_height(self) -> int:
        """The height of the chart's image: the plot, the title's lines above it, the footer's beneath."""
        return self.plot_height + _top(title_wrap(self.finding)) + _bottom(_footer_lines(self.footer))


def _footer_lines(footer: tuple[str, ...]) -> list[str]:
    return [line for text in footer for line in _wrap(text, FOOTER_LINES)]


def _top(title_lines: list[str]) -> int:
    return 96 + 24 * (len(title_lines) - 1)


def _bottom(footer_lines: list[str]) -> int:
    return 62 + LINE_PX * len(footer_lines)


def drawn(chart: Chart, *, titled: bool = True) -> go.Figure:
    """The chart as an image shows it: the finding as its title, the subtitle, and the sources and method
    printed beneath the plot. `titled=False` for a picture whose page carries the finding as text."""
    title_lines = title_wrap(chart.finding)
    footer = _footer_lines(chart.footer)
    total = chart.image_height
    top = _top(title_lines) + 34 - (0 if chart.legend_room else LEGEND_PX)
    image = go.Figure(chart.figure)
    image.update_layout(
        height=total,
        margin={"t": top if titled else UNTITLED_TOP, "b": _bottom(footer)},
        annotations=[*chart.figure.layout.annotations, _footer(footer)],
    )
    if titled:
        image.update_layout(title=_title(title_lines, chart.subtitle, total))
    return image


def _title(lines: list[str], subtitle: str, total: int) -> dict[str, object]:
    return {
        "text": "<br>".join(f"<b>{plotly_text(line)}</b>" for line in lines),
        "subtitle": {"text": plotly_text(subtitle), "font": {"color": GREY, "size": 13}},
        "font": {"size": 18, "color": INK},
        "x": 0.01,
        "xanchor": "left",
        "xref": "container",
        # Plotly anchors a multi-line title by its first line: move it down by the lines it adds.
        "y": 1 - (14 + 22 * (len(lines) - 1)) / total,
        "yref": "container",
        "yanchor": "top",
    }


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
        text="<br>".join(plotly_text(line) for line in lines),
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
        lines = [*lines[: max_lines - 1], _shorten(" ".join(lines[max_lines - 1 :]), width)]
    return lines


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
