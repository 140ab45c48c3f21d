"""The networks' review on the command line (issue 18), every rule through the real `planmetrics` process on
real DuckDB files: users with roles and networks in the store, a network editor's submission that counts
nowhere until a reviewer other than her approves it, returns, duplicates, locked years, `init` carrying the
secrets file's editors over.

The people of these tests: `dana` edits for Desjardins (a network editor), `eddie` is a plan-team editor,
`rita` and `rosa` are reviewers.
"""

from __future__ import annotations

import csv
import getpass
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from planmetrics import accounts, auth, importing
from planmetrics.ingest import read_figures
from planmetrics.plan import Plan
from planmetrics.store import Store, users

from .conftest import review_all_plans, run_cli

PASSWORD = "correct-horse-battery"
ENGLISH = re.compile(r"\b(the|and|found|nothing|row|column|problem|upload|per file|imported|fix)\b", re.IGNORECASE)
DESJARDINS_2019 = "year,indicator,value,source\n2019,jobs,5000,Mouvement Desjardins (bilan 2019)\n"
JOBS_2019 = {"indicator": "jobs", "year": 2019, "region": "Québec", "sector": "all", "network": "desjardins"}
PEOPLE = [
    ("dana", "editor", "desjardins"),
    ("eddie", "editor", None),
    ("rita", "reviewer", None),
    ("rosa", "reviewer", None),
]


def _env(secrets: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "PLANMETRICS_PASSWORD": PASSWORD, "PLANMETRICS_SECRETS": str(secrets), **extra}


def cli(db: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = run_cli("--db", db, *args, env=env)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def ok(db: str, *args: str, env: dict[str, str] | None = None) -> Any:
    """The command's JSON, the command having succeeded."""
    done = cli(db, *args, "--json", env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def refused(db: str, *args: str, env: dict[str, str] | None = None) -> tuple[dict[str, Any], str]:
    """The refusal's JSON and what it said on stderr, the command having been refused (exit 2)."""
    done = cli(db, *args, "--json", env=env)
    assert done.returncode == 2, (done.stdout, done.stderr)
    return json.loads(done.stdout), done.stderr


def history(db: str) -> list[dict[str, Any]]:
    return Store(db).history()


def batch_of(db: str, batch: str) -> dict[str, Any]:
    return next(b for b in history(db) if b["batch"] == batch)


def exported(db: str, tmp_path: Path) -> list[dict[str, str]]:
    """The current figures as `planmetrics data` writes them (the file a person downloads)."""
    out = tmp_path / "current.csv"
    ok(db, "data", "-o", str(out))
    return list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))


def current(db: str) -> list[tuple[str, int, str, str, str, float]]:
    """Every figure that counts now, read from the database file itself."""
    frame = Store(db).current_figures()
    return sorted(
        frame[["indicator", "year", "region", "sector", "network", "value"]].itertuples(index=False, name=None)
    )


def networks_figures(db: str) -> list[tuple[str, int, str, float]]:
    """The figures that count now of a member network (not the total of all networks)."""
    return [(f[0], f[1], f[4], f[5]) for f in current(db) if f[4] != "all"]


