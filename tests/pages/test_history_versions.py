"""A figure's history on the pages (AppTest, a real database made by `planmetrics init`, then an import that
restates 2014's jobs, a second one, and a rollback of the second): History says which batch the rollback undid
and lists the restated figures old → new, in French with French numbers; a figure picked on History shows its
versions; a figure picked from a chart's data table on the jobs page shows the same versions, and none is read
before one is picked.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planmetrics.cli import main

from .conftest import PageRunner, shown_texts, unescaped

JOBS_2014 = ("jobs", 2014, "Québec", "all", "all")


@pytest.fixture
def restated(app_db: Path, tmp_path: Path) -> Path:
    """Batch 1 the shipped figures (jobs 2014: 100 000), batch 2 restates it (95 000), batch 3 again
    (97 000), batch 4 rolls batch 3 back."""
    for name, value in (("emplois.csv", 95000), ("revision.csv", 97000)):
        path = tmp_path / name
        path.write_text(f"year,indicator,region,value\n2014,jobs,Québec,{value}\n", encoding="utf-8")
        assert main(["--db", str(app_db), "import", str(path), "--by", "alice"]) == 0
    assert main(["--db", str(app_db), "rollback", "3", "--by", "bob"]) == 0
    return app_db


def _versions_frame(at: AppTest) -> pd.DataFrame | None:
    """The versions table on the page (its first column is the value), if one is shown."""
    for frame in at.dataframe:
        if list(frame.value.columns[:2]) in (["Valeur", "Lot"], ["Value", "Batch"]):
            return frame.value
    return None


def test_history_says_what_each_batch_did_in_french(restated: Path, run_page: PageRunner) -> None:
    at = run_page("history", lang="fr")
    table = at.dataframe[0].value
    details = dict(zip(table["Lot"], table["Ce qu’il a fait"], strict=True))
    assert details["4"] == "a défait le lot 3 (import de revision.csv)"
    assert details["3"] == details["2"] == details["1"] == ""
    expanders = [e.label for e in at.expander]
    assert "Le lot 2 a révisé 1 donnée" in expanders and "Le lot 3 a révisé 1 donnée" in expanders
    lines = [unescaped(str(m.value)) for m in at.markdown]
    ensemble = "Emplois, 2014, Ensemble du Québec · tous les secteurs · tous les réseaux : "
    assert f"- {ensemble}100\u00a0000 emplois → 95\u00a0000 emplois" in lines
    assert f"- {ensemble}95\u00a0000 emplois → 97\u00a0000 emplois" in lines
    shown = " ".join(shown_texts(at))
    assert "jobs" not in shown.replace("emplois.csv", "") and "rolled back" not in shown


def test_history_in_english_names_the_undone_batch(restated: Path, run_page: PageRunner) -> None:
    at = run_page("history", lang="en")
    table = at.dataframe[0].value
    assert table["What it did"].tolist()[0] == "undid batch 3 (import of revision.csv)"
    lines = [unescaped(str(m.value)) for m in at.markdown]
    assert "- Jobs, 2014, All of Quebec · all sectors · all networks: 100,000 jobs → 95,000 jobs" in lines


def test_a_figure_picked_on_history_shows_its_versions(restated: Path, run_page: PageRunner) -> None:
    at = run_page("history", lang="fr")
    assert at.selectbox(key="versions_pick_indicator").value == "jobs"
    at.selectbox(key="versions_pick_year").set_value(2014).run()
    assert not at.exception, at.exception
    versions = _versions_frame(at)
    assert versions is not None
    assert versions["Valeur"].tolist() == ["97\u00a0000 emplois", "95\u00a0000 emplois", "100\u00a0000 emplois"]
    assert versions["État"].tolist() == ["annulée", "en vigueur", "remplacée"]
    assert versions["Lot"].tolist() == ["3", "2", "1"]
    assert versions["Type"].tolist() == ["import", "import", "données publiques"]
    # the page's own sections are still there: the batch to inspect, the rollback is the editors'
    assert at.selectbox(key="history_batch").options == ["4", "3", "2", "1"]


def test_a_figure_picked_from_a_chart_table_shows_its_versions(restated: Path, run_page: PageRunner) -> None:
    at = run_page("jobs", lang="fr")
    assert _versions_frame(at) is None  # nothing read until a figure is picked
    pick = at.selectbox(key="versions_jobs_net")
    assert pick.value is None
    assert "2014 · Ensemble du Québec · tous les secteurs · tous les réseaux" in pick.options
    pick.set_value(JOBS_2014).run()
    assert not at.exception, at.exception
    versions = _versions_frame(at)
    assert versions is not None
    assert versions["Valeur"].tolist() == ["97\u00a0000 emplois", "95\u00a0000 emplois", "100\u00a0000 emplois"]
    assert versions["État"].tolist() == ["annulée", "en vigueur", "remplacée"]
    captions = [unescaped(str(c.value)) for c in at.caption]
    title = "Emplois, 2014, Ensemble du Québec · tous les secteurs · tous les réseaux :"
    assert any(c.startswith(title) for c in captions)


def test_a_breakdown_figure_picked_shows_its_one_version_in_english(restated: Path, run_page: PageRunner) -> None:
    at = run_page("jobs", lang="en")
    pick = at.selectbox(key="versions_jobs_sector")
    options = pick.options
    assert "2018 · All of Quebec · Agri-food · all networks" in options
    pick.set_value(("jobs", 2018, "Québec", "agri_food", "all")).run()
    versions = _versions_frame(at)
    assert versions is not None
    assert versions["Value"].tolist() == ["24,300 jobs"] and versions["State"].tolist() == ["current"]


def test_a_restated_line_shows_markup_as_written(app_db: Path, tmp_path: Path, run_page: PageRunner) -> None:
    """A network's name written by a person, with Markdown and a link in it, is read as typed on History."""
    network = "**Réseau** [x](http://evil.example) $5"
    for name, value in (("a.csv", 10), ("b.csv", 12)):
        path = tmp_path / name
        rows = f'year,indicator,region,network,value\n2018,jobs,Québec,"{network}",{value}\n'
        path.write_text(rows, encoding="utf-8")
        assert main(["--db", str(app_db), "import", str(path)]) == 0
    at = run_page("history", lang="fr")
    (line,) = [str(m.value) for m in at.markdown if "Réseau" in str(m.value)]
    assert "\\*\\*Réseau\\*\\*" in line and "\\[x\\]" in line and "\\$5" in line and "\u2060" in line
    assert network in unescaped(line) and "10 emplois → 12 emplois" in unescaped(line)
