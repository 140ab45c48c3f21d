"""Who owes what (issue 19): each network's duties for a year and their states on a day, through the real
command line (`planmetrics completeness`, today from `$PLANMETRICS_TODAY`) and `completeness.duties` on real
DuckDB files; the plan file's `[[obligations]]` and `owner` refused key by key.

The shipped plan: the nine networks owe `jobs` and `revenue` each year, due April 30 of the next year; for
2019, due 2020-04-30, late from 2020-05-01. The story of 2019 (batch 1 is `init`'s public figures):
Desjardins' submission (2) approved (3); Housing's submission (4) awaiting review; Funeral's (5) returned (6);
School's (7) withdrawn, rolled back (8); the plan team's direct import (9) of Health's jobs and revenue and of
Promutuel's jobs only. Sollio, Forestry and Worker sent nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from planmetrics import accounts, completeness, words
from planmetrics.cli import main
from planmetrics.errors import PlanFileError
from planmetrics.ingest import messages
from planmetrics.look import duty_look
from planmetrics.plan import Plan, parse_plan
from planmetrics.store import Store
from planmetrics.store.completeness import sent

from .conftest import ROOT, review_all_plans, run_cli

SHIPPED = (ROOT / "data" / "plans" / "cqcm-2020.toml").read_text(encoding="utf-8")
NETWORKS = ["desjardins", "sollio", "housing", "funeral", "school", "health", "promutuel", "forestry", "worker"]
PEOPLE = [
    ("dana", "editor", "desjardins"),
    ("hugo", "editor", "housing"),
    ("fanny", "editor", "funeral"),
    ("sam", "editor", "school"),
    ("rita", "reviewer", None),
    ("eddie", "editor", None),
]
MINE = "year,indicator,value,source\n2019,jobs,{jobs},bilan 2019\n2019,revenue,{revenue},bilan 2019\n"
PLAN_TEAM = (
    "year,indicator,network,value,source\n2019,jobs,health,300,CQCM\n2019,revenue,health,2000000,CQCM\n"
    "2019,jobs,promutuel,400,CQCM\n"
)
DUTY_FIELDS = {"network", "indicator", "year", "state", "due", "batch"}


def _run(*args: str) -> None:
    assert main(list(args)) == 0, args


def _file(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="session")
def story(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Path:
    """The database of the module's story, told once a session through the command line."""
    folder = tmp_path_factory.mktemp("completeness")
    path = folder / "story.duckdb"
    shutil.copyfile(initialised_template, path)
    for name, role, network in PEOPLE:
        accounts.add_user(Store(path), plan, name, "a-long-enough-password", role=role, network=network, by="op")
    db = ["--db", str(path)]

    def send(n: int, who: str) -> None:
        _run(*db, "import", _file(folder, f"{who}.csv", MINE.format(jobs=1000 * n, revenue=10**6 * n)), "--by", who)

    send(1, "dana")
    _run(*db, "approve", "2", "--by", "rita")
    send(2, "hugo")
    send(3, "fanny")
    _run(*db, "return", "5", "--reason", "incomplete", "--by", "rita")
    send(4, "sam")
    _run(*db, "rollback", "7", "--by", "rita")
    _run(*db, "import", _file(folder, "plan-team.csv", PLAN_TEAM), "--by", "eddie")
    told = [(b["batch"], b["kind"], b["state"], b["rolled_back"]) for b in reversed(Store(path).history())]
    assert told == [
        ("1", "init", "direct", False), ("2", "import", "approved", False), ("3", "approval", "direct", False),
        ("4", "import", "submitted", False), ("5", "import", "returned", False), ("6", "return", "direct", False),
        ("7", "import", "submitted", True), ("8", "rollback", "direct", False), ("9", "import", "direct", False),
    ]  # fmt: skip
    return path


@pytest.fixture
def db(story: Path, tmp_path: Path) -> str:
    path = tmp_path / "completeness.duckdb"
    shutil.copyfile(story, path)
    return str(path)


