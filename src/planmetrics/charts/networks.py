"""Each member network's part in each target in one year, as a heatmap with its numbers written in every cell,
and the table of the same numbers beside it (the chart's data and download).

A row a network (the plan's order), a column a target (the plan's order). A cell's colour is the network's
share of the total figure of the year (one hue, Okabe-Ito blue, light to dark, a colour bar titled in words);
its words are that share, the figure, and, when the network had a figure at the target's baseline year, its
gain since then and that gain as a share of the total's gain (its contribution, METHOD.md); the hover adds the
gain as a share of the target's ambition (`metrics.contributions`); a cell with nothing is "—". A share too
small to write with one decimal reads `< 0,1 %`, never `0,0 %`. Where a target's networks' gains do not add
up to the total's, the footer says so, as the contribution chart does (`charts.parts.contribution_notes`).
Colour is never alone: every number is written. Long names are wrapped and shortened on the axes, written
whole in the hover; no id anywhere.

Imports `config`, `i18n`, `look`, `metrics.contributions`, `plan`, `words`, `charts.chart`, `charts.parts`,
`charts.style`, `charts.text`.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from planmetrics import config, i18n
from planmetrics.charts.chart import Chart
from planmetrics.charts.parts import contribution_notes
from planmetrics.charts.style import finish, sources_of
from planmetrics.charts.text import plotly_say, plotly_text
from planmetrics.look import BLUE, GREY, INK
from planmetrics.metrics.contributions import Contribution
from planmetrics.plan import Plan
from planmetrics.words import say

LIGHT_BLUE = "#E3F0F8"  # the light end of the scale: Okabe-Ito blue at about a tenth of its strength
NETWORK_WIDTH = 30  # characters of a network's name a line on the axis (three lines at most)
TARGET_WIDTH = 24  # characters of a target's name a line above its column
ROW_PX = 78  # a row: four lines of 12 px words with room around them
EMPTY = "—"
SMALLEST = 0.0005  # a share below it would be written `0,0 %` with one decimal: `< 0,1 %` instead


def wrapped(text: str, width: int, lines: int) -> str:
    """A name on at most `lines` lines of `width` characters, for plotly (escaped, lines joined by `<br>`); the
    last line cut after a word with "…" when it does not fit (the hover writes it whole)."""
    parts = textwrap.wrap(text, width) or [""]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], textwrap.shorten(" ".join(parts[lines - 1 :]), width, placeholder="…")]
    return "<br>".join(plotly_text(part) for part in parts)


def _signed(value: float, unit: str, lang: str) -> str:
    return ("+" if value >= 0 else "") + i18n.format_value(value, unit, lang)


def cell_words(plan: Plan, cell: Contribution, lang: str) -> list[str]:
    """What a cell says, one line each: `40,3 % du total`, `49 000`, `+2 000 depuis 2014`, `9,3 % de la
    variation du total`; `—` alone when the network has no figure of the year."""
    if cell.value is None:
        return [EMPTY]
    target = plan.target(cell.target)
    unit = plan.indicator(target.indicator).unit
    found = [] if cell.share is None else [say("networks_chart.cell.share", lang, share=percent(cell.share, lang))]
    found.append(i18n.format_value(cell.value, unit, lang))
    if cell.change is not None:
        change = _signed(cell.change, unit, lang)
        found.append(say("networks_chart.cell.change", lang, change=change, y0=target.baseline_year))
        if cell.contribution is not None:
            share = percent(cell.contribution, lang)
            found.append(say("networks_chart.cell.contribution", lang, share=share))
    return found


def percent(share: float | None, lang: str) -> str:
    """A share as the reader writes it with one decimal (`39,9 %`), one too small for it `< 0,1 %` (a loss's
    `> −0,1 %`), never `0,0 %` for a share that is not nothing; `—` for none."""
    if share is None or math.isnan(share) or share == 0 or abs(share) >= SMALLEST:
        return i18n.format_percent(share, lang)
    key = "networks_chart.below" if share > 0 else "networks_chart.above"
    return say(key, lang, share=i18n.format_percent(0.001 if share > 0 else -0.001, lang))


def _hover(plan: Plan, cell: Contribution, lang: str) -> str:
    """The hover of a cell: the network's and the target's names whole, then every number with its words."""
    target = plan.target(cell.target)
    unit = plan.indicator(target.indicator).unit
    lines = [
        f"<b>{plotly_text(plan.label_of('network', cell.network, lang))}</b>",
        plotly_text(target.label.get(lang)),
    ]
    if cell.value is None:
        return "<br>".join([*lines, plotly_say("networks_chart.hover.none", lang, year=cell.year)])
    lines.append(plotly_say("networks_chart.hover.value", lang, year=cell.year, value=_full(cell.value, unit, lang)))
    if cell.share is not None and cell.total is not None:
        total, share = _full(cell.total, unit, lang), percent(cell.share, lang)
        lines.append(plotly_say("networks_chart.hover.share", lang, year=cell.year, total=total, share=share))
    if cell.change is not None:
        y0, change = target.baseline_year, _signed_full(cell.change, unit, lang)
        lines.append(plotly_say("networks_chart.hover.change", lang, y0=y0, change=change))
        if cell.contribution is not None and cell.total_change is not None:
            gain, share = _signed_full(cell.total_change, unit, lang), percent(cell.contribution, lang)
            lines.append(plotly_say("networks_chart.hover.contribution", lang, y0=y0, change=gain, share=share))
        if cell.ambition_share is not None and cell.asked is not None:
            asked, share = _full(cell.asked, unit, lang), percent(cell.ambition_share, lang)
            lines.append(plotly_say("networks_chart.hover.ambition", lang, ambition=asked, share=share))
    return "<br>".join(lines)


def _full(value: float, unit: str, lang: str) -> str:
    return i18n.format_value(value, unit, lang, compact=False)


def _signed_full(value: float, unit: str, lang: str) -> str:
    return ("+" if value >= 0 else "") + _full(value, unit, lang)


def gains_notes(plan: Plan, cells: list[Contribution], lang: str) -> tuple[str, ...]:
    """The footer's notes on contributions, a target a note, as the contribution chart says them
    (`charts.parts.contribution_notes`): the networks' gains not adding up to the total's (a contribution is of
    the total's gain: they need not make 100 %), or no total's gain to share; none where no network has a gain."""
    notes: list[str] = []
    for target in plan.targets:
        gains = [c for c in cells if c.target == target.id and c.change is not None]
        if not gains:
            continue
        unit = plan.indicator(target.indicator).unit
        parts = sum(c.change or 0.0 for c in gains)
        said = contribution_notes(parts, gains[0].total_change, unit, (target.baseline_year, gains[0].year), lang)
        notes += [say("networks_chart.note.target", lang, target=target.label.get(lang), note=n) for n in said]
    return tuple(notes)


def _grid(plan: Plan, cells: list[Contribution]) -> tuple[list[str], list[str], dict[tuple[str, str], Contribution]]:
    networks = list(dict.fromkeys(c.network for c in cells))
    targets = [t.id for t in plan.targets if any(c.target == t.id for c in cells)]
    return networks, targets, {(c.network, c.target): c for c in cells}


def contribution_heatmap(
    plan: Plan, cells: list[Contribution], figures: pd.DataFrame, year: int, lang: str
) -> Chart | None:
    """The heatmap of `cells` (network × target); None when no network has a figure of the year. `figures` are
    those the cells were computed from (for the sources line)."""
    if all(c.empty for c in cells):
        return None
    networks, targets, by_key = _grid(plan, cells)
    shares = [[_z(by_key[(n, t)].share) for t in targets] for n in networks]
    texts = [["<br>".join(plotly_text(w) for w in cell_words(plan, by_key[(n, t)], lang)) for t in targets]
             for n in networks]  # fmt: skip
    hovers = [[_hover(plan, by_key[(n, t)], lang) for t in targets] for n in networks]
    top = max((s for row in shares for s in row if s is not None), default=0.0) or 1.0
    figure = go.Figure(
        go.Heatmap(
            z=shares,
            x=list(range(len(targets))),
            y=list(range(len(networks))),
            zmin=0.0,
            zmax=top,
            colorscale=[[0.0, LIGHT_BLUE], [1.0, BLUE]],
            text=texts,
            texttemplate="%{text}",
            textfont={"size": 12},
            customdata=hovers,
            hovertemplate="%{customdata}<extra></extra>",
            xgap=3,
            ygap=3,
            colorbar=_colour_bar(top, year, lang),
        )
    )
    chart = finish(
        figure,
        lang=lang,
        title=say("networks_chart.title", lang, year=year),
        subtitle=say("networks_chart.subtitle", lang, year=year),
        sources=sources_of(_used(figures, cells, plan), lang),
        method_note=say("networks_chart.method", lang),
        height=max(260, ROW_PX * len(networks)),
        legend_room=False,
    )
    chart = replace(chart, footer=(*chart.footer, *gains_notes(plan, cells, lang)))
    _axes(chart.figure, plan, networks, targets, lang)
    return chart


def _z(share: float | None) -> float | None:
    return None if share is None or math.isnan(share) else share


def _colour_bar(top: float, year: int, lang: str) -> dict[str, object]:
    """The colour bar: titled in words, its ticks written as the reader writes a percentage."""
    ticks = [top * k / 4 for k in range(5)]
    decimals = 0 if top >= 0.2 else 1
    return {
        "title": {"text": plotly_say("networks_chart.colorbar", lang, year=year), "side": "right"},
        "tickvals": ticks,
        "ticktext": [i18n.format_percent(t, lang, decimals) for t in ticks],
        "thickness": 14,
        "outlinewidth": 0,
    }


def _axes(figure: go.Figure, plan: Plan, networks: list[str], targets: list[str], lang: str) -> None:
    """Networks' names left of their rows, first at the top; targets' names above their columns."""
    names = [wrapped(plan.label_of("network", n, lang), NETWORK_WIDTH, 3) for n in networks]
    titles = [wrapped(plan.target(t).label.get(lang), TARGET_WIDTH, 3) for t in targets]
    figure.update_yaxes(
        tickmode="array", tickvals=list(range(len(networks))), ticktext=names, autorange="reversed",
        showgrid=False, showline=False, zeroline=False, ticks="", tickfont={"size": 12, "color": INK},
    )  # fmt: skip
    figure.update_xaxes(
        tickmode="array", tickvals=list(range(len(targets))), ticktext=titles, side="top", dtick=None,
        tickformat=None, showgrid=False, zeroline=False, ticks="", showline=False, tickfont={"size": 12, "color": GREY},
    )  # fmt: skip
    figure.update_layout(margin={"l": 220, "r": 40, "t": 80, "b": 20}, plot_bgcolor="white")


def _used(figures: pd.DataFrame, cells: list[Contribution], plan: Plan) -> pd.DataFrame:
    """The figures the cells' numbers come from: the networks' and the totals' of each target's indicator and
    region, in the year and at the baseline year."""
    keys = {(plan.target(c.target).indicator, plan.target(c.target).region) for c in cells if not c.empty}
    years = {cells[0].year} | {plan.target(c.target).baseline_year for c in cells}
    mask = figures["year"].isin(years) & (figures["sector"] == config.TOTAL_SECTOR)
    mask &= pd.Series([(i, r) in keys for i, r in zip(figures["indicator"], figures["region"], strict=True)],
                      index=figures.index, dtype=bool)  # fmt: skip
    return figures[mask]


def contribution_table(plan: Plan, cells: list[Contribution], year: int, lang: str) -> pd.DataFrame:
    """The heatmap's numbers as a table a person reads (and downloads): a row a network and target with a
    figure of the year (its share of the year's total, its gain since the baseline year, that gain's share of
    the total's gain and of the target's ambition), each number written for the reader, "—" where there is
    none."""
    rows = []
    for cell in (c for c in cells if not c.empty):
        target = plan.target(cell.target)
        unit = plan.indicator(target.indicator).unit
        rows.append(
            {
                say("duty.network", lang): plan.label_of("network", cell.network, lang),
                say("networks_page.col.target", lang): target.label.get(lang),
                say("networks_chart.col.value", lang, year=year): _full(cell.value or 0.0, unit, lang),
                say("networks_chart.col.share", lang, year=year): percent(cell.share, lang),
                say("networks_chart.col.change", lang): EMPTY
                if cell.change is None
                else _signed_full(cell.change, unit, lang),
                say("networks_chart.col.contribution", lang): percent(cell.contribution, lang),
                say("networks_chart.col.ambition", lang): percent(cell.ambition_share, lang),
            }
        )
    return pd.DataFrame(rows)
