"""Every page runs on its own with the default language, and shows something true."""

from __future__ import annotations

import json

import pytest

from tests.pages.conftest import PageRunner, texts

PAGES = ["overview", "jobs", "revenue", "benefits", "networks", "method", "upload", "review", "history", "reports"]


@pytest.mark.parametrize("name", PAGES)
def test_page_runs_alone(run_page: PageRunner, name: str) -> None:
    at = run_page(name)
    assert at.title, f"{name} has no title"


@pytest.mark.parametrize("name", PAGES)
def test_page_runs_in_french(run_page: PageRunner, name: str) -> None:
    run_page(name, lang="fr")


def test_jobs_chart_has_target_path_and_projection(run_page: PageRunner) -> None:
    at = run_page("jobs", lang="en")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    by_name = {trace.get("name"): trace for trace in figure["data"]}
    path = next(t for n, t in by_name.items() if n and "path" in n.lower())
    assert path["x"][0] == 2014 and path["x"][-1] == 2020
    assert path["y"][0] == 100_000 and path["y"][-1] == 120_000
    projection = next(t for n, t in by_name.items() if n and "projection" in n.lower())
    assert projection["x"][-1] == 2020
    assert projection["y"][-1] == pytest.approx(124_000)  # 116,000 + 16,000 / 4 * 2


def test_jobs_page_shows_montreal_empty_state(run_page: PageRunner) -> None:
    shown = texts(run_page("jobs", lang="en"))
    assert "No figures yet" in shown and "Montréal" in shown


def test_revenue_page_shows_consistency_note(run_page: PageRunner) -> None:
    shown = texts(run_page("revenue", lang="fr"))
    assert "50,1\u00a0G$" in shown and "5,1\u00a0%" in shown


def test_benefits_page_lists_orientations(run_page: PageRunner) -> None:
    shown = texts(run_page("benefits", lang="en"))
    for n in (1, 2, 3, 4):
        assert f"Orientation {n}:" in shown
    assert "Worsening" in shown  # co-operatives: 3,300 in 2015, 3,000 in 2018


def test_method_page_in_french(run_page: PageRunner) -> None:
    shown = texts(run_page("method", lang="fr"))
    assert "En bonne voie" in shown and "0,95" in shown and "cqcm-2020" in shown


def test_history_lists_init_batch(run_page: PageRunner) -> None:
    at = run_page("history", lang="en")
    table = at.dataframe[0].value
    assert table["Kind"].tolist() == ["shipped figures"]


def test_chart_words_are_page_text_in_french(run_page: PageRunner) -> None:
    at = run_page("jobs", lang="fr")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert not figure["layout"].get("title", {}).get("text")  # no title squeezed into a narrow column
    shown = texts(at).replace("\\", "")
    assert "Emplois : en bonne voie, 116\u00a0000 en 2018" in shown
    assert "Sources : CQCM" in shown and "Méthode : " in shown


def test_benefits_page_french_colons(run_page: PageRunner) -> None:
    shown = texts(run_page("benefits", lang="fr"))
    assert "Emplois nets créés d'ici 2020 : En bonne voie" in shown
    assert "2020: " not in shown
