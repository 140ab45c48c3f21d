"""`planmetrics figure`: every version of one figure, newest first, run as a person runs it (a subprocess of
the real command line on a real DuckDB file): an import, a restatement, a correction and a rollback give the
versions with the right current / rolled-back marks and batch kinds; names are matched as the importer matches
them; a figure never recorded is refused (exit 2) naming what was not found, in French and in English; the
French table holds no English word. Also the store's `restatements`, which History lists old → new.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from planmetrics import figure_history, i18n
from planmetrics.plan import load_plans
from planmetrics.store import Store, restatements

from .conftest import ROOT

FIRST = "year,indicator,region,sector,network,value\n2014,jobs,Québec,,,100000\n2018,jobs,Québec,agri_food,,24300\n"
RESTATED = "year,indicator,region,value\n2014,jobs,Québec,95000\n"
ENGLISH = re.compile(
    r"\b(the|and|of|every|newest|first|current|rolled|back|replaced|jobs|batch|kind|when|state|value|"
    r"all|sectors|networks|quebec|shipped)\b",
    re.IGNORECASE,
)


def planmetrics(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planmetrics", "--db", str(db), *args],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip


def ok(db: Path, *args: str) -> str:
    done = planmetrics(db, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Batch 1 imports 2014's jobs (100 000), batch 2 restates it (95 000), batch 3 corrects it (96 000),
    batch 4 rolls the correction back: 95 000 is current again."""
    folder = tmp_path_factory.mktemp("figure")
    path = folder / "history.duckdb"
    ok(path, "init", "--empty")
    (folder / "first.csv").write_text(FIRST, encoding="utf-8")
    (folder / "restated.csv").write_text(RESTATED, encoding="utf-8")
    ok(path, "import", str(folder / "first.csv"), "--by", "alice")
    ok(path, "import", str(folder / "restated.csv"), "--by", "bob")
    ok(path, "correct", "jobs", "2014", "96000", "--reason", "chiffre du réseau", "--by", "carol")
    ok(path, "rollback", "3", "--by", "dana")
    return path


def test_every_version_newest_first_with_its_marks(db: Path) -> None:
    versions = json.loads(ok(db, "figure", "jobs", "2014", "--json"))
    assert [(v["value"], v["batch"], v["kind"], v["by"]) for v in versions] == [
        (96000.0, "3", "correction", "carol"),
        (95000.0, "2", "import", "bob"),
        (100000.0, "1", "import", "alice"),
    ]
    assert [(v["current"], v["rolled_back"]) for v in versions] == [(False, True), (True, False), (False, False)]
    assert {v["unit"] for v in versions} == {"jobs"}
    assert all(v["created_at"].endswith("+00:00") for v in versions)
    assert set(versions[0]) == {
        "value", "unit", "flag", "source", "quality", "batch", "kind", "by", "created_at", "current", "rolled_back",
        "state",
    }  # fmt: skip
    assert {v["state"] for v in versions} == {"direct"}  # no submission among them
    assert {v["quality"] for v in versions} == {None}  # a file without grades
    # the current version is the one every other command shows
    progress = json.loads(ok(db, "progress", "--json", "--as-of", "2018"))
    jobs = next(t for t in progress["targets"] if t["id"] == "jobs_net")
    assert jobs["baseline"] == 95000.0


def test_names_are_matched_as_the_importer_matches_them(db: Path) -> None:
    by_ids = ok(db, "figure", "jobs", "2014", "--json")
    by_names = ok(
        db, "figure", "EMPLOIS", "2014", "--region", "ensemble du quebec",
        "--sector", "tous les secteurs", "--network", "total", "--json",
    )  # fmt: skip
    assert json.loads(by_names) == json.loads(by_ids)
    sector = json.loads(ok(db, "figure", "jobs", "2018", "--sector", "Agroalimentaire", "--json"))
    assert [(v["value"], v["current"]) for v in sector] == [(24300.0, True)]


@pytest.mark.parametrize(
    ("args", "fr", "en"),
    [
        (("jobz", "2014"), "aucun indicateur nommé « jobz »", "no indicator called “jobz”"),
        (("jobs", "2014", "--region", "Atlantis"), "aucune région nommée « Atlantis »", "no region called “Atlantis”"),
        (("jobs", "2003"), "Aucune donnée de l’indicateur Emplois pour 2003", "No figure of Jobs for 2003"),
        (
            ("jobs", "2014", "--network", "Desjardins"),
            "Mouvement Desjardins) n’a jamais",
            "Desjardins Group) was ever recorded",
        ),  # the plan's network, said by its label
        (("jobs", "2014", "--sector", "Pêche"), "Pêche, tous les réseaux)", "Pêche, all networks)"),
    ],
)
def test_a_figure_never_recorded_is_refused_in_words(db: Path, args: tuple[str, ...], fr: str, en: str) -> None:
    said = {}
    for lang, expected in (("fr", fr), ("en", en)):
        done = planmetrics(db, "figure", *args, "--lang", lang)
        assert done.returncode == 2, done.stderr
        assert expected in done.stderr
        assert "Traceback" not in done.stderr and done.stdout == ""
        assert len(done.stderr.strip().splitlines()) == 1
        said[lang] = done.stderr
    options = re.compile(r"--(region|sector|network)\b")
    assert not ENGLISH.search(options.sub("", said["fr"])), said["fr"]
    refused = planmetrics(db, "figure", *args, "--json")
    assert refused.returncode == 2 and json.loads(refused.stdout)["ok"] is False


