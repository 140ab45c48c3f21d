"""The command line as CONTRACT.md promises it: JSON shapes, exit codes, options before or after, the default
plan, and a reader that closes the pipe early."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from planmetrics.cli import main
from planmetrics.store import Store

from .conftest import ROOT
from .test_plan import plan_files

TARGET_FIELDS = {
    "id", "indicator", "region", "kind", "target", "baseline", "baseline_year", "latest", "latest_year",
    "expected", "progress", "ratio", "status", "projected", "required_pace", "computed_status", "override",
}  # fmt: skip
NUMERIC_TARGET_FIELDS = TARGET_FIELDS | {"final", "awaiting_year"}
HISTORY_FIELDS = {
    "batch", "kind", "created_at", "by", "file_name", "sha256", "inserted", "restated", "unchanged",
    "rolled_back", "rolls_back", "reason", "state", "network", "reviewed_by", "reviewed_at", "review_reason",
    "reviews", "year", "target", "override_status",
}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    code = main(list(args))
    out = capsys.readouterr().out
    return code, json.loads(out) if "--json" in args and out.strip() else out


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cli.duckdb")
    assert run(capsys, "--db", path, "init", "--json")[0] == 0
    return path


def test_init_loads_public_figures_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "x.duckdb")
    code, first = run(capsys, "--db", path, "init", "--json")
    assert code == 0
    assert first["batch"] == "1" and first["inserted"] == 15  # type: ignore[index]
    _, history = run(capsys, "--db", path, "history", "--json")
    code, again = run(capsys, "init", "--db", path, "--json")
    assert (code, again["batch"], again["plans_recorded"]) == (0, None, [])  # type: ignore[index]
    assert run(capsys, "--db", path, "history", "--json")[1] == history


def test_init_never_reloads_after_rollback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "x.duckdb")
    run(capsys, "--db", path, "init")
    assert run(capsys, "--db", path, "rollback", "1")[0] == 0
    run(capsys, "--db", path, "init")
    _, history = run(capsys, "--db", path, "history", "--json")
    assert [b["kind"] for b in history] == ["rollback", "init"]  # type: ignore[union-attr]


def test_init_empty_touches_no_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "x.duckdb")
    code, payload = run(capsys, "--db", path, "init", "--empty", "--json")
    assert (code, payload["batch"]) == (0, None)  # type: ignore[index]
    assert run(capsys, "--db", path, "history", "--json")[1] == []
    _, progress = run(capsys, "--db", path, "progress", "--json")
    assert {t["status"] for t in progress["targets"]} == {"no_data"}  # type: ignore[index]


def test_progress_as_of_2018_is_the_worked_check(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, payload = run(capsys, "--db", db, "progress", "--json", "--as-of", "2018")
    assert code == 0
    assert (payload["plan"], payload["as_of"], payload["baseline_year"], payload["target_year"]) == (  # type: ignore[index]
        "cqcm-2020", 2018, 2014, 2020,
    )  # fmt: skip
    targets = {t["id"]: t for t in payload["targets"]}  # type: ignore[index]
    assert all(set(t) == (TARGET_FIELDS if t["kind"] == "track" else NUMERIC_TARGET_FIELDS) for t in targets.values())
    assert (targets["jobs_net"]["final"], targets["jobs_net"]["awaiting_year"]) == (False, None)
    assert targets["jobs_net"]["status"] == "on_track"
    assert targets["jobs_net"]["progress"] == pytest.approx(0.8)
    assert targets["jobs_net"]["baseline"] == 100_000 and targets["jobs_net"]["latest"] == 116_000
    assert targets["revenue_growth"]["status"] == "limited_progress"
    assert targets["revenue_level"]["status"] == "needs_acceleration"
    assert targets["jobs_montreal"]["status"] == "no_data"
    assert targets["organizations"]["kind"] == "track"
    checks = {c["id"]: c for c in payload["checks"]}  # type: ignore[index]
    assert all(set(c) == {"id", "severity", "message"} for c in checks.values())
    assert checks["revenue_growth_vs_revenue_level"]["severity"] == "warning"
    assert "$50.1B" in checks["revenue_growth_vs_revenue_level"]["message"]


def test_progress_after_the_plan_is_the_final_verdict(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """METHOD.md's after-the-plan check: 119,800 jobs in 2020 and 125,000 in 2022 -> missed at 99 % as of 2022."""
    later = tmp_path / "later.csv"
    later.write_text("year,indicator,value,source\n2020,jobs,119800,test\n2022,jobs,125000,test\n", encoding="utf-8")
    assert run(capsys, "--db", db, "import", str(later), "--json")[0] == 0
    _, payload = run(capsys, "--db", db, "progress", "--json", "--as-of", "2022")
    jobs = next(t for t in payload["targets"] if t["id"] == "jobs_net")  # type: ignore[index]
    assert (jobs["status"], jobs["latest_year"], jobs["final"], jobs["awaiting_year"]) == ("missed", 2020, True, None)
    assert jobs["progress"] == pytest.approx(0.99)
    assert (jobs["projected"], jobs["required_pace"]) == (None, None)
    level = next(t for t in payload["targets"] if t["id"] == "revenue_level")  # type: ignore[index]
    assert (level["status"], level["final"], level["awaiting_year"]) == ("achieved", False, 2020)  # 2019's $47B
    _, table = run(capsys, "--db", db, "--lang", "fr", "progress", "--as-of", "2022")
    lines = {line.split("  ")[0]: line for line in str(table).splitlines()}
    assert "Non atteint" in lines["Emplois nets créés d'ici 2020"]
    assert "Atteint (en attente de la donnée 2020)" in lines["Chiffre d'affaires de 45 G$ en 2020"]


