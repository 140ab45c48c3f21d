"""Charts built from the shipped public figures through a real store; expected numbers computed by hand from
METHOD.md (docs: 2014 baseline 100,000 jobs and $33.4 billion; 116,000 jobs in 2018; $47 billion in 2019)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pandas as pd
import plotly.graph_objects as go
import pytest

from planmetrics import charts, export_images, look, metrics
from planmetrics.charts import summaries
from planmetrics.charts.chart import Chart
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


def footer(chart: Chart) -> str:
    """The footer an image of the chart prints beneath its plot."""
    image = charts.drawn(chart)
    assert image.layout.annotations[-1].name == "footer"
    return str(image.layout.annotations[-1].text)


# ------------------------------------------------------------------ jobs


@pytest.fixture(scope="module")
def jobs(plan: Plan, figures: pd.DataFrame, assessment: Assessment) -> go.Figure:
    """The net jobs target's plot, in English."""
    return charts.chart_for_target(plan, figures, assessment, "jobs_net", "en").figure


def test_jobs_target_path_is_straight_from_baseline_to_target(jobs: go.Figure) -> None:
    path = points(jobs, "Target path")
    assert path[0] == (2014, 100_000)
    assert path[-1] == (2020, 120_000)
    assert dict(path)[2017] == pytest.approx(110_000)  # half way: +20,000 * 3/6
    assert points(jobs, "Target: 120,000 in 2020") == [(2020, 120_000)]


def test_jobs_projection_runs_from_2018_to_2020_at_the_observed_pace(jobs: go.Figure) -> None:
    # As of 2019 jobs' latest figure is 2018: 116,000 + (16,000 / 4 years) * 2 years = 124,000.
    projection = points(jobs, "Projection at the observed pace")
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
    chart = charts.chart_for_target(plan, figures, assessment, "jobs_net", lang)
    assert chart.finding == title
    assert "2018" in chart.subtitle  # the as-of year of the series
    image = charts.drawn(chart)
    assert image.layout.title.text == f"<b>{title}</b>"
    assert image.layout.title.subtitle.text == chart.subtitle


