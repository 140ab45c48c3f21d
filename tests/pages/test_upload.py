"""The upload and history pages headless: errors or preview, commit, the overview moves, and who may act."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planmetrics import uploading
from planmetrics.plan import Plan
from planmetrics.store import Store
from tests.pages.conftest import PASSWORD, PageRunner, add_user, texts

FRENCH = "année;indicateur;valeur;source\r\n2019;Emplois;121 500;Fédération 2019\r\n".encode("cp1252")
BAD = b"year,indicator,value\n2019,jobs,about 5\n2O19,jobs,4\n"


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def test_open_app_warns_that_anyone_can_change(run_page: PageRunner) -> None:
    shown = texts(run_page("upload", lang="en"))
    assert "anyone who reaches this app can change its data" in shown


def test_bad_file_shows_every_problem(run_page: PageRunner, app_db: Path) -> None:
    at = upload(run_page("upload", lang="en"), "bad.csv", BAD)
    assert "2 problems found" in texts(at)
    problems = at.dataframe[0].value
    assert problems["Row"].tolist() == [2, 3]
    assert not [b for b in at.button if b.label == "Commit these figures"]
    assert len(Store(app_db).history()) == 1


def test_preview_then_commit_moves_the_overview(run_page: PageRunner, app_db: Path) -> None:
    at = upload(run_page("upload", lang="fr"), "emplois.csv", FRENCH)
    shown = texts(at)
    assert "Données lues : 1 · nouvelles : 1" in shown
    changes = at.dataframe[0].value
    assert changes["Nouvelle valeur"].tolist() == ["121\u00a0500"]
    moves = at.dataframe[1].value
    assert "Emplois nets créés d'ici 2020" in moves["Cible"].tolist()
    assert len(Store(app_db).history()) == 1  # nothing written before the confirmation
    next(b for b in at.button if b.label == "Enregistrer ces données").click().run()
    assert "Enregistré comme lot 2" in texts(at)
    overview = run_page("overview", lang="fr")
    assert "121\u00a0500" in texts(overview)


def test_viewer_sees_sign_in_and_no_uploader(run_page: PageRunner, app_db: Path, tmp_path: Path) -> None:
    add_user(app_db, "alice")
    at = run_page("upload", lang="en")
    assert not at.file_uploader
    assert "only signed-in users can upload" in texts(at)


def test_server_refuses_a_change_without_an_editor(app_db: Path) -> None:
    """Even a crafted session (no sign-in) cannot commit: the server checks before writing."""
    add_user(app_db, "alice")
    at = AppTest.from_string(
        "import streamlit as st\nfrom planmetrics import ui\nfrom planmetrics.ui import context\n"
        "ctx = context.page(allow_empty=True)\ntry:\n    ui.require_actor(ctx)\n"
        "except Exception as exc:\n    st.error(str(exc))\n",
        default_timeout=30,
    ).run()
    assert "Only a signed-in user can do this. Sign in, then try again." in texts(at)


def test_editor_signs_in_then_uploads(run_page: PageRunner, app_db: Path) -> None:
    add_user(app_db, "alice")
    at = run_page("upload", lang="en")
    at.text_input[0].input("alice")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert "Signed in as alice — Plan-team editor." in texts(at)
    assert at.file_uploader


def test_history_page_rolls_back_after_confirmation(run_page: PageRunner, app_db: Path) -> None:
    store = Store(app_db)
    store.commit(
        store.current_figures()
        .query("indicator == 'jobs' and year == 2018 and sector == 'all'")
        .drop(columns="batch")
        .assign(value=130_000.0),
        kind="import",
        by="test",
    )
    at = run_page("history", lang="en")
    next(b for b in at.button if b.label.startswith("Roll back batch 2")).click().run()
    assert "Confirm?" in texts(at)
    assert not store.history()[0]["rolled_back"]
    next(b for b in at.button if b.label == "Yes, roll back").click().run()
    assert store.history()[1]["rolled_back"]
    assert "Batch 2 rolled back" in texts(at)


@pytest.mark.parametrize("name", ["figures.exe", "notes.pdf"])
def test_wrong_type_refused_on_server(run_page: PageRunner, name: str) -> None:
    at = run_page("upload", lang="en")
    at.file_uploader[0].set_value((name, b"year,indicator,value\n", "application/octet-stream"))
    at.run()
    assert "only .csv, .tsv, .txt, .xlsx and .xls files are read" in texts(at)


def counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each file the page has a worker read (`uploading.preview`, called through): its name."""
    reads: list[str] = []
    original = uploading.preview

    def counted(work: uploading.WorkDir, db: Path, plan: Plan, file_name: str, *args: Any, **kwargs: Any) -> Any:
        reads.append(file_name)
        return original(work, db, plan, file_name, *args, **kwargs)

    monkeypatch.setattr(uploading, "preview", counted)
    return reads