def jobs_net(db: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    progress = ok(db, "progress", env=env)
    return next(t for t in progress["targets"] if t["id"] == "jobs_net")


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="session")
def people_template(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database just after `init`, with the people of these tests added by `planmetrics user add`."""
    folder = tmp_path_factory.mktemp("people")
    path = folder / "people.duckdb"
    shutil.copyfile(initialised_template, path)
    env = _env(folder / "no-secrets.toml")
    for name, role, network in PEOPLE:
        extra = ["--network", network] if network else []
        done = run_cli("--db", str(path), "user", "add", name, "--role", role, *extra, env=env)
        assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return _env(tmp_path / "secrets.toml")


@pytest.fixture
def people(people_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "review.duckdb"
    shutil.copyfile(people_template, path)
    return str(path)


@pytest.fixture
def review_all(tmp_path: Path) -> dict[str, str]:
    """The environment of a plan folder whose plan says `review_all = true`: every import is a submission."""
    return _env(tmp_path / "secrets.toml", PLANMETRICS_PLANS=str(review_all_plans(tmp_path / "plans")))


# ------------------------------------------------------------------ users: roles and networks in the store


def test_users_have_roles_and_networks_and_no_hash_is_listed(people: str) -> None:
    done = cli(people, "users", "--json")
    assert done.returncode == 0, done.stderr
    assert "argon2" not in done.stdout and PASSWORD not in done.stdout
    listed = json.loads(done.stdout)
    assert [(u["name"], u["role"], u["network"]) for u in listed] == PEOPLE
    assert all(set(u) == {"name", "role", "network", "added_at", "added_by"} for u in listed)
    assert {u["added_by"] for u in listed} == {getpass.getuser()}
    digests = accounts.known_digests(Store(people))
    assert auth.sign_in("dana", PASSWORD, auth.Throttle(), known=digests).ok
    text = cli(people, "--lang", "fr", "users").stdout
    assert "Mouvement Desjardins" in text and "réviseur" in text and "équipe du plan" in text
    assert "desjardins" not in text.replace("Mouvement Desjardins", "")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--role", "boss"], "'boss' is not a role. Choose one of: admin, reviewer, editor."),
        (["--network", "nowhere"], "The plan has no network 'nowhere'."),
        (["--role", "reviewer", "--network", "desjardins"], "Only an editor belongs to a network"),
        (["--role", "admin", "--network", "sollio"], "Only an editor belongs to a network"),
    ],
    ids=["bad role", "network not in the plan", "network for a reviewer", "network for an admin"],
)
def test_user_add_refusals_change_nothing(people: str, env: dict[str, str], args: list[str], said: str) -> None:
    _, stderr = refused(people, "user", "add", "zoe", *args, env=env)
    assert said in stderr
    assert [u.name for u in users.users(Store(people))] == ["dana", "eddie", "rita", "rosa"]


def test_user_add_defaults_to_a_plan_team_editor_and_user_remove(people: str, env: dict[str, str]) -> None:
    added = ok(people, "user", "add", "zoe", env=env)
    assert (added["user"], added["role"], added["network"], added["replaced"]) == ("zoe", "editor", None, False)
    again = ok(people, "user", "add", "zoe", "--network", "Sollio Groupe Coopératif", env=env)  # a label
    assert (again["network"], again["replaced"]) == ("sollio", True)
    zoe = next(u for u in ok(people, "users") if u["name"] == "zoe")
    assert (zoe["role"], zoe["network"]) == ("editor", "sollio")
    assert ok(people, "user", "remove", "zoe") == {"ok": True, "removed": "zoe"}
    assert [u["name"] for u in ok(people, "users")] == ["dana", "eddie", "rita", "rosa"]
    _, stderr = refused(people, "user", "remove", "zoe")
    assert "There is no user called zoe" in stderr


# ------------------------------------------------------------------ a network editor's submission


def test_a_network_editors_import_counts_nowhere_until_a_reviewer_approves_it(people: str, tmp_path: Path) -> None:
    figures_before = current(people)
    sent = ok(people, "import", write(tmp_path, "desjardins.csv", DESJARDINS_2019), "--by", "dana")
    assert (sent["state"], sent["network"], sent["rows"], sent["inserted"]) == ("submitted", "desjardins", 1, 1)
    batch = sent["batch"]
    assert current(people) == figures_before  # the figures everyone sees are as they were
    assert [r for r in exported(people, tmp_path) if r["network"] != "all"] == []
    jobs = jobs_net(people)  # the shipped figures' 116,000 jobs in 2018, as before
    assert (jobs["latest"], jobs["latest_year"], jobs["progress"]) == (116_000, 2018, pytest.approx(0.8))
    submitted = batch_of(people, batch)
    assert (submitted["state"], submitted["network"], submitted["by"], submitted["reviewed_by"]) == (
        "submitted", "desjardins", "dana", None,
    )  # fmt: skip
    [listed] = ok(people, "submissions", "--state", "submitted")
    assert (listed["batch"], listed["by"], listed["network"], listed["years"], listed["rows"]) == (
        batch, "dana", "desjardins", [2019], 1,
    )  # fmt: skip
    assert ok(people, "submissions", "--network", "sollio") == []

    approved = ok(people, "approve", batch, "--by", "rita")
    assert (approved["reviews"], approved["state"], approved["year"], approved["inserted"]) == (
        batch,
        "approved",
        None,
        1,
    )
    # The file had no network column: its figure is Desjardins's, 5,000 jobs in 2019, and counts now.
    [row] = [r for r in exported(people, tmp_path) if r["network"] != "all"]
    assert (row["indicator"], row["year"], row["region"], row["sector"], row["network"], float(row["value"])) == (
        "jobs", "2019", "Québec", "all", "desjardins", 5000.0,
    )  # fmt: skip
    assert row["source"] == "Mouvement Desjardins (bilan 2019)"
    assert len(current(people)) == len(figures_before) + 1
    reviewed = batch_of(people, batch)
    assert (reviewed["state"], reviewed["reviewed_by"]) == ("approved", "rita")
    assert reviewed["reviewed_at"].endswith("+00:00")
    event = batch_of(people, approved["batch"])
    assert (event["kind"], event["reviews"], event["by"]) == ("approval", batch, "rita")
    assert ok(people, "submissions", "--state", "approved")[0]["reviewed_by"] == "rita"


def test_a_file_holding_another_networks_rows_is_refused_whole(people: str, tmp_path: Path) -> None:
    before = history(people)
    mixed = write(
        tmp_path,
        "mixed.csv",
        "year,indicator,network,value\n2018,jobs,desjardins,4000\n2018,jobs,sollio,300\n2019,members,desjardins,7\n",
    )
    payload, stderr = refused(people, "import", mixed, "--by", "dana")
    assert payload["ok"] is False and len(payload["errors"]) == 1
    [problem] = payload["errors"]
    if problem["row"] is None:  # refused after reading, by the importer's own check
        assert problem["message"].startswith("Jobs, 2018, All of Quebec · all sectors · Sollio Cooperative Group: ")
        assert "you submit figures of Desjardins Group only" in problem["message"]
    else:  # refused by the reader, at the Sollio row
        assert (problem["row"], problem["column"], problem["value"]) == (3, "network", "sollio")
        assert "Sollio Cooperative Group" in problem["message"] and "Desjardins Group" in problem["message"]
    assert "mixed.csv: 1 problem found, nothing was imported" in stderr
    assert history(people) == before  # nothing committed, not even Desjardins's two rows


def test_the_same_file_while_pending_is_a_duplicate(people: str, tmp_path: Path) -> None:
    path = write(tmp_path, "desjardins.csv", DESJARDINS_2019)
    first = ok(people, "import", path, "--by", "dana")
    again = ok(people, "import", path, "--by", "dana")
    assert (again["batch"], again["inserted"], again["unchanged"]) == (first["batch"], 0, 1)
    assert [w["message"] for w in again["warnings"]] == [
        f"This file was already imported as batch {first['batch']}; nothing was changed."
    ]
    assert [s["batch"] for s in ok(people, "submissions")] == [first["batch"]]


def test_a_returned_submission_never_counts_and_may_be_sent_again(people: str, tmp_path: Path) -> None:
    figures_before = current(people)
    path = write(tmp_path, "desjardins.csv", DESJARDINS_2019)
    batch = ok(people, "import", path, "--by", "dana")["batch"]
    _, stderr = refused(people, "return", batch, "--reason", " ", "--by", "rita")
    assert "A reason is required." in stderr
    sent_back = ok(people, "return", batch, "--reason", "2019 not audited yet", "--by", "rita")
    assert (sent_back["reviews"], sent_back["state"], sent_back["reason"]) == (
        batch,
        "returned",
        "2019 not audited yet",
    )
    returned = batch_of(people, batch)
    assert (returned["state"], returned["reviewed_by"], returned["review_reason"]) == (
        "returned", "rita", "2019 not audited yet",
    )  # fmt: skip
    assert current(people) == figures_before
    _, stderr = refused(people, "approve", batch, "--by", "rosa")
    assert f"Submission {batch} was already returned." in stderr
    assert current(people) == figures_before
    again = ok(people, "import", path, "--by", "dana")  # the same file, sent again: a new submission
    assert (again["state"], again["inserted"]) == ("submitted", 1)
    assert int(again["batch"]) > int(sent_back["batch"])


def test_corrections_and_rollbacks_of_a_networks_batch_are_the_plan_teams(people: str, tmp_path: Path) -> None:
    _, stderr = refused(people, "correct", "jobs", "2018", "117000", "--reason", "typo", "--by", "dana")
    assert "dana edits for a network: corrections are for the plan team." in stderr
    batch = ok(people, "import", write(tmp_path, "desjardins.csv", DESJARDINS_2019), "--by", "dana")["batch"]
    ok(people, "approve", batch, "--by", "rita")
    for name in ("dana", "eddie", "nobody"):  # a network editor, a plan-team editor, a plain label
        _, stderr = refused(people, "rollback", batch, "--by", name)
        assert "Rolling back a network's batch is for reviewers and administrators." in stderr
    assert networks_figures(people) == [("jobs", 2019, "desjardins", 5000.0)]
    ok(people, "rollback", batch, "--by", "rosa")
    assert networks_figures(people) == []


# ------------------------------------------------------------------ who may review


def test_reviewing_and_locking_are_refused_to_a_non_reviewer(people: str, tmp_path: Path) -> None:
    batch = ok(people, "import", write(tmp_path, "desjardins.csv", DESJARDINS_2019), "--by", "dana")["batch"]
    before = history(people)
    for name in ("dana", "eddie", "nobody"):  # a network editor, a plan-team editor, a name no user has
        for args in (
            ["approve", batch],
            ["return", batch, "--reason", "no"],
            ["lock", "2019"],
            ["unlock", "2019", "--reason", "no"],
        ):
            payload, stderr = refused(people, *args, "--by", name)
            assert f"{name} is not a reviewer" in payload["errors"][0]["message"], args
            assert "Nothing was changed." in stderr
    assert history(people) == before


def test_without_by_the_operator_acts_as_admin(people: str, tmp_path: Path) -> None:
    system_user = getpass.getuser()
    batch = ok(people, "import", write(tmp_path, "desjardins.csv", DESJARDINS_2019), "--by", "dana")["batch"]
    approved = ok(people, "approve", batch)
    assert batch_of(people, batch)["reviewed_by"] == system_user
    assert batch_of(people, approved["batch"])["by"] == system_user
    locked = ok(people, "lock", "2017")
    assert (locked["year"], locked["state"], locked["reviews"], locked["reason"]) == (2017, "locked", None, None)
    assert batch_of(people, locked["batch"])["by"] == system_user
    unlocked = ok(people, "unlock", "2017", "--reason", "opened for a restatement")
    assert (unlocked["year"], unlocked["state"]) == (2017, "unlocked")


def test_review_all_makes_every_import_a_submission_and_no_one_approves_her_own(
    people: str, tmp_path: Path, review_all: dict[str, str]
) -> None:
    figures_before = current(people)
    total = write(tmp_path, "total.csv", "year,indicator,value,source\n2019,jobs,117000,CQCM 2020\n")
    sent = ok(people, "import", total, "--by", "rita", env=review_all)
    assert (sent["state"], sent["network"]) == ("submitted", None)
    jobs = jobs_net(people, review_all)  # the shipped figures' 116,000 jobs in 2018, as before
    assert (jobs["latest"], jobs["latest_year"]) == (116_000, 2018)
    payload, _ = refused(people, "approve", sent["batch"], "--by", "rita", env=review_all)
    assert payload["errors"][0]["message"].startswith(f"Batch {sent['batch']} is your own submission")
    refused(people, "approve", sent["batch"], "--by", "eddie", env=review_all)  # an editor reviews nothing
    assert current(people) == figures_before
    ok(people, "approve", sent["batch"], "--by", "rosa", env=review_all)
    jobs = jobs_net(people, review_all)
    assert (jobs["latest"], jobs["latest_year"]) == (117_000, 2019)
    # jobs_net: +17,000 of the +20,000 planned by 2020 (100,000 in 2014 to 120,000)
    assert jobs["progress"] == pytest.approx(17_000 / 20_000)


# ------------------------------------------------------------------ locked years


def test_a_locked_year_refuses_imports_corrections_rollbacks_and_approvals(people: str, tmp_path: Path) -> None:
    counting = ok(people, "import", write(tmp_path, "total.csv", "year,indicator,value\n2019,jobs,117000\n"))
    pending = ok(people, "import", write(tmp_path, "desjardins.csv", DESJARDINS_2019), "--by", "dana")["batch"]
    locked = ok(people, "lock", "2019", "--reason", "audited", "--by", "rita")
    assert (locked["year"], locked["state"], locked["reason"]) == (2019, "locked", "audited")
    before = history(people)

    later = write(tmp_path, "later.csv", "year,indicator,value\n2018,jobs,116500\n2019,jobs,5100\n")
    payload, stderr = refused(people, "import", later, "--by", "dana")
    if "figures" in payload:  # refused by the store at commit time
        assert (payload["figures"], payload["count"], payload["years"]) == ([JOBS_2019], 1, [2019])
        assert "Jobs, 2019, All of Quebec · all sectors · Desjardins Group" in stderr
    else:  # refused by the reader, at the 2019 row
        assert [e["row"] for e in payload["errors"]] == [3]
    assert "2019" in stderr
    payload, stderr = refused(people, "correct", "jobs", "2019", "118000", "--reason", "typo")
    assert "2019" in stderr

    payload, stderr = refused(people, "rollback", counting["batch"], "--by", "rosa")
    total = {**JOBS_2019, "network": "all"}
    assert (payload["figures"], payload["count"], payload["error"]) == ([total], 1, payload["errors"][0]["message"])
    assert "in a locked year (2019): nothing was changed." in payload["error"]
    assert "  Jobs, 2019, All of Quebec · all sectors · all networks" in stderr.splitlines()
    payload, _ = refused(people, "approve", pending, "--by", "rosa")
    assert (payload["figures"], payload["count"]) == ([JOBS_2019], 1)
    assert history(people) == before

    assert cli(people, "unlock", "2019", "--by", "rita").returncode == 2  # no --reason: a usage error
    _, stderr = refused(people, "unlock", "2019", "--reason", "  ", "--by", "rita")
    assert "A reason is required." in stderr
    assert history(people) == before
    unlocked = ok(people, "unlock", "2019", "--reason", "restated by the network", "--by", "rita")
    ok(people, "approve", pending, "--by", "rosa")
    assert networks_figures(people) == [("jobs", 2019, "desjardins", 5000.0)]
    events = [(b["kind"], b["year"], b["reason"]) for b in history(people) if b["kind"] in ("lock", "unlock")]
    assert events == [("unlock", 2019, "restated by the network"), ("lock", 2019, "audited")]
    assert int(unlocked["batch"]) == int(locked["batch"]) + 1


# ------------------------------------------------------------------ said for a person, in French


def test_the_review_said_in_french(people: str, tmp_path: Path) -> None:
    said = []
    path = write(tmp_path, "desjardins.csv", DESJARDINS_2019)
    for args in (
        ["import", path, "--by", "dana"],
        ["submissions"],
        ["approve", "2", "--by", "rita"],
        ["lock", "2019", "--reason", "vérifié", "--by", "rita"],
        ["history"],
    ):
        done = cli(people, "--lang", "fr", *args)
        assert done.returncode == 0, done.stderr
        said.append(done.stdout + done.stderr)
    assert (
        "Soumis pour révision comme lot 2 ; ses chiffres compteront une fois qu'un réviseur l'aura approuvé." in said[0]
    )
    assert "en attente de révision" in said[1] and "Mouvement Desjardins" in said[1]
    assert said[2].startswith("Lot 2 approuvé (inscrit comme lot 3) : ses chiffres comptent désormais — nouveaux : 1")
    assert said[3].startswith("Année 2019 verrouillée (inscrite comme lot 4)")
    assert (
        "approuvé par rita le" in said[4] and "verrouille 2019 : vérifié" in said[4] and "approuve le lot 2" in said[4]
    )
    refusal = cli(people, "--lang", "fr", "rollback", "2", "--by", "rita")
    assert refusal.returncode == 2
    assert "  Emplois, 2019, Ensemble du Québec · tous les secteurs · Mouvement Desjardins" in refusal.stderr
    for text in [*said, refusal.stderr]:
        assert not ENGLISH.findall(text), text


# ------------------------------------------------------------------ init carries the secrets file's editors over


def test_init_carries_the_secrets_files_editors_over_once(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    auth.add_editor("alice", "alice-password", secrets)
    env = _env(secrets)
    db = str(tmp_path / "carried.duckdb")
    first = ok(db, "init", "--empty", env=env)
    assert first["users_carried_over"] == ["alice"]
    assert [(u["name"], u["role"], u["network"]) for u in ok(db, "users")] == [("alice", "editor", None)]
    assert auth.sign_in("alice", "alice-password", auth.Throttle(), known=accounts.known_digests(Store(db))).ok
    said = cli(db, "init", "--empty", env=env)
    assert "carried over" not in said.stdout
    ok(db, "user", "add", "rita", "--role", "reviewer", env=env)
    ok(db, "user", "remove", "alice", env=env)
    assert ok(db, "init", "--empty", env=env)["users_carried_over"] == []  # a removed editor stays removed
    assert [u["name"] for u in ok(db, "users")] == ["rita"]


def test_init_says_who_it_carried_over(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    auth.add_editor("alice", "alice-password", secrets)
    done = cli(str(tmp_path / "said.duckdb"), "--lang", "fr", "init", "--empty", env=_env(secrets))
    assert done.returncode == 0, done.stderr
    assert "Éditeurs du fichier de secrets repris dans la base de données comme éditeurs" in done.stdout
    assert "alice" in done.stdout


# ------------------------------------------------------------------ the importer's own check, behind the readers


def test_the_importers_check_takes_the_totals_rows_as_hers_and_refuses_another_networks(plan: Plan) -> None:
    """`importing.own_network` on a file read without the submitting network (as the readers read before they
    honoured it): the safety net that stays behind them."""
    plain = read_figures(b"year,indicator,value\n2019,jobs,5000\n2018,jobs,4000\n", "d.csv", plan)
    hers = importing.own_network(plain, "desjardins", plan, "d.csv", "en")
    assert sorted(hers.figures[["year", "network"]].itertuples(index=False, name=None)) == [
        (2018, "desjardins"), (2019, "desjardins"),
    ]  # fmt: skip
    assert importing.own_network(plain, None, plan, "d.csv", "en") is plain  # the plan team's: as read
    mixed = read_figures(b"year,indicator,network,value\n2019,jobs,all,5000\n2019,jobs,sollio,300\n", "m.csv", plan)
    with pytest.raises(importing.FileRefusedError) as refusal:
        importing.own_network(mixed, "desjardins", plan, "m.csv", "fr")
    [problem] = refusal.value.result.errors
    assert (problem.row, problem.column, problem.value) == (None, None, "sollio")
    assert problem.message.startswith(
        "Emplois, 2019, Ensemble du Québec · tous les secteurs · Sollio Groupe Coopératif : "
    )
    twice = read_figures(
        b"year,indicator,network,value\n2019,jobs,all,5000\n2019,jobs,desjardins,5100\n", "t.csv", plan
    )
    with pytest.raises(importing.FileRefusedError) as given_twice:
        importing.own_network(twice, "desjardins", plan, "t.csv", "en")
    [problem] = given_twice.value.result.errors
    assert "the file gives this figure twice, once without a network and once as Desjardins Group's" in problem.message
