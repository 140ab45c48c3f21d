"""Each network's part in each target (metrics.contributions) and its heatmap (charts.networks), checked
against numbers worked out by hand on the shipped plan: jobs_net asks +20,000 jobs from 2014; revenue_growth
7 % a year from the 2014 total; revenue_level $45 billion in 2020. A network's contribution is METHOD.md's: its
own gain since the baseline year divided by the total's gain (it may be negative; they need not add up)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from planmetrics.charts.networks import contribution_heatmap, contribution_table, wrapped
from planmetrics.metrics.contributions import Contribution, ambition, contributions
from planmetrics.plan import Plan
from tests.conftest import figure_rows

NBSP = "\u00a0"


def _figures(*parts: tuple[str, list[tuple[str, int, float]]], region: str = "Québec") -> pd.DataFrame:
    """Totals (network "all") and each network's figures, all sectors."""
    frames = [figure_rows(rows, region=region, network=network) for network, rows in parts]
    return pd.concat(frames, ignore_index=True)


# Totals: jobs 100,000 (2014) and 121,500 (2019), a gain of 21,500; revenue $33.4 billion (2014) and $47 billion
# (2019), a gain of $13.6 billion. Desjardins has both years; Sollio only 2019 (no baseline); Promutuel's revenue
# only, a loss of $0.3 billion.
FIGURES = _figures(
    ("all", [("jobs", 2014, 100_000), ("jobs", 2019, 121_500), ("revenue", 2014, 33.4e9), ("revenue", 2019, 47e9)]),
    ("desjardins", [("jobs", 2014, 47_000), ("jobs", 2019, 48_500),
                    ("revenue", 2014, 15e9), ("revenue", 2019, 21.5e9)]),
    ("sollio", [("jobs", 2019, 15_200)]),
    ("promutuel", [("revenue", 2014, 1.5e9), ("revenue", 2019, 1.2e9)]),
)  # fmt: skip


def _cell(cells: list[Contribution], network: str, target: str) -> Contribution:
    return next(c for c in cells if c.network == network and c.target == target)


def test_ambition_of_each_kind_of_target(plan: Plan) -> None:
    assert ambition(plan.target("jobs_net"), 100_000) == 20_000  # increase_by: its value, whatever the baseline
    assert ambition(plan.target("jobs_net"), None) == 20_000
    assert ambition(plan.target("revenue_level"), 33.4e9) == pytest.approx(11.6e9)  # 45 - 33.4 billion
    # 33.4 billion × (1.07^6 − 1) = 33.4 × 0.500730 = 16.7244 billion
    assert ambition(plan.target("revenue_growth"), 33.4e9) == pytest.approx(16.7244e9, rel=1e-5)
    assert ambition(plan.target("revenue_growth"), None) is None
    assert ambition(plan.target("revenue_level"), None) is None


def test_a_network_with_a_baseline(plan: Plan) -> None:
    cells = contributions(plan, FIGURES, 2019)
    jobs = _cell(cells, "desjardins", "jobs_net")
    assert jobs.value == 48_500
    assert jobs.share == pytest.approx(48_500 / 121_500)  # 39.92 %
    assert jobs.total == 121_500
    assert jobs.change == 1_500  # 48,500 − 47,000
    assert jobs.total_change == 21_500  # 121,500 − 100,000
    assert jobs.contribution == pytest.approx(1_500 / 21_500)  # 6.98 % of the total's gain
    assert jobs.ambition_share == pytest.approx(0.075)  # 1,500 / 20,000
    level = _cell(cells, "desjardins", "revenue_level")
    assert level.share == pytest.approx(21.5 / 47)  # 45.74 %
    assert level.change == pytest.approx(6.5e9)
    assert level.total_change == pytest.approx(13.6e9)  # 47 − 33.4 billion
    assert level.contribution == pytest.approx(6.5 / 13.6)  # 47.79 %
    assert level.ambition_share == pytest.approx(6.5 / 11.6)  # 56.03 %
    growth = _cell(cells, "desjardins", "revenue_growth")
    assert growth.contribution == pytest.approx(6.5 / 13.6)  # the same gain of the same total, whatever the kind
    assert growth.ambition_share == pytest.approx(6.5 / 16.7244, rel=1e-5)  # 38.87 %


