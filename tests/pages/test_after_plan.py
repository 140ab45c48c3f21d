"""The cards after the plan (issue 14, items 1 and 4): METHOD.md's check "after the plan" on the pages.

Jobs of 119,800 in 2020 and 125,000 in 2022 (marked preliminary) beside the shipped figures. As of 2022 the
jobs target is judged on the 2020 figure alone: missed, 19,800 of +20,000 = 99 %, the 2022 figure shown as
after the plan; revenue has no 2020 figure, so its targets await it (their status from the 2019 figure) and
say which figure to upload. Nothing is projected once the as-of year reaches 2020. As of 2018 no later figure
appears anywhere on a card.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planmetrics import config
from planmetrics.store import Store
from planmetrics.words import say
from tests.pages.conftest import PageRunner, cards_shown, unescaped

JOBS_NET = {"fr": "Emplois nets créés d'ici 2020", "en": "Net new jobs by 2020"}
REVENUE_GROWTH = {"fr": "Croissance du chiffre d'affaires de 7 % par an", "en": "Revenue growth of 7 % a year"}
REVENUE_LEVEL = {"fr": "Chiffre d'affaires de 45 G$ en 2020", "en": "Revenue of $45 billion in 2020"}
# What a person reads, by hand from the figures above (fr-CA: a no-break space groups thousands and comes
# before % and G$).
EXPECTED = {
    "fr": {
        "final": "Verdict final : 99\u00a0% de la cible atteinte",
        "judged": ("Donnée finale (2020)", "119\u00a0800"),
        "after": "Après le plan : 125\u00a0000 (2022, provisoire)",
        "missed": "Non atteint",
        "upload": "Téléversez la donnée de 2020 pour Chiffre d'affaires, Ensemble du Québec.",
    },
    "en": {
        "final": "Final verdict: 99% of the target reached",
        "judged": ("Final figure (2020)", "119,800"),
        "after": "After the plan: 125,000 (2022, preliminary)",
        "missed": "Missed",
        "upload": "Upload the 2020 figure for Revenue, All of Quebec.",
    },
}


def commit_jobs(db: Path, *rows: tuple[int, float, str | None]) -> None:
    """Total jobs figures (year, value, flag) for the whole of Quebec, as one import."""
    frame = pd.DataFrame(
        {
            "indicator": "jobs",
            "year": [r[0] for r in rows],
            "region": config.TOTAL_REGION,
            "sector": config.TOTAL_SECTOR,
            "network": config.TOTAL_NETWORK,
            "value": [r[1] for r in rows],
            "unit": "jobs",
            "flag": [r[2] for r in rows],
            "source": [f"Portrait {r[0]}" for r in rows],
        }
    )
    Store(db).commit(frame[config.FIGURE_COLUMNS], kind="import", by="test")


@pytest.fixture
def after_plan_db(app_db: Path) -> Path:
    commit_jobs(app_db, (2020, 119_800, None), (2022, 125_000, "preliminary"))
    return app_db


def _forward_looking(lang: str) -> tuple[str, ...]:
    """The beginnings of the lines that look ahead: expected by now, required pace or growth, projection."""
    keys = ("card.pace_jobs", "card.pace_rate", "card.projected")
    return tuple(say(key, lang, value="\0", ty=2020).split("\0")[0] for key in keys)


@pytest.mark.parametrize("page", ["overview", "jobs"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_jobs_card_is_final_on_the_2020_figure(after_plan_db: Path, run_page: PageRunner, page: str, lang: str) -> None:
    card = cards_shown(run_page(page, lang=lang, as_of="2022"))[JOBS_NET[lang]]
    expected = EXPECTED[lang]
    assert any(expected["missed"] in line for line in card)
    label, value = expected["judged"]
    assert card[card.index(label) + 1] == value  # the metric: the 2020 figure, not the 2022 one
    assert expected["after"] in card
    assert expected["final"] in card
    assert not [line for line in card if line.startswith(_forward_looking(lang))]


@pytest.mark.parametrize("page", ["overview", "revenue"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_revenue_cards_await_the_2020_figure(after_plan_db: Path, run_page: PageRunner, page: str, lang: str) -> None:
    """No revenue figure for 2020: the status is the one at 2019, awaiting 2020, with what to upload."""
    shown = cards_shown(run_page(page, lang=lang, as_of="2022"))
    for title in (REVENUE_GROWTH[lang], REVENUE_LEVEL[lang]):
        card = shown[title]
        awaiting = say("card.awaiting", lang, ty=2020, indicator="\0", region="").split(".")[0]
        assert any(line.startswith(awaiting) and line.endswith(EXPECTED[lang]["upload"]) for line in card), card
        assert not [line for line in card if line.startswith(_forward_looking(lang))]
        assert not [line for line in card if "2022" in line]  # revenue has no later figure to show


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_as_of_2018_no_later_figure_on_a_card(after_plan_db: Path, run_page: PageRunner, lang: str) -> None:
    shown = cards_shown(run_page("overview", lang=lang, as_of="2018"))
    card = shown[JOBS_NET[lang]]
    assert card[card.index(say("card.latest", lang, year=2018)) + 1] == ("116\u00a0000" if lang == "fr" else "116,000")
    after = say("card.after_plan", lang, figures="").strip()
    for lines in shown.values():
        assert not [line for line in lines if "2022" in line or line.startswith(after)], lines


@pytest.mark.parametrize(
    ("lang", "value"),
    [("fr", "116\u00a0400 · provisoire"), ("en", "116,400 · preliminary")],
)
def test_a_preliminary_figure_says_so_on_its_card(app_db: Path, run_page: PageRunner, lang: str, value: str) -> None:
    """The 2018 jobs figure restated, marked preliminary: the card judged on it says so beside the figure."""
    commit_jobs(app_db, (2018, 116_400, "preliminary"))
    card = cards_shown(run_page("overview", lang=lang, as_of="2018"))[JOBS_NET[lang]]
    assert card[card.index(say("card.latest", lang, year=2018)) + 1] == value


@pytest.mark.parametrize(
    ("lang", "line"), [("fr", "3\u00a0000 en 2018 · approximatif"), ("en", "3,000 in 2018 · approximate")]
)
def test_benefits_rows_say_a_flag(run_page: PageRunner, lang: str, line: str) -> None:
    """Co-operatives and mutuals in 2018: about 3,000, approximate (data/figures/cqcm-public.csv)."""
    at = run_page("overview", lang=lang, as_of="2018")
    rows = [row for e in at.markdown for row in unescaped(str(e.value)).splitlines()]  # the tracked indicators' table
    assert any(row.endswith(f"| {line}") for row in rows)
