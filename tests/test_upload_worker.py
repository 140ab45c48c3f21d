"""Uploads read and committed in a worker process (`uploading`, through `workers`): real files (a French wide CSV, a
refused file, a workbook) give what the server's own read gives; the session keeps nothing the size of the file;
a worker killed at its work is refused in the reader's language, the database unchanged; a refusal of the commit
crosses back in words; the upload folders go after a commit, a new upload, or a day."""

from __future__ import annotations

import dataclasses
import linecache
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import types
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from bench.real_files import xlsx_bytes
from planmetrics import i18n, importing, ingest, tables, uploading, workers
from planmetrics.errors import LockedYearError
from planmetrics.importing import FileRefusedError
from planmetrics.ingest import ReadOptions
from planmetrics.plan import Plan
from planmetrics.store import Store, review
from planmetrics.words import say
from tests.pages.conftest import texts

ROOT = Path(__file__).resolve().parents[1]
FRENCH_WIDE = "année;Emplois;Chiffre d'affaires (G$);Membres\n2019;121 500;47,2;\n2020;123 000;48;9,1 millions\n"
BAD = b"year,indicator,value\n2019,jobs,about 5\n2O19,jobs,4\n"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder, this test's own: the upload folders are made under it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return uploading.upload_root()


def folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir())


def preview(db: str, plan: Plan, name: str, data: bytes, lang: str = "fr") -> tuple[uploading.WorkDir, uploading.Shown]:
    work = uploading.new_workdir(data)
    shown = uploading.preview(work, Path(db), plan, name, ReadOptions(), lang=lang, state="direct", network=None)
    return work, shown


def as_the_server_reads_it(db: str, plan: Plan, name: str, data: bytes, lang: str = "fr") -> importing.ImportOutcome:
    """The same file read in this process, as the Upload page read every file before workers."""
    return importing.preview_bytes(Store(db), plan, data, name, lang=lang)


def same_as_the_servers_read(shown: uploading.Shown, outcome: importing.ImportOutcome) -> None:
    assert shown.summary == outcome.to_json()
    changing = outcome.changes[outcome.changes["change"] != "unchanged"].reset_index(drop=True)
    pd.testing.assert_frame_equal(shown.changes, changing.head(uploading.SHOWN_CHANGES))
    assert shown.changed == len(changing)
    assert shown.read.detected == outcome.read.detected
    assert (shown.read.errors, shown.read.warnings, shown.read.series) == (
        outcome.read.errors,
        outcome.read.warnings,
        outcome.read.series,
    )


def test_a_french_wide_csv_is_read_by_a_worker_as_the_server_read_it_then_committed(
    db: str, plan: Plan, root: Path
) -> None:
    data = FRENCH_WIDE.encode("utf-8")
    work, shown = preview(db, plan, "réseau-2020.csv", data)
    same_as_the_servers_read(shown, as_the_server_reads_it(db, plan, "réseau-2020.csv", data))
    detected = shown.read.detected
    assert (detected.layout, detected.delimiter, detected.decimal) == ("wide", ";", ",")
    before = len(Store(db).history())
    done = uploading.commit(work, Path(db), plan, "réseau-2020.csv", by="test", state="direct", network=None, lang="fr")
    history = Store(db).history()
    assert len(history) == before + 1
    assert (done.inserted, done.restated, done.unchanged) == tuple(
        shown.summary[k] for k in ("inserted", "restated", "unchanged")
    )
    current = Store(db).current_figures().query("year == 2020 and sector == 'all' and network == 'all'")
    assert dict(zip(current["indicator"], current["value"], strict=True)) == {
        "jobs": 123_000.0,
        "revenue": 48e9,
        "members": 9_100_000.0,
    }
    work.remove()
    assert folders(root) == []


def test_a_refused_file_crosses_back_with_every_problem_at_its_row_and_column_in_french(
    db: str, plan: Plan, root: Path
) -> None:
    before = Store(db).history()
    with pytest.raises(FileRefusedError) as refused:
        preview(db, plan, "mauvais.csv", BAD)
    read = ingest.read_figures(BAD, "mauvais.csv", plan, lang="fr")
    assert refused.value.problems_json == [importing.problem_json(p) for p in read.errors]
    assert [(p["row"], p["column"]) for p in refused.value.problems_json] == [(2, "value"), (3, "year")]
    assert "n'est pas une année" in refused.value.problems_json[1]["message"]
    assert refused.value.text("fr").startswith("mauvais.csv : 2 erreurs relevées, aucun chiffre n'a été enregistré.")
    assert len(refused.value.result.staged) == 0
    assert Store(db).history() == before