def test_a_network_without_a_baseline_has_a_share_but_no_change(plan: Plan) -> None:
    cells = contributions(plan, FIGURES, 2019)
    sollio = _cell(cells, "sollio", "jobs_net")
    assert sollio.share == pytest.approx(15_200 / 121_500)  # 12.51 %
    assert (sollio.change, sollio.contribution, sollio.ambition_share) == (None, None, None)
    assert sollio.total_change == 21_500
    assert _cell(cells, "sollio", "revenue_level").empty


def test_a_loss_is_a_negative_contribution(plan: Plan) -> None:
    promutuel = _cell(contributions(plan, FIGURES, 2019), "promutuel", "revenue_level")
    assert promutuel.change == pytest.approx(-0.3e9)
    assert promutuel.contribution == pytest.approx(-0.3 / 13.6)  # −2.21 % of the total's gain
    assert promutuel.ambition_share == pytest.approx(-0.3 / 11.6)  # −2.59 %


def test_a_total_that_fell_gives_a_loss_a_positive_contribution(plan: Plan) -> None:
    """The total lost 1,000 jobs; Desjardins lost 1,500 and Sollio gained 500: 150 % and −50 % of the total's
    change, adding up to 100 % since the two make the whole."""
    fell = _figures(
        ("all", [("jobs", 2014, 100_000), ("jobs", 2019, 99_000)]),
        ("desjardins", [("jobs", 2014, 60_000), ("jobs", 2019, 58_500)]),
        ("sollio", [("jobs", 2014, 40_000), ("jobs", 2019, 40_500)]),
    )
    cells = contributions(plan, fell, 2019)
    assert _cell(cells, "desjardins", "jobs_net").contribution == pytest.approx(1.5)  # −1,500 / −1,000
    assert _cell(cells, "sollio", "jobs_net").contribution == pytest.approx(-0.5)  # 500 / −1,000


def test_another_region_takes_its_own_total(plan: Plan) -> None:
    montreal = _figures(("all", [("jobs", 2014, 30_000), ("jobs", 2019, 32_000)]),
                        ("desjardins", [("jobs", 2014, 9_000), ("jobs", 2019, 8_000)]), region="Montréal")  # fmt: skip
    cells = contributions(plan, pd.concat([FIGURES, montreal], ignore_index=True), 2019)
    cell = _cell(cells, "desjardins", "jobs_montreal")
    assert cell.share == pytest.approx(0.25)  # 8,000 / 32,000
    assert cell.contribution == pytest.approx(-0.5)  # −1,000 of Montréal's +2,000
    assert cell.ambition_share == pytest.approx(-0.2)  # −1,000 / 5,000
    assert _cell(cells, "desjardins", "jobs_net").value == 48_500  # the whole of Quebec keeps its own


def test_a_zero_or_missing_total_gives_no_share(plan: Plan) -> None:
    zero = _figures(
        ("all", [("jobs", 2019, 0), ("revenue", 2014, 45e9)]),
        ("desjardins", [("jobs", 2019, 48_500), ("revenue", 2014, 15e9), ("revenue", 2019, 16e9)]),
    )
    cells = contributions(plan, zero, 2019)
    assert _cell(cells, "desjardins", "jobs_net").share is None  # a total of zero
    level = _cell(cells, "desjardins", "revenue_level")
    assert level.share is None  # no 2019 total at all
    assert level.change == pytest.approx(1e9)
    assert (level.total_change, level.contribution) == (None, None)  # no total's gain to be a share of
    assert level.asked == 0 and level.ambition_share is None  # $45 billion reached at the baseline: nothing asked
    flat = _figures(("all", [("jobs", 2014, 100_000), ("jobs", 2019, 100_000)]),
                    ("desjardins", [("jobs", 2014, 47_000), ("jobs", 2019, 48_500)]))  # fmt: skip
    still = _cell(contributions(plan, flat, 2019), "desjardins", "jobs_net")
    assert (still.total_change, still.contribution) == (0, None)  # a total that did not move: no share of it


