"""Engine results -> plotly figures, one function a chart. No I/O, no streamlit.

Every chart reads on its own, on screen or exported: a title that states the finding, the as-of year, the
source line and a one-line method note inside the image, an Okabe-Ito palette, status shown by word and marker
shape as well as colour, numbers formatted for the reader's language. Imports `config`, `plan`, `metrics`,
`i18n`, `chart_text`.
"""

from __future__ import annotations

from planmetrics.charts.parts import breakdown_chart, contribution_chart, part_rows
from planmetrics.charts.style import (
    BLUE,
    GREEN,
    GREY,
    INK,
    ORANGE,
    PURPLE,
    STATUS_SYMBOL,
    VERMILLION,
    ScreenChart,
    finish,
    for_screen,
    method_note,
    plain_title,
)
from planmetrics.charts.targets import finding, revenue_chart, revenue_title, target_chart
from planmetrics.charts.trends import chart_frame, constant_dollars_chart, sparkline, trend_chart

__all__ = [
    "BLUE",
    "GREEN",
    "GREY",
    "INK",
    "ORANGE",
    "PURPLE",
    "STATUS_SYMBOL",
    "VERMILLION",
    "ScreenChart",
    "breakdown_chart",
    "chart_frame",
    "constant_dollars_chart",
    "contribution_chart",
    "finding",
    "finish",
    "for_screen",
    "method_note",
    "part_rows",
    "plain_title",
    "revenue_chart",
    "revenue_title",
    "sparkline",
    "target_chart",
    "trend_chart",
]
