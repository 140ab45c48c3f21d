"""A figure's history on the pages: the History page's batches with what each did (which batch a rollback
undid, what a review or a lock recorded, which status the plan team set or cleared, which figures a batch
restated, old → new), each batch's review state
in words and its network's label, its time on Québec's clock; a picker of one figure among the current ones,
and the same pick from the rows of a chart's data table. A figure's versions are read only once one is picked
(through `store.figure_versions`, as `planmetrics figure` reads them), cached by the database's generation like
every read of the pages. Text shown through Markdown is escaped first.

A version or a restatement of a batch that counts nowhere (a submission awaiting review, or returned) is shown
only to those who may see it (`ui.editors.Sight`: reviewers, administrators, an open app's visitor, the editors
of the network that submitted it); the cached versions are kept per sight, so one person's view is never
another's.

Imports `config`, `figure_history`, `i18n`, `plan`, `store`, `tables`, `words`, `ui.context`, `ui.editors`,
`ui.markdown`, `ui.overrides`, `ui.readers`, `ui.review`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

import pandas as pd
import streamlit as st

from planmetrics import config, figure_history, i18n, tables
from planmetrics.plan import Plan
from planmetrics.store import FigureVersion, Restatements, Store, figure_versions, restatements, review
from planmetrics.store.database import Generation
from planmetrics.ui.context import PageContext
from planmetrics.ui.editors import Sight, sight
from planmetrics.ui.markdown import markdown_text, say_escaped
from planmetrics.ui.overrides import since_words
from planmetrics.ui.readers import said_on_page
from planmetrics.ui.review import network_words, state_words, when
from planmetrics.words import say

RESTATED_LISTED = 50  # restated figures listed a batch; the rest are counted ("and 12 more")
_PICKED_FROM = ("region", "sector", "network")


# ------------------------------------------------------------------ cached reads, keyed by the generation


@st.cache_data(show_spinner=False, max_entries=128)
def _versions(
    db: str, key: tuple[str, int, str, str, str], generation: Generation | None, seen: Sight
) -> list[FigureVersion]:
    """One figure's versions as `seen` may see them: the sight is part of the key, so that a reviewer's versions
    (a submission's among them) are never what a viewer is served."""
    del generation  # the key: an import, a rollback or a restore reads again
    indicator, year, region, sector, network = key
    store = Store(db)
    every = figure_versions(store, indicator, year, region=region, sector=sector, network=network)
    if seen.every or all(v.counts for v in every):
        return every
    submitted_by = _submitting_networks(store, seen)
    return [v for v in every if seen.sees(v.state, submitted_by.get(v.batch))]


def _submitting_networks(store: Store, seen: Sight) -> dict[str, str | None]:
    """Batch id -> the network that submitted it, for the submissions of the one network `seen` may see."""
    if seen.network is None:
        return {}
    return {str(s.batch): s.network for s in review.submissions(store, network=seen.network)}


@st.cache_data(show_spinner=False, max_entries=16)
def _restatements(db: str, batches: tuple[int, ...], generation: Generation | None) -> dict[int, Restatements]:
    del generation
    return restatements(Store(db), batches, limit=RESTATED_LISTED)


@st.cache_data(show_spinner=False, max_entries=16)
def _current(db: str, indicator: str, generation: Generation | None) -> pd.DataFrame:
    del generation
    return Store(db).current_figures(indicators=[indicator])


def _generation(ctx: PageContext) -> Generation:
    return ctx.generation or ctx.store.generation()


@said_on_page
def versions(ctx: PageContext, key: tuple[str, int, str, str, str]) -> list[FigureVersion]:
    """Every version of one figure that the person on the page may see, newest first."""
    return _versions(str(ctx.store.path), key, _generation(ctx), sight(ctx))


@said_on_page
def _restated_by(ctx: PageContext, batches: tuple[int, ...]) -> dict[int, Restatements]:
    return _restatements(str(ctx.store.path), batches, _generation(ctx))


@said_on_page
def _current_of(ctx: PageContext, indicator: str) -> pd.DataFrame:
    return _current(str(ctx.store.path), indicator, _generation(ctx))


# ------------------------------------------------------------------ the History page's batches


_EVENTS = ("approval", "return", "lock", "unlock")


def event_words(batch: Mapping[str, object], lang: str) -> str:
    """What a review or lock recorded, in words: `Approved batch 12`, `Returned batch 12`, `Locked 2019`,
    `Unlocked 2019` (its reason is the row's reason); "" for any other batch."""
    kind = batch.get("kind")
    if kind not in _EVENTS:
        return ""
    return say(f"review_page.event.{kind}", lang, batch=batch.get("reviews") or "—", year=batch.get("year") or "—")


def override_words(plan: Plan, batch: Mapping[str, object], lang: str) -> str:
    """What a status set by the plan team recorded, in words: `Status of “Net new jobs by 2020” set to “On
    track” from 2019`, or `Computed status restored for “…”` (its reason is the row's reason); "" for any other
    batch."""
    if batch.get("kind") != "override" or not batch.get("target"):
        return ""
    target = plan.target_label(str(batch["target"]), lang)
    status = batch.get("override_status")
    if status is None:
        return say("overrides_page.event.cleared", lang, target=target)
    year = batch.get("year")
    since = since_words(None if year is None else int(str(year)), lang)
    return say("overrides_page.event.set", lang, target=target, status=i18n.status_word(str(status), lang), since=since)


def _state(batch: Mapping[str, object], lang: str) -> str:
    """A batch's state in words: how its figures count (direct, awaiting review, approved, returned), rolled
    back; nothing for an event, which holds no figure."""
    if batch.get("kind") in {*_EVENTS, "rollback", "restore", "override"}:
        return ""
    return state_words(
        str(batch.get("state") or "direct"), lang, by=_text(batch.get("reviewed_by")),
        at=_text(batch.get("reviewed_at")), reason=_text(batch.get("review_reason")),
        rolled_back=bool(batch.get("rolled_back")),
    )  # fmt: skip


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def batches_table(ctx: PageContext, batches: list[dict[str, object]]) -> pd.DataFrame:
    """The history table with what each batch did beside its kind (the batch a rollback undid, a review's or a
    lock's event), its state in words, the network that sent it by its label, the time on Québec's clock."""
    lang = ctx.lang
    frame = tables.history_table(batches, lang)
    did = [
        figure_history.what_it_did(b, batches, lang) or event_words(b, lang) or override_words(ctx.plan, b, lang)
        for b in batches
    ]
    frame.insert(2, say("versions.details", lang), did)
    frame[say("history.when", lang)] = [when(_text(b["created_at"])) for b in batches]
    frame = frame.rename(columns={say("history.when", lang): say("review_page.col.when", lang)})
    frame[say("history.state", lang)] = [_state(b, lang) for b in batches]
    networks = [network_words(ctx.plan, _text(b["network"]), lang) if b["network"] else "" for b in batches]
    frame.insert(list(frame.columns).index(say("history.state", lang)), say("review_page.col.network", lang), networks)
    return frame


def restated_lists(ctx: PageContext, batches: list[dict[str, object]]) -> None:
    """For each batch that restated figures, an expander listing them old → new (the first ones, then how
    many more), read in one go. A submission's would-be restatements only for those who may see it."""
    seen = sight(ctx)
    wrote = tuple(
        int(str(b["batch"]))
        for b in batches
        if b["kind"] not in {"rollback", "restore"}
        and int(str(b["restated"] or 0)) > 0
        and seen.sees(str(b["state"] or "direct"), _text(b["network"]))
    )
    found = _restated_by(ctx, wrote) if wrote else {}
    for batch in wrote:
        if batch not in found:
            continue
        title = figure_history.restated_title(batch, found[batch], ctx.lang)
        with st.expander(markdown_text(title), icon=":material/published_with_changes:"):
            lines = figure_history.restated_lines(ctx.plan, found[batch], ctx.lang)
            st.markdown("\n".join(f"- {markdown_text(line)}" for line in lines))


# ------------------------------------------------------------------ one figure's versions


def versions_table(ctx: PageContext, key: tuple[str, int, str, str, str]) -> None:
    """One figure's versions as a table in the reader's language, newest first, under its title; the source's
    quality grade with its meaning in a column of its own when any version has one."""
    indicator, year, region, sector, network = key
    found = versions(ctx, key)
    if not found:
        st.info(say_escaped("versions.nothing", ctx.lang), icon=":material/info:")
        return
    title = figure_history.figure_title(ctx.plan, indicator, year, (region, sector, network), ctx.lang)
    st.caption(markdown_text(title))
    columns = figure_history.columns_of(found)
    rows = figure_history.version_rows(ctx.plan, indicator, found, ctx.lang, columns)
    headings = figure_history.headings(ctx.lang, columns)
    st.dataframe(pd.DataFrame(rows, columns=headings), hide_index=True, width="stretch")


def chart_figure_versions(ctx: PageContext, keys: Sequence[tuple[str, int, str, str, str]], *, key: str) -> None:
    """Beneath a chart: pick one of the figures its data table holds (`keys`, newest first) and see its
    versions. Nothing is read until a figure is picked."""
    if not keys:
        return
    lang = ctx.lang
    with st.expander(say("versions.figure_title", lang), icon=":material/history:"):
        picked = st.selectbox(
            say("versions.pick_row", lang),
            keys,
            index=None,
            placeholder=say("versions.pick_placeholder", lang),
            format_func=lambda k: _row_option(ctx, k),
            key=f"versions_{key}",
        )
        if picked is not None:
            versions_table(ctx, picked)


def _row_option(ctx: PageContext, key: tuple[str, int, str, str, str]) -> str:
    _, year, region, sector, network = key
    place = figure_history.place(ctx.plan, region, sector, network, ctx.lang)
    return say("versions.row_option", ctx.lang, year=year, place=place)


def figure_picker(ctx: PageContext) -> None:
    """The History page's "history of a figure": indicator, year, region, sector and network picked among the
    current figures (each list drawn from the figures the choices before it leave), then its versions."""
    lang, plan = ctx.lang, ctx.plan
    st.subheader(say_escaped("versions.figure_title", lang))
    st.caption(say_escaped("versions.figure_help", lang))
    columns = st.columns(5)
    indicators = [i.id for i in plan.indicators]
    with columns[0]:
        indicator = st.selectbox(
            say("col.indicator", lang),
            indicators,
            format_func=lambda i: plan.indicator(i).label.get(lang),
            key="versions_pick_indicator",
        )
    rows = _current_of(ctx, str(indicator))
    if rows.empty:
        st.info(say_escaped("versions.nothing", lang), icon=":material/info:")
        return
    with columns[1]:
        year = st.selectbox(
            say("col.year", lang), sorted(set(rows["year"].tolist()), reverse=True), key="versions_pick_year"
        )
    rows = rows[rows["year"] == year]
    chosen: list[str] = []
    for column, dimension in zip(columns[2:], _PICKED_FROM, strict=True):
        options: list[str] = _ordered([str(v) for v in rows[dimension].tolist()], dimension)
        with column:
            value = st.selectbox(
                say(f"col.{dimension}", lang),
                options,
                format_func=partial(plan.label_of, dimension, lang=lang),
                key=f"versions_pick_{dimension}",
            )
        rows = rows[rows[dimension] == value]
        chosen.append(str(value))
    region, sector, network = chosen
    versions_table(ctx, (str(indicator), int(year), region, sector, network))


_TOTALS = {"region": config.TOTAL_REGION, "sector": config.TOTAL_SECTOR, "network": config.TOTAL_NETWORK}


def _ordered(values: Sequence[str], dimension: str) -> list[str]:
    """A dimension's values, its total first (the figure a person means when naming none), then in order."""
    total = _TOTALS[dimension]
    distinct = sorted(set(values) - {total})
    return [total, *distinct] if total in values else distinct
