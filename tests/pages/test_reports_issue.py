"""The Reports page issues the report just built, for a signed-in editor only, under the signed-in name, and
lists the issued reports (AppTest on a real database made by `planmetrics init`, the report really built)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from planmetrics.plan import choose_plan, load_plans
from planmetrics.store import Store

from ..conftest import run_cli
from .conftest import PASSWORD, ROOT, PageRunner, add_user, texts


def _build(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def _reports(db: Path) -> list[dict[str, object]]:
    done = run_cli("--db", str(db), "reports", "--json")
    assert done.returncode == 0, done.stderr
    found: list[dict[str, object]] = json.loads(done.stdout)
    return found


def test_a_signed_in_editor_issues_the_report_built(run_page: PageRunner, app_db: Path) -> None:
    add_user(app_db, "alice")
    at = run_page("reports", lang="fr")
    assert "Aucun rapport n’a encore été remis." in texts(at)
    at = _build(at, "Produire le rapport")
    assert not [b for b in at.button if b.label == "Remettre ce rapport"]  # not yet signed in
    at.text_input[0].input("alice")
    at.text_input[1].input(PASSWORD)
    at = _build(at, "Se connecter")
    name, payload, _mime = at.session_state["report_file"]
    at = _build(at, "Remettre ce rapport")
    assert "Remis comme rapport n° 1 par alice." in texts(at)
    (issued,) = _reports(app_db)
    assert issued["by"] == "alice" and issued["lang"] == "fr" and issued["file_name"] == name
    assert issued["sha256"] == hashlib.sha256(payload).hexdigest()
    assert issued["as_of"] == 2019  # the sidebar's default: the latest year with a figure
    at.run()  # the list beneath shows it, and the same file is not offered for issuing again
    assert not [b for b in at.button if b.label == "Remettre ce rapport"]
    (table,) = at.dataframe
    assert table.value["par"].tolist() == ["alice"]
    assert table.value["empreinte SHA-256"].tolist() == [issued["sha256"]]


def test_a_viewer_sees_no_way_to_issue(run_page: PageRunner, app_db: Path) -> None:
    add_user(app_db, "alice")
    at = _build(run_page("reports", lang="en"), "Build the report")
    assert "report_file" in at.session_state
    assert not [b for b in at.button if b.label == "Issue this report"]
    assert "Issue this report to the board" in [e.label for e in at.expander]
    assert _reports(app_db) == []


def test_a_report_built_before_new_figures_is_not_issued(run_page: PageRunner, app_db: Path, tmp_path: Path) -> None:
    add_user(app_db, "alice")
    at = _build(run_page("reports", lang="en"), "Build the report")
    at.text_input[0].input("alice")
    at.text_input[1].input(PASSWORD)
    at = _build(at, "Sign in")
    restated = tmp_path / "restated.csv"
    restated.write_text("year,indicator,region,value,source\n2014,jobs,Québec,95000,restated\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "planmetrics", "--db", str(app_db), "import", str(restated)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    at = _build(at, "Issue this report")
    assert "The figures changed after this report was built. Build the report again, then issue the new file." in texts(
        at
    )
    assert _reports(app_db) == []


def test_a_page_report_of_one_target_records_it_and_commentary_written_after_it_is_news(
    run_page: PageRunner, app_db: Path
) -> None:
    """What the page records is what it built: the one target chosen (and the tracked indicators), and the
    newest commentary when it was built, so commentary written between building and issuing is not lost."""
    add_user(app_db, "alice")
    at = run_page("reports", lang="en")
    at.multiselect[1].set_value(["jobs_net"]).run()
    at = _build(at, "Build the report")
    at.text_input[0].input("alice")
    at.text_input[1].input(PASSWORD)
    at = _build(at, "Sign in")
    Store(app_db).add_comment(plan_id="cqcm-2020", target="jobs_net", year=2019, body="Said meanwhile.", by="carole")
    at = _build(at, "Issue this report")
    assert "Issued as report 1 by alice." in texts(at)
    done = run_cli("--db", str(app_db), "changes", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["comments"] == [
        {"target": "jobs_net", "year": 2019, "by": "carole", "body": "Said meanwhile."}
    ]
    con = duckdb.connect(str(app_db), read_only=True)
    try:
        shown = {r[0] for r in con.execute("SELECT target FROM report_statuses").fetchall()}
    finally:
        con.close()
    plan = choose_plan(load_plans(), None)
    assert shown == {"jobs_net"} | {i.id for i in plan.tracked_indicators()}
