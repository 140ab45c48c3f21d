"""Statuses set by the plan team over the computed ones (issue 19), through the real command line on real
DuckDB files: `override` (set, cleared, refused), what `progress`, `overrides` and `history` then say, stale
marks once newer or restated figures arrive, rollbacks refused, backups and restores keeping overrides, and a
database of schema 9 upgraded.

Worked by hand from the shipped figures (jobs: 100,000 in 2014, 116,000 in 2018; target +20,000 by 2020):
as of 2019 the latest figure is 2018's, progress 16,000 / 20,000 = 0.8, expected 100,000 + 20,000 × 4/6 =
113,333.33, ratio 16,000 / 13,333.33 = 1.2 ≥ 0.95: on track. The people: `rita` reviews, `eddie` edits for the
plan team, `dana` edits for Desjardins.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from planmetrics import accounts
from planmetrics.cli import main
from planmetrics.plan import Plan
from planmetrics.store import SCHEMA_VERSION, Store, overrides

from .conftest import ROOT, run_cli

ENGLISH = re.compile(r"\b(the|and|found|nothing|set|status|plan team|computed|by|batch|target)\b", re.IGNORECASE)
PEOPLE = [("rita", "reviewer", None), ("eddie", "editor", None), ("dana", "editor", "desjardins")]
NUMERIC_WORDS = "Achieved, On track, Needs acceleration, Limited progress, Deteriorating, Missed"


@pytest.fixture(scope="session")
def people_template(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Path:
    """A database just after `init` with the people of these tests, added as `planmetrics user add` adds them."""
    path = tmp_path_factory.mktemp("override_people") / "people.duckdb"
    shutil.copyfile(initialised_template, path)
    for name, role, network in PEOPLE:
        accounts.add_user(Store(path), plan, name, "a-long-enough-password", role=role, network=network, by="op")
    return path


@pytest.fixture
def db(people_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "overrides.duckdb"
    shutil.copyfile(people_template, path)
    return str(path)


def cli(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> tuple[int, str, str]:
    """The command run in this process (`planmetrics.cli.main`): its exit code, stdout and stderr."""
    code = main(["--db", db, *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    return code, captured.out, captured.err


def ok(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> Any:
    code, out, err = cli(capsys, db, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def refused(capsys: pytest.CaptureFixture[str], db: str, *args: str, lang: str = "en") -> str:
    """What a refused command said on stderr (exit 2), its JSON on stdout saying `ok: false`."""
    code, out, err = cli(capsys, db, *args, "--json", "--lang", lang)
    assert code == 2, (out, err)
    assert json.loads(out)["ok"] is False
    return err


def target(capsys: pytest.CaptureFixture[str], db: str, target_id: str, *args: str) -> dict[str, Any]:
    progress = ok(capsys, db, "progress", *args)
    return next(t for t in progress["targets"] if t["id"] == target_id)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# ------------------------------------------------------------------ set, shown, as-of years, cleared


def test_a_status_set_shows_in_progress_with_the_computed_one_beside_it(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    before = len(Store(db).history())
    done = ok(capsys, db, "override", "jobs_net", "--status", "achieved", "--reason", "  Desjardins counts late  ",
              "--by", "rita")  # fmt: skip
    assert done == {
        "ok": True, "batch": str(before + 1), "target": "jobs_net", "status": "achieved",
        "computed_status": "on_track", "as_of": 2019,
    }  # fmt: skip
    jobs = target(capsys, db, "jobs_net")
    assert (jobs["status"], jobs["computed_status"]) == ("achieved", "on_track")
    assert (jobs["latest"], jobs["latest_year"], jobs["progress"], jobs["ratio"]) == (116_000, 2018, 0.8, 1.2)
    override = jobs["override"]
    assert set(override) == {"by", "reason", "at", "as_of", "stale"}
    assert (override["by"], override["reason"], override["as_of"], override["stale"]) == (
        "rita", "Desjardins counts late", 2019, False,
    )  # fmt: skip
    assert dt.datetime.fromisoformat(override["at"]).utcoffset() == dt.timedelta(0)
    # What the engine said then is kept with the override: the status, and the figure judged.
    [kept] = overrides.overrides(Store(db), "cqcm-2020")
    assert (kept.target, kept.status, kept.computed_status, kept.latest_year, kept.latest, kept.by) == (
        "jobs_net", "achieved", "on_track", 2018, 116_000, "rita",
    )  # fmt: skip
    others = [t for t in ok(capsys, db, "progress")["targets"] if t["id"] != "jobs_net"]
    assert all(t["override"] is None and t["computed_status"] == t["status"] for t in others)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["Achieved (set by the plan team; computed: On track)",
                "Net new jobs by 2020: Status set by the plan team (rita, ", "): Desjardins counts late · "
                "Status computed by the method's rules: On track."]),
        ("fr", ["Atteint (fixé par l'équipe du plan ; calculé : En bonne voie)",
                "Emplois nets créés d'ici 2020 : Statut fixé par l'équipe du plan (rita, ",
                ") : Desjardins compte en retard · Statut calculé selon les règles de la méthode : En bonne voie."]),
    ],
)  # fmt: skip
def test_progress_and_the_override_itself_say_it_in_the_readers_words(
    capsys: pytest.CaptureFixture[str], db: str, lang: str, said: list[str]
) -> None:
    reason = "Desjardins counts late" if lang == "en" else "Desjardins compte en retard"
    code, out, err = cli(capsys, db, "--lang", lang, "override", "Net new jobs by 2020", "--status",
                         "Achieved" if lang == "en" else "atteint", "--reason", reason, "--by", "rita")  # fmt: skip
    assert code == 0, err
    batch = len(Store(db).history())
    assert (
        out.strip()
        == {
            "en": f"Status of “Net new jobs by 2020” set by the plan team to “Achieved” for views as of 2019 and later "
            f"(computed by the method's rules: On track); recorded as batch {batch}.",
            "fr": f"Statut de « Emplois nets créés d'ici 2020 » fixé par l'équipe du plan à « Atteint » pour les vues "
            f"en date de 2019 et après (calculé selon les règles de la méthode : En bonne voie) ; inscrit comme lot "
            f"{batch}.",
        }[lang]
    )
    code, out, err = cli(capsys, db, "--lang", lang, "progress")
    assert code == 0, err
    for phrase in said:
        assert phrase in out, out
    assert "jobs_net" not in out and "on_track" not in out and "achieved" not in out


def test_a_view_as_of_an_earlier_year_is_not_overridden_a_later_one_is(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    ok(capsys, db, "override", "jobs_net", "--status", "needs_acceleration", "--reason", "slower", "--as-of", "2019")
    earlier = target(capsys, db, "jobs_net", "--as-of", "2018")
    assert (earlier["status"], earlier["computed_status"], earlier["override"]) == ("on_track", "on_track", None)
    later = target(capsys, db, "jobs_net", "--as-of", "2020")  # the same figure (2018's) judged: not stale
    assert (later["status"], later["computed_status"], later["awaiting_year"]) == (
        "needs_acceleration", "on_track", 2020,
    )  # fmt: skip
    assert (later["override"]["as_of"], later["override"]["stale"]) == (2019, False)
    # An override from 2020 on leaves the default view (as of 2019) as computed.
    ok(capsys, db, "override", "members", "--status", "stable", "--reason", "one figure", "--as-of", "2020")
    assert target(capsys, db, "members")["override"] is None
    members = target(capsys, db, "members", "--as-of", "2020")
    assert (members["status"], members["computed_status"]) == ("stable", "no_data")  # one figure: no trend


def test_a_newer_figure_marks_it_stale_and_a_restated_one_too(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    ok(capsys, db, "override", "jobs_net", "--status", "achieved", "--reason", "counted by hand", "--by", "rita")
    ok(capsys, db, "correct", "jobs", "2018", "117000", "--reason", "restated by the CQCM")
    jobs = target(capsys, db, "jobs_net")
    # 17,000 / 13,333.33 = 1.275: still on track, but the figure judged is not the one the team saw.
    assert (jobs["status"], jobs["computed_status"], jobs["latest"], jobs["override"]["stale"]) == (
        "achieved", "on_track", 117_000, True,
    )  # fmt: skip
    ok(capsys, db, "import", write(tmp_path, "jobs-2019.csv", "year,indicator,value,source\n2019,jobs,104000,CQCM\n"))
    jobs = target(capsys, db, "jobs_net")
    # 2019: 4,000 of +20,000; expected 20,000 × 5/6 = 16,666.67, ratio 0.24 < 0.60: limited progress.
    assert (jobs["status"], jobs["computed_status"], jobs["latest_year"], jobs["ratio"]) == (
        "achieved", "limited_progress", 2019, pytest.approx(0.24),
    )  # fmt: skip
    assert jobs["override"]["stale"] is True
    [listed] = ok(capsys, db, "overrides")
    assert listed == {
        "target": "jobs_net", "status": "achieved", "computed_status": "limited_progress", "by": "rita",
        "at": listed["at"], "as_of": 2019, "reason": "counted by hand", "stale": True, "batch": listed["batch"],
    }  # fmt: skip
    code, out, _ = cli(capsys, db, "--lang", "fr", "overrides")
    assert code == 0
    assert "Statuts fixés par l'équipe du plan, jugés en date de 2019" in out
    row = next(line for line in out.splitlines() if line.startswith("Emplois nets créés d'ici 2020"))
    assert re.search(r"Atteint +Progrès limité +rita +\d{4}-\d\d-\d\d \d\d:\d\d +2019 +oui +counted by hand$", row)
    code, out, _ = cli(capsys, db, "--lang", "fr", "progress")
    assert "Fixé avant l'arrivée de chiffres plus récents : l'équipe du plan devrait le revoir." in out


def test_clear_restores_the_computed_status_and_history_lists_both(capsys: pytest.CaptureFixture[str], db: str) -> None:
    set_by = ok(capsys, db, "override", "jobs_net", "--status", "missed", "--reason", "no chance", "--by", "rita")
    cleared = ok(capsys, db, "override", "jobs_net", "--clear", "--reason", "new figures in", "--by", "rita")
    assert cleared == {
        "ok": True, "batch": str(int(set_by["batch"]) + 1), "target": "jobs_net", "cleared": True, "as_of": None,
    }  # fmt: skip
    jobs = target(capsys, db, "jobs_net")
    assert (jobs["status"], jobs["computed_status"], jobs["override"]) == ("on_track", "on_track", None)
    assert ok(capsys, db, "overrides") == []
    history = ok(capsys, db, "history")
    events = [(b["batch"], b["kind"], b["target"], b["override_status"], b["year"], b["reason"], b["by"])
              for b in history[:2]]  # fmt: skip
    assert events == [
        (cleared["batch"], "override", "jobs_net", None, 2019, "new figures in", "rita"),
        (set_by["batch"], "override", "jobs_net", "missed", 2019, "no chance", "rita"),
    ]
    assert all(b["target"] is None and b["override_status"] is None for b in history[2:])
    code, out, _ = cli(capsys, db, "--lang", "fr", "history")
    assert code == 0
    assert "retire le statut fixé pour « Emplois nets créés d'ici 2020 » : new figures in" in out
    assert "fixe le statut de « Emplois nets créés d'ici 2020 » à « Non atteint » : no chance" in out
    assert "statut fixé" in out and "jobs_net" not in out and "missed" not in out
    # Clearing again: refused, naming the target by its label, between « ».
    err = refused(capsys, db, "override", "jobs_net", "--clear", "--by", "rita", lang="fr")
    assert err.strip() == (
        "planmetrics : Aucun statut n'est fixé par l'équipe du plan pour « Emplois nets créés d'ici 2020 » : son "
        "statut est celui calculé. Les statuts fixés sont listés sur la page Méthode et par planmetrics overrides. "
        "Rien n'a été changé."
    )
    assert len(Store(db).history()) == len(history)


def test_a_status_cleared_says_the_computed_one(capsys: pytest.CaptureFixture[str], db: str) -> None:
    ok(capsys, db, "override", "Membres", "--status", "en amélioration", "--reason", "counted", "--by", "rita")
    code, out, err = cli(capsys, db, "--lang", "fr", "override", "members", "--clear", "--by", "rita")
    assert code == 0, err
    batch = len(Store(db).history())
    assert out.strip() == (
        f"Le statut fixé par l'équipe du plan pour « Membres » est retiré pour toutes les années ; inscrit comme lot "
        f"{batch}. Son statut est de nouveau celui calculé : Aucune donnée en date de 2019."
    )


# ------------------------------------------------------------------ one status for each as-of year


def _shown(capsys: pytest.CaptureFixture[str], db: str, *years: int) -> list[tuple[str, str, int | None]]:
    """jobs_net's status, computed status and override's as-of year in the views as of `years`."""
    views = [target(capsys, db, "jobs_net", "--as-of", str(year)) for year in years]
    return [(v["status"], v["computed_status"], v["override"] and v["override"]["as_of"]) for v in views]


def test_each_as_of_year_keeps_its_own_status(capsys: pytest.CaptureFixture[str], db: str) -> None:
    y18 = ok(capsys, db, "override", "jobs_net", "--status", "deteriorating", "--reason", "2018 was hard",
             "--as-of", "2018", "--by", "rita")  # fmt: skip
    y19 = ok(capsys, db, "override", "jobs_net", "--status", "achieved", "--reason", "2019 made up for it",
             "--as-of", "2019", "--by", "rita")  # fmt: skip
    # As of 2018, 2019 and 2020 the figure judged is 2018's 116,000: on track (ratio 1.2) in each.
    assert _shown(capsys, db, 2018, 2019, 2020) == [
        ("deteriorating", "on_track", 2018), ("achieved", "on_track", 2019), ("achieved", "on_track", 2019),
    ]  # fmt: skip
    assert target(capsys, db, "jobs_net")["override"]["reason"] == "2019 made up for it"  # as of 2019, the default
    before = target(capsys, db, "jobs_net", "--as-of", "2017")
    assert before["override"] is None and before["status"] == before["computed_status"]
    listed = ok(capsys, db, "overrides")
    assert [(o["as_of"], o["status"], o["computed_status"], o["stale"], o["reason"], o["batch"]) for o in listed] == [
        (2018, "deteriorating", "on_track", False, "2018 was hard", y18["batch"]),
        (2019, "achieved", "on_track", False, "2019 made up for it", y19["batch"]),
    ]
    code, out, _ = cli(capsys, db, "--lang", "fr", "overrides")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("Emplois nets créés d'ici 2020")]
    assert [re.split(r"  +", row)[1] for row in rows] == ["En recul", "Atteint"]


def test_a_status_set_for_an_earlier_year_leaves_a_later_years_view(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    ok(capsys, db, "override", "jobs_net", "--status", "achieved", "--reason", "late count", "--as-of", "2019")
    later = target(capsys, db, "jobs_net", "--as-of", "2019")
    ok(capsys, db, "override", "jobs_net", "--status", "deteriorating", "--reason", "slow", "--as-of", "2018")
    assert target(capsys, db, "jobs_net", "--as-of", "2019") == later
    assert _shown(capsys, db, 2018) == [("deteriorating", "on_track", 2018)]
    # Setting 2019's again replaces 2019's alone.
    ok(capsys, db, "override", "jobs_net", "--status", "missed", "--reason", "no chance", "--as-of", "2019")
    assert [(o.as_of, o.status) for o in overrides.overrides(Store(db), "cqcm-2020")] == [
        (2018, "deteriorating"), (2019, "missed"),
    ]  # fmt: skip
    assert _shown(capsys, db, 2018, 2019) == [("deteriorating", "on_track", 2018), ("missed", "on_track", 2019)]


def test_clear_with_as_of_clears_that_years_status_alone(capsys: pytest.CaptureFixture[str], db: str) -> None:
    ok(capsys, db, "override", "jobs_net", "--status", "deteriorating", "--reason", "slow", "--as-of", "2018")
    ok(capsys, db, "override", "jobs_net", "--status", "achieved", "--reason", "late count", "--as-of", "2019")
    cleared = ok(capsys, db, "override", "jobs_net", "--clear", "--as-of", "2018", "--reason", "counted again",
                 "--by", "rita")  # fmt: skip
    assert cleared == {"ok": True, "batch": cleared["batch"], "target": "jobs_net", "cleared": True, "as_of": 2018}
    assert _shown(capsys, db, 2018, 2019) == [("on_track", "on_track", None), ("achieved", "on_track", 2019)]
    [event] = ok(capsys, db, "history")[:1]
    assert (event["batch"], event["target"], event["override_status"], event["year"], event["reason"]) == (
        cleared["batch"], "jobs_net", None, 2018, "counted again",
    )  # fmt: skip
    # None set from 2018 any more, nor from 2020 (2019's holds in that view, but was set from 2019).
    for year in ("2018", "2020"):
        err = refused(capsys, db, "override", "jobs_net", "--clear", "--as-of", year, lang="fr")
        assert (
            f"Aucun statut n'est fixé par l'équipe du plan pour « Emplois nets créés d'ici 2020 » à partir de {year}."
            in err
        )
    # Clearing 2019's while 2018's holds again: the view as of 2019 shows 2018's, said so.
    ok(capsys, db, "override", "jobs_net", "--status", "deteriorating", "--reason", "slow", "--as-of", "2018")
    code, out, err = cli(capsys, db, "--lang", "fr", "override", "jobs_net", "--clear", "--as-of", "2019")
    assert code == 0, err
    assert out.strip() == (
        "Le statut fixé par l'équipe du plan pour « Emplois nets créés d'ici 2020 » à partir de 2019 est retiré ; "
        f"inscrit comme lot {len(Store(db).history())}. En date de 2019, son statut est maintenant : En recul (fixé "
        "par l'équipe du plan ; calculé : En bonne voie)."
    )
    assert _shown(capsys, db, 2019) == [("deteriorating", "on_track", 2018)]


def test_clear_without_as_of_clears_every_year_in_one_batch(capsys: pytest.CaptureFixture[str], db: str) -> None:
    ok(capsys, db, "override", "jobs_net", "--status", "deteriorating", "--reason", "slow", "--as-of", "2018")
    ok(capsys, db, "override", "jobs_net", "--status", "achieved", "--reason", "late count", "--as-of", "2019")
    ok(capsys, db, "override", "members", "--status", "stable", "--reason", "one figure", "--as-of", "2019")
    before = len(Store(db).history())
    cleared = ok(capsys, db, "override", "jobs_net", "--clear", "--by", "rita")
    assert (cleared["batch"], cleared["as_of"]) == (str(before + 1), None)
    assert len(Store(db).history()) == before + 1
    assert _shown(capsys, db, 2018, 2019, 2020) == [("on_track", "on_track", None)] * 3
    assert [(o.target, o.status) for o in overrides.overrides(Store(db), "cqcm-2020")] == [("members", "stable")]
    con = duckdb.connect(db, read_only=True)
    rows = con.execute("SELECT target, as_of, status FROM overrides WHERE batch = ? ORDER BY as_of",
                       [int(cleared["batch"])]).fetchall()  # fmt: skip
    con.close()
    assert rows == [("jobs_net", 2018, None), ("jobs_net", 2019, None)]  # a clearing row for each entry
    [event] = ok(capsys, db, "history")[:1]
    assert (event["kind"], event["target"], event["override_status"], event["year"]) == (
        "override", "jobs_net", None, None,
    )  # fmt: skip


def test_each_status_set_is_judged_in_the_view_it_holds_for(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    ok(capsys, db, "override", "jobs_net", "--status", "deteriorating", "--reason", "slow", "--as-of", "2018")
    ok(capsys, db, "override", "jobs_net", "--status", "achieved", "--reason", "late count", "--as-of", "2019")
    ok(capsys, db, "import", write(tmp_path, "jobs-2019.csv", "year,indicator,value,source\n2019,jobs,104000,CQCM\n"))
    # As of 2019: 104,000 in 2019, 4,000 of +20,000 against 16,666.67 expected (ratio 0.24): limited progress, a
    # newer figure than the one judged then. As of 2018: still 2018's 116,000, on track, as when it was set.
    listed = ok(capsys, db, "overrides")
    assert [(o["as_of"], o["computed_status"], o["stale"]) for o in listed] == [
        (2018, "on_track", False), (2019, "limited_progress", True),
    ]  # fmt: skip
    assert target(capsys, db, "jobs_net", "--as-of", "2018")["override"]["stale"] is False
    assert target(capsys, db, "jobs_net", "--as-of", "2019")["override"]["stale"] is True


def test_the_command_line_starts_without_pandas() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, planmetrics.cli; print('pandas' in sys.modules)"],
        capture_output=True, text=True, check=False, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stdout.strip()) == (0, "False"), done.stderr


# ------------------------------------------------------------------ refusals: who, what, which status, why


@pytest.mark.parametrize("by", ["eddie", "dana", "someone"], ids=["plan-team editor", "network editor", "label"])
def test_only_a_reviewer_or_an_admin_sets_a_status(capsys: pytest.CaptureFixture[str], db: str, by: str) -> None:
    before = Store(db).history()
    err = refused(capsys, db, "override", "jobs_net", "--status", "achieved", "--reason", "x", "--by", by, lang="fr")
    assert err.strip() == (
        f"planmetrics : {by} n'est pas réviseur : un statut est fixé ou retiré par les réviseurs et les "
        "administrateurs de l'équipe du plan. Agissez en tant que réviseur ou administrateur : connectez-vous comme "
        "tel, ou en ligne de commande nommez-en un avec `--by NOM`. Rien n'a été modifié."
    )
    assert not ENGLISH.findall(err.replace("--by", "")), err
    assert not re.search(r"\b(reviewer|admin|editor)\b", err), err  # the roles in words, never their ids
    err = refused(capsys, db, "override", "jobs_net", "--clear", "--by", by)
    assert err.strip() == (
        f"planmetrics: {by} is not a reviewer: a status is set or cleared by the plan team's reviewers and "
        "administrators. Act as a reviewer or an administrator: sign in as one, or on the command line name one "
        "with `--by NAME`. Nothing was changed."
    )
    assert "approving" not in err and "submission" not in err  # setting a status is no review
    assert Store(db).history() == before and overrides.overrides(Store(db), "cqcm-2020") == []


def test_an_unknown_target_is_refused_naming_the_choices_in_words(capsys: pytest.CaptureFixture[str], db: str) -> None:
    err = refused(capsys, db, "override", "jobs_nett", "--status", "achieved", "--reason", "x", lang="fr")
    assert "'jobs_nett' n'est ni une cible ni un indicateur suivi de ce plan." in err
    assert "Emplois nets créés d'ici 2020 ; Emplois nets créés à Montréal d'ici 2020 ; " in err
    assert "Membres" in err and "revenue_growth" not in err and "members" not in err
    err = refused(capsys, db, "override", "Nowhere", "--clear")
    assert "'Nowhere' is neither a target nor a tracked indicator of this plan." in err
    assert "Net new jobs by 2020; Net new jobs in Montréal by 2020; Revenue growth of 7 % a year;" in err
    assert overrides.overrides(Store(db), "cqcm-2020") == []


@pytest.mark.parametrize(
    ("target_name", "status", "said"),
    [
        ("jobs_net", "improving", f"“Improving” is not a status “Net new jobs by 2020” can be given. Choose one of: "
                                  f"{NUMERIC_WORDS}. Nothing was changed."),
        ("jobs_net", "no_data", "“No data yet” is not a status “Net new jobs by 2020” can be given."),
        ("jobs_net", "No data yet", "“No data yet” is not a status"),
        ("jobs_net", "frobbed", "“frobbed” is not a status “Net new jobs by 2020” can be given."),  # as typed
        ("members", "on track", "“On track” is not a status “Members” can be given. Choose one of: Improving, "
                                "Stable, Worsening."),
        ("members", "no_data", "Choose one of: Improving, Stable, Worsening."),
    ],
)  # fmt: skip
def test_a_status_the_kind_cannot_take_is_refused(
    capsys: pytest.CaptureFixture[str], db: str, target_name: str, status: str, said: str
) -> None:
    err = refused(capsys, db, "override", target_name, "--status", status, "--reason", "x")
    assert said in err
    assert ok(capsys, db, "overrides") == []


def test_a_status_refused_in_french_elides_nothing_and_quotes_the_target(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    err = refused(capsys, db, "override", "jobs_net", "--status", "en amélioration", "--reason", "x", lang="fr")
    assert err.strip() == (
        "planmetrics : « En amélioration » n'est pas un statut que peut recevoir « Emplois nets créés d'ici 2020 ». "
        "Choisissez l'un de ceux-ci : Atteint, En bonne voie, Accélération requise, Progrès limité, En recul, "
        "Non atteint. Rien n'a été changé."
    )
    assert "que Emplois" not in err and "improving" not in err


@pytest.mark.parametrize(
    ("named", "status", "expected"),
    [
        ("Emplois nets créés d'ici 2020", "En bonne voie", ("jobs_net", "on_track")),
        ("emplois nets crees d’ici 2020", "ACCÉLÉRATION REQUISE", ("jobs_net", "needs_acceleration")),
        ("revenue_level", "Limited progress", ("revenue_level", "limited_progress")),
        ("Part des emplois coopératifs et mutualistes au Québec", "en dégradation", ("coop_job_share", "worsening")),
        ("Partner countries", "stable", ("partner_countries", "stable")),
    ],
)
def test_a_target_and_a_status_are_named_by_id_or_words(
    capsys: pytest.CaptureFixture[str], db: str, named: str, status: str, expected: tuple[str, str]
) -> None:
    done = ok(capsys, db, "override", named, "--status", status, "--reason", "as written")
    assert (done["target"], done["status"]) == expected
    assert [(o.target, o.status) for o in overrides.overrides(Store(db), "cqcm-2020")] == [expected]


@pytest.mark.parametrize("reason", [["--reason", "   "], []], ids=["blank", "none"])
def test_a_status_needs_a_reason(capsys: pytest.CaptureFixture[str], db: str, reason: list[str]) -> None:
    before = Store(db).history()
    err = refused(capsys, db, "override", "jobs_net", "--status", "achieved", *reason, lang="fr")
    assert "Une raison est requise pour fixer un statut. Dites en une phrase, avec --reason" in err
    assert Store(db).history() == before


def test_a_missing_action_or_both_are_refused(capsys: pytest.CaptureFixture[str], db: str) -> None:
    ok(capsys, db, "override", "jobs_net", "--status", "achieved", "--reason", "x")
    code, _, err = cli(capsys, db, "override", "jobs_net", "--reason", "x")
    assert code == 2 and "--status" in err and "--clear" in err
    code, _, err = cli(capsys, db, "override", "jobs_net", "--status", "achieved", "--clear", "--reason", "x")
    assert code == 2
    assert [o.status for o in overrides.overrides(Store(db), "cqcm-2020")] == ["achieved"]


def test_rolling_back_an_override_is_refused(capsys: pytest.CaptureFixture[str], db: str) -> None:
    done = ok(capsys, db, "override", "jobs_net", "--status", "achieved", "--reason", "x")
    before = Store(db).history()
    err = refused(capsys, db, "rollback", done["batch"], lang="fr")
    assert f"Le lot {done['batch']} consigne un statut fixé ou retiré par l'équipe du plan" in err
    assert "override CIBLE --clear" in err
    assert Store(db).history() == before
    assert target(capsys, db, "jobs_net")["status"] == "achieved"


# ------------------------------------------------------------------ backups, restores, the upgrade from schema 9


def test_a_backup_and_its_restore_keep_the_overrides(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    ok(capsys, db, "override", "jobs_net", "--status", "achieved", "--reason", "kept", "--by", "rita")
    ok(capsys, db, "override", "members", "--status", "improving", "--reason", "kept too", "--as-of", "2018")
    ok(capsys, db, "override", "members", "--clear")
    ok(capsys, db, "override", "organizations", "--status", "stable", "--reason", "third")
    held = overrides.overrides(Store(db), "cqcm-2020")
    copy = tmp_path / "with-overrides.duckdb"
    ok(capsys, db, "backup", "-o", str(copy))
    elsewhere = str(tmp_path / "elsewhere.duckdb")
    ok(capsys, elsewhere, "restore", str(copy))
    assert overrides.overrides(Store(elsewhere), "cqcm-2020") == held
    assert [(o.target, o.status) for o in held] == [("jobs_net", "achieved"), ("organizations", "stable")]
    shown = {t["id"]: (t["status"], t["computed_status"]) for t in ok(capsys, elsewhere, "progress")["targets"]}
    # organizations: 3,300 in 2015, 3,000 in 2018, a falling slope: worsening as computed.
    assert (shown["jobs_net"], shown["organizations"], shown["members"]) == (
        ("achieved", "on_track"), ("stable", "worsening"), ("no_data", "no_data"),
    )  # fmt: skip


def test_a_database_of_schema_9_upgrades_and_takes_overrides(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "v9.duckdb"
    assert Store(path).migrate(upto=9) == 9
    con = duckdb.connect(str(path))
    columns = "id, kind, created_at, created_by, rows_read, inserted, restated, unchanged, rolled_back, state"
    con.execute(
        f"INSERT INTO batches ({columns}) VALUES"
        " (1, 'init', TIMESTAMP '2025-01-02 03:04:05', 'old', 3, 3, 0, 0, FALSE, 'direct')"
    )
    con.execute(
        "INSERT INTO figures (batch, indicator, year, region, sector, network, value, unit, source) VALUES"
        " (1, 'jobs', 2014, 'Québec', 'all', 'all', 100000, 'jobs', 's'),"
        " (1, 'jobs', 2017, 'Québec', 'all', 'all', 101000, 'jobs', 's'),"
        " (1, 'jobs', 2018, 'Québec', 'all', 'all', 102000, 'jobs', 's')"
    )
    assert "overrides" not in {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    con.close()
    [old] = ok(capsys, str(path), "history")  # the first read upgrades the file
    assert (old["kind"], old["target"], old["override_status"]) == ("init", None, None)
    assert Store(path).schema_version() == SCHEMA_VERSION >= 10  # the newest, which has `overrides`
    assert ok(capsys, str(path), "overrides") == []
    # 2018: 2,000 of +20,000, expected 20,000 × 4/6 = 13,333.33, ratio 0.15: limited progress.
    done = ok(capsys, str(path), "override", "jobs_net", "--status", "on_track", "--reason", "a late count")
    assert (done["computed_status"], done["as_of"], done["batch"]) == ("limited_progress", 2018, "2")
    jobs = target(capsys, str(path), "jobs_net")
    assert (jobs["status"], jobs["computed_status"], jobs["ratio"]) == ("on_track", "limited_progress",
                                                                        pytest.approx(0.15))  # fmt: skip


def test_override_through_its_own_process(db: str) -> None:
    """The installed entry point, end to end: a French refusal, then a status set and listed."""
    done = run_cli("--db", db, "--lang", "fr", "override", "jobs_net", "--status", "atteint", "--by", "dana")
    assert done.returncode == 2 and "dana n'est pas réviseur" in done.stderr
    done = run_cli("--db", db, "override", "jobs_net", "--status", "atteint", "--reason", "r", "--by", "rita", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "achieved"
    listed = run_cli("--db", db, "overrides", "--json")
    assert [(o["target"], o["by"], o["stale"]) for o in json.loads(listed.stdout)] == [("jobs_net", "rita", False)]
