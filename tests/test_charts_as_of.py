"""Charts as of a year and after the plan, flags' markers and shares of the total (METHOD.md, "After the target
year", "As of a year", "Shares and contributions"), on real DuckDB files: the shipped figures and a file of
made-up later figures imported over them. Expected values computed by hand; both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from planmetrics import charts, look, metrics, tables
from planmetrics.charts import summaries
from planmetrics.charts.chart import Chart
from planmetrics.importing import import_bytes, load_shipped_figures
from planmetrics.metrics import Assessment
from planmetrics.plan import Plan
from planmetrics.store import Store
from tests.conftest import figure_rows

NBSP = "\u00a0"

# METHOD.md's "after the plan" check (jobs of 119,800 in 2020, 125,000 in 2022), with flags, regions of 2018
# (Montréal 23,000 of 116,000) and 2019 (no total that year), two networks, revenue to 2021 and a price index.
LATER = """year,indicator,region,sector,network,value,flag,source
2020,jobs,Québec,all,all,119800,r,test: jobs 2020
2022,jobs,Québec,all,all,125000,p,test: jobs 2022
2018,jobs,Montréal,all,all,23000,p,test: regions 2018
2018,jobs,Capitale-Nationale,all,all,18000,,test: regions 2018
2018,jobs,Estrie,all,all,13600,,test: regions 2018
2019,jobs,Montréal,all,all,24000,,test: regions 2019
2014,jobs,Québec,all,Desjardins,40000,,test: networks
2020,jobs,Québec,all,Desjardins,47000,,test: networks
2022,jobs,Québec,all,Desjardins,50000,,test: networks
2014,jobs,Québec,all,Fédération agricole,20000,,test: networks
2020,jobs,Québec,all,Fédération agricole,18500,,test: networks
2020,revenue,Québec,all,all,45500000000,,test: revenue 2020
2021,revenue,Québec,all,all,50000000000,,test: revenue 2021
2022,organizations,Québec,all,all,2900,,test: organizations 2022
2014,cpi,Québec,all,all,125,,test: cpi
2018,cpi,Québec,all,all,133,,test: cpi
2019,cpi,Québec,all,all,136,,test: cpi
2021,cpi,Québec,all,all,141,,test: cpi
"""
# The same plan as of 2022 with no figure of its target year: jobs of 2022 only.
NO_2020 = """year,indicator,value,flag,source
2022,jobs,125000,p,test: jobs 2022
"""


def _store(path: Path, plan: Plan, later: str) -> pd.DataFrame:
    store = Store(path)
    store.migrate()
    load_shipped_figures(store, plan)
    import_bytes(store, plan, later.encode("utf-8"), "later.csv")
    return store.current_figures()


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> pd.DataFrame:
    return _store(tmp_path_factory.mktemp("as_of") / "later.duckdb", plan, LATER)


@pytest.fixture(scope="module")
def awaiting(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> pd.DataFrame:
    return _store(tmp_path_factory.mktemp("as_of") / "awaiting.duckdb", plan, NO_2020)


def trace(figure: go.Figure, name: str) -> Any:
    return next(t for t in figure.data if t.name == name)


def xs(figure: go.Figure, name: str) -> list[int]:
    return [int(x) for x in trace(figure, name).x]


def years_drawn(chart: Chart | dict[str, Any]) -> set[int]:
    """Every year a figure is drawn at (in English): the actual line, the greyed one, flagged markers, money in
    nominal or constant dollars, a trend. A path or the target's marker is drawn at the target year: not a
    figure. Bars' x are values, not years."""
    if not isinstance(chart, Chart):  # a sparkline: every line is figures
        return {int(x) for one in chart["data"] for x in one["x"]}
    figures = ("Actual", "After the plan", "Nominal dollars", "Constant 2014 dollars", "Trend (last three figures)")
    found: set[int] = set()
    for one in chart.figure.to_dict()["data"]:
        name, status = one.get("name") or "", one.get("mode") == "markers+text"
        if one["type"] == "scatter" and (name in figures or name.endswith(" figure") or status):
            found |= {int(x) for x in one["x"]}
    return found


