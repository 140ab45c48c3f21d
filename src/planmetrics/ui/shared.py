"""Work done once per data generation and shared by every session: what a page draws, built once.

Forty people opening the same link see the same figures: the cards, the charts, their tables and the figures
they are drawn from depend only on the database's generation, the plan file, the as-of year and the language
(a `Reading`). Each piece here is built once per reading, by the first session that asks (the others wait for
it), and kept in the server's one cache (`st.cache_resource`: the same objects for every session, never a copy);
the sessions only draw it. So a session keeps no data frame of its own, and a download's file is built when
clicked, from these shared pieces (`download_rows`), and not kept.

Every piece is read-only: nothing may change a frame or a figure it got from here. A new batch (an import, a
rollback, a review, a status set) changes the generation, hence every key, at the next rerun; the first session
that meets a generation never seen for its database lets every piece go (`_moved_on`), so the older
generations' figures leave the server at once rather than one by one as new pieces come (`max_entries`). A
session still drawing an older generation, one already seen, builds its pieces again without clearing.

Imports `cards`, `charts`, `config`, `derived`, `i18n`, `metrics`, `plan`, `snapshots`, `store`, `tables`,
`words`, `ui.context`, `ui.readers`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from planmetrics import cards, charts, config, derived, i18n, metrics, snapshots, tables, words
from planmetrics.metrics import Assessment, TargetProgress
from planmetrics.plan import Indicator, Plan
from planmetrics.store import Store, review
from planmetrics.store.database import Generation
from planmetrics.store.review import Lock
from planmetrics.ui.context import PageContext
from planmetrics.ui.readers import said_on_page

# Pieces kept per kind: the readings (as-of years × languages) of every target, indicator and dimension.
_ENTRIES = 256
FigureKey = tuple[str, int, str, str, str]  # indicator, year, region, sector, network


class Reading(NamedTuple):
    """What every shared piece is keyed by: the database file, its generation, the plan file (its
    fingerprint), the as-of year and the language. Two sessions with the same reading see the same page."""

    db: str
    generation: Generation
    plan_sha256: str
    as_of: int | None
    lang: str


def reading(ctx: PageContext) -> Reading:
    generation = ctx.generation or ctx.store.generation()
    at = Reading(str(ctx.store.path), generation, ctx.plan.sha256, ctx.as_of, ctx.lang)
    _moved_on(at)
    return at


_SEEN: dict[str, set[Generation]] = {}  # the generations met, per database file
_SEEN_LOCK = threading.Lock()
_SEEN_KEPT = 32


def _moved_on(at: Reading) -> None:
    """A generation never met for this database: every piece goes, the older generations' with them."""
    with _SEEN_LOCK:
        seen = _SEEN.setdefault(at.db, set())
        if at.generation in seen:
            return
        first = not seen
        if len(seen) >= _SEEN_KEPT:
            seen.clear()
        seen.add(at.generation)
    if not first:
        for piece in _PIECES:
            piece.clear()


def _snapshot(at: Reading, plan: Plan) -> tuple[Assessment, pd.DataFrame]:
    return snapshots.snapshot(Store(at.db), plan, at.as_of, generation=at.generation)


# ------------------------------------------------------------------ figures


@st.cache_resource(show_spinner=False, max_entries=64)
def _every_figure(db: str, generation: Generation, plan_sha256: str, indicator: str, _plan: Plan) -> pd.DataFrame:
    """One indicator's current figures, every year; a derived one's computed from its inputs'."""
    del generation, plan_sha256  # the key: an import, rollback or restore, a changed plan file
    read = Store(db).current_figures(indicators=derived.stored_only(_plan, [indicator]))
    every = derived.with_derived(_plan, read, [indicator])
    return every[every["indicator"] == indicator].reset_index(drop=True)


@st.cache_resource(show_spinner=False, max_entries=_ENTRIES)
def _figures_as_of(
    db: str, generation: Generation, plan_sha256: str, as_of: int | None, indicator: str, _plan: Plan
) -> pd.DataFrame:
    every = _every_figure(db, generation, plan_sha256, indicator, _plan)
    if as_of is None or every.empty or int(every["year"].max()) <= as_of:
        return every  # the newest year, as every page opens: the same frame, not a copy of it
    return every[every["year"] <= as_of].reset_index(drop=True)


def _figures(at: Reading, indicator: str, plan: Plan) -> pd.DataFrame:
    """The same frame in either language."""
    return _figures_as_of(at.db, at.generation, at.plan_sha256, at.as_of, indicator, plan)


