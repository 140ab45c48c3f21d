"""Damaged databases said clearly everywhere, full disks said in words, and a cache that cannot lie (issue 15).

Real files damaged as a disk or a person damages them (cut off, bytes overwritten inside a data block, garbage,
empty, a newer schema), read by real `planmetrics` processes and by the real pages through AppTest; a real
tmpfs that fills up under an import; a restore (a copy renamed into place) under a running dashboard.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from planmetrics.cli import main
from planmetrics.plan import load_plans
from planmetrics.store import Store, failures
from planmetrics.store.failures import damage_kind, last_automatic_copy
from planmetrics.ui.context import _exists
from tests.pages.conftest import texts

from .conftest import ROOT, run_cli, tmpfs

# DuckDB's own English words: never on a French screen or message.
DUCKDB_WORDS = ("IO Error", "Could not read", "Corrupt database", "checksum", "not a valid DuckDB", "Error:")
RESTORE_EN = "planmetrics restore BACKUP_FILE"
RESTORE_FR = "planmetrics restore FICHIER_DE_SAUVEGARDE"
BLOCK = 262_144  # DuckDB's block; the blocks start after the file's three 4 KiB headers
HEADERS = 3 * 4096


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=env)


def long_csv(path: Path, rows: int) -> Path:
    """About `rows` jobs figures over the plan's regions, a few networks and 2010-2025, each with a long source
    of its own (text that does not compress): a file big enough to fill several data blocks."""
    regions = [r.id for r in load_plans()[0].regions]
    lines = ["year,indicator,region,sector,network,value,source"]
    for n in range(rows):
        series, year = divmod(n, 16)
        network, region = divmod(series, len(regions))
        noise = "".join(hashlib.sha256(f"{n}-{k}".encode()).hexdigest() for k in range(8))
        name = "all" if network == 0 else f"network_{network:04d}"
        lines.append(f"{2010 + year},jobs,{regions[region]},all,{name},{1000 + n},test figures {noise}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database after `planmetrics init` and an import of 1,500 jobs figures (made once for the module)."""
    folder = tmp_path_factory.mktemp("damage")
    db = folder / "template.duckdb"
    assert main(["--db", str(db), "init"]) == 0
    assert main(["--db", str(db), "import", str(long_csv(folder / "jobs.csv", 1_500))]) == 0
    return db


