"""Backups whole or absent, restores atomic and safe, batch ids never reused (issue 15, findings 1 and 3):
real DuckDB files, real subprocess runs of the command line, real tmpfs mounts for full disks."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planmetrics import config
from planmetrics.errors import DatabaseError, RefusedError, UnknownBatchError
from planmetrics.store import Store, backup, check_backup, restore

from .conftest import ROOT, figure_rows, tmpfs


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planmetrics", *args], capture_output=True, text=True, check=False, cwd=ROOT, timeout=120
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def jobs(store: Store, year: int) -> float | None:
    frame = store.current_figures(indicators=["jobs"])
    rows = frame[frame["year"] == year]
    return None if rows.empty else float(rows["value"].iloc[0])


def big_store(path: Path, figures: int) -> Store:
    """A database holding `figures` distinct random values (they do not compress), in one batch."""
    rng = np.random.default_rng(15)
    frame = pd.DataFrame(
        {
            "indicator": "jobs",
            "year": 1900 + np.arange(figures) % 120,
            "region": "Québec",
            "sector": config.TOTAL_SECTOR,
            "network": [f"net{n // 120}" for n in range(figures)],
            "value": rng.random(figures) * 1e6,
            "unit": None,
            "flag": None,
            "source": "test",
        }
    )
    store = Store(path)
    store.migrate()
    store.commit(frame[config.FIGURE_COLUMNS], kind="import")
    return store


@pytest.fixture
def small(tmp_path: Path) -> Store:
    store = Store(tmp_path / "live.duckdb")
    store.migrate()
    store.commit(figure_rows([("jobs", 2014, 100_000)]), kind="init")
    return store


# -------------------------------------------------------------- backups whole or absent


def test_backup_on_a_full_disk_leaves_nothing_and_says_so(tmp_path: Path) -> None:
    """Exit 1 (the request was fine, the disk was not), the disk named full in both languages, nothing left
    on the full disk, and the same backup taken at once on a roomy disk."""
    source = big_store(tmp_path / "big.duckdb", 200_000)
    assert source.path.stat().st_size > 2_000_000
    with tmpfs(tmp_path / "full", 512) as full:
        target = full / "copy.duckdb"
        french = cli("--db", str(source.path), "backup", "-o", str(target), "--lang", "fr")
        assert french.returncode == 1, french.stderr
        assert "Le disque est plein" in french.stderr and "Libérez de l'espace" in french.stderr
        assert "unexpected" not in french.stderr and "inattendue" not in french.stderr
        english = cli("--db", str(source.path), "backup", "-o", str(target), "--lang", "en", "--json")
        assert english.returncode == 1
        assert "The disk is full" in english.stderr
        assert json.loads(english.stdout)["ok"] is False
        assert "disk is full" in json.loads(english.stdout)["errors"][0]["message"]
        assert sorted(p.name for p in full.iterdir()) == []  # no partial file, no .wal
    roomy = cli("--db", str(source.path), "backup", "-o", str(tmp_path / "copy.duckdb"), "--json")
    assert roomy.returncode == 0, roomy.stderr
    assert json.loads(roomy.stdout)["batches"] == 1
    assert not (tmp_path / "copy.duckdb.wal").exists()
    assert len(Store(tmp_path / "copy.duckdb").current_figures()) == 200_000


def test_backup_is_one_checked_file_and_a_retry_is_never_refused(small: Store, tmp_path: Path) -> None:
    target = tmp_path / "out" / "copy.duckdb"
    with pytest.raises(DatabaseError, match="no database"):  # nothing to copy: nothing written
        backup(Store(tmp_path / "missing.duckdb"), target)
    assert not target.parent.exists() or list(target.parent.iterdir()) == []
    assert backup(small, target) == 1
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.duckdb"]
    assert check_backup(target) == small.schema_version()
    with pytest.raises(RefusedError, match="already exists"):
        backup(small, target)


def test_a_log_beside_the_target_refuses_the_backup(small: Store, tmp_path: Path) -> None:
    (tmp_path / "copy.duckdb.wal").write_bytes(b"stray")
    with pytest.raises(RefusedError, match="already exists"):
        backup(small, tmp_path / "copy.duckdb")
    assert not (tmp_path / "copy.duckdb").exists()


# -------------------------------------------------------------- a half-written backup


HALF_WRITTEN = textwrap.dedent("""
    import os, sys
    import duckdb
    # The old backup's way, stopped before DuckDB writes its log into the file (as a full disk or a kill did).
    con = duckdb.connect(sys.argv[1])
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    con.execute("SET checkpoint_threshold = '10GB'")
    con.execute("ATTACH ? AS b", [sys.argv[2]])
    con.execute("COPY FROM DATABASE live TO b")
    os._exit(0)
