"""What a page draws is built once per reading and shared by every session (`ui.shared`), and a session keeps no
data of its own (AppTest, a real database made by `planmetrics init`, figures imported through the command line).

Two sessions of the Jobs page at the same as-of year and language draw the very same pieces (the second builds
none); a French and an English session, or two as-of years, each have their own, in their words and with their
figures; an import from another process between two runs shows at the next (the store's kept first read sees the
file change, the new generation keys new pieces); a download's rows are the figures up to the as-of year as
`tables.download_rows` says them; and after a session has gone through the pages, its state holds no data frame,
series or plotly figure.

Which pieces a page built is told by the objects alive in the process (`gc`): a piece found among them before
the test asks the cache for it was built by a page, and the cache handing it back is the page's own.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeAlias

import pandas as pd
import pytest
from plotly.basedatatypes import BaseFigure
from streamlit.testing.v1 import AppTest

from planmetrics import i18n, metrics, tables
from planmetrics.cli import main
from planmetrics.plan import Plan
from planmetrics.store import Store
from planmetrics.ui import shared
from planmetrics.words import say
from tests.conftest import run_cli
from tests.pages.conftest import PageRunner, texts
from tests.test_freshness import kept, settle

Piece: TypeAlias = shared.ChartPiece | shared.CardPiece

# Figures a network's manager might send: jobs by sector and by network in 2018, the whole of Quebec's in 2019.
PARTS = (
    "year,indicator,region,sector,network,value,source\n"
    "2018,jobs,Québec,agri_food,all,20000,test\n"
    "2018,jobs,Québec,retail,all,15000,test\n"
    "2018,jobs,Québec,all,desjardins,47000,test\n"
    "2018,jobs,Québec,all,sollio,9000,test\n"
    "2014,jobs,Québec,all,desjardins,45000,test\n"
    "2014,jobs,Québec,all,sollio,8000,test\n"
    "2019,jobs,Québec,all,all,121345,test\n"
)
JOBS_2019 = 121_345


@pytest.fixture
def with_parts(app_db: Path, tmp_path: Path) -> Path:
    file = tmp_path / "parts.csv"
    file.write_text(PARTS, encoding="utf-8")
    assert main(["--db", str(app_db), "import", str(file)]) == 0
    return app_db


def _alive() -> list[Piece]:
    """Every shared piece alive in this process now (the cache holds them; no session does)."""
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, shared.ChartPiece | shared.CardPiece)]


def _among(piece: object, alive: Iterable[object]) -> bool:
    return any(piece is other for other in alive)


def _reading(db: Path, plan: Plan, as_of: int, lang: str) -> shared.Reading:
    """The reading a page of this database, as-of year and language is keyed by (as `shared.reading` makes it)."""
    return shared.Reading(str(db), Store(db).generation(), plan.sha256, as_of, lang)


def _column(at: AppTest, key: str, lang: str) -> list[str]:
    """A column of the page's first table (the first target's chart data), by its catalogue key."""
    return [str(v) for v in at.dataframe[0].value[say(key, lang)]]


# ------------------------------------------------------------------ shared by sessions


def test_two_sessions_of_the_jobs_page_draw_the_very_same_pieces(
    run_page: PageRunner, app_db: Path, plan: Plan
) -> None:
    first = run_page("jobs", lang="en", as_of="2019")
    alive = _alive()
    at = _reading(app_db, plan, 2019, "en")
    chart, card = shared._target_chart(at, "jobs_net", plan), shared._card(at, "jobs_net", plan)
    assert _among(chart, alive) and _among(card, alive)  # the page built them; the test's ask found them
    second = run_page("jobs", lang="en", as_of="2019")
    assert {id(p) for p in _alive()} == {id(p) for p in alive}  # the second session built no piece
    assert shared._target_chart(at, "jobs_net", plan) is chart and shared._card(at, "jobs_net", plan) is card
    for session in (first, second):
        pd.testing.assert_frame_equal(session.dataframe[0].value, chart.table)
        assert card.card.latest in texts(session)


def test_a_french_and_an_english_session_each_get_pieces_in_their_words(
    run_page: PageRunner, app_db: Path, plan: Plan
) -> None:
    pages = {lang: run_page("jobs", lang=lang, as_of="2019") for lang in ("en", "fr")}
    alive = _alive()
    for lang, page in pages.items():
        at = _reading(app_db, plan, 2019, lang)
        chart, card = shared._target_chart(at, "jobs_net", plan), shared._card(at, "jobs_net", plan)
        assert _among(chart, alive) and _among(card, alive)
        assert list(chart.table.columns[:2]) == [say("col.year", lang), say("col.value", lang)]
        assert i18n.format_number(116_000, lang) in chart.table[say("col.value", lang)].tolist()
        assert card.card.title == plan.target("jobs_net").label.get(lang)
        assert card.card.latest == i18n.format_number(116_000, lang)
        pd.testing.assert_frame_equal(page.dataframe[0].value, chart.table)
    english, french = (_reading(app_db, plan, 2019, lang) for lang in ("en", "fr"))
    assert shared._target_chart(english, "jobs_net", plan) is not shared._target_chart(french, "jobs_net", plan)
    assert shared._card(english, "jobs_net", plan) is not shared._card(french, "jobs_net", plan)


def test_an_import_from_another_process_between_two_runs_shows_at_the_next(
    run_page: PageRunner, app_db: Path, plan: Plan, tmp_path: Path
) -> None:
    settle(app_db)  # a file left alone for a while: the page's first read is kept
    at = run_page("jobs", lang="en")
    assert kept(app_db, ("state", plan.id))
    before = _reading(app_db, plan, 2019, "en")
    old = shared._target_chart(before, "jobs_net", plan)
    assert "2019" not in _column(at, "col.year", "en")
    file = tmp_path / "jobs-2019.csv"
    file.write_text(f"year,indicator,region,value,source\n2019,jobs,Québec,{JOBS_2019},test\n", encoding="utf-8")
    done = run_cli("--db", str(app_db), "import", str(file))
    assert done.returncode == 0, done.stderr
    at.run()
    assert not at.exception, at.exception
    shown = dict(zip(_column(at, "col.year", "en"), _column(at, "col.value", "en"), strict=True))
    assert shown["2019"] == i18n.format_number(JOBS_2019, "en")
    assert i18n.format_number(JOBS_2019, "en") in texts(at)  # the card's latest figure too
    alive = _alive()
    after = _reading(app_db, plan, 2019, "en")
    assert after.generation.batch == before.generation.batch + 1
    new = shared._target_chart(after, "jobs_net", plan)
    assert _among(new, alive) and new is not old
    pd.testing.assert_frame_equal(at.dataframe[0].value, new.table)
    # The new generation let the older pieces go: asked again, the old reading's chart is built anew
    assert shared._target_chart(before, "jobs_net", plan) is not old


def test_another_as_of_year_has_its_own_pieces(run_page: PageRunner, with_parts: Path, plan: Plan) -> None:
    pages = {year: run_page("jobs", lang="en", as_of=str(year)) for year in (2019, 2018)}
    alive = _alive()
    charts = {year: shared._target_chart(_reading(with_parts, plan, year, "en"), "jobs_net", plan) for year in pages}
    assert all(_among(chart, alive) for chart in charts.values())
    assert charts[2019] is not charts[2018]
    assert "2019" in charts[2019].table[say("col.year", "en")].tolist()
    assert "2019" not in charts[2018].table[say("col.year", "en")].tolist()
    for year, page in pages.items():
        pd.testing.assert_frame_equal(page.dataframe[0].value, charts[year].table)
    assert i18n.format_number(JOBS_2019, "en") not in texts(pages[2018])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_downloads_rows_are_the_figures_up_to_the_as_of_year(
    run_page: PageRunner, with_parts: Path, plan: Plan, lang: str
) -> None:
    run_page("jobs", lang=lang, as_of="2018")
    at = _reading(with_parts, plan, 2018, lang)
    every = Store(with_parts).current_figures(indicators=["jobs"])
    up_to = every[every["year"] <= 2018]
    rows = shared.download_rows(at, plan, "jobs")
    pd.testing.assert_frame_equal(rows, tables.download_rows(plan, up_to, lang))
    by_sector = shared.download_rows(at, plan, "jobs", "sector")
    hand = tables.download_rows(plan, metrics.part_rows(up_to, "sector", as_of=2018), lang)
    pd.testing.assert_frame_equal(by_sector, hand)
    year = rows.columns[0]
    assert set(rows[year]) == {2014, 2015, 2018} and set(by_sector[year]) == {2018}
    assert plan.label_of("sector", "agri_food", lang=lang) in by_sector.to_numpy().ravel().tolist()
    assert shared.download_rows(at, plan, "jobs") is not rows  # built on each click from the shared figures, not kept


# ------------------------------------------------------------------ no data kept per session

_DATA = (pd.DataFrame, pd.Series, BaseFigure)


def data_held(value: object, where: str, *, depth: int = 0) -> Iterator[str]:
    """Where `value` holds a data frame, a series or a plotly figure: itself, inside its containers (dicts, lists,
    tuples, sets) or its dataclasses' fields, a few levels down."""
    if isinstance(value, _DATA):
        yield f"{where}: {type(value).__name__}"
        return
    if depth > 4:
        return
    items: Iterable[tuple[object, object]] = ()
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple | set | frozenset):
        items = enumerate(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
    for key, item in items:
        yield from data_held(item, f"{where}[{key!r}]", depth=depth + 1)


def session_data(at: AppTest) -> list[str]:
    """Every data frame, series or figure the session keeps: in its state as the page sees it, and in Streamlit's
    own store of it (which holds keyless widgets' values too)."""
    found = {hit for key, value in at.session_state.items() for hit in data_held(value, key)}
    state = at._session_state._state  # Streamlit's SessionState: every key, keyless widgets' among them
    found |= {hit for key in list(state._keys()) if key in state for hit in data_held(state[key], key)}
    return sorted(found)


def test_the_walk_finds_a_frame_or_figure_kept_anywhere_it_looks(
    run_page: PageRunner, app_db: Path, plan: Plan
) -> None:
    """The walk below can fail: given a shared piece kept in a session's list, it names what the piece holds."""
    run_page("jobs", lang="en", as_of="2019")
    piece = shared._target_chart(_reading(app_db, plan, 2019, "en"), "jobs_net", plan)
    assert sorted(data_held({"kept": [piece]}, "state")) == [
        "state['kept'][0]['chart']['figure']: Figure",
        "state['kept'][0]['table']: DataFrame",
    ]
    assert list(data_held({"a": ({"b": {piece.table.columns[0]: piece.table.iloc[:, 0]}},)}, "s")) == [
        f"s['a'][0]['b'][{piece.table.columns[0]!r}]: Series"
    ]
    assert not list(data_held({"lang": "en", "as_of": "2019", "versions": None, "keys": piece.figure_keys}, "s"))


PAGES = ("overview", "jobs", "revenue", "benefits", "networks", "history", "method")


def test_a_session_through_the_pages_keeps_no_data_of_its_own(run_app: PageRunner, with_parts: Path) -> None:
    """One session goes through the pages as a reader does (an as-of year chosen, a figure's versions looked at
    beside a chart and on History, a batch inspected); after each page its state holds no frame or figure."""
    at = run_app("overview", lang="en")
    held: dict[str, list[str]] = {"overview": session_data(at)}
    at.selectbox(key="_as_of_widget").set_value("2018").run()
    for name in PAGES[1:]:
        at.switch_page(f"pages/{name}.py").run()
        assert not at.exception, at.exception
        if name == "jobs":  # each figure picked shows its versions' table
            shown = len(at.dataframe)
            at.selectbox(key="versions_jobs_net").select_index(0).run()
            at.selectbox(key="versions_jobs_sector").select_index(0).run()
            assert len(at.dataframe) == shown + 2
        if name == "history":
            at.selectbox(key="versions_pick_indicator").select_index(1).run()
            at.selectbox(key="history_batch").select_index(1).run()
            assert at.selectbox(key="history_batch").value == "1"
        assert not at.exception, at.exception
        held[name] = session_data(at)
    assert at.session_state["as_of"] == "2018"
    assert {name: found for name, found in held.items() if found} == {}
