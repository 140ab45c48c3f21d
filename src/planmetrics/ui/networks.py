"""The Networks page's sections and the overview's line: which year's reports are looked at, who has reported
it and who is late (since when, returned or never sent), the completeness grid with each state's word, glyph
and light fill, each network's figures that count, each network's part in each target (a heatmap with its
numbers, `charts.networks`), and who answers for each target.

Duties are judged on `completeness.today_here()` (`$PLANMETRICS_TODAY` or today on Québec's clock); figures
are the current ones up to the page's as-of year (`ui.shared.figures`). No SQL, no maths of its own. Imports
`completeness`, `completeness_text`, `config`, `i18n`, `look`, `metrics.contributions`, `charts.networks`,
`words`, `ui.context`, `ui.markdown`, `ui.readers`, `ui.widgets`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from planmetrics import completeness, completeness_text, config, i18n
from planmetrics.charts.networks import contribution_heatmap, contribution_table
from planmetrics.completeness import DUTY_STATES, Duty
from planmetrics.look import INK, duty_look
from planmetrics.metrics.contributions import contributions
from planmetrics.ui.context import PageContext
from planmetrics.ui.markdown import markdown_text, say_escaped
from planmetrics.ui.readers import duties, said_on_page
from planmetrics.ui.shared import figures
from planmetrics.ui.widgets import page_link, show_chart
from planmetrics.words import say

EMPTY = "—"


@said_on_page
def today(ctx: PageContext) -> dt.date:
    """The day duties are judged on (a `$PLANMETRICS_TODAY` that is no date is said on the page)."""
    del ctx  # the wrapper's: a refused day is said in the reader's language
    return completeness.today_here()


def default_year(ctx: PageContext, years: list[int], day: dt.date) -> int:
    """The page's as-of year when it is owed, else the latest owed year all of whose figures were due before
    `day`, else the first owed year."""
    if ctx.as_of in years:
        return int(ctx.as_of)
    past = [y for y in years if all(due < day for _, _, due in ctx.plan.owing(y))]
    return past[-1] if past else years[0]


def networks_caption(ctx: PageContext) -> None:
    """The page's caption: what it shows, and the day its duties are judged on."""
    day = i18n.long_date(today(ctx), ctx.lang)
    st.caption(say_escaped("networks_page.caption", ctx.lang, today=day))


def owed_years(ctx: PageContext) -> list[int]:
    """The years the page can look at: those the plan's obligations cover up to its target year, or later up to
    the latest year with figures or last year (the year whose figures are being collected), as the command
    line and the reports can show them."""
    return list(completeness.owed_years(ctx.plan, max((*ctx.years, today(ctx).year - 1))))


def networks_year(ctx: PageContext) -> int | None:
    """The year whose reports the page looks at, picked among the years the plan's obligations cover; None
    (said on the page) when the plan owes nothing."""
    years = owed_years(ctx)
    if not years:
        st.info(say_escaped("networks_page.none_owed", ctx.lang), icon=":material/info:")
        return None
    chosen = default_year(ctx, years, today(ctx))
    label = say("networks_page.year", ctx.lang)
    return int(st.selectbox(label, years, index=years.index(chosen), key=f"networks_year_{ctx.as_of}"))


@said_on_page
def year_duties(ctx: PageContext, year: int) -> list[Duty]:
    """Every duty of `year`, judged today."""
    return duties(ctx, year, today(ctx))


def reporting_lines(ctx: PageContext, duties: list[Duty], year: int) -> None:
    """`7 of 9 networks have reported 2019.` and who is late."""
    found = completeness.reported(ctx.plan, year, duties)
    line = completeness_text.reported_line(ctx.plan, found, ctx.lang)
    if line:
        st.markdown(f":material/how_to_reg: **{markdown_text(line)}**")
    late = completeness_text.late_line(ctx.plan, found, ctx.lang)
    if late:
        st.warning(markdown_text(late), icon=":material/schedule:")


def late_frame(ctx: PageContext, duties: list[Duty]) -> pd.DataFrame:
    """Who is late and since when: a row a late duty (network, figure owed, due date, late since, what was
    sent), in the plan's order."""
    lang, plan = ctx.lang, ctx.plan
    rows = [
        {
            say("duty.network", lang): plan.label_of("network", d.network, lang),
            say("networks_page.col.indicator", lang): plan.indicator_label(d.indicator, lang),
            say("networks_page.col.due", lang): i18n.long_date(d.due, lang),
            say("networks_page.col.late_since", lang): i18n.long_date(d.late_since, lang),
            say("networks_page.col.sent", lang): say(
                f"networks_page.sent.{'returned' if d.returned else 'never'}", lang
            ),
        }
        for d in duties
        if d.late_since is not None
    ]
    return pd.DataFrame(rows)


def late_table(ctx: PageContext, duties: list[Duty], year: int) -> None:
    """The late duties as a short table, or a line saying no network is late."""
    st.subheader(say_escaped("networks_page.late_heading", ctx.lang))
    late = late_frame(ctx, duties)
    if late.empty:
        st.caption(say_escaped("networks_page.none_late", ctx.lang, year=year))
        return
    st.dataframe(late, hide_index=True, width="stretch", height="content")


def styled_grid(ctx: PageContext, duties: list[Duty]) -> Styler:
    """The completeness grid (`completeness_text.grid`), each duty's cell on its state's light fill (its glyph
    and words are in the cell: colour is never alone)."""
    grid = completeness_text.grid(ctx.plan, duties, ctx.lang)
    fills = pd.DataFrame("", index=grid.index, columns=grid.columns)
    rows = {n: i for i, n in enumerate(dict.fromkeys(d.network for d in duties))}
    for duty in duties:
        column = ctx.plan.indicator_label(duty.indicator, ctx.lang)
        fills.loc[rows[duty.network], column] = f"background-color: {duty_look(duty.state).fill}; color: {INK}"
    return grid.style.apply(lambda _: fills, axis=None)


