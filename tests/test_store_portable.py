"""The store's SQL is standard, as PostgreSQL runs it too: no DuckDB-only form in any store module (one helper
makes a frame visible to SQL), and the `current` view in its standard form gives the rows DuckDB's SEMI and ANTI
JOIN gave, on real files with restatements, rollbacks and reviews, upgraded from schema 10 and restored from a
schema-10 backup."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from planmetrics import config
from planmetrics.store import SCHEMA_VERSION, Store, restatements, restore, review
from planmetrics.store import batches as store_batches

from .conftest import figure_rows

STORE = Path(store_batches.__file__).parent
# DuckDB's own forms, each with the standard one that replaces it.
DUCKDB_ONLY = {
    "QUALIFY": r"\bQUALIFY\b",  # a subquery numbering rows, filtered outside
    "SEMI JOIN": r"\bSEMI\s+JOIN\b",  # WHERE EXISTS
    "ANTI JOIN": r"\bANTI\s+JOIN\b",  # WHERE NOT EXISTS
    "FILTER without WHERE": r"\bFILTER\s*\((?!\s*WHERE\b)",  # FILTER (WHERE x)
    "unnest of a list parameter": r"\bunnest\s*\(",  # one ? per value (batches.one_of)
    "list()": r"\blist\s*\(",  # array_agg
    "list_ functions": r"\blist_\w+\s*\(",
    "struct": r"\bstruct(_\w+)?\s*\(",
    "epoch_ms": r"\bepoch_ms\s*\(",
    "strftime": r"\bstrftime\s*\(",
    "strptime": r"\bstrptime\s*\(",
    "rowid": r"\browid\b",  # an order of one's own
    "DOUBLE alone": r"\bDOUBLE\b(?!\s+PRECISION)",  # DOUBLE PRECISION
    "BLOB": r"\bBLOB\b",  # BYTEA
    "a parameter tested for NULL": r"\?\s+IS\s+(NOT\s+)?NULL\b",  # PostgreSQL cannot infer its type
}
FOUND = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in DUCKDB_ONLY.items()}
# The view as schemas 5 to 10 wrote it, in DuckDB's own joins.
VERSION_10_VIEW = """
    CREATE OR REPLACE VIEW current AS
    SELECT f.indicator, f.year, f.region, f.sector, f.network, f.value, f.unit, f.flag, f.source, f.batch,
           f.source_fr, f.quality
    FROM figures f
    SEMI JOIN batches b ON b.id = f.batch AND NOT b.rolled_back AND b.state IN ('direct', 'approved')
    ANTI JOIN superseded s ON s.batch = f.batch AND s.indicator = f.indicator AND s.year = f.year
        AND s.region = f.region AND s.sector = f.sector AND s.network = f.network
"""
KEY = config.FIGURE_KEY
COLUMNS = "indicator, year, region, sector, network, value, unit, flag, source, batch, source_fr, quality"


def sql_texts(source: str) -> list[str]:
    """Every string of a module that is not a docstring (SQL among them), f-strings' literal parts included."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def duckdb_only(text: str) -> list[str]:
    return [name for name, pattern in FOUND.items() if pattern.search(text)]


def store_modules() -> list[Path]:
    return sorted(STORE.glob("*.py"))


def test_the_check_finds_each_duckdb_only_form() -> None:
    samples = {
        "QUALIFY": "SELECT * FROM f QUALIFY row_number() OVER (PARTITION BY k ORDER BY b DESC) = 1",
        "SEMI JOIN": VERSION_10_VIEW,
        "ANTI JOIN": VERSION_10_VIEW,
        "FILTER without WHERE": "SELECT count(*) FILTER (same) FROM matched",
        "unnest of a list parameter": "SELECT 1 WHERE id IN (SELECT unnest(?))",
        "list()": "(SELECT list(DISTINCT f.year ORDER BY f.year) FROM figures f)",
        "list_ functions": "SELECT list_sort(years)",
        "struct": "SELECT struct_pack(a := 1)",
        "epoch_ms": "SELECT epoch_ms(created_at)",
        "strftime": "SELECT strftime(created_at, '%Y')",
        "strptime": "SELECT strptime(?, '%Y')",
        "rowid": "SELECT target FROM report_statuses ORDER BY rowid",
        "DOUBLE alone": "CREATE TABLE t (value DOUBLE NOT NULL)",
        "BLOB": "ALTER TABLE batches ADD COLUMN file_bytes BLOB",
        "a parameter tested for NULL": "SELECT 1 FROM reports WHERE (? IS NULL OR plan_id = ?)",
    }
    assert samples.keys() == DUCKDB_ONLY.keys()
    for name, sample in samples.items():
        assert name in duckdb_only(sample), name
    standard = (
        "SELECT count(*) FILTER (WHERE same), array_agg(DISTINCT year ORDER BY year) FROM t WHERE id IN (?, ?)"
        " AND NOT EXISTS (SELECT 1 FROM s WHERE s.k = t.k) AND value = CAST(? AS DOUBLE PRECISION)"
    )
    assert duckdb_only(standard) == []