def test_every_network_and_target_in_the_plans_order(plan: Plan) -> None:
    cells = contributions(plan, FIGURES, 2019)
    assert len(cells) == len(plan.networks) * len(plan.targets) == 36
    assert [c.network for c in cells[:: len(plan.targets)]] == [n.id for n in plan.networks]
    assert [c.target for c in cells[: len(plan.targets)]] == [t.id for t in plan.targets]


@pytest.mark.parametrize(
    ("lang", "desjardins_jobs", "sollio_jobs", "level"),
    [
        ("fr", [f"39,9{NBSP}% du total", f"48{NBSP}500", f"+1{NBSP}500 depuis 2014",
                f"7,0{NBSP}% de la variation du total"],
         [f"12,5{NBSP}% du total", f"15{NBSP}200"],
         [f"45,7{NBSP}% du total", f"21,5{NBSP}G$", f"+6,5{NBSP}G$ depuis 2014",
          f"47,8{NBSP}% de la variation du total"]),
        ("en", ["39.9% of the total", "48,500", "+1,500 since 2014", "7.0% of the total's change"],
         ["12.5% of the total", "15,200"],
         ["45.7% of the total", "$21.5B", "+$6.5B since 2014", "47.8% of the total's change"]),
    ],
)  # fmt: skip
def test_the_heatmap_writes_every_number_in_its_cells(
    plan: Plan, lang: str, desjardins_jobs: list[str], sollio_jobs: list[str], level: list[str]
) -> None:
    chart = contribution_heatmap(plan, contributions(plan, FIGURES, 2019), FIGURES, 2019, lang)
    assert chart is not None
    trace = json.loads(chart.figure.to_json())["data"][0]
    assert trace["type"] == "heatmap"
    rows, columns = [n.id for n in plan.networks], [t.id for t in plan.targets]
    text = {(n, t): trace["text"][i][j].split("<br>") for i, n in enumerate(rows) for j, t in enumerate(columns)}
    assert text[("desjardins", "jobs_net")] == desjardins_jobs
    assert text[("sollio", "jobs_net")] == sollio_jobs
    assert text[("desjardins", "revenue_level")] == level
    assert text[("housing", "jobs_net")] == ["—"]
    loss = [
        f"2,6{NBSP}% du total",
        f"1,2{NBSP}G$",
        f"−300{NBSP}M$ depuis 2014",
        f"−2,2{NBSP}% de la variation du total",
    ]
    if lang == "fr":  # 1.2 of 47 billion; −0.3 of the +13.6 billion
        assert text[("promutuel", "revenue_level")] == loss
    assert trace["z"][0][0] == pytest.approx(48_500 / 121_500)
    assert trace["z"][2][0] is None  # housing: no colour, its "—" written
    assert trace["zmin"] == 0 and trace["zmax"] == pytest.approx(21.5 / 47)  # the largest share is the darkest


def test_the_heatmap_says_no_id_and_names_in_full_in_its_hover(plan: Plan) -> None:
    chart = contribution_heatmap(plan, contributions(plan, FIGURES, 2019), FIGURES, 2019, "fr")
    assert chart is not None
    layout = json.loads(chart.figure.to_json())["layout"]
    assert layout["separators"] == ", "
    assert layout["yaxis"]["ticktext"][0] == "Mouvement Desjardins"
    health = "Fédération des coopératives de services à domicile et de santé du Québec"
    assert (
        layout["yaxis"]["ticktext"][5]
        == "Fédération des coopératives de<br>services à domicile et de<br>santé du Québec"
    )
    hover = chart.figure.data[0].customdata[5][0]
    assert hover.startswith(f"<b>{health}</b><br>Emplois nets créés d'ici 2020")
    colour_bar = json.loads(chart.figure.to_json())["data"][0]["colorbar"]
    assert colour_bar["title"]["text"] == "Part du total de 2019"
    assert list(colour_bar["ticktext"])[-1] == f"46{NBSP}%"
    words = json.dumps(chart.figure.to_json())
    for plan_id in ("jobs_net", "revenue_level", "desjardins", "sollio", "promutuel"):
        assert plan_id not in words