# ------------------------------------------------------------------ as of a year: nothing later


def test_as_of_2018_no_chart_draws_a_later_figure(plan: Plan, figures: pd.DataFrame) -> None:
    """Every chart `planmetrics export` can draw, as of 2018: revenue's 2019-2021, jobs' 2020 and 2022 and the
    organizations' 2022 figures are in the database and on none of them."""
    assessment = metrics.assess(plan, figures, 2018)
    for name in summaries.chart_names(plan):
        chart = summaries.chart(name, plan, figures, assessment, "en")
        assert max(years_drawn(chart), default=2018) <= 2018, name
    revenue = summaries.chart("revenue", plan, figures, assessment, "en")
    assert xs(revenue.figure, "Actual") == [2014, 2018]
    assert "Revenue: $39B in 2018" in revenue.finding


def test_as_of_2018_every_builder_keeps_to_2018(plan: Plan, figures: pd.DataFrame) -> None:
    spark = charts.sparkline(figures, "revenue", "Québec", "fr", as_of=2018)
    assert spark is not None and years_drawn(spark) == {2014, 2018}
    trend = charts.trend_chart(plan, figures, "organizations", "en", as_of=2018)
    assert years_drawn(trend) == {2015, 2018}
    assert trend.finding == "Co-operatives and mutuals: worsening, 3,000 in 2018"
    table = charts.chart_frame(plan, figures, "jobs", "Québec", "fr", as_of=2018, target_year=2020)
    assert list(table["Année"]) == ["2014", "2015", "2018"]
    real = metrics.constant_dollars(
        metrics.total_series(figures, "revenue"), metrics.total_series(figures, "cpi"), plan.baseline_year
    )
    assert list(real.index) == [2014, 2018, 2019, 2021]  # what the page hands over: the chart cuts it
    constant = charts.constant_dollars_chart(plan, figures, "revenue", real, "en", as_of=2018)
    assert years_drawn(constant) == {2014, 2018}
    assessment = metrics.assess(plan, figures, 2018)
    assert charts.contribution_chart(plan, figures, assessment.target("jobs_net"), "en") is None  # no 2018 parts


def test_benefits_trend_as_of_2018_ignores_2022(plan: Plan, figures: pd.DataFrame) -> None:
    # Organizations as of 2018: 3,300 (2015) -> 3,000 (2018), slope -100 a year, mean 3,150: -3.2 % a year.
    chart = summaries.benefits_chart(plan, figures, metrics.assess(plan, figures, 2018), "en")
    bars = chart.figure.data[0]
    shown = dict(zip(bars.y, bars.x, strict=True))
    assert shown["Co-operatives and mutuals"] == pytest.approx(-100 / 3_150)


# ------------------------------------------------------------------ after the plan


@pytest.fixture(scope="module")
def after(plan: Plan, figures: pd.DataFrame) -> Assessment:
    return metrics.assess(plan, figures, 2022)


@pytest.mark.parametrize(
    ("lang", "finding", "later"),
    [
        ("en", "Jobs: missed at 99%, 119,800 in 2020 (+19,800 of +20,000)", "After the plan"),
        (
            "fr",
            f"Emplois : non atteint à 99{NBSP}%, 119{NBSP}800 en 2020 (+19{NBSP}800 sur +20{NBSP}000)",
            "Après le plan",
        ),
    ],
)
def test_jobs_as_of_2022_missed_at_99_with_2022_greyed(
    plan: Plan, figures: pd.DataFrame, after: Assessment, lang: str, finding: str, later: str
) -> None:
    """METHOD.md's check: 19,800 of 20,000 = 99 %, from the 2020 figure; 2022 greyed, changing nothing."""
    chart = charts.chart_for_target(plan, figures, after, "jobs_net", lang)
    figure = chart.figure
    assert chart.finding == finding
    assert xs(figure, "Réel" if lang == "fr" else "Actual") == [2014, 2015, 2018, 2020]
    greyed = trace(figure, later)
    assert [int(x) for x in greyed.x] == [2022] and list(greyed.y) == [125_000]
    assert greyed.line.color == look.AFTER_PLAN
    assert later.lower() in greyed.customdata[0][3]  # the hover says it: "after the plan (2020): ..."
    path = trace(figure, "Trajectoire cible" if lang == "fr" else "Target path")
    assert max(path.x) == 2020  # no path past the target year, no projection at all
    assert not [t for t in figure.data if t.name in ("Projection at the observed pace", "Projection au rythme observé")]
    marker = next(t for t in figure.data if t.text is not None)
    assert (list(marker.x), list(marker.y)) == ([2020], [119_800])  # the verdict sits on the 2020 figure
    assert marker.marker.symbol == look.status_look("missed").symbol
    assert figure.layout.xaxis.range[1] == pytest.approx(2022.3)  # the 2022 point fits in