""")


def test_a_half_written_backup_is_refused_and_the_live_file_unchanged(small: Store, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    done = subprocess.run([sys.executable, "-c", HALF_WRITTEN, str(small.path), str(copy)], check=False)
    assert done.returncode == 0
    assert copy.exists() and (tmp_path / "copy.duckdb.wal").exists()  # the pair the issue found
    before = (sha(small.path), small.history())
    refused = cli("--db", str(small.path), "restore", str(copy), "--json", "--lang", "fr")
    assert refused.returncode == 2, refused.stderr
    assert "journal d'écriture" in refused.stderr
    assert json.loads(refused.stdout)["ok"] is False
    assert (sha(small.path), small.history()) == before
    assert not list(tmp_path.glob("*.before-restore*"))
    # The main file alone (the log moved away) is no backup either: it holds none of the history.
    (tmp_path / "copy.duckdb.wal").rename(tmp_path / "elsewhere.wal")
    alone = cli("--db", str(small.path), "restore", str(copy), "--lang", "en")
    assert alone.returncode == 2
    assert "not a" in alone.stderr and "planmetrics backup" in alone.stderr
    assert (sha(small.path), small.history()) == before


def test_a_backup_missing_figures_its_history_records_is_refused(small: Store, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    backup(small, copy)
    Store(copy).history()  # opened once through the store, as a person might
    con = duckdb.connect(str(copy))
    con.execute("DELETE FROM figures")
    con.close()
    with pytest.raises(RefusedError, match="not a complete planmetrics backup"):
        restore(small, copy)
    assert jobs(small, 2014) == 100_000


# -------------------------------------------------------------- restores atomic and safe


def test_two_restores_keep_two_previous_files(small: Store, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    backup(small, copy)
    small.commit(figure_rows([("jobs", 2014, 111_111)]), kind="import")
    first = restore(small, copy)
    second = restore(small, copy)  # within the same second, most likely
    assert first is not None and second is not None and first != second
    assert first.name.startswith("live.duckdb.before-restore-")
    assert jobs(Store(first), 2014) == 111_111  # the figures the first restore replaced
    assert jobs(Store(second), 2014) == 100_000
    assert [b["kind"] for b in Store(second).history()] == ["restore", "init"]
    assert jobs(small, 2014) == 100_000
    assert not (tmp_path / "live.duckdb.wal").exists()
    assert not list(tmp_path.glob(".live.duckdb.restore-*"))


UNCHECKPOINTED = textwrap.dedent("""
    import os, sys
    import duckdb
    con = duckdb.connect(sys.argv[1])
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    con.execute("SET checkpoint_threshold = '10GB'")
    con.execute("UPDATE figures SET value = 222222")
    os._exit(0)  # committed, only in the log
""")


def test_the_live_log_goes_with_the_kept_file(small: Store, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    backup(small, copy)
    subprocess.run([sys.executable, "-c", UNCHECKPOINTED, str(small.path)], check=True)
    assert (tmp_path / "live.duckdb.wal").exists()
    kept = restore(small, copy)
    assert kept is not None
    assert not (tmp_path / "live.duckdb.wal").exists()
    assert jobs(small, 2014) == 100_000  # the restored file did not pick up the old log
    assert not Path(f"{kept}.wal").exists()  # the log was written into the kept file once it was no longer live
    assert check_backup(kept) >= 1  # so a restore accepts it, as the damage advice says
    assert jobs(Store(kept), 2014) == 222_222  # the committed change is in the kept file


def _missing(path: Path) -> None:
    path.unlink()


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(300_000))


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:12_288])


def _overwritten(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 50_000] = os.urandom(50_000)
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A database made by `planmetrics init` and its backup by `planmetrics backup`, made once for the module."""
    folder = tmp_path_factory.mktemp("shipped")
    live, copy = folder / "live.duckdb", folder / "copy.duckdb"
    assert cli("--db", str(live), "init").returncode == 0
    assert cli("--db", str(live), "backup", "-o", str(copy)).returncode == 0
    return live, copy


