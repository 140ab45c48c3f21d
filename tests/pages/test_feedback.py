"""Feedback after actions (issue 14, item 6), as a person meets it: a saved commentary on its card at once, a
committed preview gone with a link to the batch in the history, a refused form that keeps what was typed, an
upload refused that keeps the source and indicator chosen."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from planmetrics.store import Store
from planmetrics.words import say
from tests.pages.conftest import PageRunner, cards_shown, texts

JOBS_NET_FR = "Emplois nets créés d'ici 2020"
# Markdown's marks and a formula's dollars: a commentary is shown as written.
BODY = "Le T2 a coûté 5 $ et 3 $ : *embauches* [reportées](http://exemple.ca) au_second semestre."
FRENCH_JOBS = "année;indicateur;valeur;source\r\n2019;Emplois;121 500;Fédération 2019\r\n".encode("cp1252")
NO_INDICATOR = b"annee;valeur\r\n2019;121 500\r\n"
BAD = b"annee;valeur\r\n2O19;121 500\r\n"


def _widget(widgets: object, label: str) -> object:
    return next(w for w in widgets if w.label == label)  # type: ignore[attr-defined]


def _click(at: AppTest, key: str, lang: str = "fr") -> AppTest:
    next(b for b in at.button if b.label == say(key, lang)).click().run()
    assert not at.exception, at.exception
    return at


def test_a_saved_commentary_shows_on_its_card_at_once(run_page: PageRunner) -> None:
    at = run_page("overview", lang="fr")
    at.text_input(key="open_editor_name").input("Ana")
    _widget(at.text_area, say("comment.body", "fr")).input(BODY)  # type: ignore[attr-defined]
    _click(at, "comment.save")
    assert "Commentaire enregistré : il figure sur la carte « Emplois nets créés d'ici 2020 »." in texts(at)
    card = cards_shown(at)[JOBS_NET_FR]
    # The as-of year (2019, the newest with a figure) is the form's year; the line as comment.line says it.
    assert any(line.startswith(f":material/comment: 2019 : {BODY} — Ana, ") for line in card), card
    assert _widget(at.text_area, say("comment.body", "fr")).value == ""  # type: ignore[attr-defined]
    at.run()  # the success is said once, not on every later run
    assert "Commentaire enregistré" not in texts(at)


def test_a_refused_commentary_keeps_what_was_typed(run_page: PageRunner, app_db: Path) -> None:
    """A commentary of blanks is refused: the target, the year and the text stay as they were typed."""
    at = run_page("overview", lang="fr")
    _widget(at.selectbox, say("col.target", "fr")).set_value("jobs_montreal")  # type: ignore[attr-defined]
    _widget(at.number_input, say("col.year", "fr")).set_value(2018)  # type: ignore[attr-defined]
    _widget(at.text_area, say("comment.body", "fr")).input("  \n ")  # type: ignore[attr-defined]
    _click(at, "comment.save")
    assert say("store.comment_empty", "fr") in texts(at)
    assert _widget(at.text_area, say("comment.body", "fr")).value == "  \n "  # type: ignore[attr-defined]
    assert _widget(at.selectbox, say("col.target", "fr")).value == "jobs_montreal"  # type: ignore[attr-defined]
    assert _widget(at.number_input, say("col.year", "fr")).value == 2018  # type: ignore[attr-defined]
    assert Store(app_db).comments("cqcm-2020").empty


def test_a_refused_correction_keeps_what_was_typed(run_page: PageRunner, app_db: Path) -> None:
    at = run_page("upload", lang="fr")
    _widget(at.selectbox, say("col.region", "fr")).set_value("Montréal")  # type: ignore[attr-defined]
    _widget(at.text_input, say("col.new", "fr")).input("33 000")  # type: ignore[attr-defined]
    _click(at, "correct.save")  # no reason given
    assert "Une correction doit être motivée." in texts(at)
    assert _widget(at.text_input, say("col.new", "fr")).value == "33 000"  # type: ignore[attr-defined]
    assert _widget(at.selectbox, say("col.region", "fr")).value == "Montréal"  # type: ignore[attr-defined]
    _widget(at.text_input, say("correct.reason", "fr")).input("Portrait régional")  # type: ignore[attr-defined]
    _click(at, "correct.save")  # the same form, now with its reason
    assert "Correction enregistrée comme lot 2." in texts(at)
    assert _widget(at.text_input, say("col.new", "fr")).value == ""  # type: ignore[attr-defined]
    assert len(Store(app_db).history()) == 2


def test_after_a_commit_the_preview_goes_and_says_where_the_batch_is(run_page: PageRunner) -> None:
    at = run_page("upload", lang="fr")
    at.file_uploader[0].set_value(("emplois.csv", FRENCH_JOBS, "text/csv")).run()
    assert "Données lues : 1 · nouvelles : 1" in texts(at)
    _click(at, "upload.confirm")
    assert say("upload.done", "fr", batch=2) in texts(at)  # "… la page Historique présente le lot."
    assert not [b for b in at.button if b.label == say("upload.confirm", "fr")]
    assert not at.dataframe  # no preview left
    at.run()
    assert say("upload.done", "fr", batch=2) not in texts(at)  # said once


def test_the_success_links_to_the_batch_in_the_history(run_app: PageRunner, app_db: Path) -> None:
    """Through the app's navigation (a link needs the page it leads to): the kept success of a commit."""
    at = run_app("upload", lang="fr")
    at.session_state["upload_done"] = (say("upload.done", "fr", batch=2), 2, "history")  # as remember_done keeps it
    at.run()
    assert say("upload.done", "fr", batch=2) in texts(at)
    [link] = at.get("page_link")
    assert link.proto.label == "Voir le lot 2 dans l’historique"
    assert link.proto.page == "history"


def test_a_submissions_success_links_to_the_review_page(run_app: PageRunner, app_db: Path) -> None:
    """A network editor's commit is a submission: its success leads to the Review page, where it awaits."""
    at = run_app("upload", lang="fr")
    at.session_state["upload_done"] = (say("review_page.upload.submitted", "fr", batch=2), 2, "review")
    at.run()
    assert "Soumis pour révision comme lot 2." in texts(at)
    [link] = at.get("page_link")
    assert link.proto.label == "Voir la soumission 2 à la page Révision"
    assert link.proto.page == "review"


def test_an_upload_refused_keeps_the_source_and_indicator(run_page: PageRunner) -> None:
    at = run_page("upload", lang="fr")
    _widget(at.text_input, say("upload.source", "fr")).input("Portrait 2019")  # type: ignore[attr-defined]
    _widget(at.selectbox, say("upload.indicator", "fr")).set_value("jobs")  # type: ignore[attr-defined]
    at.file_uploader[0].set_value(("emplois.csv", BAD, "text/csv")).run()
    assert "Un problème trouvé" in texts(at)
    assert _widget(at.text_input, say("upload.source", "fr")).value == "Portrait 2019"  # type: ignore[attr-defined]
    assert _widget(at.selectbox, say("upload.indicator", "fr")).value == "jobs"  # type: ignore[attr-defined]
    at.file_uploader[0].set_value(("emplois.csv", NO_INDICATOR, "text/csv")).run()  # the file fixed
    changes = at.dataframe[0].value
    assert changes[say("col.indicator", "fr")].tolist() == ["Emplois"]
    assert changes[say("col.source", "fr")].tolist() == ["Portrait 2019"]