def test_progress_default_as_of_is_latest(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, payload = run(capsys, "progress", "--json", "--db", db)
    targets = {t["id"]: t for t in payload["targets"]}  # type: ignore[index]
    assert payload["as_of"] == 2019  # type: ignore[index]
    assert targets["revenue_level"]["status"] == "achieved"
    assert targets["revenue_growth"]["status"] == "on_track"


def test_options_before_or_after_and_stable_output(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = run(capsys, "--db", db, "--json", "progress", "--as-of", "2018")
    after = run(capsys, "progress", "--as-of", "2018", "--db", db, "--json")
    assert before == after
    assert run(capsys, "progress", "--as-of", "2018", "--db", db, "--json") == after


def test_french_text_output(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(capsys, "--db", db, "--lang", "fr", "progress", "--as-of", "2018")
    assert code == 0
    assert "En bonne voie" in text and "Progrès limité" in text and "Aucune donnée" in text  # type: ignore[operator]
    assert "116\u00a0000" in text  # type: ignore[operator]


def test_history_shape(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, history = run(capsys, "--db", db, "history", "--json")
    assert isinstance(history, list) and len(history) == 1
    batch = history[0]
    assert set(batch) == HISTORY_FIELDS
    assert (batch["batch"], batch["kind"], batch["inserted"], batch["rolled_back"]) == ("1", "init", 15, False)
    assert (batch["state"], batch["network"], batch["reviewed_by"], batch["reviews"], batch["year"]) == (
        "direct", None, None, None, None,
    )  # fmt: skip
    assert batch["created_at"].endswith("+00:00")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["rollback", "99"], 2),
        (["rollback", "abc"], 2),
        (["--plan", "nope", "progress"], 2),
        (["progress", "--as-of", "twenty"], 2),
        (["frobnicate"], 2),
    ],
)
def test_refusals_exit_2_and_change_nothing(
    db: str, capsys: pytest.CaptureFixture[str], args: list[str], code: int
) -> None:
    history = run(capsys, "--db", db, "history", "--json")[1]
    assert main(["--db", db, *args]) == code
    capsys.readouterr()
    assert run(capsys, "--db", db, "history", "--json")[1] == history


def test_missing_database_exits_1_with_advice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(tmp_path / "none.duckdb"), "progress"])
    err = capsys.readouterr().err
    assert code == 1
    assert "planmetrics init" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_rollback_refusal_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, payload = run(capsys, "--db", db, "rollback", "42", "--json")
    assert code == 2
    assert payload["ok"] is False and payload["errors"][0]["row"] is None  # type: ignore[index]