@said_on_page
def figures(ctx: PageContext, indicator: str) -> pd.DataFrame:
    """Every current figure of one indicator (all regions, sectors, networks) up to the as-of year: what a page
    draws, tables and offers for download as of a year holds no later figure (METHOD.md, "As of a year").
    Shared: never change it."""
    return _figures(reading(ctx), indicator, ctx.plan)


def download_rows(at: Reading, plan: Plan, indicator: str, dimension: str | None = None) -> pd.DataFrame:
    """A chart's figures as its CSV/XLSX download holds them (the reader's headers and labels, re-importable):
    an indicator's figures, or those of its latest parts by `dimension`. Built when a download is clicked, from
    the shared figures, and not kept: a million figures' rows in words are worth building only for who asks."""
    data = _figures(at, indicator, plan)
    if dimension is not None:
        data = metrics.part_rows(data, dimension, as_of=at.as_of)
    return tables.download_rows(plan, data, at.lang)


# ------------------------------------------------------------------ cards


@dataclass(frozen=True)
class CardPiece:
    """A target's card as words, and its small chart."""

    card: cards.CardText
    spark: go.Figure | None


@st.cache_resource(show_spinner=False, max_entries=_ENTRIES)
def _card(at: Reading, target_id: str, _plan: Plan) -> CardPiece:
    result, totals = _snapshot(at, _plan)
    progress = result.target(target_id)
    card = cards.target_card(_plan, progress, at.lang, totals, at.as_of)
    ty = _plan.target(target_id).target_year
    spark = charts.sparkline(totals, progress.indicator, progress.region, at.lang, as_of=at.as_of, target_year=ty)
    return CardPiece(card, None if spark is None else _checked(spark))


def _checked(figure: dict[str, object]) -> go.Figure:
    """A plain figure dict as a figure, checked by plotly once, here (a dict is checked again by every session
    that draws it), with an empty template: the page draws it in its own theme, and plotly's default template,
    seven of its eight kilobytes, would be copied and sent by every session."""
    checked = go.Figure(figure)
    checked.layout.template = go.layout.Template()
    return checked


@said_on_page
def card(ctx: PageContext, progress: TargetProgress) -> CardPiece:
    return _card(reading(ctx), progress.id, ctx.plan)


@st.cache_resource(show_spinner=False, max_entries=_ENTRIES)
def _track_line(at: Reading, target_id: str, _plan: Plan) -> str:
    result, totals = _snapshot(at, _plan)
    return cards.track_line(_plan, result.target(target_id), at.lang, totals)


@said_on_page
def track_line(ctx: PageContext, progress: TargetProgress) -> str:
    """A tracked indicator's latest figure and trend, in words."""
    return _track_line(reading(ctx), progress.id, ctx.plan)


# ------------------------------------------------------------------ charts


@dataclass(frozen=True)
class ChartPiece:
    """A chart, the table beneath it, and the figures its table holds (for their versions), newest first."""

    chart: charts.Chart
    table: pd.DataFrame
    figure_keys: tuple[FigureKey, ...]


def _figure_keys(rows: pd.DataFrame) -> tuple[FigureKey, ...]:
    distinct = rows[config.FIGURE_KEY].drop_duplicates()
    keys = [
        (str(indicator), int(year), str(region), str(sector), str(network))
        for indicator, year, region, sector, network in distinct.itertuples(index=False, name=None)
    ]
    return tuple(sorted(keys, key=lambda k: (k[1], k[2:]), reverse=True))


@st.cache_resource(show_spinner=False, max_entries=_ENTRIES)
def _target_chart(at: Reading, target_id: str, _plan: Plan) -> ChartPiece:
    target = _plan.target(target_id)
    data = _figures(at, target.indicator, _plan)
    result, _ = _snapshot(at, _plan)
    chart = charts.chart_for_target(_plan, data, result, target_id, at.lang)
    table = charts.chart_frame(_plan, data, target.indicator, target.region, at.lang, target_year=target.target_year)
    return ChartPiece(chart, table, _figure_keys(metrics.total_rows(data, target.indicator, target.region)))


@said_on_page
def target_chart(ctx: PageContext, target_id: str) -> ChartPiece:
    """A target's chart (actual, target path, projection) and its table."""
    return _target_chart(reading(ctx), target_id, ctx.plan)


@st.cache_resource(show_spinner=False, max_entries=_ENTRIES)
def _breakdown(at: Reading, indicator: str, dimension: str, _plan: Plan) -> ChartPiece | None:
    data = _figures(at, indicator, _plan)
    parts = metrics.part_rows(data, dimension, as_of=at.as_of)
    if parts.empty:
        return None
    year = int(parts["year"].max())
    chart = charts.breakdown_chart(_plan, data, indicator, dimension, year=year, lang=at.lang)
    table = tables.breakdown_table(_plan, data, indicator, dimension, at.lang, year=year)
    return ChartPiece(chart, table, _figure_keys(parts[parts["year"] == year]))


