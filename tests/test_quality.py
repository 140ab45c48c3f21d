"""The source's quality grade (Statistics Canada's A excellent, B very good, C good, D acceptable) shown wherever a
figure's source is shown to a person: the indicator charts' hover, a breakdown's hover, the data tables beside
the charts, a figure's versions on History and in `planmetrics figure` (its table, and `quality` in its JSON),
in French and in English, the letter with its meaning beside it. A table gains the column only when a figure
has a grade; a download keeps the bare letter, which the importer reads back.

The figures are committed straight to a real DuckDB file with a `quality` column (as the importer gives them
from StatCan's STATUS column): Quebec's employment 2018 graded A, 2019 first graded C (4 300 000) then restated
(4 352 600, graded B), 2020 without a grade; 2019's employment in Montréal graded C and in Capitale-Nationale D.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planmetrics import charts, config, export, importing, quality, tables
from planmetrics.cli import main
from planmetrics.ingest import ReadOptions
from planmetrics.plan import Plan
from planmetrics.store import Store, figure_versions
from planmetrics.words import say

from .conftest import ROOT, figure_rows, run_cli

NBSP = "\u00a0"
SOURCE = "Statistique Canada, tableau 14-10-0287-01"
HEADING = {"fr": "Qualité (cote de la source)", "en": "Quality (source's grade)"}


def _graded(rows: list[tuple[str, int, float]], grades: list[str | None], region: str = "Québec") -> pd.DataFrame:
    frame = figure_rows(rows, region=region, source=SOURCE)
    frame[config.QUALITY] = grades
    return frame


def _commit_graded(store: Store) -> None:
    first = _graded([("employment", 2018, 4_262_400), ("employment", 2019, 4_300_000), ("employment", 2020, 4_100_000)],
                    ["A", "C", None])  # fmt: skip
    store.commit(first, kind="import", by="alice", file_name="14100287.csv")
    parts = pd.concat(
        [
            _graded([("employment", 2019, 1_100_000)], ["C"], region="Montréal"),
            _graded([("employment", 2019, 400_000)], ["D"], region="Capitale-Nationale"),
        ]
    )
    restated = _graded([("employment", 2019, 4_352_600)], ["B"])
    store.commit(pd.concat([restated, parts]), kind="import", by="bob", file_name="14100287-2.csv")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quality") / "graded.duckdb"
    store = Store(path)
    store.migrate()
    _commit_graded(store)
    return path


@pytest.fixture(scope="module")
def figures(db: Path) -> pd.DataFrame:
    return Store(db).current_figures()


# ------------------------------------------------------------------ the grade in words


@pytest.mark.parametrize(
    ("stored", "lang", "word"),
    [
        ("A", "fr", "A (excellente)"),
        ("B", "fr", "B (très bonne)"),
        ("C", "fr", "C (bonne)"),
        ("D", "fr", "D (acceptable)"),
        ("A", "en", "A (excellent)"),
        ("B", "en", "B (very good)"),
        ("C", "en", "C (good)"),
        ("D", "en", "D (acceptable)"),
        (" b ", "fr", "B (très bonne)"),  # as a cell may hold it
        (None, "fr", ""),
        (math.nan, "en", ""),  # a frame's NULL
        ("", "fr", ""),
        ("E", "fr", ""),  # StatCan's E is a flag (approximate), not a grade
        ("F", "en", ""),
    ],
)
def test_a_grade_is_its_letter_and_its_meaning(stored: object, lang: str, word: str) -> None:
    assert quality.grade_word(stored, lang) == word


def test_the_hover_line_names_the_quality() -> None:
    assert quality.grade_line("A", "fr") == "Qualité : A (excellente)"
    assert quality.grade_line("D", "en") == "Quality: D (acceptable)"
    assert quality.grade_line(None, "fr") == ""


# ------------------------------------------------------------------ a figure's versions


def test_every_version_keeps_its_own_grade(db: Path) -> None:
    versions = figure_versions(Store(db), "employment", 2019, region="Québec", sector="all", network="all")
    assert [(v.value, v.quality, v.current) for v in versions] == [(4_352_600.0, "B", True), (4_300_000.0, "C", False)]


def test_figure_json_gives_each_versions_grade(db: Path) -> None:
    done = run_cli("--db", str(db), "figure", "employment", "2019", "--json")
    assert done.returncode == 0, done.stderr
    assert [(v["value"], v["quality"]) for v in json.loads(done.stdout)] == [(4_352_600.0, "B"), (4_300_000.0, "C")]
    ungraded = run_cli("--db", str(db), "figure", "emploi", "2020", "--json")
    assert [v["quality"] for v in json.loads(ungraded.stdout)] == [None]


@pytest.mark.parametrize(
    ("lang", "grades"), [("fr", ["B (très bonne)", "C (bonne)"]), ("en", ["B (very good)", "C (good)"])]
)
def test_figure_table_says_each_grade_with_its_meaning(db: Path, lang: str, grades: list[str]) -> None:
    done = run_cli("--db", str(db), "--lang", lang, "figure", "employment", "2019")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(HEADING[lang] in line for line in lines)
    newest, older = (next(line for line in lines if amount in line) for amount in ("352", "300"))
    assert grades[0] in newest and grades[1] in older  # 4 352 600 graded B, the 4 300 000 it replaced C


def test_a_figure_without_a_grade_has_no_quality_column(db: Path) -> None:
    done = run_cli("--db", str(db), "--lang", "fr", "figure", "employment", "2020")
    assert done.returncode == 0, done.stderr
    assert "Qualité" not in done.stdout and "4\u00a0100\u00a0000" in done.stdout


# ------------------------------------------------------------------ charts' hovers


def _details(figure: object, name: str) -> dict[int, str]:
    trace = next(t for t in figure.data if t.name == name)  # type: ignore[attr-defined]
    return {int(x): c[3] for x, c in zip(trace.x, trace.customdata, strict=True)}


@pytest.mark.parametrize(
    ("lang", "actual", "lines"),
    [
        ("fr", "Réel", {2018: "Qualité : A (excellente)", 2019: "Qualité : B (très bonne)"}),
        ("en", "Actual", {2018: "Quality: A (excellent)", 2019: "Quality: B (very good)"}),
    ],
)
def test_the_trend_hover_gives_the_current_figures_grade(
    plan: Plan, figures: pd.DataFrame, lang: str, actual: str, lines: dict[int, str]
) -> None:
    details = _details(charts.trend_chart(plan, figures, "employment", lang).figure, actual)
    assert set(details) == {2018, 2019, 2020}
    for year, line in lines.items():
        assert f"<br>{line}<br>" in details[year]  # its own line, before the source
        assert details[year].endswith(SOURCE)
    assert "Qualit" not in details[2020]  # no grade, no line


def test_a_breakdowns_hover_gives_each_parts_grade(plan: Plan, figures: pd.DataFrame) -> None:
    chart = charts.breakdown_chart(plan, figures, "employment", "region", year=2019, lang="fr")
    bars = chart.figure.data[0]
    hovers = dict(zip(bars.y, (c[3] for c in bars.customdata), strict=True))
    assert "Qualité : C (bonne)" in hovers["Montréal"]
    assert "Qualité : D (acceptable)" in hovers["Capitale-Nationale"]


# ------------------------------------------------------------------ the data tables


@pytest.mark.parametrize(
    ("lang", "grades"),
    [("fr", ["A (excellente)", "B (très bonne)", "—"]), ("en", ["A (excellent)", "B (very good)", "—"])],
)
def test_a_charts_data_table_gains_the_quality_column(
    plan: Plan, figures: pd.DataFrame, lang: str, grades: list[str]
) -> None:
    table = charts.chart_frame(plan, figures, "employment", "Québec", lang)
    year, value, note, source = (say(f"col.{c}", lang) for c in ("year", "value", "flag", "source"))
    assert list(table.columns) == [year, value, note, HEADING[lang], source]
    assert table[year].tolist() == ["2018", "2019", "2020"]
    assert table[HEADING[lang]].tolist() == grades


def test_a_table_of_figures_without_grades_has_no_quality_column(plan: Plan, figures: pd.DataFrame) -> None:
    ungraded = figures.assign(quality=None)
    assert HEADING["fr"] not in charts.chart_frame(plan, ungraded, "employment", "Québec", "fr").columns
    assert HEADING["fr"] not in tables.breakdown_table(plan, ungraded, "employment", "region", "fr").columns
    assert "qualité" not in tables.download_rows(plan, ungraded, "fr").columns


def test_a_breakdown_table_says_each_parts_grade(plan: Plan, figures: pd.DataFrame) -> None:
    table = tables.breakdown_table(plan, figures, "employment", "region", "fr", year=2019)
    assert table["Région"].tolist() == ["Montréal", "Capitale-Nationale"]  # largest first
    assert table[HEADING["fr"]].tolist() == ["C (bonne)", "D (acceptable)"]
    assert list(table.columns).index(HEADING["fr"]) == list(table.columns).index("Source") - 1


@pytest.mark.parametrize(("lang", "header"), [("fr", "qualité"), ("en", "quality")])
def test_a_download_keeps_the_bare_letter(plan: Plan, figures: pd.DataFrame, lang: str, header: str) -> None:
    rows = tables.download_rows(plan, figures, lang)
    year, region = rows.columns[0], rows.columns[2]
    quebec = rows[rows[region] == plan.label_of("region", "Québec", lang)]
    assert dict(zip(quebec[year], quebec[header], strict=True)) == {2018: "A", 2019: "B", 2020: ""}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_download_imports_back_with_its_grades(tmp_path: Path, plan: Plan, figures: pd.DataFrame, kind: str) -> None:
    """A chart's download read back by the importer gives the same figures, grades included."""
    store = Store(tmp_path / "back.duckdb")
    store.migrate()
    _commit_graded(store)
    rows = tables.download_rows(plan, figures, "fr")
    data = export.table_csv(rows, "fr") if kind == "csv" else export.table_xlsx(rows)
    outcome = importing.preview_bytes(store, plan, data, f"emploi.{kind}", lang="fr")
    assert outcome.read.ok, outcome.read.errors
    assert outcome.changes["change"].tolist() == ["unchanged"] * 5
    read = outcome.read.figures.sort_values(["region", "year"])
    assert read[config.QUALITY].tolist() == ["D", "C", "A", "B", None]  # Capitale-Nationale, Montréal, Québec


