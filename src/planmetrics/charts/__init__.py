"""Engine results -> charts, one function a chart. No I/O, no streamlit.

A chart (`Chart`) is a plotly figure laid out for a page and, beside it, its words: a finding that states
what the chart shows, the as-of year, the sources and a one-line method note. A page writes them as text
around the plot; an image has them drawn in (`drawn`). Okabe-Ito colours (`look`), status shown by word and
marker shape as well as colour, numbers formatted for the reader's language. Which chart a target gets is
decided once (`chart_for_target`). This package re-exports what is used outside it.

Imports `config`, `plan`, `metrics`, `i18n`, `look`, `words`.
"""

from __future__ import annotations

from planmetrics.charts.chart import Chart, drawn
from planmetrics.charts.parts import breakdown_chart, contribution_chart
from planmetrics.charts.targets import chart_for_target, one_chart_each, rate_text, shown_with
from planmetrics.charts.trends import chart_frame, constant_dollars_chart, sparkline, trend_chart

__all__ = [
    "Chart",
    "breakdown_chart",
    "chart_for_target",
    "chart_frame",
    "constant_dollars_chart",
    "contribution_chart",
    "drawn",
    "one_chart_each",
    "rate_text",
    "shown_with",
    "sparkline",
    "trend_chart",
]