def test_a_long_name_is_cut_after_its_last_line() -> None:
    assert wrapped("Fédération québécoise des coopératives en milieu scolaire (Coopsco)", 22, 2) == (
        "Fédération québécoise<br>des coopératives en…"
    )
    assert wrapped("<b>Réseau</b>", 30, 2) == "&lt;b&gt;Réseau&lt;/b&gt;"


def test_no_heatmap_without_a_networks_figure(plan: Plan) -> None:
    totals = _figures(("all", [("jobs", 2019, 121_500)]))
    assert contribution_heatmap(plan, contributions(plan, totals, 2019), totals, 2019, "en") is None


def test_the_table_beside_the_heatmap(plan: Plan) -> None:
    table = contribution_table(plan, contributions(plan, FIGURES, 2019), 2019, "en")
    assert list(table.columns) == ["Network", "Target", "Figure for 2019", "Share of the 2019 total",
                                   "Change since the baseline year", "Share of the total's change",
                                   "Share of the target's ambition"]  # fmt: skip
    first = table.iloc[0].tolist()
    assert first == ["Desjardins Group", "Net new jobs by 2020", "48,500", "39.9%", "+1,500", "7.0%", "7.5%"]
    sollio = table[table["Network"] == "Sollio Cooperative Group"].iloc[0].tolist()
    assert sollio[2:] == ["15,200", "12.5%", "—", "—", "—"]
    promutuel = table[table["Network"] == "Promutuel Insurance"].iloc[-1].tolist()
    assert promutuel[1:] == ["Revenue of $45 billion in 2020", "$1,200,000,000", "2.6%", "−$300,000,000", "−2.2%",
                             "−2.6%"]  # fmt: skip
    assert len(table) == 3 + 1 + 2  # Desjardins' 3 targets of Quebec (Montréal has none), Sollio's, Promutuel's


def test_the_hover_says_the_contribution_and_the_share_of_the_ambition(plan: Plan) -> None:
    chart = contribution_heatmap(plan, contributions(plan, FIGURES, 2019), FIGURES, 2019, "en")
    assert chart is not None
    hover = chart.figure.data[0].customdata[0][3].split("<br>")  # Desjardins, $45 billion in 2020
    assert hover[2:] == [
        "Figure for 2019: $21,500,000,000",
        "Share of the 2019 total ($47,000,000,000): 45.7%",
        "Change since 2014: +$6,500,000,000",
        "Share of the total's change since 2014 (+$13,600,000,000): 47.8%",
        "Share of the target's ambition ($11,600,000,000): 56.0%",
    ]


@pytest.mark.parametrize(
    ("lang", "notes"),
    [
        ("en", ["Net new jobs by 2020 — Note: the parts' changes add up to +1,500, 7% of the total's change (+21,500):"
                " the parts do not cover the whole.",
                "Revenue growth of 7 % a year — Note: the parts' changes add up to +$6,200,000,000, 46% of the total's"
                " change (+$13,600,000,000): the parts do not cover the whole.",
                "Revenue of $45 billion in 2020 — Note: the parts' changes add up to +$6,200,000,000, 46% of the"
                " total's change (+$13,600,000,000): the parts do not cover the whole."]),
        ("fr", [f"Emplois nets créés d'ici 2020 — Note : les variations des parts totalisent +1{NBSP}500, soit "
                f"7{NBSP}% de la variation du total (+21{NBSP}500) : les parts ne couvrent pas l'ensemble."]),
    ],
)  # fmt: skip
def test_the_footer_says_when_the_networks_gains_do_not_add_up(plan: Plan, lang: str, notes: list[str]) -> None:
    """Jobs: Desjardins' +1,500 alone of the total's +21,500 (7 %); revenue: +6.5 − 0.3 = +$6.2 billion of
    +$13.6 billion (46 %), said under each revenue target; Montréal: no network's gain, no note."""
    chart = contribution_heatmap(plan, contributions(plan, FIGURES, 2019), FIGURES, 2019, lang)
    assert chart is not None
    said = list(chart.footer[2:])  # after the sources and the method
    assert said[: len(notes)] == notes
    assert len(said) == 3


