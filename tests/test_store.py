"""The store on real DuckDB files: migrations, current values, restatement, rollback, atomicity, locks."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from planmetrics.errors import DatabaseError, RefusedError, UnknownBatchError
from planmetrics.store import SCHEMA_VERSION, Store, backup, restore

from .conftest import figure_rows


def current_value(store: Store, indicator: str, year: int) -> float | None:
    frame = store.current_figures(indicators=[indicator])
    rows = frame[frame["year"] == year]
    return None if rows.empty else float(rows["value"].iloc[0])


def test_new_database_has_latest_schema(store: Store) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    assert store.history() == []
    assert store.generation().batch == 0
    assert store.latest_year() is None


def test_migration_from_version_1_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    Store(path).migrate(upto=1)
    # What a planmetrics of schema 1 wrote: a batch and a figure, without the later columns.
    con = duckdb.connect(str(path))
    con.execute(
        "INSERT INTO batches VALUES (1, 'init', TIMESTAMP '2025-01-02 03:04:05', 'old', 'a.csv', NULL, 1, 1, 0, 0,"
        " FALSE, NULL, NULL)"
    )
    con.execute("INSERT INTO figures VALUES (1, 'jobs', 2014, 'Québec', 'all', 'all', 100000, 'jobs', NULL, 's')")
    con.close()
    store = Store(path)
    assert current_value(store, "jobs", 2014) == 100_000  # the first read upgrades the file
    assert store.schema_version() == SCHEMA_VERSION
    assert store.migrate() == SCHEMA_VERSION
    assert store.history()[0]["created_at"] == "2025-01-02T03:04:05+00:00"
    store.commit(figure_rows([("jobs", 2018, 116_000)]), kind="import", file_bytes=b"x")
    assert current_value(store, "jobs", 2018) == 116_000


def test_migrate_is_idempotent(store: Store) -> None:
    assert store.migrate() == SCHEMA_VERSION
    assert store.migrate() == SCHEMA_VERSION


def test_newer_schema_is_refused(store: Store) -> None:
    con = duckdb.connect(str(store.path))
    con.execute("INSERT INTO schema_version VALUES (99, now())")
    con.close()
    with pytest.raises(DatabaseError, match="newer than this planmetrics"):
        store.migrate()


def test_commit_counts_insert_restate_unchanged(store: Store) -> None:
    first = store.commit(figure_rows([("jobs", 2014, 100_000), ("jobs", 2018, 116_000)]), kind="init")
    assert (first.batch, first.inserted, first.restated, first.unchanged) == (1, 2, 0, 0)
    second = store.commit(
        figure_rows([("jobs", 2014, 100_000), ("jobs", 2018, 117_500), ("jobs", 2019, 1)]), kind="import"
    )
    assert (second.batch, second.inserted, second.restated, second.unchanged) == (2, 1, 1, 1)
    assert current_value(store, "jobs", 2018) == 117_500


def test_restatement_then_rollback_restores_old_figure(store: Store) -> None:
    store.commit(figure_rows([("jobs", 2018, 116_000)], source="CQCM 2018"), kind="init")
    restated = store.commit(figure_rows([("jobs", 2018, 120_000)], source="federation file"), kind="import")
    assert current_value(store, "jobs", 2018) == 120_000
    undo = store.rollback(int(restated.batch or 0), by="alice")
    assert current_value(store, "jobs", 2018) == 116_000
    assert store.current_figures()["source"].tolist() == ["CQCM 2018"]
    history = store.history()
    assert [(b["batch"], b["kind"], b["rolled_back"], b["rolls_back"]) for b in history] == [
        (str(undo.batch), "rollback", False, "2"),
        ("2", "import", True, None),
        ("1", "init", False, None),
    ]
    assert history[0]["by"] == "alice"


def test_rollback_of_insert_removes_figure(store: Store) -> None:
    batch = store.commit(figure_rows([("members", 2018, 8.8e6)]), kind="import")
    store.rollback(int(batch.batch or 0))
    assert store.current_figures().empty


@pytest.mark.parametrize("batch", [99, 2, 3], ids=["unknown", "already-rolled-back", "a-rollback"])
def test_rollback_refusals(store: Store, batch: int) -> None:
    store.commit(figure_rows([("jobs", 2014, 1)]), kind="init")
    store.commit(figure_rows([("jobs", 2014, 2)]), kind="import")
    store.rollback(2)  # creates batch 3, of kind rollback
    before = store.history()
    with pytest.raises(UnknownBatchError):
        store.rollback(batch)
    assert store.history() == before


def test_same_file_twice_changes_nothing(store: Store) -> None:
    rows = figure_rows([("jobs", 2014, 1)])
    first = store.commit(rows, kind="import", sha256="abc")
    again = store.commit(rows, kind="import", sha256="abc")
    assert (again.duplicate_of, again.unchanged, again.inserted) == (first.batch, 1, 0)
    assert len(store.history()) == 1


def test_same_file_after_rollback_is_imported_again(store: Store) -> None:
    rows = figure_rows([("jobs", 2014, 1)])
    first = store.commit(rows, kind="import", sha256="abc")
    store.rollback(int(first.batch or 0))
    again = store.commit(rows, kind="import", sha256="abc")
    assert again.duplicate_of is None
    assert current_value(store, "jobs", 2014) == 1


def test_failed_commit_writes_nothing(store: Store) -> None:
    store.commit(figure_rows([("jobs", 2014, 1)]), kind="init")
    before = (store.history(), store.current_figures())
    bad = figure_rows([("jobs", 2015, 2), ("jobs", 2016, 3)])
    bad["indicator"] = bad["indicator"].astype(object)
    bad.loc[1, "indicator"] = None  # violates NOT NULL after the batch row was written
    with pytest.raises(duckdb.Error):
        store.commit(bad, kind="import")
    assert store.history() == before[0]
    pd.testing.assert_frame_equal(store.current_figures(), before[1])


def test_totals_are_explicit_rows(store: Store) -> None:
    store.commit(
        pd.concat(
            [figure_rows([("jobs", 2018, 52_100)], sector="financial_services"), figure_rows([("jobs", 2018, 116_000)])]
        ),
        kind="init",
    )
    totals = store.current_figures(sector="all", network="all")
    assert totals["value"].tolist() == [116_000]


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="planmetrics init"):
        Store(tmp_path / "absent.duckdb").history()
    assert not (tmp_path / "absent.duckdb").exists()


def test_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.duckdb"
    path.write_bytes(b"this is not a database" * 1000)
    with pytest.raises(DatabaseError, match="planmetrics restore"):
        Store(path).history()


def test_writer_waits_for_another_process_lock(store: Store) -> None:
    """Another process holds the file for a moment: the write waits and lands."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(store.path)!r})
            print("locked", flush=True)
            time.sleep(1.5)
            con.close()
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    store.commit(figure_rows([("jobs", 2014, 1)]), kind="import")
    holder.wait(timeout=10)
    assert current_value(store, "jobs", 2014) == 1


