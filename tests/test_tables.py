"""A chart's figures as a person downloads them: the reader's headers and labels, read back as the same
figures by the importer (issue 13, item 3: ids are never shown to a person)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planmetrics import export, importing, tables, upload_templates
from planmetrics.cli import main
from planmetrics.plan import Plan, load_plans
from planmetrics.store import Store
from planmetrics.words import say


@pytest.fixture
def store(tmp_path: Path) -> Store:
    db = tmp_path / "shipped.duckdb"
    assert main(["--db", str(db), "init"]) == 0
    return Store(db)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plans()[0]


@pytest.mark.parametrize(
    ("lang", "row"),
    [
        # jobs 2014, the whole of Quebec: 100,000, approximate (data/figures/cqcm-public.csv)
        ("fr", [2014, "Emplois", "Ensemble du Québec", "tous les secteurs", "tous les réseaux", 100_000.0, "emplois",
                "approximatif"]),
        ("en", [2014, "Jobs", "All of Quebec", "all sectors", "all networks", 100_000.0, "jobs", "approximate"]),
    ],
)  # fmt: skip
def test_download_rows_name_everything_for_a_person(store: Store, plan: Plan, lang: str, row: list[object]) -> None:
    rows = tables.download_rows(plan, store.current_figures(indicators=["jobs"]), lang)
    headers = {
        "fr": ["année", "indicateur", "région", "secteur", "réseau", "valeur", "unité", "note", "source",
               "source (français)"],
        "en": ["year", "indicator", "region", "sector", "network", "value", "unit", "flag", "source", "source_fr"],
    }[lang]  # fmt: skip
    assert list(rows.columns) == headers
    first = rows[(rows[headers[0]] == 2014) & (rows[headers[3]] == row[3])]
    assert first.iloc[0, :8].tolist() == row


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_download_rows_import_back_unchanged(store: Store, plan: Plan, lang: str, kind: str) -> None:
    rows = tables.download_rows(plan, store.current_figures(), lang)
    data = export.table_csv(rows, lang) if kind == "csv" else export.table_xlsx(rows)
    outcome = importing.preview_bytes(store, plan, data, f"chart.{kind}", lang=lang)
    assert outcome.changes["change"].tolist() == ["unchanged"] * 15  # the 15 shipped figures
    key = ["indicator", "year", "region", "sector", "network"]
    read = outcome.read.figures.sort_values(key).reset_index(drop=True)
    stored = store.current_figures().sort_values(key).reset_index(drop=True)
    for column in ("flag", "source", "source_fr"):
        assert read[column].fillna("").tolist() == stored[column].fillna("").tolist(), column


def test_french_csv_opens_in_french_excel(store: Store, plan: Plan) -> None:
    rows = tables.download_rows(plan, store.current_figures(indicators=["jobs"]), "fr")
    text = export.table_csv(rows, "fr").decode("utf-8-sig")
    assert text.startswith("année;indicateur;région;secteur;réseau;valeur;unité;note;source;source (français)\r\n")
    assert "2014;Emplois;Ensemble du Québec;tous les secteurs;tous les réseaux;100000,0;emplois;approximatif;" in text


def test_formula_like_text_is_guarded(store: Store, plan: Plan) -> None:
    figures = store.current_figures(indicators=["jobs"]).head(1).assign(source="=HYPERLINK(1)")
    rows = tables.download_rows(plan, figures, "fr")
    assert ";'=HYPERLINK(1)" in export.table_csv(rows, "fr").decode("utf-8-sig")  # guarded where it is written


def test_template_names_the_total_region_by_its_label(plan: Plan) -> None:
    assert set(upload_templates.template_frame(plan, "fr")["région"]) == {"Ensemble du Québec"}


@pytest.mark.parametrize(
    ("lang", "headers", "row"),
    [
        ("fr", "année;indicateur;valeur;note;source", ["nouvelle", "Emplois", "2022", "125\u00a0000", "provisoire"]),
        ("en", "year,indicator,value,flag,source", ["new", "Jobs", "2022", "125,000", "preliminary"]),
    ],
)
def test_changes_table_says_the_new_figures_flag(
    store: Store, plan: Plan, lang: str, headers: str, row: list[str]
) -> None:
    """An upload's preview says a figure marked preliminary (p) as such, beside its value."""
    sep = ";" if lang == "fr" else ","
    data = f"{headers}\n2022{sep}jobs{sep}125000{sep}p{sep}Portrait 2022\n".encode()
    outcome = importing.preview_bytes(store, plan, data, "jobs.csv", lang=lang)
    table = tables.changes_table(plan, outcome.changes, lang)
    columns = ["col.change", "col.indicator", "col.year", "col.new", "col.flag"]
    assert table[[say(c, lang) for c in columns]].iloc[0].tolist() == row
