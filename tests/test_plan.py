"""Plan files: the shipped plan is complete, and every kind of mistake is named by its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from planmetrics.errors import PlanFileError
from planmetrics.plan import Indicator, Labels, Plan, load_plan, parse_plan

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = (ROOT / "data" / "plans" / "cqcm-2020.toml").read_text(encoding="utf-8")


def test_shipped_plan_has_every_target_of_the_method(plan: Plan) -> None:
    kinds = {t.id: (t.indicator, t.region, t.kind, t.value) for t in plan.targets}
    assert kinds == {
        "jobs_net": ("jobs", "Québec", "increase_by", 20_000),
        "jobs_montreal": ("jobs", "Montréal", "increase_by", 5_000),
        "revenue_growth": ("revenue", "Québec", "annual_growth", 0.07),
        "revenue_level": ("revenue", "Québec", "reach", 45e9),
    }
    assert plan.target("jobs_montreal").parent == "jobs_net"
    assert (plan.baseline_year, plan.target_year) == (2014, 2020)
    assert [o.id for o in plan.orientations] == [1, 2, 3, 4]


def test_shipped_plan_regions_and_benefits(plan: Plan) -> None:
    assert len(plan.regions) == 18  # the total and the 17 administrative regions
    tracked_orientations = {i.orientation for i in plan.tracked_indicators()}
    assert {2, 3, 4} <= tracked_orientations
    labels = {i.id: (i.label.en, i.label.fr) for i in plan.indicators}
    assert labels["jobs"] == ("Jobs", "Emplois")
    assert labels["revenue"] == ("Revenue", "Chiffre d'affaires")
    assert labels["members"] == ("Members", "Membres")
    assert labels["organizations"] == ("Co-operatives and mutuals", "Coopératives et mutuelles")


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("region", "Ensemble du Québec", "Québec"),
        ("region", "Quebec", "Québec"),
        ("region", "PROVINCE OF QUEBEC", "Québec"),
        ("region", "Montreal", "Montréal"),
        ("region", "Montréal (06)", "Montréal"),
        ("region", "saguenay–lac-saint-jean", "Saguenay–Lac-Saint-Jean"),
        ("region", "Saguenay-Lac-Saint-Jean", "Saguenay–Lac-Saint-Jean"),
        ("indicator", "Emplois", "jobs"),
        ("indicator", "chiffre d’affaires", "revenue"),
        ("indicator", "CHIFFRE D'AFFAIRES", "revenue"),
        ("indicator", "Coopératives et mutuelles", "organizations"),
        ("sector", "Services financiers", "financial_services"),
        ("region", "Atlantis", None),
    ],
)
def test_names_match_ignoring_case_accents_apostrophes(plan: Plan, kind: str, text: str, expected: str | None) -> None:
    assert plan.match(kind, text) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("old", "new", "key", "advice"),
    [
        (
            'kind = "increase_by"\nvalue = 20000',
            'kind = "increse_by"\nvalue = 20000',
            "targets[1] (jobs_net).kind",
            "increase_by, annual_growth, reach",
        ),
        ("value = 0.07", "value = 7", "targets[3] (revenue_growth).value", "0.07"),
        (
            'indicator = "jobs"\nregion = "Québec"',
            'indicator = "emplois"\nregion = "Québec"',
            "targets[1] (jobs_net).indicator",
            "not an indicator id",
        ),
        ('region = "Montréal"', 'region = "Montreal City"', "targets[2] (jobs_montreal).region", "not a region id"),
        (
            'label = { en = "Jobs", fr = "Emplois" }',
            'label = { en = "Jobs" }',
            "indicators[1] (jobs).label",
            "both languages",
        ),
        ('parent = "jobs_net"', 'parent = "jobs_total"', "targets (jobs_montreal).parent", "not a target id"),
        ('id = "members"', 'id = "jobs"', "indicators", "used twice"),
        ("target_year = 2020", "target_year = 2010", "targets[1] (jobs_net).target_year", "must come after"),
        ('direction = "increase"', 'direction = "up"', "indicators[1] (jobs).direction", "increase, decrease, none"),
    ],
)
def test_plan_errors_name_the_key(old: str, new: str, key: str, advice: str) -> None:
    assert old in SHIPPED
    with pytest.raises(PlanFileError) as raised:
        parse_plan(SHIPPED.replace(old, new, 1), "broken.toml")
    assert any(p.startswith(key) and advice in p for p in raised.value.problems), raised.value.problems


def test_every_problem_is_listed_at_once() -> None:
    broken = SHIPPED.replace("value = 0.07", "value = 7").replace('direction = "increase"', 'direction = "up"', 1)
    with pytest.raises(PlanFileError) as raised:
        parse_plan(broken, "broken.toml")
    assert len(raised.value.problems) == 2
    assert "broken.toml" in str(raised.value)


def test_invalid_toml_is_a_plan_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[plan\nid = "x"', encoding="utf-8")
    with pytest.raises(PlanFileError, match="not valid TOML"):
        load_plan(path)


def test_plan_sha_changes_with_content() -> None:
    assert parse_plan(SHIPPED).sha256 != parse_plan(SHIPPED + "\n# edited\n").sha256


@pytest.mark.parametrize(
    ("dimension", "value", "lang", "label"),
    [
        ("region", "Québec", "fr", "Ensemble du Québec"),
        ("region", "Montréal", "en", "Montréal"),
        ("sector", "agri_food", "fr", "Agroalimentaire"),
        ("sector", "space mining", "en", "space mining"),
        ("network", "Desjardins", "fr", "Desjardins"),
        ("region", "Québec", "en", "All of Quebec"),
        ("sector", "all", "fr", "tous les secteurs"),
        ("sector", "all", "en", "all sectors"),
        ("network", "all", "fr", "tous les réseaux"),
        ("network", "all", "en", "all networks"),
    ],
)
def test_label_of(plan: Plan, dimension: str, value: str, lang: str, label: str) -> None:
    assert plan.label_of(dimension, value, lang) == label


def test_plan_problems_are_said_in_french() -> None:
    broken = SHIPPED.replace("value = 0.07", "value = 7").replace('direction = "increase"', 'direction = "up"', 1)
    with pytest.raises(PlanFileError) as raised:
        parse_plan(broken, "broken.toml")
    said = raised.value.text("fr")
    assert said.startswith("Le fichier de plan broken.toml comporte 2 erreurs :\n")
    assert "  - indicators[1] (jobs).direction: 'up' n'est pas l'une des valeurs increase, decrease, none." in said
    assert "un taux de croissance est une fraction : écrivez 0.07 pour 7 %, pas 7." in said
    assert said.endswith("Corrigez ces clés dans le fichier et relancez la commande.")
    assert raised.value.problems_in("fr")[0].startswith("indicators[1] (jobs).direction: ")


@pytest.mark.parametrize(
    ("indicator", "lang", "said"),
    [
        ("cpi", "fr", "points d'indice"),
        ("cpi", "en", "index points"),
        ("jobs", "fr", "emplois"),
        ("members", "fr", "personnes"),
    ],
)
def test_a_unit_is_said_in_words(plan: Plan, indicator: str, lang: str, said: str) -> None:
    assert plan.indicator(indicator).unit_word(lang) == said


def test_a_unit_the_catalogue_does_not_know_is_said_as_written() -> None:
    hectares = Indicator(
        id="land", orientation=1, unit="hectares", direction="increase", label=Labels("Land", "Terres")
    )
    assert hectares.unit_word("fr") == "hectares"