def test_no_note_when_the_networks_make_the_whole(plan: Plan) -> None:
    """Two networks that are the whole: +1,500 and +20,000 are 7.0 % and 93.0 % of +21,500, adding up to it."""
    whole = _figures(
        ("all", [("jobs", 2014, 100_000), ("jobs", 2019, 121_500)]),
        ("desjardins", [("jobs", 2014, 47_000), ("jobs", 2019, 48_500)]),
        ("sollio", [("jobs", 2014, 53_000), ("jobs", 2019, 73_000)]),
    )
    chart = contribution_heatmap(plan, contributions(plan, whole, 2019), whole, 2019, "en")
    assert chart is not None
    assert len(chart.footer) == 2  # the sources and the method only
    trace = json.loads(chart.figure.to_json())["data"][0]
    assert trace["text"][1][0].split("<br>")[-1] == "93.0% of the total's change"  # Sollio: 20,000 / 21,500


def test_a_missing_total_gain_is_said(plan: Plan) -> None:
    no_start = _figures(("all", [("jobs", 2019, 121_500)]),
                        ("desjardins", [("jobs", 2014, 47_000), ("jobs", 2019, 48_500)]))  # fmt: skip
    chart = contribution_heatmap(plan, contributions(plan, no_start, 2019), no_start, 2019, "en")
    assert chart is not None
    assert chart.footer[2:] == (
        "Net new jobs by 2020 — Note: no share of the net change: the total figure of 2014 or 2019 is missing.",
    )
    trace = json.loads(chart.figure.to_json())["data"][0]
    assert trace["text"][0][0].split("<br>") == ["39.9% of the total", "48,500", "+1,500 since 2014"]


def test_a_tiny_share_is_not_written_as_nothing(plan: Plan) -> None:
    """Forestry's $5 million of $47 billion is 0.011 % of the total, its +$1 million 0.007 % of the +$13.6
    billion; Worker's −$1 million −0.007 %: none is written 0,0 %."""
    tiny = pd.concat([FIGURES, _figures(("forestry", [("revenue", 2014, 4e6), ("revenue", 2019, 5e6)]),
                                        ("worker", [("revenue", 2014, 5e6), ("revenue", 2019, 4e6)]))],
                     ignore_index=True)  # fmt: skip
    cells = contributions(plan, tiny, 2019)
    assert _cell(cells, "forestry", "revenue_level").share == pytest.approx(5e6 / 47e9)
    chart = contribution_heatmap(plan, cells, tiny, 2019, "fr")
    assert chart is not None
    trace = json.loads(chart.figure.to_json())["data"][0]
    rows = [n.id for n in plan.networks]
    forestry, worker = trace["text"][rows.index("forestry")][3], trace["text"][rows.index("worker")][3]
    assert forestry.split("<br>") == [f"&lt; 0,1{NBSP}% du total", f"5{NBSP}M$", f"+1{NBSP}M$ depuis 2014",
                                      f"&lt; 0,1{NBSP}% de la variation du total"]  # fmt: skip
    assert worker.split("<br>")[-1] == f"&gt; −0,1{NBSP}% de la variation du total"
    table = contribution_table(plan, cells, 2019, "en")
    row = table[table["Network"] == "Québec Federation of Forestry Co-operatives"].iloc[-1].tolist()
    assert row[3:] == ["< 0.1%", "+$1,000,000", "< 0.1%", "< 0.1%"]  # of $11.6 billion asked too