def test_lock_held_too_long_gives_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "held.duckdb"
    Store(path).migrate()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ok', flush=True); time.sleep(5)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    holder.stdout.readline()
    try:
        with pytest.raises(DatabaseError, match="locked"):
            Store(path, lock_timeout=0.5).history()
    finally:
        holder.kill()
        holder.wait()


def test_comments_keep_author_and_order(store: Store) -> None:
    first = store.add_comment(plan_id="cqcm-2020", target="jobs_net", year=2018, body=" Hiring slowed. ", by="ana")
    second = store.add_comment(plan_id="cqcm-2020", target="jobs_net", year=2019, body="Recovered.", by="luc")
    frame = store.comments("cqcm-2020")
    assert frame["id"].tolist() == [second, first]
    assert frame["body"].tolist() == ["Recovered.", "Hiring slowed."]
    assert frame["created_by"].tolist() == ["luc", "ana"]
    assert store.comments("other-plan").empty


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001])
def test_comment_refusals(store: Store, body: str) -> None:
    with pytest.raises(RefusedError):
        store.add_comment(plan_id="p", target="t", year=2018, body=body, by=None)
    assert store.comments("p").empty


@pytest.mark.parametrize(
    ("body", "fr", "en"),
    [
        ("  ", "Un commentaire ne peut pas être vide. Écrivez une phrase ou deux.", "A commentary cannot be empty."),
        (
            "x" * 2001,
            "Un commentaire est limité à 2\u00a0000 caractères. Raccourcissez-le.",
            "A commentary is limited to 2,000 characters. Shorten it.",
        ),
    ],
)
def test_a_refusal_is_said_in_the_readers_language(store: Store, body: str, fr: str, en: str) -> None:
    with pytest.raises(RefusedError) as refused:
        store.add_comment(plan_id="p", target="t", year=2018, body=body, by=None)
    assert refused.value.text("fr") == fr
    assert refused.value.text("en").startswith(en)
    assert str(refused.value) == refused.value.text("en")  # the logs' words stay English


