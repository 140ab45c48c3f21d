"""`planmetrics import` on whole Statistics Canada tables, end to end on real DuckDB files: refused with the
command to run (exit 2, nothing changed), then imported with it (exit 0), in English and French.

The "done when" of issue 17: a monthly employment table with every province, as downloaded, imports Québec's
yearly employment with one --where, its incomplete last year skipped and said."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from planmetrics.store import Store

from .conftest import run_cli
from .test_ingest_statcan import NAICS, TOTAL, line, months, row

PROVINCES = (
    "Canada", "Newfoundland and Labrador", "Prince Edward Island", "Nova Scotia", "New Brunswick", "Quebec",
    "Ontario", "Manitoba", "Saskatchewan", "Alberta", "British Columbia",
)  # fmt: skip
HEADER = (
    "REF_DATE", "GEO", "DGUID", NAICS, "Sex", "UOM", "UOM_ID", "SCALAR_FACTOR", "SCALAR_ID", "VECTOR",
    "COORDINATE", "VALUE", "STATUS", "SYMBOL", "TERMINATED", "DECIMALS",
)  # fmt: skip


def employment_table() -> bytes:
    """Every province, two industries, January 2022 to March 2024. Québec's total: 4300 + m thousands in month m
    of 2022 (mean 4306.5) and 4400 + m in 2023 (mean 4406.5); 2024 stops in March."""
    periods = months(2022) + months(2023) + months(2024, 3)
    rows = []
    for period in periods:
        for place in PROVINCES:
            base = {"2022": 4300, "2023": 4400, "2024": 4500}[period[:4]] if place == "Quebec" else 900
            rows.append(row(period, place, f"{base + int(period[-2:])}.0"))
            rows.append(row(period, place, "250.0", industry="Construction [23]"))
    return (line(HEADER) + "".join(line(r) for r in rows)).encode("utf-8")


@pytest.fixture
def table_file(tmp_path: Path) -> Path:
    path = tmp_path / "14100355.csv"
    path.write_bytes(employment_table())
    return path


def imported(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("--db", db, "--json", "import", *args, timeout=60)


def employment(db: str) -> dict[int, float]:
    current = Store(db).current_figures()
    rows = current[current["indicator"] == "employment"]
    return {int(r["year"]): float(r["value"]) for r in rows.to_dict("records")}


def test_without_a_choice_refused_with_the_command_then_imported_with_it(db: str, table_file: Path) -> None:
    refused = imported(db, str(table_file), "--indicator", "employment")
    assert refused.returncode == 2, refused.stderr
    payload = json.loads(refused.stdout)
    assert payload["ok"] is False
    command = f'planmetrics import 14100355.csv --indicator employment --where "{NAICS}=Total, all industries"'
    assert command in payload["errors"][0]["message"]
    assert employment(db) == {}
    done = imported(db, str(table_file), "--indicator", "employment", "--where", f"{NAICS}=Total, all industries")
    assert done.returncode == 0, done.stdout + done.stderr
    payload = json.loads(done.stdout)
    assert (payload["ok"], payload["rows"], payload["inserted"]) == (True, 2, 2)
    assert (payload["detected"]["layout"], payload["detected"]["table"]) == ("statcan", "14100355")
    assert employment(db) == {2022: 4_306_500, 2023: 4_406_500}  # (4301 + ... + 4312) / 12 thousands
    said = "\n".join(w["message"] for w in payload["warnings"])
    assert "Employment in Quebec 2024 was not imported: no figure for April to December" in said
    assert "were set aside: Canada; Newfoundland and Labrador; Prince Edward Island; Nova Scotia; New Brunswick;" \
        " Ontario; Manitoba; Saskatchewan; Alberta; British Columbia." in said  # fmt: skip
    # 10 places x 2 industries x 27 months
    assert "540 rows for 10 places" in said


def test_messages_in_french(db: str, table_file: Path) -> None:
    refused = run_cli("--db", db, "--lang", "fr", "--json", "import", str(table_file), "--indicator", "emploi")
    assert refused.returncode == 2
    message = json.loads(refused.stdout)["errors"][0]["message"]
    assert message.startswith("Ce tableau contient plusieurs séries")
    assert f"« {NAICS} » (2 valeurs : « Total, all industries [00-91N] », « Construction [23] »)" in message
    wrong = run_cli("--db", db, "--lang", "fr", "--json", "import", str(table_file), "--indicator", "emploi",
                    "--where", "Industrie=Total")  # fmt: skip
    assert wrong.returncode == 2
    assert (
        "« Industrie » n'est pas une colonne des séries de ce tableau"
        in json.loads(wrong.stdout)["errors"][0]["message"]
    )
    done = run_cli("--db", db, "--lang", "fr", "import", str(table_file), "--indicator", "emploi",
                   "--where", "naics=total, ALL industries", "--dry-run")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        "Emploi au Québec 2024 n'a pas été importé, faute de chiffre pour : avril à décembre (manquant" in done.stdout
    )
    assert employment(db) == {}  # a dry run changes nothing


def test_a_canada_only_table_exits_2_naming_its_geographies(db: str, tmp_path: Path) -> None:
    path = tmp_path / "canada.csv"
    path.write_bytes((line(HEADER) + "".join(line(row(str(y), "Canada", "19000")) for y in (2022, 2023))).encode())
    refused = imported(db, str(path), "--indicator", "employment")
    assert refused.returncode == 2
    message = json.loads(refused.stdout)["errors"][0]["message"]
    assert "its geographies are Canada. The plan covers Québec and its regions" in message
    assert employment(db) == {}


def test_annual_last_and_a_bad_annual_rule(db: str, table_file: Path) -> None:
    done = imported(db, str(table_file), "--indicator", "employment", "--where", f"{NAICS}={TOTAL}",
                    "--annual", "last")  # fmt: skip
    assert done.returncode == 0, done.stdout
    assert employment(db) == {2022: 4_312_000, 2023: 4_412_000}  # December's figures
    bad = imported(db, str(table_file), "--indicator", "employment", "--annual", "median")
    assert bad.returncode == 2


def test_two_values_for_one_column_exit_2_and_change_nothing(db: str, table_file: Path) -> None:
    refused = imported(db, str(table_file), "--indicator", "employment", "--where", f"{NAICS}=Total, all industries",
                       "--where", "naics=Construction")  # fmt: skip
    assert refused.returncode == 2, refused.stdout
    message = json.loads(refused.stdout)["errors"][0]["message"]
    assert f"--where chooses two values of column '{NAICS}': 'Total, all industries' and 'Construction'." in message
    assert employment(db) == {}