def test_a_workbook_is_read_by_a_worker_as_the_server_read_it(db: str, plan: Plan, root: Path) -> None:
    rows = [
        ["année", "indicateur", "région", "valeur"],
        *([2000 + n, "Emplois", "Québec", 100_000 + n] for n in range(21)),
    ]
    data = xlsx_bytes(rows)
    work, shown = preview(db, plan, "emplois.xlsx", data)
    same_as_the_servers_read(shown, as_the_server_reads_it(db, plan, "emplois.xlsx", data))
    assert (shown.read.detected.encoding, shown.read.detected.sheet) == ("xlsx", "Sheet")
    done = uploading.commit(work, Path(db), plan, "emplois.xlsx", by="test", state="direct", network=None, lang="fr")
    assert done.rows == shown.summary["rows"] == 21


# ------------------------------------------------------------------ what the session keeps


def _held(value: object, seen: set[int] | None = None) -> list[tuple[str, int]]:
    """Every frame and every run of bytes `value` holds (through dataclasses, containers, our objects'
    attributes, and an exception's cause, context and traceback: its frames' locals and their callers'), with its
    size: a frame's rows, bytes' length."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, pd.DataFrame | pa.Table):
        return [(type(value).__name__, len(value))]
    if isinstance(value, bytes | bytearray):
        return [("bytes", len(value))]
    if isinstance(value, dict):
        children = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple | set | frozenset):
        children = list(value)
    elif isinstance(value, BaseException):
        children = [value.__traceback__, value.__cause__, value.__context__, *vars(value).values()]
    elif isinstance(value, types.TracebackType):
        children = [value.tb_frame, value.tb_next]
    elif isinstance(value, types.FrameType):
        children = [value.f_back, *value.f_locals.values()]
    elif dataclasses.is_dataclass(value):
        children = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif type(value).__module__.startswith("planmetrics"):
        children = list(vars(value).values())
    else:
        return []
    return [found for child in children for found in _held(child, seen)]


def _many_figures(count: int) -> bytes:
    """`count` figures of jobs, a year and a network each (the synthetic networks of the benchmarks)."""
    lines = ["year,indicator,network,value,source"]
    lines += [f"{2010 + n % 16},jobs,synthetic_network_{n // 16:04d},{1000 + n},test" for n in range(count)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def open_app(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PLANMETRICS_DB", db)
    monkeypatch.setenv("PLANMETRICS_SECRETS", str(tmp_path / "secrets.toml"))
    return db


def _upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def _upload_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=120)
    at.query_params["lang"] = "fr"
    return at.run()


def test_the_session_keeps_the_pages_tables_and_nothing_the_size_of_the_file(
    open_app: str, plan: Plan, root: Path
) -> None:
    count = 3 * uploading.SHOWN_CHANGES + 200
    data = _many_figures(count)
    at = _upload(_upload_page(), "reseaux.csv", data)
    kept = at.session_state["upload_preview"]
    sizes = _held(kept)
    assert max(n for kind, n in sizes if kind != "bytes") == uploading.SHOWN_CHANGES
    assert all(n < 100 for kind, n in sizes if kind == "bytes")  # the file's bytes wait in its folder
    shown = at.dataframe[0].value
    outcome = as_the_server_reads_it(open_app, plan, "reseaux.csv", data)
    whole = tables.changes_table(plan, outcome.changes, "fr")
    pd.testing.assert_frame_equal(shown, whole.head(uploading.SHOWN_CHANGES))  # the same first rows as before
    first, all_of_them = (i18n.format_number(n, "fr") for n in (uploading.SHOWN_CHANGES, count))
    assert f"Les {first} premières des {all_of_them} données qui changeraient" in texts(at)
    next(b for b in at.button if b.label == "Enregistrer ces données").click().run()
    assert not at.exception, at.exception
    newest = Store(open_app).history()[0]
    written = newest["inserted"] + newest["restated"] + newest["unchanged"]
    assert (newest["file_name"], written) == ("reseaux.csv", count)
    assert folders(root) == []


def test_a_refused_big_file_leaves_nothing_the_size_of_the_file_in_the_session(open_app: str, root: Path) -> None:
    data = _many_figures(60_000) + b"2019,jobs,synthetic_network_0000,about 5,test\n"
    at = _upload(_upload_page(), "reseaux.csv", data)
    kept = at.session_state["upload_preview"]
    assert kept[1].refused is not None
    assert len(kept[1].refused.problems_json) == 1
    assert folders(root) == []
    big = [n for kind, n in _held(kept) if kind == "bytes" and n >= len(data) // 2]
    assert big == []  # no traceback, cause or context keeps the file (or the page's context) alive


def test_a_new_upload_removes_the_last_ones_folder(open_app: str, root: Path) -> None:
    at = _upload(_upload_page(), "premier.csv", _many_figures(20))
    (first,) = folders(root)
    _upload(at, "second.csv", _many_figures(40))
    (second,) = folders(root)
    assert second != first
    assert not first.exists()


def test_folders_older_than_a_day_are_swept(root: Path) -> None:
    old, fresh = uploading.new_workdir(b"old"), uploading.new_workdir(b"fresh")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old.path, (two_days_ago, two_days_ago))
    kept = uploading.new_workdir(b"new")
    assert folders(root) == sorted([fresh.path, kept.path])


# ------------------------------------------------------------------ a worker that dies, a refusal that crosses


def _killed_at_work(work: uploading.WorkDir, db: str, action: object) -> BaseException:
    """`action()` run in a thread while this test holds the database (so that its worker waits for it), its
    worker killed as soon as it has started; what the action raised."""
    (work.path / "worker.pid").unlink(missing_ok=True)
    raised: list[BaseException] = []

    def act() -> None:
        try:
            action()  # type: ignore[operator]
        except BaseException as exc:  # what it raised is the test's to judge
            raised.append(exc)

    held = duckdb.connect(db)  # the worker cannot open the file while this process holds it
    try:
        thread = threading.Thread(target=act)
        thread.start()
        pid_file = work.path / "worker.pid"
        while thread.is_alive() and not pid_file.exists():
            time.sleep(0.002)
        os.kill(int(pid_file.read_text()), signal.SIGKILL)
        thread.join()
    finally:
        held.close()
    (exc,) = raised
    return exc


def test_a_worker_killed_while_committing_is_refused_in_french_and_writes_nothing(
    db: str, plan: Plan, root: Path
) -> None:
    data = FRENCH_WIDE.encode()
    work, _ = preview(db, plan, "réseau-2020.csv", data)
    before, figures = Store(db).history(), Store(db).current_figures()

    def commit() -> None:
        uploading.commit(work, Path(db), plan, "réseau-2020.csv", by="test", state="direct", network=None, lang="fr")

    stopped = _killed_at_work(work, db, commit)
    assert isinstance(stopped, uploading.WorkerStoppedError)
    assert stopped.text("fr") == (
        say("uploading.commit_stopped", "fr", file="réseau-2020.csv") + " " + say("uploading.stopped.advice", "fr")
    )
    assert Store(db).history() == before
    pd.testing.assert_frame_equal(Store(db).current_figures(), figures)
    commit()  # the database and the preview's folder as they were: the same commit goes through
    assert len(Store(db).history()) == len(before) + 1


def test_a_worker_killed_while_reading_is_the_files_refusal_in_french(db: str, plan: Plan, root: Path) -> None:
    work = uploading.new_workdir(FRENCH_WIDE.encode())
    before = Store(db).history()

    def read() -> None:
        uploading.preview(
            work, Path(db), plan, "réseau-2020.csv", ReadOptions(), lang="fr", state="direct", network=None
        )

    refused = _killed_at_work(work, db, read)
    assert isinstance(refused, FileRefusedError)
    assert (refused.__cause__, refused.__context__) == (None, None)  # no frames of the worker's death kept with it
    (problem,) = refused.problems_json
    assert problem == {
        "row": None,
        "column": None,
        "value": None,
        "message": say("uploading.read_stopped", "fr", file="réseau-2020.csv")
        + " "
        + say("uploading.stopped.advice", "fr"),
    }
    assert Store(db).history() == before


def test_a_locked_year_refuses_the_commit_in_the_workers_words_in_french(db: str, plan: Plan, root: Path) -> None:
    work, _ = preview(db, plan, "réseau-2020.csv", FRENCH_WIDE.encode())
    review.lock_year(Store(db), 2019, by="test")
    with pytest.raises(LockedYearError) as refused:
        uploading.commit(work, Path(db), plan, "réseau-2020.csv", by="test", state="direct", network=None, lang="fr")
    assert refused.value.years == [2019]
    count = refused.value.count
    key = "review.locked.one" if count == 1 else "review.locked"
    words = say(key, "fr", years="2019", count=i18n.format_number(count, "fr"))
    assert refused.value.text("fr") == f"{words} {say('review.locked.advice', 'fr')}"


def test_a_commit_whose_preview_is_gone_is_refused(db: str, plan: Plan, root: Path) -> None:
    work, _ = preview(db, plan, "réseau-2020.csv", FRENCH_WIDE.encode())
    work.remove()
    with pytest.raises(uploading.PreviewGoneError) as refused:
        uploading.commit(work, Path(db), plan, "réseau-2020.csv", by="test", state="direct", network=None, lang="fr")
    assert refused.value.text("en").startswith("The preview of réseau-2020.csv is no longer kept")


def test_a_helper_that_was_killed_is_started_again_for_the_next_upload(db: str, plan: Plan, root: Path) -> None:
    helper = workers.start(uploading.__name__)
    os.kill(helper.process.pid, signal.SIGKILL)
    helper.process.wait()
    _, shown = preview(db, plan, "réseau-2020.csv", FRENCH_WIDE.encode())
    assert shown.summary["rows"] == 5
    assert workers.start(uploading.__name__).process.pid != helper.process.pid


@pytest.mark.parametrize("deleted", ["folder", "socket"])
def test_a_helper_whose_socket_a_cleaner_deleted_is_started_again_for_the_next_upload(
    db: str, plan: Plan, root: Path, monkeypatch: pytest.MonkeyPatch, deleted: str
) -> None:
    monkeypatch.setattr(workers, "START_SECONDS", 60.0)  # before, a caller waited this long for the socket, in vain
    preview(db, plan, "réseau-2020.csv", FRENCH_WIDE.encode())  # the helper listens
    helper = workers.start(uploading.__name__)
    if deleted == "folder":
        shutil.rmtree(helper.address.parent)
    else:
        helper.address.unlink()
    _, shown = preview(db, plan, "réseau-2020.csv", FRENCH_WIDE.encode())
    assert shown.summary["rows"] == 5
    assert helper.process.poll() is not None  # the one that lost its socket was stopped
    assert workers.start(uploading.__name__).address.exists()


def _sending(thread: threading.Thread) -> bool:
    """Whether `thread` is at (or in) a socket's `sendall`."""
    frame = sys._current_frames().get(thread.ident or 0)
    return frame is not None and "sendall(" in linecache.getline(frame.f_code.co_filename, frame.f_lineno)


