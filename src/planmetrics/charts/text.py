"""Text on its way into a plotly figure, as plain text: the one door through which every label, name, source,
commentary and message enters a chart.

Plotly draws a subset of HTML in every text it shows (labels, hovers, legends, titles, annotations, tick
text): `<b>`, `<br>`, `<span style=...>`, `<a href=...>`, and character entities. A sector named `<span
style="font-size:120px">` would cover the chart and an `<a href>` would become a link, so a text from a file,
a plan file or a person reaches the figure with `&`, `<` and `>` written as entities: plotly shows it as
typed. The charts' own markup (the `<br>` joining a title's lines, `<b>` in a hover template or in a
catalogue entry such as `chart.label.path_status`) is added around escaped text, never escaped itself.
Each text is escaped once, where it enters the figure; a chart's words kept beside it (`Chart.finding`,
`subtitle`, `footer`) stay plain, for the page's Markdown and the report's text, and are escaped by
`charts.chart.drawn` when an image prints them. Imports `words`.
"""

from __future__ import annotations

from collections.abc import Iterable

from planmetrics.words import say

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def plotly_text(text: object) -> str:
    """`text` as plotly shows it, written as typed: `<b>x</b>` stays those eight characters, not bold x."""
    return str(text).translate(_ENTITIES)


def plotly_texts(texts: Iterable[object]) -> list[str]:
    """Each of `texts` (labels of bars, a trace's categories) as plotly shows it, written as typed."""
    return [plotly_text(text) for text in texts]


def plotly_say(key: str, lang: str, **values: object) -> str:
    """The catalogue's text for `key`, for a figure: the values filled in (names, labels, sources) escaped, the
    catalogue's own markup (`<b>` in `chart.label.path_status`) kept."""
    return say(key, lang, **{name: plotly_text(value) for name, value in values.items()})
