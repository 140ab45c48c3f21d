"""Charts built from the shipped public figures through a real store; expected numbers computed by hand from
METHOD.md (docs: 2014 baseline 100,000 jobs and $33.4 billion; 116,000 jobs in 2018; $47 billion in 2019)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from planmetrics import charts, export_images, metrics
from planmetrics.errors import PlanmetricsError
from planmetrics.importing import load_shipped_figures
from planmetrics.metrics import Assessment
from planmetrics.plan import Plan
from planmetrics.store import Store
from tests.conftest import figure_rows

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> pd.DataFrame:
    """data/figures/cqcm-public.csv read by the importer, committed to a DuckDB file, read back."""
    store = Store(tmp_path_factory.mktemp("charts") / "charts.duckdb")
    store.migrate()
    load_shipped_figures(store, plan)
    return store.current_figures()


@pytest.fixture(scope="module")
def assessment(plan: Plan, figures: pd.DataFrame) -> Assessment:
    return metrics.assess(plan, figures)


def trace(figure: go.Figure, name: str) -> Any:
    return next(t for t in figure.data if t.name == name)


def points(figure: go.Figure, name: str) -> list[tuple[int, float]]:
    found = trace(figure, name)
    return [(int(x), float(y)) for x, y in zip(found.x, found.y, strict=True)]


def footer(figure: go.Figure) -> str:
    return str(figure.layout.annotations[-1].text)


# ------------------------------------------------------------------ jobs


def test_jobs_target_path_is_straight_from_baseline_to_target(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    figure = charts.target_chart(plan, figures, assessment.target("jobs_net"), "en")
    path = points(figure, "Target path")
    assert path[0] == (2014, 100_000)
    assert path[-1] == (2020, 120_000)
    assert dict(path)[2017] == pytest.approx(110_000)  # half way: +20,000 * 3/6
    assert points(figure, "Target: 120,000 in 2020") == [(2020, 120_000)]


def test_jobs_projection_runs_from_2018_to_2020_at_the_observed_pace(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    # As of 2019 jobs' latest figure is 2018: 116,000 + (16,000 / 4 years) * 2 years = 124,000.
    figure = charts.target_chart(plan, figures, assessment.target("jobs_net"), "en")
    projection = points(figure, "Projection at the observed pace")
    assert projection[0] == (2018, 116_000)
    assert projection[-1][0] == 2020
    assert projection[-1][1] == pytest.approx(116_000 + 16_000 / 4 * 2)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Jobs: on track, 116,000 in 2018 (+16,000 of +20,000)"),
        ("fr", f"Emplois : en bonne voie, 116{NBSP}000 en 2018 (+16{NBSP}000 sur +20{NBSP}000)"),
    ],
)
def test_jobs_title_states_the_finding(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str, title: str
) -> None:
    figure = charts.target_chart(plan, figures, assessment.target("jobs_net"), lang)
    assert figure.layout.title.text == f"<b>{title}</b>"
    assert "2018" in figure.layout.title.subtitle.text  # the as-of year of the series


def test_flagged_figure_has_open_marker_and_flag_word_and_source_in_hover(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    figure = charts.target_chart(plan, figures, assessment.target("jobs_net"), "fr")
    actual = trace(figure, "Réel")
    first = list(actual.customdata[0])
    assert first[:2] == [f"100{NBSP}000", "approximatif"]
    assert first[2].startswith("CQCM, figures presented with the strategic plan")
    assert "%{customdata[0]}" in actual.hovertemplate and "%{x}" in actual.hovertemplate
    flagged = trace(figure, "Chiffre approximatif (marqueur vide)")
    assert list(flagged.x) == [2014]
    assert flagged.marker.color == "white"  # open: the shape differs, not only the colour


def test_status_is_written_at_the_latest_figure(plan: Plan, figures: pd.DataFrame, assessment: Assessment) -> None:
    figure = charts.target_chart(plan, figures, assessment.target("jobs_net"), "en")
    marker = next(t for t in figure.data if t.text is not None and "On track" in t.text[0])
    assert (list(marker.x), list(marker.y)) == ([2018], [116_000])


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "No figures yet for Montréal — upload jobs for region Montréal"),
        ("fr", "Aucune donnée pour Montréal — téléversez les emplois de la région Montréal"),
    ],
)
def test_montreal_without_figures_says_so_and_what_to_do(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str, message: str
) -> None:
    figure = charts.target_chart(plan, figures, assessment.target("jobs_montreal"), lang)
    texts = [str(a.text) for a in figure.layout.annotations]
    assert any(text.startswith(message) for text in texts)
    assert not figure.data  # nothing drawn that is not there


# ------------------------------------------------------------------ revenue


def test_revenue_draws_both_paths_to_their_own_ends(plan: Plan, figures: pd.DataFrame, assessment: Assessment) -> None:
    figure = charts.revenue_chart(plan, figures, assessment, "en")
    growth = points(figure, "7% a year path")
    level = points(figure, "Path to $45B")
    assert growth[0] == (2014, pytest.approx(33.4e9))
    assert level[0] == (2014, pytest.approx(33.4e9))
    assert growth[-1] == (2020, pytest.approx(33.4e9 * 1.07**6))  # $50.1 billion, not $45 billion
    assert level[-1] == (2020, pytest.approx(45e9))
    assert points(figure, "Target: $45B in 2020") == [(2020, 45e9)]


def test_revenue_projection_at_the_observed_growth(plan: Plan, figures: pd.DataFrame, assessment: Assessment) -> None:
    figure = charts.revenue_chart(plan, figures, assessment, "en")
    observed = (47 / 33.4) ** (1 / 5) - 1  # 2014 -> 2019
    projection = points(figure, "Projection at the observed pace")
    assert projection[0] == (2019, 47e9)
    assert projection[-1] == (2020, pytest.approx(47e9 * (1 + observed)))


@pytest.mark.parametrize(
    ("lang", "tick", "title"),
    [
        ("en", "$45B", "Revenue: $47B in 2019 · 7% a year growth: on track · $45B level: achieved"),
        ("fr", f"45{NBSP}G$", f"Chiffre d'affaires : 47{NBSP}G$ en 2019"),
    ],
)
def test_revenue_axis_in_billions_for_the_language(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str, tick: str, title: str
) -> None:
    figure = charts.revenue_chart(plan, figures, assessment, lang)
    axis = figure.layout.yaxis
    assert dict(zip(axis.tickvals, axis.ticktext, strict=True))[45e9] == tick
    assert title in figure.layout.title.text.replace("<b>", "").replace("</b>", "").replace("<br>", " ")


def test_revenue_jump_is_flagged_for_review_in_the_hover(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    # 39 -> 47 billion is +20.5 %, above METHOD.md's 15 % review threshold.
    figure = charts.revenue_chart(plan, figures, assessment, "en")
    details = {int(x): c[3] for x, c in zip(trace(figure, "Actual").x, trace(figure, "Actual").customdata, strict=True)}
    assert "+20.5% from 2018: to review" in details[2019]
    assert "to review" not in details[2018]


# ------------------------------------------------------------------ shared finish


def every_chart(plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str) -> list[go.Figure]:
    return [
        charts.target_chart(plan, figures, assessment.target("jobs_net"), lang),
        charts.target_chart(plan, figures, assessment.target("jobs_montreal"), lang),
        charts.revenue_chart(plan, figures, assessment, lang),
        charts.breakdown_chart(plan, figures, "jobs", "sector", year=2018, lang=lang),
        charts.trend_chart(plan, figures, "organizations", lang),
    ]


@pytest.mark.parametrize(("lang", "separators"), [("fr", ", "), ("en", ".,")])
def test_separators_sources_and_method_note_on_every_chart(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str, separators: str
) -> None:
    sources, method = ("Sources :", "Méthode :") if lang == "fr" else ("Sources:", "Method:")
    for figure in every_chart(plan, figures, assessment, lang):
        assert figure.layout.separators == separators
        assert footer(figure).startswith(sources)
        assert method in footer(figure)
        assert figure.layout.paper_bgcolor == "white"


def _font_sizes(node: object) -> Iterator[float]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("font", "textfont", "tickfont") and isinstance(value, dict) and "size" in value:
                yield float(value["size"])
            yield from _font_sizes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _font_sizes(item)


def test_no_text_smaller_than_12_px(plan: Plan, figures: pd.DataFrame, assessment: Assessment) -> None:
    for figure in every_chart(plan, figures, assessment, "fr"):
        sizes = list(_font_sizes(figure.to_plotly_json()))
        assert sizes and min(sizes) >= 12


# ------------------------------------------------------------------ parts, trends, data table


def test_breakdown_by_sector_sorted_with_plan_labels_and_no_total(plan: Plan, figures: pd.DataFrame) -> None:
    figure = charts.breakdown_chart(plan, figures, "jobs", "sector", year=2018, lang="fr")
    bars = figure.data[0]
    assert list(bars.y)[-1] == "Services financiers"  # largest at the top
    assert list(bars.x) == sorted([52_100, 24_300, 7_000, 6_000, 3_200, 3_200])
    assert list(bars.text)[-1] == f"52{NBSP}100"
    assert "all" not in list(bars.y)


def test_contribution_chart_needs_parts_in_both_years(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    # The shipped figures break jobs down by sector in 2018 only: no change can be computed.
    assert charts.contribution_chart(plan, figures, assessment.target("jobs_net"), "en") is None


def test_contribution_chart_shares_of_the_net_change(plan: Plan) -> None:
    totals = figure_rows([("jobs", 2014, 100_000), ("jobs", 2018, 116_000)])
    networks = [
        figure_rows([("jobs", 2014, 40_000), ("jobs", 2018, 52_000)], network="Desjardins"),
        figure_rows([("jobs", 2014, 20_000), ("jobs", 2018, 24_000)], network="Agricultural federation"),
    ]
    frame = pd.concat([totals, *networks], ignore_index=True)
    progress = metrics.assess(plan, frame).target("jobs_net")
    figure = charts.contribution_chart(plan, frame, progress, "en")
    assert figure is not None
    bars = figure.data[0]
    assert list(bars.y) == ["Agricultural federation", "Desjardins"]
    assert list(bars.x) == [4_000, 12_000]
    assert list(bars.text) == ["+4,000 (25%)", "+12,000 (75%)"]


def test_trend_chart_least_squares_over_the_last_three_figures(plan: Plan) -> None:
    frame = figure_rows([("intl_projects", y, v) for y, v in ((2015, 30), (2016, 10), (2017, 14), (2018, 15))])
    figure = charts.trend_chart(plan, frame, "intl_projects", "en")
    # Last three: mean 13 at 2017, slope ((-1)(-3) + (1)(2)) / 2 = 2.5 a year -> 10.5 in 2016, 15.5 in 2018.
    trend = points(figure, "Trend (last three figures)")
    assert trend == [(2016, pytest.approx(10.5)), (2018, pytest.approx(15.5))]
    assert "improving, 15 in 2018" in figure.layout.title.text


def test_trend_of_two_figures_is_the_line_itself(plan: Plan, figures: pd.DataFrame) -> None:
    figure = charts.trend_chart(plan, figures, "organizations", "en")
    assert [t.name for t in figure.data if t.name == "Trend (last three figures)"] == []
    assert "Co-operatives and mutuals: worsening, 3,000 in 2018" in figure.layout.title.text


def test_sparkline_is_small_and_bare(plan: Plan, figures: pd.DataFrame) -> None:
    figure = charts.trend_chart(plan, figures, "organizations", "fr", small=True)
    assert figure.layout.height == 80
    assert figure.layout.xaxis.visible is False and figure.layout.yaxis.visible is False
    assert figure.layout.showlegend is False
    assert figure.layout.separators == ", "
    assert charts.sparkline(figures, "members", "Québec", "en") is None  # one figure is not a line


def test_chart_frame_is_the_data_behind_the_chart(plan: Plan, figures: pd.DataFrame) -> None:
    table = charts.chart_frame(plan, figures, "jobs", "Québec", "fr")
    assert list(table.columns) == ["Année", "Valeur", "Note", "Source"]
    assert list(table["Année"]) == ["2014", "2015", "2018"]
    assert list(table["Valeur"]) == [f"100{NBSP}000", f"95{NBSP}000", f"116{NBSP}000"]
    assert list(table["Note"]) == ["approximatif", "", ""]
    assert table["Source"].iloc[2] == "CQCM, portrait of the networks (2018): 116,000 jobs"


# ------------------------------------------------------------------ image export


def test_missing_chromium_names_the_debian_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(export_images, "_started", False)
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-browser"))
    with pytest.raises(PlanmetricsError, match="chromium"):
        export_images.to_image(go.Figure(), "png")


@pytest.mark.skipif(export_images.chromium_path() is None, reason="Chromium (Debian package chromium) not installed")
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_jobs_and_revenue_charts_export_as_png(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment, tmp_path: Path, lang: str
) -> None:
    for name, figure in (
        ("jobs", charts.target_chart(plan, figures, assessment.target("jobs_net"), lang)),
        ("revenue", charts.revenue_chart(plan, figures, assessment, lang)),
    ):
        png = export_images.to_image(figure, "png", scale=1)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert (width, height) == (export_images.EXPORT_WIDTH, figure.layout.height)
        (tmp_path / f"{name}-{lang}.png").write_bytes(png)


@pytest.mark.skipif(export_images.chromium_path() is None, reason="Chromium (Debian package chromium) not installed")
def test_charts_drawn_together_match_charts_drawn_one_by_one(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    jobs = charts.target_chart(plan, figures, assessment.target("jobs_net"), "fr")
    revenue = charts.revenue_chart(plan, figures, assessment, "fr")
    together = export_images.to_images([jobs, revenue.to_dict(), jobs], "png", scale=1)
    assert len(together) == 3
    for figure, png in zip([jobs, revenue, jobs], together, strict=True):
        alone = export_images.to_image(figure, "png", scale=1)
        assert png[16:24] == alone[16:24]  # same width and height
        assert abs(len(png) - len(alone)) < 0.02 * len(alone)  # the same picture, give or take the encoder
    assert together[0] != together[1]


def test_a_page_shows_the_words_as_text_and_the_plot_without_them(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    figure = charts.target_chart(plan, figures, assessment.target("jobs_net"), "fr")
    exported = figure.to_plotly_json()
    screen = charts.for_screen(figure)
    assert screen.finding.startswith("Emplois : en bonne voie, 116\u00a0000 en 2018")
    assert screen.subtitle == "En date de 2018 · référence 2014 · année cible 2020"
    assert screen.footer[0].startswith("Sources : CQCM") and screen.footer[1].startswith("Méthode")
    assert not screen.figure.layout.title.text and not screen.figure.layout.title.subtitle.text
    names = [a.name for a in screen.figure.layout.annotations]
    assert "footer" not in names and len(names) == len(figure.layout.annotations) - 1  # the status label stays
    assert [t.name for t in screen.figure.data] == [t.name for t in figure.data]
    assert screen.figure.layout.height < figure.layout.height
    assert figure.to_plotly_json() == exported  # the exported chart keeps its words inside