def test_a_connection_lost_while_sending_the_job_is_a_dead_worker() -> None:
    helper = workers.start("json")  # a helper of its own: this test kills it
    workers.run(len, b"ready", preload="json")
    raised: list[BaseException] = []

    def send() -> None:
        try:
            workers.run(len, b"x" * (32 << 20), preload="json")  # far more than the socket's buffer holds
        except BaseException as exc:  # what it raised is the test's to judge
            raised.append(exc)

    os.kill(helper.process.pid, signal.SIGSTOP)  # connected, but never accepted: the job waits in the socket
    thread = threading.Thread(target=send)
    thread.start()
    while thread.is_alive() and not _sending(thread):
        time.sleep(0.002)
    os.kill(helper.process.pid, signal.SIGKILL)  # the connection is reset under the sender
    thread.join()
    (exc,) = raised
    assert isinstance(exc, workers.WorkerDiedError), repr(exc)


def test_a_worker_out_of_memory_is_a_dead_worker_not_a_traceback() -> None:
    with pytest.raises(workers.WorkerDiedError) as died:
        workers.run(bytearray, 1 << 62, preload="json")  # MemoryError in the worker
    assert "Traceback" not in str(died.value)


def test_a_worker_that_does_not_answer_in_time_is_a_dead_worker() -> None:
    with pytest.raises(workers.WorkerDiedError):
        workers.run(time.sleep, 10, preload="json", timeout=0.5)
    assert workers.run(len, b"four", preload="json") == 4