def test_rollback_refusals_name_the_batch_in_french(store: Store) -> None:
    store.commit(figure_rows([("jobs", 2014, 1)]), kind="init")
    store.rollback(1)
    for batch, said in [
        (9, "Il n'y a pas de lot 9. Consultez les numéros de lot avec `planmetrics history`."),
        (1, "Le lot 1 est déjà annulé. Rien n'a été modifié."),
        (2, "Le lot 2 est lui-même une annulation et ne peut pas être défait."),
    ]:
        with pytest.raises(UnknownBatchError) as refused:
            store.rollback(batch)
        assert refused.value.text("fr").startswith(said)
        assert refused.value.exit_code == 2


def test_backup_and_restore_round_trip(store: Store, tmp_path: Path) -> None:
    store.commit(figure_rows([("jobs", 2014, 100_000)]), kind="init")
    copy = tmp_path / "backup.duckdb"
    assert backup(store, copy) == 1
    store.commit(figure_rows([("jobs", 2014, 99_000)]), kind="import")
    kept = restore(store, copy)
    assert current_value(store, "jobs", 2014) == 100_000
    assert [(b["batch"], b["kind"]) for b in store.history()] == [("3", "restore"), ("1", "init")]  # 2 not reused
    assert kept is not None
    assert current_value(Store(kept), "jobs", 2014) == 99_000  # the file before the restore is kept