def test_compound_targets_final_on_2020_with_2021_greyed(plan: Plan, figures: pd.DataFrame, after: Assessment) -> None:
    """Revenue 2020 $45.5B: level reached (45.5 >= 45); growth (45.5 / 33.4) ** (1/6) - 1 = 5.29 %, 76 % of 7 %."""
    chart = charts.chart_for_target(plan, figures, after, "revenue_growth", "en")
    assert chart.finding == (
        "Revenue: $45.5B in 2020 · 7% a year growth: missed at 76% · $45B level: achieved at 104%"
    )  # level progress (45.5 - 33.4) / (45 - 33.4) = 104 %
    assert xs(chart.figure, "Actual") == [2014, 2018, 2019, 2020]
    assert xs(chart.figure, "After the plan") == [2021]
    assert max(trace(chart.figure, "7% a year path").x) == 2020


def test_tracked_indicator_goes_on_after_the_plan(plan: Plan, figures: pd.DataFrame, after: Assessment) -> None:
    chart = charts.chart_for_target(plan, figures, after, "organizations", "en")
    assert xs(chart.figure, "Actual") == [2015, 2018, 2022]  # no target year: nothing greyed
    assert "After the plan" not in [t.name for t in chart.figure.data]


@pytest.mark.parametrize(
    ("lang", "finding"),
    [
        (
            "en",
            "Jobs: awaiting the 2020 figure · on track as of 2018 (116,000) · upload the 2020 figure (jobs)",
        ),
        (
            "fr",
            f"Emplois : en attente de la donnée 2020 · en bonne voie en 2018 (116{NBSP}000) · téléversez la donnée "
            "de 2020 (emplois)",
        ),
    ],
)
def test_awaiting_the_target_years_figure_says_which_to_upload(
    plan: Plan, awaiting: pd.DataFrame, lang: str, finding: str
) -> None:
    assessment = metrics.assess(plan, awaiting, 2022)
    chart = charts.chart_for_target(plan, awaiting, assessment, "jobs_net", lang)
    assert chart.finding == finding
    later = "Après le plan" if lang == "fr" else "After the plan"
    assert [int(x) for x in trace(chart.figure, later).x] == [2022]  # a later figure is no substitute
    assert max(trace(chart.figure, "Réel" if lang == "fr" else "Actual").x) == 2018


def test_revenue_awaiting_2020(plan: Plan, awaiting: pd.DataFrame) -> None:
    assessment = metrics.assess(plan, awaiting, 2022)
    chart = charts.chart_for_target(plan, awaiting, assessment, "revenue_level", "fr")
    assert chart.finding.startswith("Chiffre d'affaires : en attente de la donnée 2020 · ")
    assert chart.finding.endswith(f"en 2019 (47{NBSP}G$) · téléversez la donnée de 2020 (chiffre d'affaires)")