@said_on_page
def breakdown(ctx: PageContext, indicator: str, dimension: str) -> ChartPiece | None:
    """The latest figures of an indicator by sector, region or network; None when there are none."""
    return _breakdown(reading(ctx), indicator, dimension, ctx.plan)


@st.cache_resource(show_spinner=False, max_entries=_ENTRIES)
def _contribution(at: Reading, target_id: str, _plan: Plan) -> tuple[str, ChartPiece] | None:
    result, _ = _snapshot(at, _plan)
    progress = result.target(target_id)
    data = _figures(at, progress.indicator, _plan)
    for dimension in ("network", "sector"):  # the chart's own order: networks, else sectors
        chart = charts.contribution_chart(_plan, data, progress, at.lang, dimension=dimension)
        if chart is not None:
            table = tables.breakdown_table(_plan, data, progress.indicator, dimension, at.lang)
            return dimension, ChartPiece(chart, table, ())
    return None


@said_on_page
def contribution(ctx: PageContext, target_id: str) -> tuple[str, ChartPiece] | None:
    """Each network's (else sector's) contribution to a target's net change, and by which; None without parts."""
    return _contribution(reading(ctx), target_id, ctx.plan)


@st.cache_resource(show_spinner=False, max_entries=_ENTRIES)
def _trend(at: Reading, target_id: str, _plan: Plan) -> ChartPiece:
    result, _ = _snapshot(at, _plan)
    progress = result.target(target_id)
    data = _figures(at, progress.indicator, _plan)
    table = charts.chart_frame(_plan, data, progress.indicator, progress.region, at.lang)
    chart = charts.trend_chart(_plan, data, progress.indicator, at.lang, as_of=at.as_of)
    if _plan.indicator(progress.indicator).derived:  # computed, not stored: no version of its own to look at
        return ChartPiece(chart, table, ())
    return ChartPiece(chart, table, _figure_keys(metrics.total_rows(data, progress.indicator, progress.region)))


@said_on_page
def trend(ctx: PageContext, progress: TargetProgress) -> ChartPiece:
    """A tracked indicator's trend chart and its table (a derived one's has no versions of its own)."""
    return _trend(reading(ctx), progress.id, ctx.plan)


def price_index(plan: Plan) -> Indicator | None:
    """The plan's price index (an indicator in `index` units), which turns money into constant dollars."""
    return next((i for i in plan.indicators if i.unit == "index"), None)


@st.cache_resource(show_spinner=False, max_entries=_ENTRIES)
def _constant_dollars(at: Reading, indicator: str, _plan: Plan) -> ChartPiece | None:
    index = price_index(_plan)
    assert index is not None  # asked only of a plan that has one
    nominal = _figures(at, indicator, _plan)
    prices = metrics.total_series(_figures(at, index.id, _plan), index.id)
    real = metrics.constant_dollars(metrics.total_series(nominal, indicator), prices, _plan.baseline_year)
    if real.empty:
        return None
    chart = charts.constant_dollars_chart(_plan, nominal, indicator, real, at.lang, as_of=at.as_of)
    year, value = words.say("col.year", at.lang), words.say("col.value", at.lang)
    table = pd.DataFrame({year: real.index, value: [i18n.format_money(v, at.lang) for v in real]})
    return ChartPiece(chart, table, ())


@said_on_page
def constant_dollars(ctx: PageContext, indicator: str) -> ChartPiece | None:
    """Money in constant dollars of the baseline year, from the plan's price index; None when they have no
    year in common (or the baseline year's index is missing)."""
    return _constant_dollars(reading(ctx), indicator, ctx.plan)


# ------------------------------------------------------------------ lines every page says


@st.cache_resource(show_spinner=False, max_entries=16)
def _locks(db: str, generation: Generation) -> tuple[Lock, ...]:
    del generation  # a lock or an unlock is a batch
    return tuple(review.locked(Store(db)))


@said_on_page
def locks(ctx: PageContext) -> tuple[Lock, ...]:
    """The years locked now, read once per generation."""
    at = reading(ctx)
    return _locks(at.db, at.generation)


# Every piece of this module, let go together when a new generation comes (`_moved_on`).
_PIECES = (
    _every_figure, _figures_as_of, _card, _track_line, _target_chart, _breakdown, _contribution, _trend,
    _constant_dollars, _locks,
)  # fmt: skip