def legend_line(lang: str) -> str:
    """`States: ✓ approved · … awaiting review · ↩ returned · ○ not yet sent · ! late.`"""
    states = " · ".join(f"{duty_look(s).glyph} {completeness_text.state_word(s, lang)}" for s in DUTY_STATES)
    return say("networks_page.legend", lang, states=states)


def completeness_grid(ctx: PageContext, duties: list[Duty], year: int) -> None:
    """Who has sent what for the year: a network a row, a figure owed a column, and the states' legend."""
    st.subheader(say_escaped("networks_page.grid_heading", ctx.lang, year=year))
    st.dataframe(styled_grid(ctx, duties), hide_index=True, width="stretch", height="content")
    st.caption(markdown_text(legend_line(ctx.lang)))


def _owed_indicators(duties: list[Duty]) -> list[str]:
    return list(dict.fromkeys(d.indicator for d in duties))


def _year_figures(ctx: PageContext, indicators: list[str]) -> pd.DataFrame:
    """The current figures of these indicators, up to the page's as-of year."""
    frames = [figures(ctx, i) for i in dict.fromkeys(indicators)]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["indicator", "year"])


def figures_frame(ctx: PageContext, data: pd.DataFrame, indicators: list[str], year: int) -> pd.DataFrame:
    """A network a row (the plan's order), an indicator owed a column: its figure of `year` for the total region
    and all sectors, written for the reader, "—" when none counts."""
    lang, plan = ctx.lang, ctx.plan
    values: dict[tuple[str, str], float] = {}
    if not data.empty:
        mine = data[(data["year"] == year) & (data["region"] == config.TOTAL_REGION)]
        mine = mine[mine["sector"] == config.TOTAL_SECTOR]
        found = zip(mine["network"], mine["indicator"], mine["value"], strict=True)
        values = {(str(n), str(i)): float(v) for n, i, v in found}
    rows = []
    for network in plan.networks:
        row = {say("duty.network", lang): network.label.get(lang)}
        for indicator in indicators:
            value = values.get((network.id, indicator))
            written = EMPTY if value is None else i18n.format_value(value, plan.indicator(indicator).unit, lang)
            row[plan.indicator_label(indicator, lang)] = written
        rows.append(row)
    return pd.DataFrame(rows)


def _after_as_of(ctx: PageContext, year: int) -> bool:
    """The year is after the page's as-of year, whose view holds no later figure (said on the page)."""
    if ctx.as_of is None or year <= ctx.as_of:
        return False
    st.info(say_escaped("networks_page.after_as_of", ctx.lang, as_of=ctx.as_of, year=year), icon=":material/info:")
    return True


def network_figures(ctx: PageContext, duties: list[Duty], year: int) -> None:
    """Each network's figures for the year, of every indicator it owes."""
    st.subheader(say_escaped("networks_page.figures_heading", ctx.lang, year=year))
    if _after_as_of(ctx, year):
        return
    indicators = _owed_indicators(duties)
    table = figures_frame(ctx, _year_figures(ctx, indicators), indicators, year)
    region = ctx.plan.label_of("region", config.TOTAL_REGION, ctx.lang)
    st.caption(say_escaped("networks_page.figures_caption", ctx.lang, region=region))
    st.dataframe(table, hide_index=True, width="stretch")


def network_contributions(ctx: PageContext, year: int) -> None:
    """Each network's part in each target in the year, as a heatmap with its numbers, and its table."""
    st.subheader(say_escaped("networks_page.contribution_heading", ctx.lang, year=year))
    if _after_as_of(ctx, year):
        return
    data = _year_figures(ctx, [t.indicator for t in ctx.plan.targets])
    cells = contributions(ctx.plan, data, year) if not data.empty else []
    chart = contribution_heatmap(ctx.plan, cells, data, year, ctx.lang) if cells else None
    if chart is None:
        st.info(say_escaped("networks_page.contribution_none", ctx.lang, year=year), icon=":material/info:")
        return
    table = contribution_table(ctx.plan, cells, year, ctx.lang)
    show_chart(chart, table, key=f"networks_contribution_{year}", lang=ctx.lang)


def owners(ctx: PageContext) -> None:
    """Who answers for each target, when the plan names anyone."""
    lang, plan = ctx.lang, ctx.plan
    named = {t.id: plan.owner_label(t.id, lang) for t in plan.targets}
    if not any(named.values()):
        return
    st.subheader(say_escaped("networks_page.owners_heading", lang))
    table = pd.DataFrame(
        {
            say("networks_page.col.target", lang): [t.label.get(lang) for t in plan.targets],
            say("networks_page.col.owner", lang): [
                named[t.id] or say("networks_page.nobody", lang) for t in plan.targets
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")


def reported_line(ctx: PageContext) -> None:
    """The overview's line, `1 of 9 networks has reported 2019.`, for its as-of year when owed, with a link to
    the Networks page."""
    if ctx.as_of is None or ctx.as_of not in completeness.owed_years(ctx.plan, ctx.as_of):
        return
    duties = year_duties(ctx, ctx.as_of)
    line = completeness_text.reported_line(ctx.plan, completeness.reported(ctx.plan, ctx.as_of, duties), ctx.lang)
    if not line:
        return
    st.caption(f":material/how_to_reg: {markdown_text(line)}")
    page_link("networks", say("networks_page.overview_link", ctx.lang), ":material/hub:")