def test_flagged_figure_has_open_marker_and_flag_word_and_source_in_hover(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    figure = charts.chart_for_target(plan, figures, assessment, "jobs_net", "fr").figure
    actual = trace(figure, "Réel")
    first = list(actual.customdata[0])
    assert first[:2] == [f"100{NBSP}000", "approximatif"]
    assert first[2].startswith("CQCM, chiffres présentés avec la planification stratégique")  # source_fr
    assert "%{customdata[0]}" in actual.hovertemplate and "%{x}" in actual.hovertemplate
    flagged = trace(figure, "Chiffre approximatif")
    assert list(flagged.x) == [2014]
    assert flagged.marker.color == "white"  # open: the shape differs, not only the colour
    assert flagged.marker.symbol == look.flag_symbol("approximate") == "diamond"


def test_status_is_written_at_the_latest_figure(plan: Plan, figures: pd.DataFrame, assessment: Assessment) -> None:
    figure = charts.chart_for_target(plan, figures, assessment, "jobs_net", "en").figure
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
    figure = charts.chart_for_target(plan, figures, assessment, "jobs_montreal", lang).figure
    texts = [str(a.text) for a in figure.layout.annotations]
    assert any(text.startswith(message) for text in texts)
    assert not figure.data  # nothing drawn that is not there


# ------------------------------------------------------------------ revenue


def test_revenue_draws_both_paths_to_their_own_ends(plan: Plan, figures: pd.DataFrame, assessment: Assessment) -> None:
    figure = charts.chart_for_target(plan, figures, assessment, "revenue_growth", "en").figure
    growth = points(figure, "7% a year path")
    level = points(figure, "Path to $45B")
    assert growth[0] == (2014, pytest.approx(33.4e9))
    assert level[0] == (2014, pytest.approx(33.4e9))
    assert growth[-1] == (2020, pytest.approx(33.4e9 * 1.07**6))  # $50.1 billion, not $45 billion
    assert level[-1] == (2020, pytest.approx(45e9))
    assert points(figure, "Target: $45B in 2020") == [(2020, 45e9)]


def test_revenue_projection_at_the_observed_growth(plan: Plan, figures: pd.DataFrame, assessment: Assessment) -> None:
    figure = charts.chart_for_target(plan, figures, assessment, "revenue_growth", "en").figure
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
    chart = charts.chart_for_target(plan, figures, assessment, "revenue_growth", lang)
    axis = chart.figure.layout.yaxis
    assert dict(zip(axis.tickvals, axis.ticktext, strict=True))[45e9] == tick
    assert title in chart.finding
    assert title in charts.drawn(chart).layout.title.text.replace("<b>", "").replace("</b>", "").replace("<br>", " ")


def test_revenue_jump_is_flagged_for_review_in_the_hover(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    # 39 -> 47 billion is +20.5 %, above METHOD.md's 15 % review threshold.
    figure = charts.chart_for_target(plan, figures, assessment, "revenue_growth", "en").figure
    details = {int(x): c[3] for x, c in zip(trace(figure, "Actual").x, trace(figure, "Actual").customdata, strict=True)}
    assert "+20.5% from 2018: to review" in details[2019]
    assert "to review" not in details[2018]


# ------------------------------------------------------------------ shared finish


def every_chart(plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str) -> list[Chart]:
    return [
        charts.chart_for_target(plan, figures, assessment, "jobs_net", lang),
        charts.chart_for_target(plan, figures, assessment, "jobs_montreal", lang),
        charts.chart_for_target(plan, figures, assessment, "revenue_growth", lang),
        charts.breakdown_chart(plan, figures, "jobs", "sector", year=2018, lang=lang),
        charts.trend_chart(plan, figures, "organizations", lang),
    ]


@pytest.mark.parametrize(("lang", "separators"), [("fr", ", "), ("en", ".,")])
def test_separators_sources_and_method_note_on_every_chart(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str, separators: str
) -> None:
    sources, method = ("Sources :", "Méthode :") if lang == "fr" else ("Sources:", "Method:")
    for chart in every_chart(plan, figures, assessment, lang):
        assert chart.figure.layout.separators == separators
        assert chart.footer[0].startswith(sources) and chart.footer[1].startswith(method)
        assert footer(chart).startswith(sources)
        assert method in footer(chart)
        assert chart.figure.layout.paper_bgcolor == "white"


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
    for chart in every_chart(plan, figures, assessment, "fr"):
        sizes = list(_font_sizes(charts.drawn(chart).to_plotly_json()))
        assert sizes and min(sizes) >= 12


# ------------------------------------------------------------------ parts, trends, data table


def test_breakdown_by_sector_sorted_with_plan_labels_and_no_total(plan: Plan, figures: pd.DataFrame) -> None:
    figure = charts.breakdown_chart(plan, figures, "jobs", "sector", year=2018, lang="fr").figure
    bars = figure.data[0]
    assert list(bars.y)[-1] == "Services financiers"  # largest at the top
    assert list(bars.x) == sorted([52_100, 24_300, 7_000, 6_000, 3_200, 3_200])
    assert list(bars.text)[-1] == f"52{NBSP}100 (44,9{NBSP}%)"  # of the 116,000 total: 52,100 / 116,000
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
    chart = charts.contribution_chart(plan, frame, progress, "en")
    assert chart is not None
    bars = chart.figure.data[0]
    assert list(bars.y) == ["Agricultural federation", "Desjardins"]
    assert list(bars.x) == [4_000, 12_000]
    assert list(bars.text) == ["+4,000 (25%)", "+12,000 (75%)"]


def test_trend_chart_least_squares_over_the_last_three_figures(plan: Plan) -> None:
    frame = figure_rows([("intl_projects", y, v) for y, v in ((2015, 30), (2016, 10), (2017, 14), (2018, 15))])
    chart = charts.trend_chart(plan, frame, "intl_projects", "en")
    # Last three: mean 13 at 2017, slope ((-1)(-3) + (1)(2)) / 2 = 2.5 a year -> 10.5 in 2016, 15.5 in 2018.
    trend = points(chart.figure, "Trend (last three figures)")
    assert trend == [(2016, pytest.approx(10.5)), (2018, pytest.approx(15.5))]
    assert "improving, 15 in 2018" in chart.finding


def test_trend_of_two_figures_is_the_line_itself(plan: Plan, figures: pd.DataFrame) -> None:
    chart = charts.trend_chart(plan, figures, "organizations", "en")
    assert [t.name for t in chart.figure.data if t.name == "Trend (last three figures)"] == []
    assert chart.finding == "Co-operatives and mutuals: worsening, 3,000 in 2018"


def test_sparkline_is_small_and_bare(plan: Plan, figures: pd.DataFrame) -> None:
    spark = charts.sparkline(figures, "organizations", "Québec", "fr")
    assert spark is not None
    layout = spark["layout"]
    assert layout["height"] == 80
    assert layout["xaxis"]["visible"] is False and layout["yaxis"]["visible"] is False
    assert layout["showlegend"] is False
    assert layout["separators"] == ", "
    assert spark["data"][0]["customdata"] == [[f"3{NBSP}300"], [f"3{NBSP}000"]]  # 3,300 in 2015, 3,000 in 2018
    assert charts.sparkline(figures, "members", "Québec", "en") is None  # one figure is not a line


def test_chart_frame_is_the_data_behind_the_chart(plan: Plan, figures: pd.DataFrame) -> None:
    table = charts.chart_frame(plan, figures, "jobs", "Québec", "fr")
    assert list(table.columns) == ["Année", "Valeur", "Note", "Source"]
    assert list(table["Année"]) == ["2014", "2015", "2018"]
    assert list(table["Valeur"]) == [f"100{NBSP}000", f"95{NBSP}000", f"116{NBSP}000"]
    assert list(table["Note"]) == ["approximatif", "", ""]
    assert table["Source"].iloc[2] == f"CQCM, portrait des réseaux (2018){NBSP}: 116{NBSP}000 emplois"  # source_fr


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
    for name, chart in (
        ("jobs", charts.chart_for_target(plan, figures, assessment, "jobs_net", lang)),
        ("revenue", charts.chart_for_target(plan, figures, assessment, "revenue_growth", lang)),
    ):
        png = export_images.to_image(charts.drawn(chart), "png", scale=1)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert (width, height) == (export_images.EXPORT_WIDTH, chart.image_height)
        (tmp_path / f"{name}-{lang}.png").write_bytes(png)


@pytest.mark.skipif(export_images.chromium_path() is None, reason="Chromium (Debian package chromium) not installed")
def test_charts_drawn_together_match_charts_drawn_one_by_one(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    jobs = charts.drawn(charts.chart_for_target(plan, figures, assessment, "jobs_net", "fr"))
    revenue = charts.drawn(charts.chart_for_target(plan, figures, assessment, "revenue_growth", "fr"))
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
    chart = charts.chart_for_target(plan, figures, assessment, "jobs_net", "fr")
    assert chart.finding.startswith("Emplois : en bonne voie, 116\u00a0000 en 2018")
    assert chart.subtitle == "En date de 2018 · référence 2014 · année cible 2020"
    assert chart.footer[0].startswith("Sources : CQCM") and chart.footer[1].startswith("Méthode")
    assert chart.figure.layout.title.text is None and chart.figure.layout.meta is None  # no word in the plot
    names = [a.name for a in chart.figure.layout.annotations]
    assert names == []  # the status is a marker's text at the latest figure, not a note
    image = charts.drawn(chart)
    assert [a.name for a in image.layout.annotations] == ["footer"]
    assert [t.name for t in image.data] == [t.name for t in chart.figure.data]
    assert chart.figure.layout.height == 500 + 130 < image.layout.height  # plot, legend and axis labels
    assert chart.figure.layout.title.text is None  # drawing an image leaves the page's figure as it was


def test_an_image_has_room_for_its_title_and_footer_lines(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    """Height: the plot's 500 px, a title of one line (96 px), a footer of four lines (62 + 4 x 17 px): the
    sources and the method each run over 150 characters, so each takes two lines."""
    chart = charts.chart_for_target(plan, figures, assessment, "jobs_net", "en")
    assert all(len(text) > 150 for text in chart.footer)
    image = charts.drawn(chart)
    assert len(image.layout.annotations[-1].text.split("<br>")) == 4
    assert image.layout.height == chart.image_height == 500 + 96 + 62 + 4 * 17  # 726 px
    assert (image.layout.margin.t, image.layout.margin.b) == (96 + 34, 62 + 4 * 17)
    untitled = charts.drawn(chart, titled=False)  # the report's picture: its page writes the finding
    assert untitled.layout.title.text is None and untitled.layout.margin.t == 70
    assert untitled.layout.height == image.layout.height


def test_bars_without_a_legend_give_its_room_back_in_an_image(plan: Plan, figures: pd.DataFrame) -> None:
    chart = charts.breakdown_chart(plan, figures, "jobs", "sector", year=2018, lang="en")
    assert chart.figure.layout.showlegend is False and not chart.legend_room
    image = charts.drawn(chart)
    lines = len(image.layout.title.text.split("<br>"))
    assert image.layout.margin.t == 96 + 24 * (lines - 1) + 34 - 30


# ------------------------------------------------------------------ which chart, statuses' look


def test_which_chart_a_target_gets(plan: Plan, figures: pd.DataFrame, assessment: Assessment) -> None:
    def names(target_id: str) -> list[str]:
        return [t.name for t in charts.chart_for_target(plan, figures, assessment, target_id, "en").figure.data]

    assert "Target path" in names("jobs_net")  # increase_by: the straight path to +20,000
    assert names("revenue_growth") == names("revenue_level")  # a series' compound targets share one chart
    assert {"7% a year path", "Path to $45B"} <= set(names("revenue_level"))
    assert "Trend (last three figures)" in names("members") or "Actual" in names("members")  # tracked: its trend
    assert charts.one_chart_each(plan, ["jobs_net", "revenue_growth", "revenue_level", "jobs_montreal"]) == [
        "jobs_net",
        "revenue_growth",
        "jobs_montreal",
    ]
    assert charts.shown_with(plan, "revenue_level") == ("revenue_growth", "revenue_level")


def test_export_names_keep_meaning_the_charts_they_meant(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    names = summaries.chart_names(plan)
    assert len(names) == len(set(names))
    assert {"overview", "jobs", "jobs_montreal", "revenue", "benefits", "members"} <= set(names)

    def image(name: str) -> dict[str, Any]:
        return dict(summaries.build(name, plan, figures, assessment, "en").to_plotly_json()["layout"]["title"])

    assert image("jobs") == image("jobs_net")  # an indicator with targets: its first target's chart
    assert image("revenue") == image("revenue_level") == image("revenue_growth")
    assert image("organizations")["text"].startswith("<b>Co-operatives and mutuals: worsening")
    with pytest.raises(PlanmetricsError):
        summaries.build("jobs_mars", plan, figures, assessment, "en")


@pytest.mark.parametrize(
    ("status", "colour", "badge", "icon", "symbol", "fill"),
    [
        ("achieved", "#009E73", "green", ":material/verified:", "star", "#D8F0E6"),
        ("on_track", "#009E73", "green", ":material/check_circle:", "circle", "#D8F0E6"),
        ("needs_acceleration", "#E69F00", "orange", ":material/speed:", "diamond", "#FCEBC7"),
        ("limited_progress", "#E69F00", "orange", ":material/warning:", "square", "#FCEBC7"),
        ("deteriorating", "#D55E00", "red", ":material/trending_down:", "triangle-down", "#F8D9CC"),
        ("missed", "#D55E00", "red", ":material/cancel:", "x", "#F8D9CC"),
        ("no_data", "#595959", "gray", ":material/help:", "circle-open", "#EDEDED"),
        ("stable", "#0072B2", "blue", ":material/trending_flat:", "circle", "#EDEDED"),
    ],
)
def test_one_table_says_how_a_status_looks(
    status: str, colour: str, badge: str, icon: str, symbol: str, fill: str
) -> None:
    shown = look.status_look(status)
    assert (shown.colour, shown.badge, shown.icon, shown.symbol, shown.fill) == (colour, badge, icon, symbol, fill)
    assert shown.word == f"status.{status}"


def test_every_status_of_the_engine_has_a_look() -> None:
    assert set(look.STATUSES) == set(get_args(metrics.Status))


def test_the_status_marker_takes_its_shape_from_the_table(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    figure = charts.chart_for_target(plan, figures, assessment, "jobs_net", "en").figure
    marker = next(t for t in figure.data if t.text is not None and "On track" in t.text[0])
    assert marker.marker.symbol == look.status_look("on_track").symbol == "circle"