def test_module_entry_point(db: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "planmetrics", "--db", db, "progress", "--json", "--as-of", "2018"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["as_of"] == 2018


@pytest.mark.parametrize(("name", "style"), [("back.csv", "en"), ("retour.csv", "fr"), ("back.xlsx", "en")])
def test_data_export_imports_back_unchanged(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, style: str
) -> None:
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        'year,indicator,value,source\n2019,members,9000000,"=HYPERLINK(""http://evil.example"",""x"")"\n'
    )
    assert main(["--db", db, "import", str(hostile)]) == 0
    out = tmp_path / name
    assert main(["--db", db, "data", "-o", str(out), "--csv-style", style]) == 0
    fresh = str(tmp_path / "fresh.duckdb")
    assert main(["--db", fresh, "init", "--empty"]) == 0
    capsys.readouterr()
    code, result = run(capsys, "--db", fresh, "import", str(out), "--json")
    assert code == 0, result
    assert (result["inserted"], result["rows"]) == (16, 16)  # type: ignore[index]
    columns = ["indicator", "year", "region", "sector", "network", "value", "unit", "flag", "source", "source_fr"]
    original = Store(db).current_figures()[columns].reset_index(drop=True)
    back = Store(fresh).current_figures()[columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(back, original)
    assert '=HYPERLINK("http://evil.example","x")' in back["source"].tolist()


def test_html_export_needs_no_browser(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An interactive page is plotly.js and the figure: the command draws it without starting Chromium."""
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-browser"))
    out = tmp_path / "jobs.html"
    done = subprocess.run(
        [sys.executable, "-m", "planmetrics", "--db", db, "export", "jobs", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert b"plotly" in out.read_bytes()


# ------------------------------------------------------------------ the default plan (CONTRACT.md, `--plan`)


@pytest.mark.parametrize(("today", "plan"), [("2023-06-30", "p2025"), ("2017-03-01", "p2020"), ("2026-12-01", "p2025")])
def test_progress_judges_the_default_plan(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], today: str, plan: str
) -> None:
    folder = plan_files(tmp_path / "plans", [("p2020", 2014, 2020, False), ("p2025", 2021, 2025, False)])
    monkeypatch.setenv("PLANMETRICS_PLANS", str(folder))
    monkeypatch.setenv("PLANMETRICS_TODAY", today)
    code, payload = run(capsys, "--db", db, "progress", "--json")
    assert (code, payload["plan"]) == (0, plan)  # type: ignore[index]
    assert run(capsys, "--db", db, "progress", "--json", "--plan", "p2020")[1]["plan"] == "p2020"  # type: ignore[index]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "The plan file {b} has 1 problem:\n  - plan.default: says default = true, and so does {a};"),
        (
            "fr",
            "Le fichier de plan {b} comporte une erreur :\n  - plan.default: indique default = true, tout comme {a} ;",
        ),
    ],
)
def test_two_default_plans_are_refused_on_the_command_line(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str, said: str
) -> None:
    folder = plan_files(tmp_path / "plans", [("p2020", 2014, 2020, True), ("p2025", 2021, 2025, True)])
    monkeypatch.setenv("PLANMETRICS_PLANS", str(folder))
    assert main(["--db", db, "--lang", lang, "progress"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert said.format(a=folder / "p2020.toml", b=folder / "p2025.toml") in captured.err


# ------------------------------------------------------------------ a reader that closes the pipe


def _planmetrics(db: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "planmetrics", "--db", db, *args]


def _reader_gone_before_output(command: list[str]) -> subprocess.CompletedProcess[str]:
    """The command run with a stdout whose reader has already gone: its first write meets a closed pipe."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        return subprocess.run(command, stdout=writing, stderr=subprocess.PIPE, text=True, check=False, cwd=ROOT)
    finally:
        os.close(writing)


@pytest.mark.parametrize(
    "args",
    [
        ["progress"],
        ["progress", "--json"],
        ["progress", "--lang", "fr", "--as-of", "2018"],
        ["history"],
        ["history", "--json"],
        ["import", "{figures}", "--dry-run", "--json"],
        ["--help"],
    ],
    ids=" ".join,
)
def test_a_closed_pipe_ends_a_command_quietly(db: str, tmp_path: Path, args: list[str]) -> None:
    figures = tmp_path / "figures.csv"
    figures.write_text("year,indicator,value\n2019,jobs,117000\n", encoding="utf-8")
    done = _reader_gone_before_output(_planmetrics(db, *(a.format(figures=figures) for a in args)))
    assert (done.returncode, done.stderr) == (0, "")


def test_a_closed_pipe_keeps_a_refusals_exit_code(db: str) -> None:
    done = _reader_gone_before_output(_planmetrics(db, "progress", "--json", "--plan", "nope"))
    assert done.returncode == 2
    assert done.stderr.startswith("planmetrics: No plan is called 'nope'.")
    assert "Broken pipe" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [["progress"], ["progress", "--json"], ["history", "--lang", "fr"]], ids=" ".join)
def test_piped_into_head(db: str, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    """`planmetrics progress | head -1`: head reads the first line and goes; the command ends quietly."""
    assert main(["--db", db, *args]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    command = subprocess.Popen(_planmetrics(db, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    head = subprocess.Popen(["head", "-1"], stdin=command.stdout, stdout=subprocess.PIPE)
    assert command.stdout is not None and command.stderr is not None
    command.stdout.close()  # head holds the only reading end now: when it exits, the pipe is closed
    line, _ = head.communicate(timeout=120)
    errors = command.stderr.read()
    command.stderr.close()
    assert (line.decode("utf-8"), command.wait(timeout=120), errors) == (first + "\n", 0, b"")