def test_the_check_reads_sql_and_skips_docstrings() -> None:
    texts = sql_texts('"""Not QUALIFY here."""\nX = f"SELECT {a} FROM t QUALIFY n = 1"\ndef f():\n    "nor rowid"\n')
    assert [name for text in texts for name in duckdb_only(text)] == ["QUALIFY"]


@pytest.mark.parametrize("module", store_modules(), ids=lambda path: path.name)
def test_no_store_module_uses_duckdb_only_sql(module: Path) -> None:
    found = {name for text in sql_texts(module.read_text(encoding="utf-8")) for name in duckdb_only(text)}
    assert found == set(), f"{module.name}: {sorted(found)}"


def test_frames_reach_sql_through_one_helper() -> None:
    """`con.register` (DuckDB reading a frame where it lies) only in `batches.stage_frame`, where PostgreSQL will
    COPY into a temporary table."""
    callers = []
    for module in store_modules():
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                called = node.func if isinstance(node, ast.Call) else None
                if isinstance(called, ast.Attribute) and called.attr in {"register", "unregister"}:
                    callers.append((module.name, function.name, called.attr))
    assert sorted(callers) == [("batches.py", "stage_frame", "register"), ("batches.py", "stage_frame", "unregister")]
    assert sum(module.read_text(encoding="utf-8").count(".register(") for module in store_modules()) == 1


# -------------------------------------------------------------- the same rows


def built(path: Path) -> Store:
    """A file with restatements, a rolled-back restatement, a rolled-back first import, a submission approved
    (one figure equal, one behind a newer batch), one returned and one withdrawn, and figures of other regions."""
    store = Store(path)
    store.migrate()
    first = [("jobs", 2014, 100_000.0), ("jobs", 2018, 110_000.0), ("revenue", 2018, 40e9), ("members", 2018, 8e6)]
    store.commit(figure_rows(first), kind="import")  # 1
    store.commit(figure_rows([("jobs", 2018, 111_000.0), ("revenue", 2018, 41e9)]), kind="import")  # 2: restates
    store.commit(figure_rows([("jobs", 2018, 112_000.0)]), kind="import")  # 3: restates again
    store.rollback(3)  # 4: 111,000 comes back
    store.commit(figure_rows([("jobs", 2019, 115_000.0)], region="Montréal"), kind="import")  # 5
    store.rollback(5)  # 6: the only figure of its key gone
    store.commit(figure_rows([("jobs", 2020, 1.0), ("jobs", 2014, 100_000.0)]), kind="import")  # 7: one unchanged
    sent = [("jobs", 2018, 111_000.0), ("revenue", 2018, 42e9), ("members", 2019, 8.1e6), ("jobs", 2021, 5.0)]
    submitted = store.commit(figure_rows(sent), kind="import", state="submitted", network="desjardins").batch  # 8
    store.commit(figure_rows([("jobs", 2021, 6.0)]), kind="import")  # 9: the submission's 2021 now behind
    assert submitted is not None
    review.approve(store, submitted, by="paul")  # 10
    returned = store.commit(figure_rows([("jobs", 2022, 9.0)]), kind="import", state="submitted", network="d").batch
    assert returned is not None
    review.return_submission(store, returned, by="paul", reason="not ours")
    withdrawn = store.commit(figure_rows([("jobs", 2023, 9.0)]), kind="import", state="submitted", network="d").batch
    assert withdrawn is not None
    store.rollback(withdrawn)
    store.commit(figure_rows([("jobs", 2018, 113_000.0)], region="Québec"), kind="correction")  # restates approved
    return store