def test_an_unknown_indicator_lists_the_known_ones_by_label(db: Path) -> None:
    french = planmetrics(db, "figure", "jobz", "2014", "--lang", "fr").stderr
    english = planmetrics(db, "figure", "jobz", "2014", "--lang", "en").stderr
    assert "Emplois" in french and "Chiffre d'affaires" in french and "jobs_net" not in french
    assert "Jobs" in english and "revenue," not in english


def test_the_french_table_holds_no_english_word(db: Path) -> None:
    french = ok(db, "figure", "jobs", "2014", "--lang", "fr")
    assert "Emplois, 2014, Ensemble du Québec · tous les secteurs · tous les réseaux" in french
    rows = french.splitlines()[4:]
    assert "96\u00a0000 emplois" in rows[0] and "annulée" in rows[0] and "correction" in rows[0]
    assert "95\u00a0000 emplois" in rows[1] and "en vigueur" in rows[1]
    assert "100\u00a0000 emplois" in rows[2] and "remplacée" in rows[2]
    assert not ENGLISH.search(french.replace("first.csv", "").replace("restated.csv", "")), french
    english = ok(db, "figure", "jobs", "2014", "--lang", "en")
    assert "96,000 jobs" in english and "rolled back" in english and "current" in english


def test_what_each_batch_restated_as_the_history_stood_then(db: Path) -> None:
    found = restatements(Store(db), [1, 2, 3, 4])
    assert set(found) == {2, 3}  # the first import restated nothing; a rollback writes no figure
    assert [(r.year, r.before, r.after) for r in found[2].figures] == [(2014, 100000.0, 95000.0)]
    assert [(r.before, r.after) for r in found[3].figures] == [(95000.0, 96000.0)]
    assert found[2].total == 1 and found[2].more == 0


def test_restatements_are_listed_up_to_a_limit(tmp_path: Path) -> None:
    db = tmp_path / "many.duckdb"
    ok(db, "init", "--empty")
    years = range(2000, 2012)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("year,indicator,value\n" + "".join(f"{y},jobs,{y * 10}\n" for y in years), encoding="utf-8")
    second.write_text("year,indicator,value\n" + "".join(f"{y},jobs,{y * 11}\n" for y in years), encoding="utf-8")
    ok(db, "import", str(first))
    ok(db, "import", str(second))
    found = restatements(Store(db), [2], limit=5)[2]
    assert [r.year for r in found.figures] == [2000, 2001, 2002, 2003, 2004]
    assert (found.total, found.more) == (12, 7)
    # a batch rolled back before the restatement is not what it replaced
    ok(db, "rollback", "2")
    third = tmp_path / "third.csv"
    third.write_text("year,indicator,value\n2000,jobs,1\n", encoding="utf-8")
    ok(db, "import", str(third))
    assert [(r.before, r.after) for r in restatements(Store(db), [4])[4].figures] == [(20000.0, 1.0)]


def test_a_restore_row_names_the_backup_it_brought_back() -> None:
    restore = {"batch": "3", "kind": "restore", "file_name": "copie.duckdb", "rolls_back": None}
    rollback = {"batch": "4", "kind": "rollback", "file_name": None, "rolls_back": "3"}
    batches = [rollback, restore]
    assert figure_history.what_it_did(restore, batches, "fr") == "a rétabli la sauvegarde copie.duckdb"
    assert figure_history.what_it_did(restore, batches, "en") == "brought back the backup copie.duckdb"
    assert figure_history.what_it_did(rollback, batches, "fr").startswith("a défait le lot 3")


def test_the_table_s_times_are_on_quebec_s_clock(db: Path) -> None:
    """Written at 01:30 UTC on December 1 is 20:30 on November 30 in Québec (EST), 21:30 in summer (EDT)."""
    assert i18n.moment("2026-12-01T01:30:00+00:00") == "2026-11-30 20:30"
    assert i18n.moment("2026-07-01T01:30:00") == "2026-06-30 21:30"  # a time stored without offset is UTC
    assert i18n.moment("pas une date") == "pas une date"
    french = ok(db, "--lang", "fr", "figure", "jobs", "2014")
    created = json.loads(ok(db, "figure", "jobs", "2014", "--json"))[0]["created_at"]
    assert i18n.moment(created) in french and created[11:19] not in french


def test_one_sentence_says_a_restated_figure_everywhere() -> None:
    """History, `changes` and the since page say a restatement with the same words: place by its three labels,
    amounts with their unit; an indicator the plan no longer holds by its id and a bare number, not an error."""
    plan = load_plans()[0]
    where = ("Québec", "all", "all")
    assert figure_history.restated_line(plan, "jobs", 2014, where, (100_000.0, 95_000.0), lang="fr", batch="4") == (
        "Emplois, 2014, Ensemble du Québec · tous les secteurs · tous les réseaux : "
        "100\u00a0000 emplois → 95\u00a0000 emplois (lot 4)"
    )
    assert figure_history.restated_line(plan, "jobs", 2014, where, (100_000.0, None), lang="en") == (
        "Jobs, 2014, All of Quebec · all sectors · all networks: 100,000 jobs → figure withdrawn"
    )
    gone = figure_history.restated_line(plan, "old_jobs", 2014, where, (1_500.0, 1_600.5), lang="fr")
    assert gone.startswith("old_jobs, 2014, Ensemble du Québec") and gone.endswith("1\u00a0500 → 1\u00a0600,5")
    assert plan.target_label("old_target", "fr") == "old_target"
    assert plan.target_label("jobs_net", "fr") == plan.target("jobs_net").label.fr