@pytest.mark.parametrize("damage", [_missing, _empty, _garbage, _truncated, _overwritten], ids=lambda f: f.__name__[1:])
def test_restore_over_a_missing_or_damaged_file(tmp_path: Path, shipped: tuple[Path, Path], damage: object) -> None:
    live, copy = tmp_path / "live.duckdb", tmp_path / "copy.duckdb"
    shutil.copyfile(shipped[0], live)
    shutil.copyfile(shipped[1], copy)
    figures = Store(copy).current_figures()
    assert callable(damage)
    damage(live)
    damaged = None if not live.exists() else sha(live)
    done = cli("--db", str(live), "restore", str(copy), "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    if damaged is None:
        assert answer["previous"] is None
    else:
        assert sha(Path(answer["previous"])) == damaged  # kept as it was, byte for byte
    restored = Store(live)
    assert restored.current_figures().equals(figures)
    assert len(figures) >= 10  # the shipped figures
    assert [b["kind"] for b in restored.history()] == ["restore", "init"]


def test_restore_on_a_nearly_full_disk_leaves_the_live_file_as_it_was(tmp_path: Path) -> None:
    bigger = big_store(tmp_path / "big.duckdb", 200_000)
    copy = tmp_path / "copy.duckdb"
    backup(bigger, copy)
    with tmpfs(tmp_path / "disk", 2048) as disk:
        live = disk / "live.duckdb"
        assert cli("--db", str(live), "init").returncode == 0
        before = sha(live)
        for lang, words in (("fr", "qui contient la base de données"), ("en", "The disk holding the database")):
            done = cli("--db", str(live), "restore", str(copy), "--lang", lang, "--json")
            assert done.returncode == 1, done.stderr
            assert words in done.stderr
            assert json.loads(done.stdout)["ok"] is False
        assert sha(live) == before
        assert sorted(p.name for p in disk.iterdir()) == ["live.duckdb"]
        assert Store(live).history()[0]["kind"] == "init"


def test_restore_with_direct_call_says_disk_full_as_a_database_error(tmp_path: Path) -> None:
    bigger = big_store(tmp_path / "big.duckdb", 200_000)
    copy = tmp_path / "copy.duckdb"
    backup(bigger, copy)
    with tmpfs(tmp_path / "disk", 1024) as disk:
        store = Store(disk / "live.duckdb")
        with pytest.raises(DatabaseError) as refused:
            restore(store, copy)
        assert "est plein" in refused.value.text("fr") and "Libérez de l'espace" in refused.value.text("fr")
        assert list(disk.iterdir()) == []


# -------------------------------------------------------------- batch ids never reused


def _figures_file(path: Path, value: int) -> str:
    path.write_text(f"year,indicator,region,value,source\n2019,jobs,Québec,{value},test\n", encoding="utf-8")
    return str(path)


def test_batch_ids_are_never_reused_after_a_restore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, copy = str(tmp_path / "live.duckdb"), str(tmp_path / "copy.duckdb")
    assert cli("--db", db, "init").returncode == 0
    first = json.loads(cli("--db", db, "import", _figures_file(tmp_path / "a.csv", 111_000), "--json").stdout)
    assert cli("--db", db, "backup", "-o", copy).returncode == 0
    second = json.loads(cli("--db", db, "import", _figures_file(tmp_path / "b.csv", 111_111), "--json").stdout)
    assert int(second["batch"]) == int(first["batch"]) + 1
    restored = json.loads(cli("--db", db, "restore", copy, "--by", "marie", "--json").stdout)
    assert int(restored["batch"]) > int(second["batch"])
    third = json.loads(cli("--db", db, "import", _figures_file(tmp_path / "c.csv", 222_222), "--json").stdout)
    assert int(third["batch"]) > int(restored["batch"]) > int(second["batch"])
    history = json.loads(cli("--db", db, "history", "--json").stdout)
    row = next(b for b in history if b["kind"] == "restore")
    assert (row["batch"], row["by"], row["file_name"]) == (restored["batch"], "marie", "copy.duckdb")
    assert row["sha256"] == sha(Path(copy))
    assert all(isinstance(b["batch"], str) for b in history)
    text = cli("--db", db, "history", "--lang", "fr").stdout
    assert "rétablissement d'une sauvegarde" in text
    undo = cli("--db", db, "rollback", restored["batch"], "--lang", "fr")
    assert undo.returncode == 2
    assert "rétablissement d'une sauvegarde et ne peut pas être défait" in undo.stderr
    # The History page reads the restore's row in the reader's words.
    monkeypatch.setenv("PLANMETRICS_DB", db)
    at = AppTest.from_file(str(ROOT / "pages" / "history.py"), default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "rétablissement d'une sauvegarde" in table.astype(str).to_numpy().ravel().tolist()
    assert "restore" not in table.astype(str).to_numpy().ravel().tolist()


def test_a_restore_batch_cannot_be_rolled_back(small: Store, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    backup(small, copy)
    restore(small, copy)
    newest = int(small.history()[0]["batch"])
    with pytest.raises(UnknownBatchError, match="restore from a backup"):
        small.rollback(newest)


def test_check_backup_does_not_touch_the_backup(small: Store, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    backup(small, copy)
    before = sha(copy)
    check_backup(copy)
    restore(small, copy)
    assert sha(copy) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.duckdb"]
    shutil.copyfile(copy, tmp_path / "again.duckdb")
    assert check_backup(tmp_path / "again.duckdb") >= 1


def test_a_killed_backup_leaves_no_file_that_holds_the_room(small: Store, tmp_path: Path) -> None:
    """A backup killed with -9 leaves its hidden partial file; the next backup removes it (its process is gone)
    and so finds the room it needs on a small disk."""
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    with tmpfs(tmp_path / "disk", 3072) as disk:
        stale = disk / f".copy.duckdb.partial-{int(gone.stdout)}"
        stale.write_bytes(os.urandom(2_600_000))
        done = cli("--db", str(small.path), "backup", "-o", str(disk / "copy.duckdb"))
        assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in disk.iterdir()) == ["copy.duckdb"]


def test_kill_9_during_a_backup_then_a_retry(tmp_path: Path) -> None:
    """The real attack: kill -9 while the copy is being written; no file has the backup's name, and the retry
    works and takes the killed one's partial file away."""
    source = big_store(tmp_path / "big.duckdb", 600_000)
    target = tmp_path / "out" / "copy.duckdb"
    target.parent.mkdir()
    run = [sys.executable, "-m", "planmetrics", "--db", str(source.path), "backup", "-o", str(target)]
    killed = subprocess.Popen(run, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    partial_file = target.with_name(f".copy.duckdb.partial-{killed.pid}")
    deadline = time.monotonic() + 60
    while not partial_file.exists() and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    assert partial_file.exists() and not target.exists()  # killed in the middle of the copy
    retry = cli("--db", str(source.path), "backup", "-o", str(target), "--json")
    assert retry.returncode == 0, retry.stderr
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.duckdb"]
    assert check_backup(target) >= 1


READER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from planmetrics.errors import PlanmetricsError
    from planmetrics.store import Store
    stop, reads, refusals = Path(sys.argv[2]), 0, []
    print("reading", flush=True)
    while not stop.exists():
        try:
            Store(sys.argv[1]).current_figures()
            reads += 1
        except PlanmetricsError as exc:
            refusals.append(exc.message_key)
    print(reads, ",".join(refusals), flush=True)
""")


def test_a_reader_never_finds_the_database_missing_during_restores(small: Store, tmp_path: Path) -> None:
    copy, stop = tmp_path / "copy.duckdb", tmp_path / "stop"
    backup(small, copy)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(small.path), str(stop)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert reader.stdout is not None
    assert reader.stdout.readline().strip() == "reading"
    try:
        kept = [restore(small, copy) for _ in range(6)]
    finally:
        stop.touch()
    reads, _, refusals = reader.communicate(timeout=60)[0].strip().partition(" ")
    assert int(reads) > 0
    assert refusals == ""  # never "no database", never a half-written file
    assert len(set(kept)) == 6
    assert jobs(small, 2014) == 100_000


def test_a_damaged_live_file_and_its_log_are_kept_together(small: Store, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    backup(small, copy)
    small.path.write_bytes(b"\0" * 40_000)
    log = os.urandom(5_000)
    (tmp_path / "live.duckdb.wal").write_bytes(log)
    kept = restore(small, copy)
    assert kept is not None
    assert kept.read_bytes() == b"\0" * 40_000
    assert Path(f"{kept}.wal").read_bytes() == log
    assert not (tmp_path / "live.duckdb.wal").exists()
    assert jobs(small, 2014) == 100_000


# -------------------------------------------------------------- a restore and a running writer


SLOW_WRITER = textwrap.dedent("""
    import sys, time
    from planmetrics.store import Store, batches
    from tests.conftest import figure_rows
    recorded = batches.record_batch
    def slowly(*args, **kwargs):  # an import whose transaction lasts longer than a restore waits
        recorded(*args, **kwargs)
        print("writing", flush=True)
        time.sleep(float(sys.argv[2]))
    batches.record_batch = slowly
    print(Store(sys.argv[1]).commit(figure_rows([("jobs", 2014, 333_333)]), kind="import").batch, flush=True)
""")


def test_a_restore_never_swaps_the_file_from_under_a_writer(small: Store, tmp_path: Path) -> None:
    """The writer holds the file longer than the restore waits: the restore is refused in words, nothing of it
    left behind, and the writer's figures land in the live database; the next restore keeps them."""
    copy = tmp_path / "copy.duckdb"
    backup(small, copy)
    writer = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(small.path), "3"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "writing"
    with pytest.raises(RefusedError) as refused:
        restore(Store(small.path, lock_timeout=0.5), copy)
    assert "Un autre programme écrivait encore" in refused.value.text("fr")
    assert "rien n'a été rétabli" in refused.value.text("fr")
    written = int(writer.communicate(timeout=60)[0].strip())
    assert writer.returncode == 0
    assert jobs(small, 2014) == 333_333 and int(small.history()[0]["batch"]) == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.duckdb", "live.duckdb"]
    kept = restore(small, copy)
    assert kept is not None and jobs(Store(kept), 2014) == 333_333
    assert int(small.history()[0]["batch"]) > written  # the restore's id is above the writer's batch
    assert jobs(small, 2014) == 100_000


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from planmetrics.store import Store
    from tests.conftest import figure_rows
    stop, n = Path(sys.argv[2]), 0
    print("writing", flush=True)
    while not stop.exists() or n < 5:
        n += 1
        done = Store(sys.argv[1]).commit(figure_rows([("jobs", 2014, 500_000 + n)]), kind="import")
        print(500_000 + n, done.batch, flush=True)
""")


def _values(path: Path) -> set[tuple[float, int]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {(float(v), int(b)) for v, b in con.execute("SELECT value, batch FROM figures").fetchall()}
    finally:
        con.close()


def test_every_write_made_during_restores_is_kept(small: Store, tmp_path: Path) -> None:
    """A writer commits over and over while restores run: each committed figure is in the live file or in a
    file a restore kept (none lost with a log renamed away), and no restore reused a batch id it saw."""
    copy, stop = tmp_path / "copy.duckdb", tmp_path / "stop"
    backup(small, copy)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(small.path), str(stop)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "writing"
    try:
        kept = [restore(small, copy) for _ in range(4)]
    finally:
        stop.touch()
    lines = writer.communicate(timeout=120)[0].split()
    assert writer.returncode == 0
    committed = {(float(v), int(b)) for v, b in zip(lines[::2], lines[1::2], strict=True)}
    held = _values(small.path).union(*(_values(k) for k in kept if k is not None))
    assert committed and committed <= held
    assert all(not Path(f"{k}.wal").exists() for k in kept if k is not None)


def _overwrite_a_figures_block(path: Path) -> None:
    """4 KiB overwritten inside a data block of the figures' values (DuckDB's blocks of 256 KiB start after the
    file's three 4 KiB headers)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        query = "SELECT max(block_id) FROM pragma_storage_info('figures') WHERE column_name = 'value'"
        block = int(con.execute(query).fetchall()[0][0])
    finally:
        con.close()
    with path.open("r+b") as file:
        file.seek(3 * 4096 + block * 262_144 + 1024)
        file.write(b"\xa5" * 4096)


def test_a_damaged_backup_is_named_as_the_backup(tmp_path: Path) -> None:
    """A backup overwritten inside its data is refused as that backup, damaged, in the reader's words; never a
    hidden temporary file's name, and the live database as it was."""
    source = big_store(tmp_path / "big.duckdb", 50_000)
    copy = tmp_path / "copy.duckdb"
    backup(source, copy)
    _overwrite_a_figures_block(copy)
    live = tmp_path / "live.duckdb"
    assert cli("--db", str(live), "init").returncode == 0
    before = sha(live)
    for lang, words in (("fr", "Le fichier de sauvegarde"), ("en", "The backup file")):
        done = cli("--db", str(live), "restore", str(copy), "--lang", lang, "--json")
        assert done.returncode == 2, done.stderr
        assert f"{words} {copy} " in done.stderr and ("endommagé :" in done.stderr or "is damaged:" in done.stderr)
        assert ".restore-" not in done.stderr and "restore BACKUP_FILE" not in done.stderr
        assert json.loads(done.stdout)["ok"] is False
    assert sha(live) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.duckdb", "copy.duckdb", "live.duckdb"]