def by_hand(path: Path) -> list[tuple[object, ...]]:
    """The current figures in plain Python over `figures` and `batches`: for each key, the row of the newest
    batch that counts (not rolled back, imported directly or approved)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        counts = {
            batch
            for batch, rolled_back, state in con.execute("SELECT id, rolled_back, state FROM batches").fetchall()
            if not rolled_back and state in ("direct", "approved")
        }
        newest: dict[tuple[object, ...], tuple[int, tuple[object, ...]]] = {}
        for row in con.execute(f"SELECT {COLUMNS} FROM figures").fetchall():
            key, batch = row[:5], int(row[9])
            if batch in counts and (key not in newest or batch > newest[key][0]):
                newest[key] = (batch, row)
    finally:
        con.close()
    return sorted((row for _, row in newest.values()), key=repr)


def view_rows(path: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return sorted(con.execute(f"SELECT {COLUMNS} FROM current").fetchall(), key=repr)
    finally:
        con.close()


def as_version_10(path: Path) -> None:
    """The file as planmetrics of schema 10 left it: the view in DuckDB's joins, no version 11."""
    con = duckdb.connect(str(path))
    try:
        con.execute(VERSION_10_VIEW)
        con.execute("DELETE FROM schema_version WHERE version > 10")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def view_sql(path: Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return str(con.execute("SELECT sql FROM duckdb_views() WHERE view_name = 'current'").fetchall()[0][0])
    finally:
        con.close()


def test_the_current_view_gives_the_rows_of_the_newest_batch_that_counts(tmp_path: Path) -> None:
    path = tmp_path / "portable.duckdb"
    built(path)
    expected = by_hand(path)
    assert len(expected) == 7  # jobs 2014, 2018, 2020, 2021; revenue 2018; members 2018, 2019 (approved)
    assert view_rows(path) == expected
    found = {(r[0], r[1], r[2]): r[5] for r in expected}
    assert found[("jobs", 2018, "Québec")] == 113_000.0  # the correction over the approved figure
    assert found[("jobs", 2021, "Québec")] == 6.0  # the newer direct import, not the approved one behind it
    assert found[("revenue", 2018, "Québec")] == 42e9  # the approved restatement
    assert ("jobs", 2019, "Montréal") not in found and ("jobs", 2022, "Québec") not in found


def test_a_schema_10_file_upgrades_to_the_standard_view_with_the_same_rows(tmp_path: Path) -> None:
    made = tmp_path / "made.duckdb"
    built(made)
    as_version_10(made)
    path = tmp_path / "v10.duckdb"  # a file this process has not opened yet, as another planmetrics left it
    shutil.copyfile(made, path)
    before = view_rows(path)  # DuckDB's SEMI and ANTI JOIN
    assert "SEMI JOIN" in view_sql(path).upper()
    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION == 11  # the first connection upgrades the file
    assert "EXISTS" in view_sql(path).upper() and duckdb_only(view_sql(path)) == []
    assert view_rows(path) == before == by_hand(path)
    frame = store.current_figures(indicators=["jobs"], regions=["Québec"])
    assert frame[["year", "value"]].values.tolist() == [[2014, 100_000.0], [2018, 113_000.0], [2020, 1.0], [2021, 6.0]]


def test_a_schema_10_backup_restores_and_upgrades(tmp_path: Path) -> None:
    source = tmp_path / "source.duckdb"
    built(source)
    expected = by_hand(source)
    backup_file = tmp_path / "v10-backup.duckdb"
    shutil.copyfile(source, backup_file)
    as_version_10(backup_file)
    live = Store(tmp_path / "live.duckdb")
    live.migrate()
    live.commit(figure_rows([("jobs", 2014, 1.0)]), kind="import")
    restore(live, backup_file, by="ops")
    assert live.schema_version() == SCHEMA_VERSION
    assert duckdb_only(view_sql(live.path)) == []
    assert view_rows(live.path) == expected == by_hand(live.path)
    assert live.history()[0]["kind"] == "restore"


def test_value_lists_of_any_length(tmp_path: Path) -> None:
    """The lists a read is given (indicators, regions, batches) are one `?` each; an empty list matches nothing."""
    store = built(tmp_path / "lists.duckdb")
    assert store.current_figures(indicators=[]).empty
    assert store.current_figures(indicators=["jobs"], regions=[]).empty
    assert len(store.current_figures(indicators=["jobs", "revenue", "members"])) == 7
    many = [f"absent_{n}" for n in range(500)] + ["revenue"]
    assert store.current_figures(indicators=many)["value"].tolist() == [42e9]
    totals, latest = store.totals_and_latest_year([])
    assert totals.empty and latest == 2021
    totals, _ = store.totals_and_latest_year(["jobs", "members"])
    assert sorted(zip(totals["indicator"], totals["year"], strict=True)) == [
        ("jobs", 2014), ("jobs", 2018), ("jobs", 2020), ("jobs", 2021), ("members", 2018), ("members", 2019),
    ]  # fmt: skip
    said = restatements(store, [2, 8, 7, 999])  # 7 restated nothing; 999 is no batch
    assert sorted(said) == [2, 8]
    assert [(r.indicator, r.before, r.after) for r in said[2].figures] == [
        ("jobs", 110_000.0, 111_000.0), ("revenue", 40e9, 41e9),
    ]  # fmt: skip
    assert [(r.indicator, r.before, r.after) for r in said[8].figures] == [("revenue", 41e9, 42e9)]  # approved
    assert restatements(store, []) == {}
