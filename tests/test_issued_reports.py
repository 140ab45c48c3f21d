"""Issued reports and what changed since, through the real command line (subprocesses on real DuckDB files):
`report --issue`, `reports`, `changes`, and migration 7 on a database at schema 6.

The scenario of issue 16's "Done when": a report issued as of 2022, then the 2014 jobs figure restated from
100,000 to 95,000. By hand (METHOD.md, `increase_by`): the 2018 figure 116,000 less the baseline gives a gain
of 16,000 of the 20,000 sought (on track, 80 %); with the baseline 95,000 the gain is 21,000 >= 20,000, so
`jobs_net` is achieved. The report is built once (its charts take seconds); each test works on its own copy
of the database it was issued in.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from planmetrics.changes import Changes, IssuedReport, Restatement, issue_report
from planmetrics.cli.issued import changes_text
from planmetrics.errors import RefusedError
from planmetrics.plan import Plan, choose_plan, load_plans
from planmetrics.report.content import read_report
from planmetrics.store import SCHEMA_VERSION, Store
from planmetrics.store import reports as store_reports
from planmetrics.store.schema import schema_version, upgrade

from .conftest import ROOT

RESTATED_2014 = "year,indicator,region,sector,network,value,unit,source\n2014,jobs,Québec,all,all,95000,jobs,restated\n"


def cli(db: Path, *args: str, lang: str = "en", expect: int = 0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLANMETRICS_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-m", "planmetrics", "--lang", lang, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert done.returncode == expect, (done.stdout, done.stderr)
    return done


def as_json(db: Path, *args: str, expect: int = 0) -> Any:
    return json.loads(cli(db, *args, "--json", expect=expect).stdout)


@pytest.fixture(scope="module")
def issued_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any], list[Any]]:
    """A database where `report -o r.pdf --as-of 2022 --issue --by alice` ran: the database, the file, what
    `report` printed, and the history before the report."""
    folder = tmp_path_factory.mktemp("issued")
    db = folder / "board.duckdb"
    cli(db, "init")
    history = as_json(db, "history")
    written = as_json(db, "report", "-o", str(folder / "r.pdf"), "--as-of", "2022", "--issue", "--by", "alice")
    return db, folder / "r.pdf", written, history


@pytest.fixture
def db(issued_once: tuple[Path, Path, dict[str, Any], list[Any]], tmp_path: Path) -> Path:
    copy = tmp_path / "board.duckdb"
    shutil.copyfile(issued_once[0], copy)
    return copy


def _restate(db: Path, folder: Path) -> str:
    (folder / "restated.csv").write_text(RESTATED_2014, encoding="utf-8")
    return str(as_json(db, "import", str(folder / "restated.csv"), "--by", "bob")["batch"])


def test_report_issue_records_the_file_it_wrote(issued_once: tuple[Path, Path, dict[str, Any], list[Any]]) -> None:
    db, pdf, written, history = issued_once
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert written["ok"] is True and written["bytes"] == pdf.stat().st_size
    assert written["issued"]["sha256"] == sha
    listed = as_json(db, "reports")
    assert listed == [written["issued"]]
    (report,) = listed
    assert set(report) == {"report", "issued_at", "by", "as_of", "lang", "file_name", "sha256"}
    assert (report["report"], report["by"], report["as_of"], report["lang"], report["file_name"]) == (
        "1",
        "alice",
        2022,
        "en",
        "r.pdf",
    )
    assert as_json(db, "history") == history  # issuing is no batch: no figure changed


def test_changes_names_the_status_that_moved_and_the_restated_figure(db: Path, tmp_path: Path) -> None:
    nothing = as_json(db, "changes")
    assert nothing["since"]["report"] == "1"
    assert (nothing["status_changes"], nothing["restated"], nothing["comments"], nothing["batches"]) == ([], [], [], [])
    batch = _restate(db, tmp_path)
    found = as_json(db, "changes", "--as-of", "2022")
    assert found["since"] == as_json(db, "reports")[0]
    assert found["status_changes"] == [{"id": "jobs_net", "from": "on_track", "to": "achieved"}]
    assert found["restated"] == [
        {
            "indicator": "jobs",
            "year": 2014,
            "region": "Québec",
            "sector": "all",
            "network": "all",
            "from": 100000.0,
            "to": 95000.0,
            "batch": batch,
        }
    ]
    assert found["comments"] == [] and found["batches"] == [batch] and found["as_of"] == 2022
    by_default = as_json(db, "changes")  # the default as-of year (the latest with a figure) says the same moves
    assert by_default == {**found, "as_of": 2019}
    said = cli(db, "changes").stdout
    assert "compared with a report as of 2019:" in said


def test_changes_said_in_french_with_labels_and_numbers(db: Path, tmp_path: Path) -> None:
    batch = _restate(db, tmp_path)
    Store(db).add_comment(plan_id="cqcm-2020", target="jobs_net", year=2022, body="Révision de l'ISQ.", by="carole")
    said = cli(db, "changes", lang="fr").stdout
    assert "Depuis le rapport n° 1" in said and "par alice (en date de 2022)" in said
    assert "Emplois nets créés d'ici 2020 : En bonne voie → Atteint" in said
    assert (
        "Emplois, 2014, Ensemble du Québec · tous les secteurs · tous les réseaux : "
        f"100\u00a0000 emplois → 95\u00a0000 emplois (lot {batch})" in said
    )
    assert "Emplois nets créés d'ici 2020, 2022, par carole : Révision de l'ISQ." in said
    for word in ("jobs_net", "on_track", "achieved", "Since", "batch", "all"):
        assert word not in said
    comments = as_json(db, "changes")["comments"]
    assert comments == [{"target": "jobs_net", "year": 2022, "by": "carole", "body": "Révision de l'ISQ."}]


def test_a_rollback_after_the_report_is_named_as_what_changed_it(db: Path, tmp_path: Path) -> None:
    batch = _restate(db, tmp_path)
    undone = str(as_json(db, "rollback", batch)["batch"])
    back = as_json(db, "changes")
    assert back["restated"] == [] and back["status_changes"] == []  # the figure is again what the report showed
    assert back["batches"] == [batch, undone]
    gone = str(as_json(db, "rollback", "1")["batch"])  # the shipped figures the report showed, undone
    found = as_json(db, "changes")
    assert len(found["restated"]) == 9  # the nine shipped total figures (none after 2022), each now without a value
    assert {(r["to"], r["batch"]) for r in found["restated"]} == {(None, gone)}
    assert {"id": "jobs_net", "from": "on_track", "to": "no_data"} in found["status_changes"]


def test_changes_since_an_earlier_report(db: Path, tmp_path: Path) -> None:
    batch = _restate(db, tmp_path)
    second = as_json(db, "report", "-o", str(tmp_path / "r2.pptx"), "--as-of", "2022", "--issue", "--by", "bob")
    assert second["issued"]["report"] == "2" and second["issued"]["by"] == "bob"
    assert [r["report"] for r in as_json(db, "reports")] == ["2", "1"]  # newest first
    last = as_json(db, "changes")
    assert last["since"]["report"] == "2" and last["restated"] == [] and last["batches"] == []
    first = as_json(db, "changes", "--since", "1")
    assert first["since"]["report"] == "1" and [r["batch"] for r in first["restated"]] == [batch]


@pytest.mark.parametrize("since", ["9", "0", "x1"])
def test_an_unknown_report_is_refused(db: Path, since: str) -> None:
    refused = as_json(db, "changes", "--since", since, expect=2)
    assert refused["ok"] is False
    said = cli(db, "changes", "--since", since, lang="fr", expect=2).stderr
    assert f"Aucun rapport remis ne porte le numéro {since} pour ce plan." in said
    assert "planmetrics reports" in said


def test_no_report_issued_is_no_since_and_nothing_moved(tmp_path: Path) -> None:
    db = tmp_path / "fresh.duckdb"
    cli(db, "init")
    assert as_json(db, "reports") == []
    assert as_json(db, "changes") == {
        "since": None,
        "as_of": None,
        "status_changes": [],
        "restated": [],
        "comments": [],
        "batches": [],
    }
    assert "Aucun rapport n’a encore été remis." in cli(db, "changes", lang="fr").stdout
    assert "No report has been issued yet." in cli(db, "reports").stdout


def test_migration_7_keeps_a_schema_6_database(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    upgrade(con, db, 6)
    con.execute(
        "INSERT INTO batches (id, kind, created_at, rows_read, inserted, restated, unchanged, rolled_back)"
        " VALUES (1, 'import', now(), 2, 2, 0, 0, FALSE)"
    )
    con.execute(
        "INSERT INTO figures VALUES (1, 'jobs', 2014, 'Québec', 'all', 'all', 100000, 'jobs', NULL, 'old', NULL),"
        " (1, 'jobs', 2018, 'Québec', 'all', 'all', 116000, 'jobs', NULL, 'old', 'ancien')"
    )
    con.execute("INSERT INTO comments VALUES (1, 'cqcm-2020', 'jobs_net', 2018, 'kept', 'dan', now())")
    con.close()
    assert as_json(db, "reports") == []  # the first command upgrades the file
    con = duckdb.connect(str(db))
    assert schema_version(con) == SCHEMA_VERSION >= 7
    con.close()
    figures = Store(db).current_figures()
    assert figures[["year", "value", "source"]].values.tolist() == [[2014, 100000.0, "old"], [2018, 116000.0, "old"]]
    assert Store(db).comments("cqcm-2020")["body"].tolist() == ["kept"]
    assert [b["batch"] for b in as_json(db, "history")] == ["1"]
    assert as_json(db, "changes")["since"] is None


# ------------------------------------------------------------------ issuing what the report was built from


def _plan() -> Plan:
    return choose_plan(load_plans(), None)


def _report_rows(db: Path, table: str, column: str) -> list[Any]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [r[0] for r in con.execute(f"SELECT DISTINCT {column} FROM {table} ORDER BY 1").fetchall()]
    finally:
        con.close()


def test_an_import_between_building_and_issuing_is_refused(db: Path, tmp_path: Path) -> None:
    plan = _plan()
    built = read_report(Store(db), plan, lang="fr", as_of=2022)
    assert built.basis is not None
    _restate(db, tmp_path)  # figures come in while the report's charts are drawn
    with pytest.raises(RefusedError) as refused:
        issue_report(
            Store(db), plan, as_of=2022, lang="fr", file_name="r2.pdf", payload=b"r2", by="alice", basis=built.basis
        )
    assert "r2.pdf n’est pas enregistré comme remis" in refused.value.text("fr")
    assert [r["report"] for r in as_json(db, "reports")] == ["1"]
    assert as_json(db, "changes", "--as-of", "2022")["status_changes"] != []  # the import is still news


def test_the_store_refuses_a_report_built_before_the_newest_batch(db: Path, tmp_path: Path) -> None:
    """The check inside the transaction: an import after the generation was compared, before the row is written."""
    built = read_report(Store(db), _plan(), lang="en", as_of=2022)
    assert built.basis is not None
    _restate(db, tmp_path)
    row, again = store_reports.issue(
        Store(db),
        plan_id="cqcm-2020",
        by="alice",
        as_of=2022,
        lang="en",
        file_name="late.pdf",
        sha256="0" * 64,
        statuses={},
        figures=pd.DataFrame(columns=["indicator", "year", "region", "sector", "network", "value"]),
        last_batch=built.basis.last_batch,
        last_comment=built.basis.last_comment,
    )
    assert (row, again) == (None, False)
    assert len(as_json(db, "reports")) == 1


def test_commentary_written_between_building_and_issuing_is_new_in_the_next_changes(db: Path) -> None:
    plan = _plan()
    built = read_report(Store(db), plan, lang="en", as_of=2022)
    assert built.basis is not None
    Store(db).add_comment(plan_id=plan.id, target="jobs_net", year=2022, body="Written while drawing.", by="carole")
    issued = issue_report(
        Store(db), plan, as_of=2022, lang="en", file_name="r2.pdf", payload=b"r2", by="alice", basis=built.basis
    )
    assert issued.id == "2" and not issued.again
    comments = as_json(db, "changes")["comments"]
    assert comments == [{"target": "jobs_net", "year": 2022, "by": "carole", "body": "Written while drawing."}]


def test_a_report_of_one_target_records_only_what_it_showed(db: Path, tmp_path: Path) -> None:
    plan = _plan()
    written = as_json(db, "report", "-o", str(tmp_path / "r3.pptx"), "--target", "jobs_net", "--issue", "--by", "dan")
    assert written["issued"]["report"] == "2" and written["already_issued"] is False
    tracked = {i.id for i in plan.tracked_indicators()}
    con = duckdb.connect(str(db), read_only=True)
    try:
        statuses = {r[0] for r in con.execute("SELECT target FROM report_statuses WHERE report = 2").fetchall()}
        indicators = {r[0] for r in con.execute("SELECT indicator FROM report_figures WHERE report = 2").fetchall()}
        everything = {r[0] for r in con.execute("SELECT target FROM report_statuses WHERE report = 1").fetchall()}
    finally:
        con.close()
    assert statuses == {"jobs_net"} | tracked
    assert len(everything) > len(statuses)  # the first report showed every target
    assert indicators <= {"jobs"} | tracked and "jobs" in indicators
    _restate(db, tmp_path)
    found = as_json(db, "changes")  # only what this report showed can have moved since it
    assert found["status_changes"] == [{"id": "jobs_net", "from": "on_track", "to": "achieved"}]
    assert {r["indicator"] for r in found["restated"]} == {"jobs"}


def test_the_same_file_issued_twice_is_one_report(db: Path) -> None:
    plan = _plan()
    first, second = (
        issue_report(
            Store(db),
            plan,
            as_of=2022,
            lang="fr",
            file_name=name,
            payload=b"the same bytes",
            by=by,
            basis=read_report(Store(db), plan, lang="fr", as_of=2022).basis or pytest.fail("no basis"),
        )
        for name, by in (("a.pdf", "alice"), ("b.pdf", "bob"))
    )
    assert (first.id, first.again) == ("2", False)
    assert (second.id, second.again, second.by, second.file_name) == ("2", True, "alice", "a.pdf")
    assert [r["report"] for r in as_json(db, "reports")] == ["2", "1"]


def test_changes_text_names_an_indicator_gone_from_the_plan_by_its_id() -> None:
    plan = _plan()
    since = IssuedReport("1", "2026-12-01T13:05:00+00:00", "alice", 2022, "fr", "r.pdf", "0" * 64)
    gone = Restatement("emplois_disparus", 2014, "Québec", "all", "all", 100000.0, None, "4")
    said = changes_text(plan, Changes(since=since, as_of=2022, restated=(gone,)), "fr")
    assert "emplois_disparus" in said and "2014" in said