def owed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str, today: str, *args: str
) -> list[dict[str, Any]]:
    monkeypatch.setenv("PLANMETRICS_TODAY", today)
    assert main(["--db", db, "completeness", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def states(found: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[str, str | None]]:
    return {(d["network"], d["indicator"]): (d["state"], d["batch"]) for d in found}


def expected_2019(after_due: bool) -> dict[tuple[str, str], tuple[str, str | None]]:
    """The story's duties for 2019, worked out by hand, before or after the due date."""
    nothing = ("late" if after_due else "missing", None)
    returned = ("late" if after_due else "returned", "5")
    found = {(n, i): nothing for n in NETWORKS for i in ("jobs", "revenue")}
    found |= {("desjardins", i): ("approved", "2") for i in ("jobs", "revenue")}
    found |= {("housing", i): ("submitted", "4") for i in ("jobs", "revenue")}  # awaiting review: never late
    found |= {("funeral", i): returned for i in ("jobs", "revenue")}
    found |= {("health", i): ("approved", "9") for i in ("jobs", "revenue")}
    found[("promutuel", "jobs")] = ("approved", "9")
    return found


# ------------------------------------------------------------------ states on a day


@pytest.mark.parametrize(
    ("today", "after_due"),
    [("2020-04-29", False), ("2020-04-30", False), ("2020-05-01", True), ("2026-12-01", True)],
    ids=["the day before", "the due date", "the day after", "years later"],
)
def test_each_duty_on_a_day(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str, today: str, after_due: bool
) -> None:
    found = owed(capsys, monkeypatch, db, today, "--year", "2019")
    assert len(found) == 18 and all(set(d) == DUTY_FIELDS for d in found)
    assert all((d["year"], d["due"]) == (2019, "2020-04-30") for d in found)
    assert [(d["network"], d["indicator"]) for d in found] == [(n, i) for n in NETWORKS for i in ("jobs", "revenue")]
    assert states(found) == expected_2019(after_due)


def test_without_a_year_the_latest_with_a_figure(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str
) -> None:
    found = owed(capsys, monkeypatch, db, "2020-05-01")  # the latest figure: revenue 2019 (shipped) and the story's
    assert {d["year"] for d in found} == {2019}
    assert states(found) == expected_2019(True)


def test_an_empty_database_judges_last_year(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = str(tmp_path / "empty.duckdb")
    _run("--db", empty, "init", "--empty")
    capsys.readouterr()
    found = owed(capsys, monkeypatch, empty, "2021-06-01")  # 2020 owed by 2021-04-30: all 18 late
    assert {(d["year"], d["due"], d["state"], d["batch"]) for d in found} == {(2020, "2021-04-30", "late", None)}
    assert len(found) == 18
    found = owed(capsys, monkeypatch, empty, "2021-04-30")
    assert {d["state"] for d in found} == {"missing"}


def test_a_year_nobody_owes(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    assert owed(capsys, monkeypatch, db, "2020-05-01", "--year", "2013") == []  # before the baseline year
    assert main(["--db", db, "--lang", "fr", "completeness", "--year", "2013"]) == 0
    assert capsys.readouterr().out.strip() == "Aucun réseau ne doit de chiffre pour 2013 selon les obligations du plan."


def test_a_duty_read_from_the_store(db: str, plan: Plan) -> None:
    """`completeness.duties` itself: a late returned figure knows it was returned, and since when it is late."""
    found = {(d.network, d.indicator): d for d in completeness.duties(Store(db), plan, 2019, dt.date(2020, 5, 1))}
    funeral, sollio = found[("funeral", "jobs")], found[("sollio", "jobs")]
    assert (funeral.state, funeral.returned, funeral.batch, funeral.late_since) == (
        "late",
        True,
        5,
        dt.date(2020, 5, 1),
    )
    assert (sollio.state, sollio.returned, sollio.batch) == ("late", False, None)
    assert found[("housing", "revenue")].late_since is None
    said = completeness.reported(plan, 2019, list(found.values()))
    assert (said.reported, said.networks) == (2, 9)  # Desjardins and Health: every duty approved
    assert said.late == ("sollio", "funeral", "school", "promutuel", "forestry", "worker")


def test_a_review_all_plans_own_submission_is_submitted(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str, tmp_path: Path
) -> None:
    monkeypatch.setenv("PLANMETRICS_PLANS", str(review_all_plans(tmp_path / "plans")))
    sent = _file(tmp_path, "sollio.csv", "year,indicator,network,value,source\n2019,jobs,sollio,7,CQCM\n")
    _run("--db", db, "import", sent, "--by", "eddie")
    capsys.readouterr()
    found = states(owed(capsys, monkeypatch, db, "2020-05-01", "--year", "2019"))
    assert found[("sollio", "jobs")] == ("submitted", "10")
    assert found[("sollio", "revenue")] == ("late", None)


def test_from_is_the_first_year_owed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str, tmp_path: Path
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    first = '[[obligations]]\nindicator = "jobs"\n'
    assert SHIPPED.count(first) == 1
    (folder / "cqcm-2020.toml").write_text(SHIPPED.replace(first, first + "from = 2019\n"), encoding="utf-8")
    monkeypatch.setenv("PLANMETRICS_PLANS", str(folder))
    earlier = owed(capsys, monkeypatch, db, "2020-05-01", "--year", "2018")
    assert {d["indicator"] for d in earlier} == {"revenue"} and len(earlier) == 9
    assert len(owed(capsys, monkeypatch, db, "2020-05-01", "--year", "2019")) == 18


def test_only_the_networks_figure_for_the_whole_of_quebec_counts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str, tmp_path: Path
) -> None:
    """What a network owes is its figure for the whole of Quebec, all sectors: the plan team's Montréal row of
    Sollio's jobs and its agri-food row of Sollio's revenue, and the school co-operatives' Montréal submission,
    leave those duties late, as the Networks page's figures table shows "—" for them."""
    rows = "year,indicator,region,sector,network,value,source\n2019,jobs,Montréal,,sollio,1200,CQCM\n"
    rows += "2019,revenue,Québec,agri_food,sollio,5000000,CQCM\n"
    _run("--db", db, "import", _file(tmp_path, "regional.csv", rows), "--by", "eddie")
    _run("--db", db, "import", _file(tmp_path, "sam.csv", "year,indicator,region,value\n2019,jobs,Montréal,50\n"),
         "--by", "sam")  # fmt: skip
    capsys.readouterr()
    found = states(owed(capsys, monkeypatch, db, "2020-05-01", "--year", "2019"))
    assert found == expected_2019(True)  # nothing moved: neither is the network's own figure
    whole = "year,indicator,network,value,source\n2019,jobs,sollio,15200,CQCM\n"
    _run("--db", db, "import", _file(tmp_path, "whole.csv", whole), "--by", "eddie")
    capsys.readouterr()
    found = states(owed(capsys, monkeypatch, db, "2020-05-01", "--year", "2019"))
    assert found[("sollio", "jobs")] == ("approved", "12")  # batches 10 and 11 above, then this one
    assert found[("sollio", "revenue")] == ("late", None)


def test_the_store_reads_each_indicator_asked_for(db: str) -> None:
    """`store.completeness.sent` with one indicator, two, or none (no SQL run at all)."""
    store = Store(db)
    jobs = sent(store, 2019, ["jobs"])
    assert {k for k in jobs if k[0] == "promutuel"} == {("promutuel", "jobs")}
    both = sent(store, 2019, ["jobs", "revenue"])
    assert both[("health", "revenue")].state == "approved" and both[("funeral", "jobs")].state == "returned"
    assert sent(store, 2019, []) == {}


def test_obligations_run_after_the_target_year(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str, plan: Plan
) -> None:
    """2021, after the plan's 2020: owed by April 30, 2022 like any year; `owed_years` reaches it when the caller
    can show it (its as-of or latest year), and never stops before the target year."""
    found = owed(capsys, monkeypatch, db, "2022-05-01", "--year", "2021")
    assert len(found) == 18 and {(d["due"], d["state"]) for d in found} == {("2022-04-30", "late")}
    assert completeness.owed_years(plan, 2021) == range(2014, 2022)
    assert completeness.owed_years(plan, 2018) == range(2014, 2021)  # the target year at least
    assert completeness.owed_years(plan, None) == range(2014, 2021)
    assert completeness.owed_years(dataclasses.replace(plan, obligations=()), 2021) == range(0)


def test_a_bad_today_is_refused(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    monkeypatch.setenv("PLANMETRICS_TODAY", "2020-02-30")
    assert main(["--db", db, "--lang", "fr", "completeness"]) == 2
    assert "2020-02-30" in capsys.readouterr().err


# ------------------------------------------------------------------ said for a person


GLYPH = {state: duty_look(state).glyph for state in completeness.DUTY_STATES}


@pytest.mark.parametrize(
    ("lang", "title", "lines", "rows"),
    [
        (
            "fr",
            "Chiffres dus pour 2019, au 1er\u00a0mai 2020",
            [
                "2 réseaux sur 9 ont fait rapport pour 2019.",
                "En retard : Sollio Groupe Coopératif ; Fédération des coopératives funéraires du Québec ; "
                "Fédération québécoise des coopératives en milieu scolaire (Coopsco) ; Promutuel Assurance ; "
                "Fédération québécoise des coopératives forestières ; Réseau de la coopération du travail du Québec.",
            ],
            [
                ("Réseau", "Emplois", "Chiffre d'affaires"),
                ("Mouvement Desjardins", "{approved} approuvé", "{approved} approuvé"),
                ("Sollio Groupe Coopératif", "{late} en retard depuis le 1er\u00a0mai 2020", None),
                ("Fédération des coopératives funéraires du Québec",
                 "{late} renvoyé, en retard depuis le 1er\u00a0mai 2020", None),
                ("Confédération québécoise des coopératives d'habitation", "{submitted} en attente de révision", None),
                ("Promutuel Assurance", "{approved} approuvé", "{late} en retard depuis le 1er\u00a0mai 2020"),
            ],
        ),
        (
            "en",
            "Figures owed for 2019, on May 1, 2020",
            ["2 of 9 networks have reported 2019.", "Late: Sollio Cooperative Group; "],
            [
                ("Network", "Jobs", "Revenue"),
                ("Desjardins Group", "{approved} approved", "{approved} approved"),
                ("Sollio Cooperative Group", "{late} late since May 1, 2020", "{late} late since May 1, 2020"),
                ("Promutuel Insurance", "{approved} approved", "{late} late since May 1, 2020"),
            ],
        ),
    ],
)  # fmt: skip
def test_the_grid_for_a_person(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: str,
    lang: str,
    title: str,
    lines: list[str],
    rows: list[tuple[str, str, str | None]],
) -> None:
    monkeypatch.setenv("PLANMETRICS_TODAY", "2020-05-01")
    assert main(["--db", db, "--lang", lang, "completeness", "--year", "2019"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == title and out[1] == ""
    for line in lines:
        assert any(said.startswith(line) for said in out), out
    table = [line.split("  ") for line in out]
    cells = {parts[0]: [p.strip() for p in parts[1:] if p.strip()] for parts in table if parts[0]}
    for network, jobs, revenue in rows:
        wanted = [jobs.format(**GLYPH)] + ([] if revenue is None else [revenue.format(**GLYPH)])
        assert cells[network][: len(wanted)] == wanted, (network, cells.get(network))
    text = "\n".join(out)
    assert not any(n in text for n in ("desjardins", "sollio", "jobs", "revenue", "late,", "missing")), text


def test_one_list_joiner_for_names_that_hold_commas() -> None:
    """Networks' names (and the importer's places) are joined by `words.separated`, the French with its space
    before the semicolon; `ingest.messages` names the same function."""
    names = ["Sollio Groupe Coopératif", "Promutuel Assurance"]
    assert words.separated(names, "fr") == "Sollio Groupe Coopératif ; Promutuel Assurance"
    assert words.separated(names, "en") == "Sollio Groupe Coopératif; Promutuel Assurance"
    assert messages.separated is words.separated


def test_completeness_through_its_own_process(db: str) -> None:
    env = {**os.environ, "PLANMETRICS_TODAY": "2020-04-30"}
    done = run_cli("--db", db, "completeness", "--year", "2019", "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert states(json.loads(done.stdout)) == expected_2019(False)


# ------------------------------------------------------------------ the plan file's obligations and owners


FIRST_NETWORKS = 'networks = ["desjardins", "sollio", "housing", "funeral", "school", "health", "promutuel", ' \
    '"forestry", "worker"]\ndue = "04-30"\n'  # fmt: skip
FIRST = '[[obligations]]\nindicator = "jobs"\n' + FIRST_NETWORKS


@pytest.mark.parametrize(
    ("new", "key", "said"),
    [
        (FIRST.replace('"sollio"', '"nowhere"'), "obligations[1].networks",
         "'nowhere' is not a network id of this plan"),
        (FIRST.replace('indicator = "jobs"', 'indicator = "jobz"'), "obligations[1].indicator",
         "'jobz' is not an indicator id of this plan."),
        (FIRST.replace('due = "04-30"', 'due = "02-30"'), "obligations[1].due", "is '02-30': write the day"),
        (FIRST.replace('due = "04-30"', 'due = "4/30"'), "obligations[1].due", "is '4/30': write the day"),
        (FIRST.replace(FIRST_NETWORKS, 'networks = []\ndue = "04-30"\n'), "obligations[1].networks",
         "lists no network"),
    ],
    ids=["unknown network", "unknown indicator", "no such day", "not MM-DD", "no network"],
)  # fmt: skip
def test_a_bad_obligation_is_refused_naming_its_key(new: str, key: str, said: str) -> None:
    assert SHIPPED.count(FIRST) == 1
    with pytest.raises(PlanFileError) as raised:
        parse_plan(SHIPPED.replace(FIRST, new), "broken.toml")
    [problem] = [p for p in raised.value.problems if p.startswith(f"{key}: ")]
    assert said in problem, raised.value.problems


@pytest.mark.parametrize("owner", ['""', "5", '"   "'])
def test_a_bad_owner_is_refused_naming_its_key(owner: str) -> None:
    with pytest.raises(PlanFileError) as raised:
        parse_plan(SHIPPED.replace('id = "jobs_net"\n', f'id = "jobs_net"\nowner = {owner}\n', 1), "broken.toml")
    [problem] = raised.value.problems
    assert problem.startswith("targets[1] (jobs_net).owner: is ") and "write who answers for the target" in problem


def test_an_owner_is_a_network_or_a_person() -> None:
    owned = SHIPPED.replace('id = "jobs_net"\n', 'id = "jobs_net"\nowner = "Mouvement Desjardins"\n', 1)
    owned = owned.replace('id = "jobs_montreal"\n', 'id = "jobs_montreal"\nowner = "Comité de suivi"\n', 1)
    plan = parse_plan(owned, "owned.toml")
    assert plan.owner_label("jobs_net", "en") == "Desjardins Group"
    assert plan.owner_label("jobs_montreal", "en") == "Comité de suivi"
    assert plan.owner_label("revenue_level", "fr") is None


def test_a_bad_plan_file_is_said_by_completeness(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str, tmp_path: Path
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    broken = SHIPPED.replace(FIRST, FIRST.replace('due = "04-30"', 'due = "4/30"'))
    (folder / "cqcm-2020.toml").write_text(broken, encoding="utf-8")
    monkeypatch.setenv("PLANMETRICS_PLANS", str(folder))
    assert main(["--db", db, "--lang", "fr", "completeness"]) == 2
    err = capsys.readouterr().err
    assert "obligations[1].due: vaut '4/30' : écrivez le jour où le chiffre est dû l'année suivante" in err