# ------------------------------------------------------------------ History, in a real Streamlit run


@pytest.mark.parametrize(
    ("lang", "grades"), [("fr", ["B (très bonne)", "C (bonne)"]), ("en", ["B (very good)", "C (good)"])]
)
def test_history_shows_each_versions_grade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, grades: list[str]
) -> None:
    app_db = tmp_path / "app.duckdb"
    assert main(["--db", str(app_db), "init", "--empty"]) == 0
    _commit_graded(Store(app_db))
    monkeypatch.setenv("PLANMETRICS_DB", str(app_db))
    monkeypatch.setenv("PLANMETRICS_SECRETS", str(tmp_path / "secrets.toml"))
    at = AppTest.from_file(str(ROOT / "pages" / "history.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.selectbox(key="versions_pick_indicator").set_value("employment").run()
    at.selectbox(key="versions_pick_year").set_value(2019).run()
    assert not at.exception, at.exception
    versions = next(f.value for f in at.dataframe if HEADING[lang] in f.value.columns)
    assert versions[HEADING[lang]].tolist() == grades
    assert versions[say("versions.batch", lang)].tolist() == ["2", "1"]


# ------------------------------------------------------------------ from a StatCan table, as downloaded

STATCAN_YEARLY = """\
"REF_DATE","GEO","DGUID","Labour force characteristics","UOM","UOM_ID","SCALAR_FACTOR","SCALAR_ID","VECTOR",\
"COORDINATE","VALUE","STATUS","SYMBOL","TERMINATED","DECIMALS"
"2018","Quebec","2016A000224","Employment","Persons","249","thousands","3","v2064890","5.1","4262.4","A","","","1"
"2019","Quebec","2016A000224","Employment","Persons","249","thousands","3","v2064890","5.1","4352.6","B","","","1"
"2019","Canada","2016A000011","Employment","Persons","249","thousands","3","v2062811","1.1","19130.3","A","","","1"
"""


def test_a_statcan_tables_status_is_the_grade_shown(tmp_path: Path, plan: Plan) -> None:
    """STATUS A and B of a yearly table imported by the command line: each figure keeps its grade, which
    `figure` says and the chart's hover shows (Canada's row set aside)."""
    db, table = tmp_path / "statcan.duckdb", tmp_path / "14100287.csv"
    table.write_text(STATCAN_YEARLY, encoding="utf-8")
    assert run_cli("--db", str(db), "init", "--empty").returncode == 0
    done = run_cli("--db", str(db), "import", str(table), "--indicator", "employment", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    versions = json.loads(run_cli("--db", str(db), "figure", "employment", "2019", "--json").stdout)
    assert [(v["value"], v["quality"]) for v in versions] == [(4_352_600.0, "B")]  # 4 352,6 thousands
    said = run_cli("--db", str(db), "--lang", "fr", "figure", "emploi", "2018").stdout
    assert "A (excellente)" in said and HEADING["fr"] in said
    details = _details(charts.trend_chart(plan, Store(db).current_figures(), "employment", "fr").figure, "Réel")
    assert "Qualité : A (excellente)" in details[2018] and "Qualité : B (très bonne)" in details[2019]


@pytest.mark.parametrize(
    ("lang", "grades"), [("fr", ["A (excellente)", "B (très bonne)"]), ("en", ["A (excellent)", "B (very good)"])]
)
def test_an_uploads_preview_says_each_new_figures_grade(store: Store, plan: Plan, lang: str, grades: list[str]) -> None:
    """The Upload page's table of what would change: the grade beside the new figure, before its sources."""
    data = STATCAN_YEARLY.encode()
    outcome = importing.preview_bytes(
        store, plan, data, "14100287.csv", lang=lang, options=ReadOptions(indicator="employment")
    )
    table = tables.changes_table(plan, outcome.changes, lang)
    assert table[say("col.year", lang)].tolist() == ["2018", "2019"]
    assert table[HEADING[lang]].tolist() == grades
    assert list(table.columns)[-3:] == [HEADING[lang], say("col.old_source", lang), say("col.source", lang)]
