"""A batch's original file is for editors (issue 15, finding 9): the History page builds its download only
for a signed-in user who may have it (the plan team, reviewers; a network editor her network's batches only,
issue 18), so anyone else's page holds neither the button nor the file, nor a way to ask for it; an app without
users offers it to anyone and says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planmetrics import importing
from planmetrics.plan import default_plan, load_plans
from planmetrics.store import Store
from tests.pages.conftest import PageRunner, add_user, sign_in, texts

SECRET_FILE = (
    b"year,indicator,value,source,salary_of_director,internal_remark\n"
    b"2019,jobs,121500,Federation 2019,185000,do not publish\n"
)


@pytest.fixture
def kept_batch(app_db: Path) -> int:
    """A batch imported from a file with two columns the import ignores: the original keeps them."""
    store = Store(app_db)
    outcome = importing.import_bytes(store, default_plan(load_plans()), SECRET_FILE, "salaries.csv", by="alice")
    batch = outcome.batch.batch if outcome.batch is not None else None
    assert batch is not None
    assert store.batch_file(batch)[1] == SECRET_FILE
    return int(batch)


def _every_proto(at: AppTest) -> str:
    """Everything the page sent to the browser, as the protos' text."""
    return "\n".join(str(node.proto) for node in at._tree if getattr(node, "proto", None) is not None)


def _on_batch(at: AppTest, batch: int) -> AppTest:
    at.selectbox(key="history_batch").set_value(batch).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "The original files of the batches are for editors: sign in to download them."),
        ("fr", "Les fichiers d'origine des lots sont réservés aux éditeurs : connectez-vous pour les télécharger."),
    ],
)
def test_a_viewer_gets_no_original_file(
    run_page: PageRunner, app_db: Path, kept_batch: int, lang: str, said: str
) -> None:
    add_user(app_db, "alice")
    at = _on_batch(run_page("history", lang=lang), kept_batch)
    assert not at.get("download_button")
    assert said in texts(at)
    sent = _every_proto(at)
    assert "salary_of_director" not in sent and "do not publish" not in sent
    assert "deferred_file_id" not in sent  # no id a crafted request could ask the server for


def test_a_signed_in_editor_downloads_it(run_page: PageRunner, app_db: Path, kept_batch: int) -> None:
    add_user(app_db, "alice")
    at = sign_in(_on_batch(run_page("history", lang="en"), kept_batch), "alice")
    assert "Signed in as alice — Plan-team editor." in texts(at)
    at = _on_batch(at, kept_batch)
    (download,) = at.get("download_button")
    assert download.proto.label == "Download the original file"
    assert "for editors" not in texts(at)


def test_an_app_without_editors_offers_it_and_says_so(run_page: PageRunner, kept_batch: int) -> None:
    at = _on_batch(run_page("history", lang="fr"), kept_batch)
    assert len(at.get("download_button")) == 1
    assert "toute personne qui accède à cette application peut télécharger les fichiers d'origine" in texts(at)