def test_sparkline_and_data_table_after_the_plan(plan: Plan, figures: pd.DataFrame) -> None:
    spark = charts.sparkline(figures, "jobs", "Québec", "en", as_of=2022, target_year=2020)
    assert spark is not None
    plan_part, later = spark["data"]
    assert plan_part["x"] == [2014, 2015, 2018, 2020] and plan_part["line"]["color"] == look.BLUE
    assert later["x"] == [2020, 2022] and later["line"]["color"] == look.AFTER_PLAN  # joined to 2020
    table = charts.chart_frame(plan, figures, "jobs", "Québec", "fr", as_of=2022, target_year=2020)
    assert list(table["Année"]) == ["2014", "2015", "2018", "2020", "2022"]
    assert list(table["Note"]) == ["approximatif", "", "", "révisé", "provisoire · après le plan"]


# ------------------------------------------------------------------ flags


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("en", ("Approximate figure", "Revised figure", "Preliminary figure")),
        ("fr", ("Chiffre approximatif", "Chiffre révisé", "Chiffre provisoire")),
    ],
)
def test_each_flag_has_its_marker_and_legend_entry(
    plan: Plan, figures: pd.DataFrame, after: Assessment, lang: str, names: tuple[str, str, str]
) -> None:
    figure = charts.chart_for_target(plan, figures, after, "jobs_net", lang).figure
    approximate, revised, preliminary = (trace(figure, name) for name in names)
    assert [int(x) for x in approximate.x] == [2014] and approximate.marker.symbol == "diamond"
    assert [int(x) for x in revised.x] == [2020] and revised.marker.symbol == "square"
    assert [int(x) for x in preliminary.x] == [2022] and preliminary.marker.symbol == "circle"
    assert list(preliminary.marker.line.color) == [look.AFTER_PLAN]  # a flagged figure after the plan: grey
    assert {t.marker.color for t in (approximate, revised, preliminary)} == {"white"}
    assert figure.data[-3:] == (approximate, revised, preliminary)  # drawn last, over the status marker
    words = {"en": ["approximate", "revised"], "fr": ["approximatif", "révisé"]}[lang]
    hovers = {
        int(x): c[1] for x, c in zip(trace(figure, figure.data[1].name).x, figure.data[1].customdata, strict=True)
    }
    assert (hovers[2014], hovers[2020]) == tuple(words)


def test_one_table_gives_each_flag_its_shape() -> None:
    assert [look.flag_symbol(f) for f in ("approximate", "preliminary", "revised")] == ["diamond", "circle", "square"]
    assert look.flag_symbol("estimated by hand") == look.OTHER_FLAG_SYMBOL


# ------------------------------------------------------------------ shares of the total


@pytest.mark.parametrize(
    ("lang", "texts", "subtitle", "note"),
    [
        (
            "fr",
            [f"13{NBSP}600 (11,7{NBSP}%)", f"18{NBSP}000 (15,5{NBSP}%)", f"23{NBSP}000 (19,8{NBSP}%) · provisoire"],
            f"Données de 2018 · parts du total (116{NBSP}000)",
            f"Note : les parts affichées totalisent 54{NBSP}600, soit 47,1{NBSP}% du total de 116{NBSP}000",
        ),
        (
            "en",
            ["13,600 (11.7%)", "18,000 (15.5%)", "23,000 (19.8%) · preliminary"],
            "Figures of 2018 · shares of the total (116,000)",
            "Note: the parts shown add up to 54,600, 47.1% of the total 116,000",
        ),
    ],
)
def test_a_regions_share_is_of_the_quebec_total(
    plan: Plan, figures: pd.DataFrame, lang: str, texts: list[str], subtitle: str, note: str
) -> None:
    """Montréal 23,000 / 116,000 = 19.8 % (not 23,000 / 54,600 = 42.1 % of the regions listed)."""
    chart = charts.breakdown_chart(plan, figures, "jobs", "region", year=2018, lang=lang)
    bars = chart.figure.data[0]
    assert list(bars.y) == ["Estrie", "Capitale-Nationale", "Montréal"]
    assert list(bars.text) == texts
    assert chart.subtitle == subtitle
    assert chart.footer[-1].startswith(note)


