"""A figure's source in French (`source_fr`): read from a file, stored and read back, upgraded into old
databases, shipped with the public figures, and shown to French readers in place of the source."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from planmetrics import charts, config, i18n, metrics, tables
from planmetrics.cli import main
from planmetrics.ingest import fast, read_figures
from planmetrics.plan import Plan, load_plans
from planmetrics.report import content as report_content
from planmetrics.store import Store
from planmetrics.store.schema import SCHEMA_VERSION, schema_version, upgrade

NBSP = "\u00a0"
SHIPPED = config.FIGURES_DIR / "cqcm-public.csv"
PORTRAIT_FR = f"CQCM, portrait des réseaux (2018){NBSP}: 116{NBSP}000 emplois"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plans()[0]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Store:
    db = tmp_path_factory.mktemp("shipped") / "shipped.duckdb"
    assert main(["--db", str(db), "init"]) == 0
    return Store(db)


@pytest.mark.parametrize("header", ["source_fr", "source (fr)", "Source (français)", "SOURCE (FRANÇAIS)"])
def test_the_importer_reads_a_french_source(plan: Plan, header: str) -> None:
    data = f'year,indicator,value,source,"{header}"\n2018,jobs,116000,Portrait,Portrait des réseaux\n2019,jobs,5,,\n'
    result = read_figures(data.encode(), "f.csv", plan)
    assert result.ok, result.errors
    assert result.figures["source_fr"].tolist() == ["Portrait des réseaux", None]
    assert result.figures["source"].tolist() == ["Portrait", "f.csv"]  # no source: the file's name, as before


def test_a_file_without_french_sources_has_none(plan: Plan) -> None:
    result = read_figures(b"year,indicator,value\n2018,jobs,116000\n", "f.csv", plan)
    assert result.figures["source_fr"].tolist() == [None]


def test_a_big_file_with_french_sources_is_read_the_fast_way(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = "".join(f"{2000 + n % 20},jobs,net{n},{n},Portrait,Portrait des réseaux\n" for n in range(2000))
    data = ("year,indicator,network,value,source,source_fr\n" + rows).encode()
    monkeypatch.setattr(fast, "FAST_MIN_BYTES", 0)
    assert fast.read_fast(data, fast.Validator(plan, "en", "", ""), None) is not None  # an export read back
    result = read_figures(data, "big.csv", plan)
    assert result.ok and len(result.figures) == 2000
    assert set(result.figures["source_fr"]) == {"Portrait des réseaux"}


def test_french_sources_are_stored_and_read_back(plan: Plan, tmp_path: Path) -> None:
    store = Store(tmp_path / "db.duckdb")
    store.migrate()
    data = b"year,indicator,value,source,source_fr\n2018,jobs,116000,Portrait,Portrait des reseaux\n2019,jobs,5,,\n"
    store.commit(read_figures(data, "f.csv", plan).staged, kind="import", by="test")
    back = store.current_figures().set_index("year")
    assert back.loc[2018, "source_fr"] == "Portrait des reseaux"
    assert pd.isna(back.loc[2019, "source_fr"])


def test_a_frame_without_the_column_is_committed_with_no_french_source(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.duckdb")
    store.migrate()
    frame = pd.DataFrame([["jobs", 2018, config.TOTAL_REGION, "all", "all", 5.0, None, None, "s"]])
    store.commit(frame.set_axis(config.FIGURE_COLUMNS, axis=1), kind="import", by="test")
    assert store.current_figures()["source_fr"].isna().tolist() == [True]


def test_an_old_database_gains_the_column_on_init(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    upgrade(con, db, 5)  # the schema before source_fr
    con.execute(
        "INSERT INTO batches (id, kind, created_at, rows_read, inserted, restated, unchanged, rolled_back)"
        " VALUES (1, 'import', now(), 1, 1, 0, 0, FALSE)"
    )
    con.execute("INSERT INTO figures VALUES (1, 'jobs', 2030, 'Québec', 'all', 'all', 5, 'jobs', NULL, 'old')")
    con.close()
    assert main(["--db", str(db), "init"]) == 0
    con = duckdb.connect(str(db))
    assert schema_version(con) == SCHEMA_VERSION
    con.close()
    old = Store(db).current_figures().query("year == 2030")
    assert old["source"].tolist() == ["old"]
    assert old["source_fr"].isna().tolist() == [True]


def test_every_shipped_figure_has_its_source_in_french() -> None:
    with SHIPPED.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 15
    assert all(row["source_fr"].strip() and row["source_fr"] != row["source"] for row in rows)
    by_source = {row["source"]: row["source_fr"] for row in rows}
    assert by_source["CQCM, portrait of the networks (2018): 116,000 jobs"] == PORTRAIT_FR
    assert by_source["CQCM (2020): revenue of $47 billion in 2019"] == (
        f"CQCM (2020){NBSP}: chiffre d'affaires de 47{NBSP}milliards de dollars en 2019"
    )


def test_init_stores_the_shipped_french_sources(shipped: Store) -> None:
    figures = shipped.current_figures().set_index(["indicator", "year", "sector"])
    assert figures.loc[("jobs", 2018, "all"), "source_fr"] == PORTRAIT_FR
    assert figures["source_fr"].notna().all()


@pytest.mark.parametrize(
    ("source", "source_fr", "lang", "shown"),
    [
        ("Portrait", "Portrait des réseaux", "fr", "Portrait des réseaux"),
        ("Portrait", "Portrait des réseaux", "en", "Portrait"),
        ("Portrait", None, "fr", "Portrait"),  # no French text: the source as written
        ("Portrait", "  ", "fr", "Portrait"),
        ("Portrait", float("nan"), "fr", "Portrait"),  # pandas' missing value
        (None, None, "fr", ""),
        (None, "Portrait des réseaux", "en", ""),
    ],
)
def test_source_text(source: object, source_fr: object, lang: str, shown: str) -> None:
    assert i18n.source_text(source, source_fr, lang) == shown


@pytest.mark.parametrize(
    ("lang", "source"), [("fr", PORTRAIT_FR), ("en", "CQCM, portrait of the networks (2018): 116,000 jobs")]
)
def test_readers_see_the_source_in_their_language(shipped: Store, plan: Plan, lang: str, source: str) -> None:
    figures = shipped.current_figures()
    assessment = metrics.assess(plan, figures)
    chart = charts.chart_for_target(plan, figures, assessment, "jobs_net", lang)
    hovers = [row[2] for trace in chart.figure.data for row in (trace.customdata or []) if len(row) > 2]
    assert source in hovers
    assert source in chart.footer[0]
    sectors = figures[(figures["year"] == 2018) & (figures["sector"] != "all") & (figures["indicator"] == "jobs")]
    table = tables.breakdown_table(plan, sectors, "jobs", "sector", lang)
    by_sector = {"fr": f"CQCM, portrait des réseaux (2018){NBSP}: emplois par secteur"}
    assert set(table.iloc[:, -1]) == {by_sector.get(lang, "CQCM, portrait of the networks (2018): jobs by sector")}
    report = report_content.read_report(shipped, plan, lang=lang, method="")
    assert source in report.sources
