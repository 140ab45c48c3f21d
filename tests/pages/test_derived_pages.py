"""The Benefits page shows the derived `coop_job_share` like any tracked indicator: without employment figures its
card says what to upload; with Québec's employment imported, its latest share as a percentage, its trend, a
chart whose hover and data table say the figure is computed, in French and English (AppTest, a real database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planmetrics.cli import main
from tests.pages.conftest import PageRunner, texts
from tests.test_derived import EMPLOYMENT_CSV

SHARE_2018 = 116_000 / 4_300_000  # the shipped jobs of 2018 over the employment typed in EMPLOYMENT_CSV


@pytest.fixture
def with_employment(app_db: Path, tmp_path: Path) -> Path:
    (tmp_path / "employment.csv").write_text(EMPLOYMENT_CSV, encoding="utf-8")
    assert main(["--db", str(app_db), "import", str(tmp_path / "employment.csv")]) == 0
    return app_db


def _share_chart(at: object) -> dict[str, object]:
    """The plotly figure of the share's trend: the one whose points carry the computed source."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]  # type: ignore[attr-defined]
    found = [s for s in specs if "planmetrics" in json.dumps(s["data"], ensure_ascii=False)]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    ("lang", "card", "upload"),
    [
        (
            "fr",
            "Part des emplois coopératifs et mutualistes au Québec",
            "L’indicateur « Part des emplois coopératifs et mutualistes au Québec » est calculé à partir des"
            " indicateurs Emplois et Emploi au Québec : téléversez-les pour au moins deux mêmes années pour voir"
            " sa tendance.",
        ),
        (
            "en",
            "Co-operative and mutualist share of Quebec jobs",
            "“Co-operative and mutualist share of Quebec jobs” is computed from Jobs and Employment in Quebec:"
            " upload them for at least two of the same years to see its trend.",
        ),
    ],
)
def test_without_employment_the_share_s_card_says_what_to_upload(
    run_page: PageRunner, lang: str, card: str, upload: str
) -> None:
    shown = texts(run_page("benefits", lang=lang))
    assert card in shown and upload in shown
    assert "coop_job_share" not in shown and "employment" not in shown.replace("Employment in Quebec", "")


@pytest.mark.parametrize(
    ("lang", "latest", "status", "computed", "source", "ticks"),
    [
        (
            "fr",
            "2,7\u00a0% en 2018",
            "En amélioration",
            "Calculé par planmetrics pour chaque année où les indicateurs Emplois et Emploi au Québec ont chacun"
            " une donnée",
            "calculé par planmetrics : Emplois / Emploi au Québec",
            ["2,3\u00a0%", "2,4\u00a0%", "2,5\u00a0%", "2,6\u00a0%", "2,7\u00a0%"],
        ),
        (
            "en",
            "2.7% in 2018",
            "Improving",
            "Computed by planmetrics for each year where Jobs and Employment in Quebec each have a figure",
            "computed by planmetrics: Jobs / Employment in Quebec",
            ["2.3%", "2.4%", "2.5%", "2.6%", "2.7%"],
        ),
    ],
)
def test_with_employment_the_share_is_shown_as_a_tracked_indicator(
    with_employment: Path,
    run_page: PageRunner,
    lang: str,
    latest: str,
    status: str,
    computed: str,
    source: str,
    ticks: list[str],
) -> None:
    del with_employment
    at = run_page("benefits", lang=lang)
    shown = texts(at)
    assert latest in shown and status in shown and computed in shown
    chart = _share_chart(at)
    points = next(t for t in chart["data"] if t.get("x") and 2018 in t["x"])  # type: ignore[index, attr-defined]
    assert points["y"][points["x"].index(2018)] == pytest.approx(SHARE_2018)
    assert source in json.dumps(points, ensure_ascii=False)  # the hover says the figure is computed
    # 2.31 % to 2.70 %: ticks every tenth of a percent (whole-number ticks would show none)
    assert chart["layout"]["yaxis"]["ticktext"] == ticks  # type: ignore[index]
    tables = [df.value for df in at.dataframe]
    share_table = next(t for t in tables if t.astype(str).apply(lambda c: c.str.contains(source)).any().any())
    assert len(share_table) == 3  # 2014, 2015 and 2018: the years both inputs have