def test_no_share_without_the_total_and_the_table_agrees(plan: Plan, figures: pd.DataFrame) -> None:
    chart = charts.breakdown_chart(plan, figures, "jobs", "region", year=2019, lang="fr")
    assert list(chart.figure.data[0].text) == [f"24{NBSP}000"]
    assert chart.subtitle == "Données de 2019 · aucune part : pas de donnée totale pour 2019"
    table = tables.breakdown_table(plan, figures, "jobs", "region", "fr", year=2019)
    assert list(table["%"]) == ["—"]
    table = tables.breakdown_table(plan, figures, "jobs", "region", "fr", year=2018)
    assert list(table["Région"]) == ["Montréal", "Capitale-Nationale", "Estrie"]
    assert list(table["%"]) == [f"19,8{NBSP}%", f"15,5{NBSP}%", f"11,7{NBSP}%"]
    assert list(table["Note"]) == ["provisoire", "", ""]


def test_sectors_of_the_shipped_figures_do_not_cover_the_total(plan: Plan, figures: pd.DataFrame) -> None:
    # 52,100 + 24,300 + 7,000 + 6,000 + 3,200 + 3,200 = 95,800 of 116,000: 82.6 %; financial services 44.9 %.
    chart = charts.breakdown_chart(plan, figures, "jobs", "sector", year=2018, lang="en")
    assert list(chart.figure.data[0].text)[-1] == "52,100 (44.9%)"
    assert chart.footer[-1].startswith("Note: the parts shown add up to 95,800, 82.6% of the total 116,000")


def test_parts_that_add_up_need_no_note(plan: Plan) -> None:
    frame = pd.concat(
        [figure_rows([("jobs", 2018, v)], region=r) for r, v in (("Québec", 100), ("Montréal", 60), ("Estrie", 40))]
    )
    shares = metrics.part_shares(frame, "jobs", "region", 2018)
    assert shares.adds_up and list(shares.rows["share"]) == [0.6, 0.4]
    chart = charts.breakdown_chart(plan, frame, "jobs", "region", year=2018, lang="en")
    assert len(chart.footer) == 2  # sources and method, no note


def test_contribution_shares_of_the_total_gain_with_labels_clear_of_the_names(
    plan: Plan, figures: pd.DataFrame, after: Assessment
) -> None:
    """As of 2022, judged on 2020: Desjardins +7,000 of the total's +19,800 = 35 %; the agricultural federation
    -1,500 = -8 %; together +5,500 = 28 % of the total's change, said in a note. Desjardins' 2022 figure: unused."""
    chart = charts.contribution_chart(plan, figures, after.target("jobs_net"), "en")
    assert chart is not None
    bars = chart.figure.data[0]
    assert list(bars.y) == ["Fédération agricole", "Desjardins Group"]  # the plan's network, by its label
    assert list(bars.x) == [-1_500, 7_000]
    assert bars.textposition == "none"
    labels = {a.y: (a.text, a.x, a.xanchor) for a in chart.figure.layout.annotations}
    assert labels["Fédération agricole"] == ("−1,500 (−8%)", 0, "left")  # right of zero, away from the name
    assert labels["Desjardins Group"] == ("+7,000 (35%)", 7_000, "left")
    assert "2014–2020 (+19,800)" in chart.finding
    assert chart.footer[-1].startswith("Note: the parts' changes add up to +5,500, 28% of the total's change")


def test_overview_bars_say_final_and_awaiting(plan: Plan, figures: pd.DataFrame, awaiting: pd.DataFrame) -> None:
    final = summaries.overview_chart(plan, metrics.assess(plan, figures, 2022), "fr").figure.data[0]
    assert dict(zip(final.y, final.text, strict=True))["Emplois nets créés d'ici 2020"] == f"Non atteint · 99{NBSP}%"
    waiting = summaries.overview_chart(plan, metrics.assess(plan, awaiting, 2022), "en").figure.data[0]
    # As of 2018 (the latest figure before 2020): +16,000 of +20,000 = 80 %.
    assert dict(zip(waiting.y, waiting.text, strict=True))["Net new jobs by 2020"] == "On track · 80% · awaiting 2020"
