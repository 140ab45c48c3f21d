"""The overview page, run headless on the shipped figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planmetrics.cli import main
from tests.pages.conftest import ROOT, PageRunner, texts


def test_overview_in_english_shows_statuses(run_page: PageRunner) -> None:
    at = run_page("overview", lang="en")
    shown = texts(at)
    assert "Net new jobs by 2020" in shown
    assert "On track" in shown  # jobs_net as of 2019 (its latest figure: 2018)
    assert "Achieved" in shown  # revenue_level: $47B in 2019
    assert "No data yet" in shown  # Montréal
    assert "116,000" in shown
    assert "$50.1B" in shown  # the plan-consistency check


def test_overview_in_french_formats_numbers(run_page: PageRunner) -> None:
    at = run_page("overview", lang="fr")
    shown = texts(at)
    assert "Emplois nets créés d'ici 2020" in shown
    assert "En bonne voie" in shown and "Atteint" in shown and "Aucune donnée" in shown
    assert "116\u00a0000" in shown
    assert "50,1\u00a0G$" in shown


def test_overview_as_of_2018(run_page: PageRunner) -> None:
    at = run_page("overview", lang="en", as_of="2018")
    shown = texts(at)
    assert "Needs acceleration" in shown  # revenue_level as of 2018
    assert "Limited progress" in shown  # revenue_growth as of 2018
    assert "Achieved" not in shown


def test_overview_default_language_is_english(run_page: PageRunner) -> None:
    at = run_page("overview")
    assert "Where the plan stands" in texts(at)


def test_empty_database_shows_clear_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "empty.duckdb"
    assert main(["--db", str(db), "init", "--empty"]) == 0
    monkeypatch.setenv("PLANMETRICS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert not at.exception
    assert "no figures yet" in texts(at)
