"""Plan files: the shipped plan is complete, every kind of mistake is named by its key, and which plan is the
default (CONTRACT.md, `--plan`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planmetrics.errors import PlanFileError, RefusedError
from planmetrics.plan import (
    Indicator,
    Labels,
    Plan,
    choose_plan,
    current_date,
    default_plan,
    load_plan,
    load_plans,
    parse_plan,
)

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


# ------------------------------------------------------------------ the default plan (CONTRACT.md, `--plan`)


def _short_title(plan_id: str) -> str:
    return f'short_title = {{ en = "Plan {plan_id}", fr = "Plan {plan_id} (fr)" }}'


def plan_files(folder: Path, plans: list[tuple[str, int, int, bool]]) -> Path:
    """A plans folder holding copies of the shipped plan under other ids and years, `default = true` or not."""
    folder.mkdir(exist_ok=True)
    for plan_id, baseline, target, claims in plans:
        text = (
            SHIPPED.replace('id = "cqcm-2020"', f'id = "{plan_id}"', 1)
            .replace('short_title = { en = "CQCM plan 2020", fr = "Plan CQCM 2020" }', _short_title(plan_id), 1)
            .replace("baseline_year = 2014", f"baseline_year = {baseline}", 1)
            .replace("target_year = 2020", f"target_year = {target}", 1)
            .replace("default = true\n", "default = true\n" if claims else "", 1)
        )
        (folder / f"{plan_id}.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("plans", "today", "expected"),
    [
        # one plan: it is the default whatever the day, claimed or not
        ([("p2020", 2014, 2020, False)], "2026-12-01", "p2020"),
        ([("p2020", 2014, 2020, True)], "2016-01-01", "p2020"),
        # two plans, none claiming: the one whose years include today's...
        ([("p2020", 2014, 2020, False), ("p2025", 2021, 2025, False)], "2023-06-30", "p2025"),
        ([("p2020", 2014, 2020, False), ("p2025", 2021, 2025, False)], "2017-03-01", "p2020"),
        # ... the baseline and target years included ...
        ([("p2020", 2014, 2020, False), ("p2025", 2021, 2025, False)], "2020-12-31", "p2020"),
        ([("p2020", 2014, 2020, False), ("p2025", 2021, 2025, False)], "2021-01-01", "p2025"),
        # ... the newest when two include it (target 2022 after 2020) ...
        ([("p2020", 2014, 2020, False), ("p2022", 2018, 2022, False)], "2019-05-01", "p2022"),
        # ... else, none including today, the one that ended last (2025, not 2020)
        ([("p2020", 2014, 2020, False), ("p2025", 2021, 2025, False)], "2026-12-01", "p2025"),
        # a plan still to come is not one that ended: 2020 ended last, 2027-2030 has not begun
        ([("p2020", 2014, 2020, False), ("p2030", 2027, 2030, False)], "2026-12-01", "p2020"),
        # every plan still to come: the one that starts first
        ([("p2025", 2021, 2025, False), ("p2030", 2027, 2030, False)], "2019-01-01", "p2025"),
        # a file saying default = true wins over the years, before, during and after the other plan's
        ([("p2020", 2014, 2020, True), ("p2025", 2021, 2025, False)], "2023-06-30", "p2020"),
        ([("p2020", 2014, 2020, True), ("p2025", 2021, 2025, False)], "2026-12-01", "p2020"),
        ([("p2020", 2014, 2020, False), ("p2025", 2021, 2025, True)], "2017-03-01", "p2025"),
    ],
)
def test_the_default_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plans: list[tuple[str, int, int, bool]], today: str, expected: str
) -> None:
    monkeypatch.setenv("PLANMETRICS_PLANS", str(plan_files(tmp_path / "plans", plans)))
    monkeypatch.setenv("PLANMETRICS_TODAY", today)
    assert choose_plan(load_plans(), None).id == expected
    assert default_plan(load_plans()).id == expected


def test_the_default_is_chosen_on_todays_date_without_planmetrics_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = dt.date.today().year
    folder = plan_files(tmp_path / "plans", [("past", year - 6, year - 1, False), ("now", year - 1, year + 3, False)])
    monkeypatch.delenv("PLANMETRICS_TODAY", raising=False)
    assert current_date() == dt.date.today()
    assert default_plan(load_plans(folder)).id == "now"


def test_a_named_plan_is_chosen_whatever_the_default(tmp_path: Path) -> None:
    folder = plan_files(tmp_path / "plans", [("p2020", 2014, 2020, True), ("p2025", 2021, 2025, False)])
    assert choose_plan(load_plans(folder), "p2025").id == "p2025"


def test_the_shipped_plan_claims_the_default(plan: Plan) -> None:
    # A plan file added beside it (a draft of the next plan) does not become everyone's default unasked.
    assert plan.default


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "The plan file {b} has 1 problem:\n  - plan.default: says default = true, and so does {a}; only one plan "
            "file may be the default: remove default = true from one of the two files. Fix these keys in the file "
            "and run the command again.",
        ),
        (
            "fr",
            "Le fichier de plan {b} comporte une erreur :\n  - plan.default: indique default = true, tout comme {a} ; "
            "un seul fichier de plan peut être le plan par défaut : retirez default = true de l'un des deux "
            "fichiers. Corrigez ces clés dans le fichier et relancez la commande.",
        ),
    ],
)
def test_two_files_claiming_the_default_are_refused_naming_both(tmp_path: Path, lang: str, said: str) -> None:
    folder = plan_files(tmp_path / "plans", [("p2020", 2014, 2020, True), ("p2025", 2021, 2025, True)])
    with pytest.raises(PlanFileError) as raised:
        load_plans(folder)
    assert raised.value.text(lang) == said.format(a=folder / "p2020.toml", b=folder / "p2025.toml")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "must be true or false, without quotes, not 'yes'."),
        ("fr", "doit valoir true ou false, sans guillemets, pas 'yes'."),
    ],
)
def test_default_must_be_true_or_false(lang: str, said: str) -> None:
    with pytest.raises(PlanFileError) as raised:
        parse_plan(SHIPPED.replace("default = true", 'default = "yes"', 1), "broken.toml")
    assert raised.value.problems_in(lang) == [f"plan.default: {said}"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "PLANMETRICS_TODAY is '1 December', which is not a date. Write an ISO date such as 2026-12-01, or unset "
            "the variable to use today's date.",
        ),
        (
            "fr",
            "PLANMETRICS_TODAY vaut '1 December', qui n'est pas une date. Écrivez une date ISO, par exemple "
            "2026-12-01, ou retirez cette variable pour prendre la date du jour.",
        ),
    ],
)
def test_a_today_that_is_no_date_is_refused(monkeypatch: pytest.MonkeyPatch, lang: str, said: str) -> None:
    monkeypatch.setenv("PLANMETRICS_TODAY", "1 December")
    with pytest.raises(RefusedError) as raised:
        current_date()
    assert raised.value.text(lang) == said