def test_backup_never_overwrites(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "exists.duckdb"
    target.write_bytes(b"precious")
    with pytest.raises(RefusedError):
        backup(store, target)
    assert target.read_bytes() == b"precious"


@pytest.mark.parametrize("content", [b"", b"not a database at all", None], ids=["empty", "text", "plain-duckdb"])
def test_restore_refuses_other_files(store: Store, tmp_path: Path, content: bytes | None) -> None:
    store.commit(figure_rows([("jobs", 2014, 1)]), kind="init")
    other = tmp_path / "other.duckdb"
    if content is None:
        con = duckdb.connect(str(other))
        con.execute("CREATE TABLE t (x INTEGER)")
        con.close()
    else:
        other.write_bytes(content)
    with pytest.raises(RefusedError, match="not a planmetrics backup"):
        restore(store, other)
    assert current_value(store, "jobs", 2014) == 1


def test_years_follow_rollbacks(store: Store) -> None:
    store.commit(figure_rows([("jobs", 2014, 1), ("jobs", 2018, 2)]), kind="init")
    later = store.commit(figure_rows([("jobs", 2019, 3)]), kind="import")
    assert (store.years(), store.latest_year()) == ([2019, 2018, 2014], 2019)
    store.rollback(int(later.batch or 0))
    assert (store.years(), store.latest_year()) == ([2018, 2014], 2018)


def test_original_file_comes_back_byte_for_byte_and_is_kept_compressed(store: Store) -> None:
    original = ("year,indicator,value\n" + "2018,jobs,116000\n" * 5000).encode("utf-8") + bytes(range(256))
    result = store.commit(figure_rows([("jobs", 2018, 116_000)]), kind="import", file_name="f.csv", file_bytes=original)
    assert result.batch is not None
    assert store.batch_file(result.batch) == ("f.csv", original)
    con = duckdb.connect(str(store.path))
    kept, codec, size = con.execute(
        "SELECT file_bytes, file_codec, file_size FROM batches WHERE id = ?", [result.batch]
    ).fetchall()[0]
    con.close()
    assert (codec, size) == ("zstd", len(original))
    assert len(kept) < len(original) / 20


def test_file_kept_before_compression_still_comes_back(tmp_path: Path) -> None:
    path = tmp_path / "v3.duckdb"
    Store(path).migrate(upto=3)
    con = duckdb.connect(str(path))
    con.execute(
        "INSERT INTO batches (id, kind, created_at, file_name, rows_read, inserted, restated, unchanged, rolled_back,"
        " file_bytes) VALUES (1, 'import', now(), 'old.csv', 0, 0, 0, 0, FALSE, ?)",
        [b"year,indicator,value\n"],
    )
    con.close()
    store = Store(path)
    assert store.batch_file(1) == ("old.csv", b"year,indicator,value\n")
    assert store.schema_version() == SCHEMA_VERSION


def test_rollbacks_in_a_chain_of_restatements(store: Store) -> None:
    a = store.commit(figure_rows([("jobs", 2018, 100_000)]), kind="import").batch
    b = store.commit(figure_rows([("jobs", 2018, 110_000)]), kind="import").batch
    c = store.commit(figure_rows([("jobs", 2018, 120_000)]), kind="import").batch
    assert current_value(store, "jobs", 2018) == 120_000
    store.rollback(int(b))  # a middle batch: the newest still holds
    assert current_value(store, "jobs", 2018) == 120_000
    store.rollback(int(c))  # then the newest: the first comes back, not the rolled-back middle one
    assert current_value(store, "jobs", 2018) == 100_000
    store.commit(figure_rows([("jobs", 2018, 130_000)]), kind="import")
    store.rollback(int(a))  # the oldest, under a newer figure: nothing shows through
    assert current_value(store, "jobs", 2018) == 130_000
    assert len(store.current_figures(indicators=["jobs"])) == 1


def test_every_figure_is_stored_once(store: Store) -> None:
    rows = [("jobs", 2000 + n, 1000.0 + n) for n in range(20)]
    store.commit(figure_rows(rows), kind="import")
    store.commit(figure_rows([("jobs", 2005, 7.0), ("jobs", 2006, 1006.0)]), kind="import")  # one restated
    con = duckdb.connect(str(store.path))
    stored = con.execute("SELECT count(*) FROM figures").fetchall()[0][0]
    kinds = dict(con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall())
    con.close()
    assert stored == 21  # twenty, and the restatement; the unchanged figure is not written again
    assert kinds["current"] == "VIEW"
    assert len(store.current_figures(indicators=["jobs"])) == 20
    assert current_value(store, "jobs", 2005) == 7.0


def test_migration_from_version_4_keeps_current_values(tmp_path: Path) -> None:
    path = tmp_path / "v4.duckdb"
    Store(path).migrate(upto=4)
    con = duckdb.connect(str(path))
    for batch, rolled_back in ((1, False), (2, False), (3, True)):
        con.execute(
            "INSERT INTO batches (id, kind, created_at, rows_read, inserted, restated, unchanged, rolled_back)"
            " VALUES (?, 'import', now(), 1, 1, 0, 0, ?)",
            [batch, rolled_back],
        )
    for batch, year, value in ((1, 2018, 100.0), (2, 2018, 110.0), (1, 2019, 50.0), (3, 2019, 999.0), (3, 2020, 5.0)):
        con.execute(
            "INSERT INTO figures VALUES (?, 'jobs', ?, 'Québec', 'all', 'all', ?, 'jobs', NULL, 's')",
            [
                batch,
                year,
                value,
            ],
        )
    con.execute("DELETE FROM current")
    con.execute("INSERT INTO current SELECT 'jobs', 2018, 'Québec', 'all', 'all', 110.0, 'jobs', NULL, 's', 2")
    con.execute("INSERT INTO current SELECT 'jobs', 2019, 'Québec', 'all', 'all', 50.0, 'jobs', NULL, 's', 1")
    con.close()
    store = Store(path)
    assert store.current_figures(indicators=["jobs"])[["year", "value", "batch"]].values.tolist() == [
        [2018, 110.0, 2],
        [2019, 50.0, 1],
    ]
    assert store.schema_version() == SCHEMA_VERSION