def test_one_upload_is_read_once(run_page: PageRunner, app_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Preview, a rerun, the click and the commit: the file is read once (by a worker), and a fresh uploader
    follows."""
    reads = counted_reads(monkeypatch)
    at = upload(run_page("upload", lang="fr"), "emplois.csv", FRENCH)
    assert "Données lues : 1 · nouvelles : 1" in texts(at)
    at.run()
    assert not at.exception, at.exception
    assert "Données lues : 1 · nouvelles : 1" in texts(at)
    next(b for b in at.button if b.label == "Enregistrer ces données").click().run()
    assert not at.exception, at.exception
    assert reads == ["emplois.csv"]
    assert "Enregistré comme lot 2" in texts(at)
    assert at.file_uploader[0].value is None  # a fresh uploader, ready for the next file
    assert not [b for b in at.button if b.label == "Enregistrer ces données"]
    assert len(Store(app_db).history()) == 2


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    run_page: PageRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = counted_reads(monkeypatch)
    monkeypatch.setenv("PLANMETRICS_MAX_UPLOAD_MB", "0.5")
    content = FRENCH + b"2019;Emplois;1;x\r\n" * 40_000  # 720 070 bytes: 0.69 MB
    at = upload(run_page("upload", lang="fr"), "emplois.csv", content)
    assert reads == []
    assert "emplois.csv fait 0,7 Mo, au-delà de la limite de 0,5 Mo." in texts(at)
    assert not at.dataframe


def _sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_a_guesser_waits_while_the_editor_in_another_session_signs_in(run_page: PageRunner, app_db: Path) -> None:
    """Issue 15, finding 8: wrong tries slow the name, in the reader's language. AppTest, like a loopback
    connection, has no address: a new session is no fresh start (review of issue 15, item 8), so the editor in
    another session waits out the same delay, then signs in; nothing locks her out."""
    add_user(app_db, "alice")
    guesser = _sign_in(run_page("upload", lang="fr"), "alice", "guess-1")
    assert "Éditeur inconnu ou mot de passe erroné. Vous pourrez réessayer dans 1 s." in texts(guesser)
    said: list[str] = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # tries until the delay has doubled to 8 s; tries while it runs are refused
        said.append(texts(_sign_in(guesser, "alice", f"guess-{len(said)}")))
        if "Vous pourrez réessayer dans 8 s." in said[-1]:
            break
        time.sleep(0.5)
    assert "Vous pourrez réessayer dans 8 s." in said[-1]
    assert "Vous pourrez réessayer dans 2 s." in "".join(said)
    assert any("Trop de tentatives échouées pour ce nom. Réessayez dans" in s for s in said)
    _sign_in(guesser, "alice", "correct-horse")  # the right password, while this browser waits
    assert "Trop de tentatives échouées pour ce nom. Réessayez dans" in texts(guesser)
    assert not guesser.file_uploader
    editor = _sign_in(run_page("upload", lang="en"), "alice", "correct-horse")
    waits = re.search(r"Too many failed tries for this name\. Try again in (\d+) s\.", texts(editor))
    assert waits and int(waits.group(1)) <= 8, texts(editor)
    time.sleep(int(waits.group(1)))
    _sign_in(editor, "alice", "correct-horse")
    assert "Signed in as alice — Plan-team editor." in texts(editor)
    assert editor.file_uploader
