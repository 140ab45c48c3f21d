"""Every refusal the command line can give, said in the reader's language: with `--lang fr` no English word
from the issue's list, the exit code of docs/contract.md (2 refused, 1 anything else) and the French sentence a
person expects; with `--lang en`, the English sentence it said before. Real DuckDB files in tmp_path.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from planmetrics.cli import main

ENGLISH = re.compile(r"\b(the|and|found|nothing|row|column|problem|upload|per file|imported|fix)\b", re.IGNORECASE)
BAD_FILE = "year,indicator,region,value\n20x8,jobs,Québec,12\n2018,emploisx,Québec,abc\n2018,jobs,Nowhere,5\n"
BROKEN_PLAN = '[plan]\nid = "broken"\nbaseline_year = 2014\ntarget_year = 2010\n'


@dataclass(frozen=True)
class Case:
    name: str
    args: Callable[[Path, str], list[str]]  # (tmp_path, db) -> the command's arguments, files made as needed
    code: int
    fr: str
    en: str
    env: dict[str, str] = field(default_factory=dict)


def _file(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _rolled_back_once(tmp: Path, db: str) -> list[str]:
    assert main(["--db", db, "rollback", "1"]) == 0
    return ["--db", db, "rollback", "1"]


def _rollback_of_rollback(tmp: Path, db: str) -> list[str]:
    assert main(["--db", db, "rollback", "1"]) == 0
    return ["--db", db, "rollback", "2"]


def _damaged(tmp: Path, db: str) -> list[str]:
    return ["--db", _file(tmp, "damaged.duckdb", "not a database, only words\n" * 200), "progress"]


def _too_new(tmp: Path, db: str) -> list[str]:
    newer = tmp / "newer.duckdb"  # a file this process has not opened yet: its schema is checked on opening
    shutil.copy(db, newer)
    con = duckdb.connect(str(newer))
    con.execute("INSERT INTO schema_version VALUES (99, now())")
    con.close()
    return ["--db", str(newer), "history"]


def _existing_backup(tmp: Path, db: str) -> list[str]:
    return ["--db", db, "backup", "-o", _file(tmp, "taken.duckdb", "")]


def _workbook(tmp: Path, db: str) -> list[str]:
    book = tmp / "figures.xlsx"
    assert main(["--db", db, "data", "-o", str(book)]) == 0
    return ["--db", db, "import", str(book), "--sheet", "Nope"]


def _statcan(tmp: Path, db: str) -> list[str]:
    table = _file(tmp, "statcan.csv", '"REF_DATE","GEO","VALUE"\n"2018","Quebec","5"\n')
    return ["--db", db, "import", table, "--indicator", "nope"]


def _plans(tmp: Path, text: str | None) -> str:
    folder = tmp / "plans"
    folder.mkdir()
    if text is not None:
        (folder / "broken.toml").write_text(text, encoding="utf-8")
    return str(folder)


CASES = [
    Case(
        "a file with problems of several kinds",
        lambda t, db: ["--db", db, "import", _file(t, "bad.csv", BAD_FILE)],
        2,
        "4 erreurs relevées, aucun chiffre n'a été enregistré",
        "4 problems found, nothing was imported",
    ),
    Case(
        "an amount in dollars for an index",
        lambda t, db: ["--db", db, "import", _file(t, "cpi.csv", "year,indicator,value\n2018,cpi,5 $\n")],
        2,
        "se compte en points d'indice",
        "is counted in index points",
    ),
    Case(
        "an empty file",
        lambda t, db: ["--db", db, "import", _file(t, "empty.csv", "")],
        2,
        "Le fichier est vide",
        "The file is empty",
    ),
    Case(
        "a file that is not there",
        lambda t, db: ["--db", db, "import", str(t / "absent.csv")],
        2,
        "n'existe pas",
        "There is no file",
    ),
    Case(
        "a file over the size limit",
        lambda t, db: ["--db", db, "import", _file(t, "big.csv", BAD_FILE * 600)],
        2,
        "au-delà de la limite",
        "over the",
        {"PLANMETRICS_MAX_UPLOAD_MB": "0.05"},  # 52 kB: big.csv is over it
    ),
    Case("an unknown --indicator", _statcan, 2, "n'est pas un indicateur du plan", "is not an indicator of the plan"),
    Case("an unknown --sheet", _workbook, 2, "n'a pas de feuille nommée 'Nope'", "has no sheet named 'Nope'"),
    Case(
        "an unknown target",
        lambda t, db: ["--db", db, "report", "-o", str(t / "r.pdf"), "--target", "nope"],
        2,
        "Cible(s) inconnue(s) : nope",
        "Unknown target(s): nope",
    ),
    Case(
        "an unknown chart",
        lambda t, db: ["--db", db, "export", "nochart", "-o", str(t / "c.html")],
        2,
        "Aucun graphique ne s'appelle 'nochart'",
        "There is no chart called 'nochart'",
    ),
    Case("an unknown batch", lambda t, db: ["--db", db, "rollback", "99"], 2, "Il n'y a pas de lot 99", "no batch 99"),
    Case(
        "a batch id that is not a number",
        lambda t, db: ["--db", db, "rollback", "abc"],
        2,
        "n'est pas un numéro de lot",
        "is not a batch id",
    ),
    Case("a batch rolled back twice", _rolled_back_once, 2, "Le lot 1 est déjà annulé", "already rolled back"),
    Case("a rollback of a rollback", _rollback_of_rollback, 2, "lui-même une annulation", "itself a rollback"),
    Case(
        "a correction without a reason",
        lambda t, db: ["--db", db, "correct", "jobs", "2018", "117000", "--reason", " "],
        2,
        "Une correction doit être motivée",
        "A correction needs a reason",
    ),
    Case(
        "a correction with a bad value",
        lambda t, db: ["--db", db, "correct", "jobs", "2018", "environ 5", "--reason", "typo"],
        2,
        "une erreur relevée, aucun chiffre n'a été enregistré : ligne 2, colonne « value »",
        "1 problem found, nothing was imported: row 2, column 'value'",
    ),
    Case(
        "a missing database",
        lambda t, db: ["--db", str(t / "missing.duckdb"), "progress"],
        1,
        "Il n'y a pas de base de données",
        "There is no database",
    ),
    Case("a damaged database", _damaged, 1, "ne peut pas être ouvert", "cannot be opened"),
    Case("a database from a newer planmetrics", _too_new, 1, "plus récent que ce planmetrics", "newer than"),
    Case(
        "a restore of a file that is no backup",
        lambda t, db: ["--db", db, "restore", _file(t, "notes.txt", "hello")],
        2,
        "n'est pas une sauvegarde de planmetrics",
        "is not a planmetrics backup",
    ),
    Case("a backup over an existing file", _existing_backup, 2, "existe déjà", "already exists"),
    Case(
        "a report in an unknown format",
        lambda t, db: ["--db", db, "report", "-o", str(t / "r.docx")],
        2,
        "un rapport est un fichier .pdf ou .pptx",
        "a report is a .pdf or a .pptx file",
    ),
    Case(
        "a chart in an unknown format",
        lambda t, db: ["--db", db, "export", "jobs", "-o", str(t / "c.gif")],
        2,
        "choisissez --format png, svg, pdf ou html",
        "choose --format png, svg, pdf or html",
    ),
    Case(
        "data in an unknown format",
        lambda t, db: ["--db", db, "data", "-o", str(t / "d.txt")],
        2,
        "écrit des fichiers .csv ou .xlsx",
        "writes .csv or .xlsx files",
    ),
    Case(
        "an unknown plan",
        lambda t, db: ["--db", db, "--plan", "nope", "progress"],
        2,
        "Aucun plan ne s'appelle 'nope'. Choisissez parmi : cqcm-2020 (Plan CQCM 2020)",
        "No plan is called 'nope'. Use one of: cqcm-2020",
    ),
    Case("a user without a password", lambda t, db: ["user", "add", "alice"], 2, "Aucun mot de passe", "No password"),
    Case(
        "an editor name that cannot be used",
        lambda t, db: ["user", "add", "a b"],
        2,
        "ne peut pas servir de nom d'éditeur",
        "is not a usable editor name",
        {"PLANMETRICS_PASSWORD": "long enough secret"},
    ),
    Case(
        "a password too short",
        lambda t, db: ["user", "add", "alice"],
        2,
        "Le mot de passe est trop court. Utilisez au moins 8 caractères.",
        "The password is too short. Use at least 8 characters.",
        {"PLANMETRICS_PASSWORD": "short"},
    ),
    Case(
        "a missing argument",
        lambda t, db: ["--db", db, "import"],
        2,
        "ces arguments sont obligatoires : file",
        "the following arguments are required: file",
    ),
    Case(
        "a choice that is not offered",
        lambda t, db: ["--db", db, "data", "-o", str(t / "d.csv"), "--csv-style", "de"],
        2,
        "'de' n'est pas un choix possible",
        "invalid choice: 'de'",
    ),
    Case(
        "a year that is not a number",
        lambda t, db: ["--db", db, "progress", "--as-of", "abc"],
        2,
        "'abc' n'est pas une valeur valide (nombre entier)",
        "invalid int value: 'abc'",
    ),
    Case(
        "an option no command has",
        lambda t, db: ["--db", db, "history", "--colour"],
        2,
        "arguments non reconnus : --colour",
        "unrecognized arguments: --colour",
    ),
    Case("an unknown command", lambda t, db: ["--db", db, "nope"], 2, "n'est pas un choix possible", "invalid choice"),
]
PLAN_CASES = [
    Case("a broken plan file", lambda t, db: ["--db", db, "progress"], 2, "Le fichier de plan", "The plan file"),
    Case("no plan file", lambda t, db: ["--db", db, "progress"], 2, "Aucun fichier de plan", "No plan file in"),
]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.delenv("PLANMETRICS_PASSWORD", raising=False)
    monkeypatch.setenv("PLANMETRICS_SECRETS", str(tmp_path / "secrets.toml"))
    path = str(tmp_path / "words.duckdb")
    assert main(["--db", path, "init"]) == 0
    capsys.readouterr()
    return path


def _run(case: Case, lang: str, tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The case's command in `lang`, after its own set-up: its exit code and all it printed."""
    args = case.args(tmp_path, db)
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in case.env.items():
            patch.setenv(name, value)
        code = main([*args, "--lang", lang])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_french_refusal_has_no_english_word(
    case: Case, tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = _run(case, "fr", tmp_path, db, capsys)
    assert code == case.code, text
    assert case.fr in text, text
    assert not ENGLISH.findall(text), text


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_an_english_refusal_says_what_it_said(
    case: Case, tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = _run(case, "en", tmp_path, db, capsys)
    assert code == case.code, text
    assert case.en in text, text


@pytest.mark.parametrize(
    ("case", "plan"), list(zip(PLAN_CASES, [BROKEN_PLAN, None], strict=True)), ids=["broken", "none"]
)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_plan_folder_refusal_in_both_languages(
    case: Case,
    plan: str | None,
    lang: str,
    tmp_path: Path,
    db: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PLANMETRICS_PLANS", _plans(tmp_path, plan))
    code, text = _run(case, lang, tmp_path, db, capsys)
    assert code == case.code, text
    assert (case.fr if lang == "fr" else case.en) in text, text
    if lang == "fr":
        assert not ENGLISH.findall(text), text


RESTATED = "year,indicator,region,value\n2018,jobs,Québec,117000\n2019,jobs,Montréal,41000\n"
# What each command says when it did its work, in French: (arguments after --db, a French phrase). In order:
# each command sees what the ones before it did (batch 2 is the import, 3 the correction, 4 the rollback).
DONE = [
    (["init"], "Base de données"),
    (["progress"], "Emplois nets créés d'ici 2020"),
    (
        ["import", "{restated}", "--dry-run"],
        "Essai à blanc — chiffres lus : 2 ; nouveaux : 1 ; révisés : 1 ; inchangés : 0",
    ),
    (
        ["import", "{restated}"],
        "Importé — chiffres lus : 2 ; nouveaux : 1 ; révisés : 1 ; inchangés : 0 ; cellules vides ignorées : 0. Lot 2.",
    ),
    (["import", "{restated}"], "avertissement : Ce fichier a déjà été enregistré comme lot 2 ; rien n'a été modifié."),
    (["correct", "jobs", "2018", "118 000", "--reason", "révision"], "Corrigé — chiffres lus : 1 ;"),
    (["rollback", "3"], "Lot 3 annulé (inscrit comme lot 4)."),
    (["history"], "données publiques"),
    (["backup", "-o", "{backup}"], "Sauvegarde de"),
    (["restore", "{backup}"], "le fichier précédent est conservé sous"),
    (["data", "-o", "{data}"], "Chiffres écrits dans"),
]


def test_what_the_commands_say_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {"restated": _file(tmp_path, "restated.csv", RESTATED), "backup": str(tmp_path / "copy.duckdb")}
    files["data"] = str(tmp_path / "figures.csv")
    for args, phrase in DONE:
        command = ["--db", str(tmp_path / "done.duckdb"), "--lang", "fr", *(a.format(**files) for a in args)]
        assert main(command) == 0, command
        captured = capsys.readouterr()
        text = captured.out + captured.err
        assert phrase in text, (args, text)
        assert not ENGLISH.findall(text), (args, text)
