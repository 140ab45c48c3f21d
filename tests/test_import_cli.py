"""`planmetrics import` end to end on real files and real DuckDB: corpora, refusals that change nothing,
a kill -9 in the middle, two imports at once, restatement then rollback, a repeated file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planmetrics.store import Store

from .conftest import ROOT, SHARED, run_cli

CORPORA = sorted(
    p for p in (SHARED / "corpora").rglob("*") if p.is_file() and p.suffix != ".json" and p.name != "LICENSE"
)


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=env, timeout=timeout)


def state(db: str) -> tuple[object, object]:
    store = Store(db)
    return store.history(), store.current_figures().to_dict("records")


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_gives_json_never_a_crash(db: str, path: Path) -> None:
    before = state(db)
    started = time.monotonic()
    done = cli("--db", db, "import", str(path), "--dry-run", "--json", timeout=10)
    assert time.monotonic() - started < 10
    assert done.returncode in {0, 2}, done.stderr
    payload = json.loads(done.stdout)
    assert payload["ok"] is (done.returncode == 0)
    assert "detected" in payload
    if not payload["ok"]:
        assert payload["errors"]
        assert all(set(e) == {"row", "column", "value", "message"} for e in payload["errors"])
    assert "Traceback" not in done.stderr
    assert state(db) == before


FRENCH_CP1252 = (
    "Année;Indicateur;Région;Valeur;Source\r\n"
    "2019;Chiffre d’affaires (G$);Ensemble du Québec;47,5;Réseau, compilation 2019\r\n"
    "2019;Emplois;Montréal (06);19 800;Réseau, compilation 2019\r\n"
    "2014;Emplois;Montreal;15 000;Réseau, compilation 2019\r\n"
).encode("cp1252")


def test_french_file_commit_then_rollback(db: str, tmp_path: Path) -> None:
    path = tmp_path / "données.csv"
    path.write_bytes(FRENCH_CP1252)
    dry = json.loads(cli("--db", db, "import", str(path), "--dry-run", "--json").stdout)
    assert (dry["batch"], dry["rows"], dry["inserted"], dry["restated"]) == (None, 3, 2, 1)
    assert dry["detected"] == {
        "encoding": "cp1252",
        "delimiter": ";",
        "decimal": ",",
        "layout": "long",
        "sheet": "",
        "table": "",
    }
    done = json.loads(cli("--db", db, "import", str(path), "--json", "--by", "marie").stdout)
    assert done["batch"] == "2"
    progress = json.loads(cli("--db", db, "progress", "--json").stdout)
    targets = {t["id"]: t for t in progress["targets"]}
    assert targets["revenue_level"]["latest"] == 47.5e9
    # Montréal: +4,800 of +5,000 by 2019 against 5,000 * 5/6 = 4,166.7 expected: R = 1.152
    assert targets["jobs_montreal"]["status"] == "on_track"
    assert targets["jobs_montreal"]["ratio"] == pytest.approx(4800 / (5000 * 5 / 6))
    again = cli("--db", db, "import", str(path), "--json")
    repeated = json.loads(again.stdout)
    assert (again.returncode, repeated["batch"], repeated["inserted"], repeated["unchanged"]) == (0, "2", 0, 3)
    assert "already imported" in repeated["warnings"][-1]["message"]
    assert cli("--db", db, "rollback", "2").returncode == 0
    restored = json.loads(cli("--db", db, "progress", "--json").stdout)
    assert {t["id"]: t["status"] for t in restored["targets"]}["jobs_montreal"] == "no_data"
    assert {t["id"]: t["latest"] for t in restored["targets"]}["revenue_level"] == 47e9


def test_refused_file_lists_every_problem_and_changes_nothing(db: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("year,indicator,value\n2019,jobs,environ 120 000\n20X9,jobs,5\n2019,unicorns,3\n2019,jobs,7 %\n")
    before = state(db)
    done = cli("--db", db, "import", str(path), "--json")
    payload = json.loads(done.stdout)
    assert done.returncode == 2
    assert sorted(e["row"] for e in payload["errors"]) == [2, 3, 4, 5]
    assert {e["column"] for e in payload["errors"]} <= {"value", "year", "indicator"}
    assert state(db) == before


def test_size_cap_refused_before_reading(db: str, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"year,indicator,value\n" + b"2019,jobs,1\n" * 200_000)
    env = {**os.environ, "PLANMETRICS_MAX_UPLOAD_MB": "1"}
    done = cli("--db", db, "import", str(path), "--json", env=env)
    assert done.returncode == 2
    assert "limit" in json.loads(done.stdout)["errors"][0]["message"]


def big_file(path: Path, rows: int, offset: float = 0) -> Path:
    lines = ["year,indicator,region,sector,network,value"]
    lines += [f"{2000 + n % 20},jobs,Québec,all,net{n // 20},{n + offset}" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_kill_during_commit_leaves_database_unchanged(db: str, tmp_path: Path) -> None:
    """Kill -9 the moment the import starts writing (its WAL appears or the file changes): nothing lands."""
    path = big_file(tmp_path / "large.csv", 150_000)
    before = state(db)
    database, wal = Path(db), Path(db + ".wal")
    stamp = database.stat().st_mtime_ns
    process = subprocess.Popen(
        [sys.executable, "-m", "planmetrics", "--db", db, "import", str(path)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() or database.stat().st_mtime_ns != stamp:
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL  # it was still running: killed mid-write
    assert state(db) == before


def test_two_concurrent_imports_both_land(db: str, tmp_path: Path) -> None:
    first = big_file(tmp_path / "a.csv", 20_000)
    second = tmp_path / "b.csv"
    second.write_text("year,indicator,value\n2020,members,9100000\n", encoding="utf-8")
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "planmetrics", "--db", db, "import", str(p), "--json"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in (first, second)
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    batches = {json.loads(out)["batch"] for out, _ in results}
    assert batches == {"2", "3"}
    figures = Store(db).current_figures()
    assert len(figures[figures["network"].str.startswith("net")]) == 20_000
    assert 9_100_000 in figures.loc[figures["indicator"] == "members", "value"].tolist()


def test_importing_a_big_csv_does_not_load_pandas(db: str, tmp_path: Path) -> None:
    """A big clean file goes from Arrow to DuckDB: the import does not pay pandas' start-up (0.2 s here)."""
    rows = [f"{1990 + n % 30},jobs,Montréal,,net{n // 30},{n}.5,,{'p' if n % 3 else ''}" for n in range(60_000)]
    big = tmp_path / "big.csv"
    big.write_text("\n".join(["year,indicator,region,sector,network,value,unit,flag", *rows]), encoding="utf-8")
    assert big.stat().st_size > 1 << 20  # the fast path's threshold
    script = (
        "import sys; from planmetrics.cli import main; code = main(sys.argv[1:]); "
        "sys.stderr.write('pandas loaded' if 'pandas' in sys.modules else 'pandas not loaded'); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "--db", db, "--json", "import", str(big)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["inserted"] == 60_000
    assert done.stderr == "pandas not loaded"
    stored = Store(db).current_figures().query("indicator == 'jobs' and region == 'Montréal'")
    assert stored["flag"].value_counts().to_dict() == {"preliminary": 40_000}
    assert stored["flag"].isna().sum() == 20_000