def _source_block(db: Path) -> int:
    """A data block holding only the figures' sources: read by every page's figures, not by the page's start."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        users: dict[int, set[tuple[str, str]]] = {}
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
            query = f"SELECT column_name, block_id FROM pragma_storage_info('{table}') WHERE block_id >= 0"
            for column, block in con.execute(query).fetchall():
                users.setdefault(int(block), set()).add((table, column))
    finally:
        con.close()
    only_sources = [b for b, used in users.items() if used <= {("figures", "source"), ("figures", "source_fr")}]
    assert only_sources, users
    return max(only_sources)


def cut_off(db: Path) -> None:
    os.truncate(db, db.stat().st_size // 2)


def overwritten(db: Path) -> None:
    """4 KiB overwritten inside a data block in the middle of the file (past the headers)."""
    at = HEADERS + _source_block(db) * BLOCK + 1024
    assert HEADERS < at < db.stat().st_size - 4096
    with db.open("r+b") as file:
        file.seek(at)
        file.write(b"\xa5" * 4096)


def garbage(db: Path) -> None:
    db.write_bytes(b"DUCK" + b"\x00\xff" * 5000)


def emptied(db: Path) -> None:
    db.write_bytes(b"")


def newer_schema(db: Path) -> None:
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (99, now())")
    con.close()


DAMAGES: dict[str, Callable[[Path], None]] = {
    "cut off": cut_off,
    "overwritten mid-file": overwritten,
    "garbage": garbage,
    "empty": emptied,
}


def damaged_copy(template: Path, folder: Path, damage: Callable[[Path], None]) -> Path:
    db = folder / "live.duckdb"
    shutil.copyfile(template, db)
    damage(db)
    return db


def assert_said(text: str, lang: str) -> None:
    """The damage said in the reader's language, with what to do, and none of DuckDB's English in French."""
    if lang == "fr":
        assert "est endommagé" in text and RESTORE_FR in text, text
        assert not [w for w in DUCKDB_WORDS if w in text], text
    else:
        assert "is damaged" in text and RESTORE_EN in text, text
    assert "unexpected" not in text and "inattendue" not in text and "Traceback" not in text, text


# ------------------------------------------------------------------ the command line


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", DAMAGES)
def test_the_command_line_says_the_damage(template: Path, tmp_path: Path, kind: str, lang: str) -> None:
    db = damaged_copy(template, tmp_path, DAMAGES[kind])
    done = cli("--db", str(db), "--lang", lang, "data", "-o", str(tmp_path / "figures.csv"))
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert_said(done.stderr, lang)
    assert not (tmp_path / "figures.csv").exists()


@pytest.mark.parametrize("kind", DAMAGES)
def test_the_command_line_gives_the_refusal_json(template: Path, tmp_path: Path, kind: str) -> None:
    db = damaged_copy(template, tmp_path, DAMAGES[kind])
    done = cli("--db", str(db), "--json", "--lang", "fr", "data", "-o", str(tmp_path / "figures.csv"))
    assert done.returncode == 1
    refusal = json.loads(done.stdout)
    assert refusal["ok"] is False and RESTORE_EN in refusal["errors"][0]["message"]
    assert_said(done.stderr, "fr")


def test_damage_met_in_the_middle_of_a_read(template: Path, tmp_path: Path) -> None:
    """A file overwritten inside a data block opens and answers the first questions; the read that meets the
    block is refused with the same words."""
    db = damaged_copy(template, tmp_path, overwritten)
    store = Store(db)
    assert store.state("cqcm-2020")[0].batch == 2  # opens, and the batches are read
    done = cli("--db", str(db), "--lang", "fr", "data", "-o", str(tmp_path / "figures.csv"))
    assert_said(done.stderr, "fr")
    assert "sommes de contrôle" in done.stderr


def test_the_advice_names_the_last_automatic_copy(template: Path, tmp_path: Path) -> None:
    """Copies sorted by the time in their names (a kept copy is a hard link: its own time is the old file's
    last write), a copy with a log beside it or one that does not read passed over: the copy named is one that
    `planmetrics restore` accepts."""
    db = damaged_copy(template, tmp_path, garbage)
    older = tmp_path / "live.duckdb.before-restore"
    named = tmp_path / "live.duckdb.before-restore-20261129T090000"
    with_log = tmp_path / "live.duckdb.before-restore-20261130T101500"
    for n, copy in enumerate([with_log, named, older]):  # the newest name has the oldest time
        shutil.copyfile(template, copy)
        os.utime(copy, (1_700_000_000 + n, 1_700_000_000 + n))
    (tmp_path / "live.duckdb.before-restore-20261130T101500.wal").write_bytes(b"")  # a restore refuses it
    damaged_kept = tmp_path / "live.duckdb.before-restore-20261130T120000-2"  # a restore over a damaged file
    shutil.copyfile(template, damaged_kept)
    overwritten(damaged_kept)  # opens, a data block does not read
    assert last_automatic_copy(db) == named
    for lang, words in (("fr", "La dernière copie automatique est"), ("en", "The last automatic copy is")):
        done = cli("--db", str(db), "--lang", lang, "progress")
        assert done.returncode == 1
        assert f"{words} {named}" in done.stderr, done.stderr
    live = tmp_path / "other.duckdb"
    restored = cli("--db", str(live), "restore", str(named), "--json")  # the advice can be followed
    assert restored.returncode == 0, restored.stderr
    assert Store(live).current_figures().equals(Store(template).current_figures())


def test_a_newer_schema_is_still_refused_as_too_new(template: Path, tmp_path: Path) -> None:
    db = damaged_copy(template, tmp_path, newer_schema)
    done = cli("--db", str(db), "--lang", "fr", "--json", "history")
    assert done.returncode == 1
    assert "plus récent que ce planmetrics" in done.stderr
    assert json.loads(done.stdout)["ok"] is False


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (
            "Corrupt database file: computed checksum 1 does not match stored checksum 2 in block at location 0",
            "checksum",
        ),
        ('IO Error: Could not read enough bytes from file "x.duckdb": attempted to read 262144 bytes', "short"),
        ('IO Error: The file "x.duckdb" exists, but it is not a valid DuckDB database file!', "not_database"),
        ("IO Error: Trying to read a database file with version number 99, but we can only read version 64", "version"),
        ("Constraint Error: Duplicate key", None),
        ('IO Error: Failed to read file "x.duckdb": no such file', None),
    ],
)
def test_each_way_duckdb_says_damage(message: str, kind: str | None) -> None:
    """DuckDB's sentences for a damaged file (the first three met above on real files; a file from another
    storage version cannot be made without rewriting the header's checksum) and one that is no damage."""
    assert damage_kind(duckdb.Error(message)) == kind


