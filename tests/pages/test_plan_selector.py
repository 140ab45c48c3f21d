"""The sidebar's plan selector starts on the default plan (CONTRACT.md, `--plan`), and two plan files claiming
the default stop the page with the plan-file error, in the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pages.conftest import PageRunner, texts
from tests.test_plan import plan_files


@pytest.mark.parametrize(
    ("plans", "today", "starts_on"),
    [
        # none claiming: the plan whose years include today, then the one that ended last
        ([("p2020", 2014, 2020, False), ("p2025", 2021, 2025, False)], "2023-06-30", "p2025"),
        ([("p2020", 2014, 2020, False), ("p2025", 2021, 2025, False)], "2017-03-01", "p2020"),
        # the 2020 plan says default = true: a newer plan file beside it does not take its place
        ([("p2020", 2014, 2020, True), ("p2025", 2021, 2025, False)], "2023-06-30", "p2020"),
    ],
)
def test_the_plan_selector_starts_on_the_default(
    run_page: PageRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    plans: list[tuple[str, int, int, bool]],
    today: str,
    starts_on: str,
) -> None:
    monkeypatch.setenv("PLANMETRICS_PLANS", str(plan_files(tmp_path / "plans", plans)))
    monkeypatch.setenv("PLANMETRICS_TODAY", today)
    at = run_page("overview", lang="en")
    selector = at.sidebar.selectbox(key="_plan_widget")
    assert selector.value == starts_on
    # both plans offered by their titles, the default first
    assert selector.options == [f"Plan {starts_on}", *(f"Plan {p[0]}" for p in plans if p[0] != starts_on)]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "The plan file {b} has 1 problem:"),
        ("fr", "Le fichier de plan {b} comporte une erreur :"),
    ],
)
def test_two_default_plans_stop_the_page(
    run_page: PageRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    folder = plan_files(tmp_path / "plans", [("p2020", 2014, 2020, True), ("p2025", 2021, 2025, True)])
    monkeypatch.setenv("PLANMETRICS_PLANS", str(folder))
    at = run_page("overview", lang=lang)
    shown = texts(at)
    assert said.format(b=folder / "p2025.toml") in shown
    assert str(folder / "p2020.toml") in shown