@pytest.mark.parametrize(
    "error",
    [
        ValueError('failed to read file "report.xlsx": not a zip file'),
        OSError(5, 'Corrupt database file: checksum mismatch in "notes.txt"'),
        RuntimeError("Serialization Error: failed to deserialize the deck"),
    ],
    ids=["failed to read", "an OSError", "another library's words"],
)
def test_another_errors_words_are_no_damage(error: Exception) -> None:
    """Only DuckDB's own errors speak of the database's damage: the command line's catch-all does not call
    another library's error about another file a damaged database."""
    assert damage_kind(error) is None
    assert failures.said(error, None) is None


# ------------------------------------------------------------------ the pages


def run(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def live(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "live.duckdb"
    shutil.copyfile(template, db)
    monkeypatch.setenv("PLANMETRICS_DB", str(db))
    monkeypatch.setenv("PLANMETRICS_SECRETS", str(tmp_path / "secrets.toml"))
    return db


PAGES = ["overview", "jobs", "revenue", "benefits", "networks", "reports", "upload", "history", "method"]
# A block of the figures' sources overwritten: what the pages reading figures meet, after their start
PAGE_CASES = [
    (page, kind)
    for kind in DAMAGES
    for page in (PAGES if kind != "overwritten mid-file" else ["overview", "jobs", "revenue", "benefits"])
]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(("page", "kind"), PAGE_CASES)
def test_every_page_says_the_damage(live: Path, page: str, kind: str, lang: str) -> None:
    DAMAGES[kind](live)
    at = run(page, lang)
    assert len(at.error) == 1
    assert_said(texts(at), lang)


def test_a_page_after_the_file_is_repaired(template: Path, live: Path) -> None:
    """Nothing cached from the damaged file: the page shows the figures again once a good file is back."""
    overwritten(live)
    assert_said(texts(run("jobs", "fr")), "fr")
    repaired = live.with_name("repaired.duckdb")
    shutil.copyfile(template, repaired)
    repaired.replace(live)
    again = run("jobs", "fr")
    assert not again.error
    assert again.get("plotly_chart")


def test_a_page_on_a_newer_schema(live: Path) -> None:
    newer_schema(live)
    at = run("overview", "fr")
    assert "plus récent que ce planmetrics" in at.error[0].value


# ------------------------------------------------------------------ a full disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MiB tmpfs (the init database is about 1.3 MB); unmounted after the test."""
    with tmpfs(tmp_path / "disk", 2048) as folder:
        yield folder


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_import_on_a_full_disk(tmp_path: Path, small_disk: Path, lang: str) -> None:
    db = small_disk / "live.duckdb"
    assert main(["--db", str(db), "init"]) == 0
    before = (Store(db).history(), Store(db).current_figures())
    big = long_csv(tmp_path / "big.csv", 20_000)
    done = cli("--db", str(db), "--lang", lang, "--json", "import", str(big))
    assert done.returncode == 1
    refusal = json.loads(done.stdout)
    assert refusal["ok"] is False and "is full" in refusal["errors"][0]["message"]
    said = {"fr": ("est plein", "rien n'a été écrit", "Libérez de l'espace"), "en": ("is full", "Free some space")}
    assert all(words in done.stderr for words in said[lang]), done.stderr
    assert "No space left" not in done.stderr and "unexpected" not in done.stderr
    assert "inattendue" not in done.stderr and "IO Error" not in done.stderr
    after = (Store(db).history(), Store(db).current_figures())
    assert after[0] == before[0]
    assert after[1].equals(before[1])


def test_a_correction_and_a_rollback_on_a_full_disk(tmp_path: Path, small_disk: Path) -> None:
    db = small_disk / "live.duckdb"
    assert main(["--db", str(db), "init"]) == 0
    filler = small_disk / "filler"
    with filler.open("wb") as file:  # the disk filled by something else, to its last byte
        try:
            while True:
                file.write(b"\0" * 65536)
                file.flush()
        except OSError:
            pass
    history = Store(db).history()
    done = cli("--db", str(db), "--lang", "fr", "--json", "correct", "jobs", "2018", "117000", "--reason", "typo")
    assert done.returncode == 1 and json.loads(done.stdout)["ok"] is False
    assert "est plein" in done.stderr, done.stderr
    rolled = cli("--db", str(db), "--lang", "fr", "rollback", "1")
    assert rolled.returncode == 1 and "est plein" in rolled.stderr, rolled.stderr
    filler.unlink()
    assert Store(db).history() == history


# ------------------------------------------------------------------ a cache that cannot lie


def write_jobs(folder: Path, value: int) -> Path:
    return _file(folder / f"jobs-{value}.csv", f"year,indicator,value\n2019,jobs,{value}\n")


def _file(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def restore_by_rename(backup: Path, db: Path) -> None:
    """What a restore does to the live file: a copy of the backup beside it, renamed into place."""
    beside = db.with_name(db.name + ".restoring")
    shutil.copyfile(backup, beside)
    beside.replace(db)


@pytest.mark.parametrize(("page", "lang", "shown"), [("jobs", "en", "222,222"), ("overview", "fr", "222\u00a0222")])
def test_a_restore_then_an_import_shows_the_new_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str, lang: str, shown: str
) -> None:
    """The issue's scenario: backup, import (batch 2 = 111,111), restore, import (batch 2 again = 222,222)."""
    db = tmp_path / "live.duckdb"
    monkeypatch.setenv("PLANMETRICS_DB", str(db))
    monkeypatch.setenv("PLANMETRICS_SECRETS", str(tmp_path / "secrets.toml"))
    assert main(["--db", str(db), "init"]) == 0
    backup = tmp_path / "backup.duckdb"
    shutil.copyfile(db, backup)
    assert main(["--db", str(db), "import", str(write_jobs(tmp_path, 111_111))]) == 0
    first = run(page, lang)
    old = "111,111" if lang == "en" else "111\u00a0111"
    assert old in texts(first)
    restore_by_rename(backup, db)
    assert main(["--db", str(db), "import", str(write_jobs(tmp_path, 222_222))]) == 0
    assert Store(db).history()[0]["batch"] == "2"  # the same newest batch id as before the restore
    first.run()  # the running session's next rerun
    assert shown in texts(first) and old not in texts(first)
    fresh = run(page, lang)  # a new session
    assert shown in texts(fresh) and old not in texts(fresh)


def test_the_generation_follows_a_rollback_and_a_restore(template: Path, tmp_path: Path) -> None:
    db = tmp_path / "live.duckdb"
    shutil.copyfile(template, db)
    store = Store(db)
    start = store.generation()
    assert start.batch == 2 and start.rolled_back == 0
    store.rollback(2)
    rolled = store.generation()
    assert rolled.rolled_back == 1 and rolled != start
    restore_by_rename(template, db)
    restored = store.generation()
    assert restored.batch == start.batch and restored.rolled_back == 0
    assert restored != start  # another file: another inode


def test_a_page_that_finds_no_file_looks_again(tmp_path: Path) -> None:
    """Between a restore's renames there may be an instant without a file: the page looks once more, while the
    restore's temporary file sits beside it (without one, it does not wait: tests/pages/test_page_refusals.py)."""
    db = tmp_path / "live.duckdb"
    (tmp_path / ".live.duckdb.restore-4242").write_bytes(b"")
    later = threading.Timer(0.05, lambda: db.write_bytes(b"x"))
    later.start()
    try:
        assert _exists(db)
    finally:
        later.join()
    assert not _exists(tmp_path / "absent.duckdb")


def test_the_app_says_the_damage_through_its_navigation(live: Path) -> None:
    """The whole app (dashboard.py's navigation): the page it runs meets the damage and says it in French."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    overwritten(live)
    at.switch_page("pages/jobs.py").run()
    assert not at.exception, at.exception
    assert_said(texts(at), "fr")


def _app_whose_page_meets_a_full_disk() -> None:
    import streamlit as st  # noqa: PLC0415 - AppTest runs this function's source as a script of its own

    from planmetrics.errors import DatabaseError  # noqa: PLC0415
    from planmetrics.ui.context import run_page  # noqa: PLC0415

    def commit() -> None:  # what an upload's commit or a rollback raises on a full disk
        raise DatabaseError("store.disk_full", "store.disk_full.advice", path="live.duckdb")

    st.session_state["lang"] = "fr"
    run_page(st.navigation([st.Page(commit, title="Importer", url_path="upload")]))


def test_a_failure_anywhere_in_a_page_is_said_in_words() -> None:
    """A DatabaseError from a write deep in a page (not a cached read) is said by the navigation's runner."""
    at = AppTest.from_function(_app_whose_page_meets_a_full_disk, default_timeout=30).run()
    assert not at.exception, at.exception
    assert "est plein" in at.error[0].value and "Libérez de" in at.error[0].value
