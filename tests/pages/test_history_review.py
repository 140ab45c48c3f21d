"""Figures awaiting review on the pages (issue 18), AppTest on real DuckDB files made by `planmetrics init`:
a submission's values are shown in a figure's versions (History's picker, a chart's data table) and in History's
restated figures only to reviewers, administrators, an open app's visitor and the editors of the network that
sent it, said "awaiting review"; a viewer, a plan-team editor and another network's editor never see them, even
right after a reviewer's view was cached. An upgraded install whose editors are still in the old secrets file
asks for a sign-in, and those editors sign in. Under `review_all`, a correction on the dashboard is submitted
for review. An upload's preview says it is a submission, and its refusals come in the reader's language.

The story: batch 1 the shipped figures; batch 2 Paul (plan team) imports Desjardins' 2019 jobs, 48,000;
batch 3 Dana (Desjardins' editor) submits 49,000 for the same figure, awaiting review.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planmetrics import auth, importing
from planmetrics.plan import default_plan, load_plans
from planmetrics.store import Store, users
from planmetrics.words import say
from tests.pages.conftest import PASSWORD, ROOT, PageRunner, add_user, shown_texts, sign_in, texts, unescaped

DESJARDINS_2019 = ("jobs", 2019, "Québec", "all", "desjardins")
COUNTED = b"year,indicator,network,value,source\n2019,jobs,desjardins,48000,Portrait Desjardins 2019\n"
SUBMITTED = b"year,indicator,value,source\n2019,jobs,49000,Portrait Desjardins 2019 revised\n"


def _story(db: Path) -> None:
    plan = default_plan(load_plans())
    store = Store(db)
    counted = importing.import_bytes(store, plan, COUNTED, "desjardins-2019.csv", by="paul")
    assert counted.batch is not None and counted.batch.batch == 2
    sent = importing.import_bytes(
        store, plan, SUBMITTED, "reseau-2019.csv", by="dana", state="submitted", network="desjardins"
    )
    assert sent.batch is not None and sent.batch.batch == 3


@pytest.fixture
def team(app_db: Path) -> Path:
    """Dana edits for Desjardins, Sam for Sollio; Rita reviews; Paul edits for the plan team; the story told."""
    add_user(app_db, "dana", "editor", "desjardins")
    add_user(app_db, "sam", "editor", "sollio")
    add_user(app_db, "rita", "reviewer")
    add_user(app_db, "paul", "editor")
    _story(app_db)
    return app_db


@pytest.fixture
def open_app(app_db: Path) -> Path:
    """The same story in an app with no user: its visitor acts as an administrator."""
    _story(app_db)
    assert not users.has_users(Store(app_db))
    return app_db


def _page(name: str, who: str | None, lang: str = "en") -> AppTest:
    """One page run for a session where `who` is signed in (None: a viewer)."""
    at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=60)
    at.query_params["lang"] = lang
    if who is not None:
        at.session_state["editor"] = who
    at.run()
    assert not at.exception, at.exception
    return at


def _versions(at: AppTest) -> pd.DataFrame | None:
    """The versions table on the page, if one is shown (its first columns are the value and the batch)."""
    for frame in at.dataframe:
        if list(frame.value.columns[:2]) in (["Value", "Batch"], ["Valeur", "Lot"]):
            return frame.value
    return None


def _chart_versions(who: str | None, lang: str = "en") -> pd.DataFrame:
    """The Jobs page's breakdown by network, Desjardins' 2019 figure picked from its data table."""
    at = _page("jobs", who, lang)
    at.selectbox(key="versions_jobs_network").set_value(DESJARDINS_2019).run()
    assert not at.exception, at.exception
    found = _versions(at)
    assert found is not None
    return found


def _history_versions(at: AppTest) -> pd.DataFrame:
    """History's picker on Desjardins' 2019 jobs."""
    at.selectbox(key="versions_pick_indicator").set_value("jobs").run()
    at.selectbox(key="versions_pick_year").set_value(2019).run()
    at.selectbox(key="versions_pick_network").set_value("desjardins").run()
    assert not at.exception, at.exception
    found = _versions(at)
    assert found is not None
    return found


SEEN = (["49,000 jobs", "48,000 jobs"], ["3", "2"], ["awaiting review", "current"])
UNSEEN = (["48,000 jobs"], ["2"], ["current"])


def _said(frame: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    return frame["Value"].tolist(), frame["Batch"].tolist(), frame["State"].tolist()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("rita", SEEN),  # a reviewer
        ("dana", SEEN),  # the editor of the network that submitted it
        (None, UNSEEN),  # a viewer
        ("paul", UNSEEN),  # a plan-team editor
        ("sam", UNSEEN),  # another network's editor
    ],
)
def test_a_charts_versions_hold_a_submission_for_those_who_may_see_it(
    team: Path, who: str | None, expected: tuple[list[str], list[str], list[str]]
) -> None:
    assert _said(_chart_versions("rita")) == SEEN  # a reviewer's view read first, and cached
    assert _said(_chart_versions(who)) == expected


def test_a_viewer_after_a_reviewer_never_reads_the_submitted_value(team: Path) -> None:
    """The cache keeps one list per sight: the viewer's page, run right after the reviewer's in the same server,
    holds no 49,000 anywhere, in French either."""
    assert _chart_versions("rita", "fr")["Valeur"].tolist() == ["49\u00a0000 emplois", "48\u00a0000 emplois"]
    at = _page("jobs", None, "fr")
    at.selectbox(key="versions_jobs_network").set_value(DESJARDINS_2019).run()
    shown = shown_texts(at)
    assert "48\u00a0000 emplois" in shown
    assert not any("49\u00a0000" in text or "49 000" in text for text in shown)


def test_an_open_apps_visitor_sees_the_submission(open_app: Path) -> None:
    assert _said(_chart_versions(None)) == SEEN


def test_history_shows_a_reviewer_the_submission_and_its_restatement(team: Path, run_page: PageRunner) -> None:
    at = sign_in(run_page("history", lang="en"), "rita")  # the newest batch's file asks for a sign-in
    assert "Signed in as rita — Reviewer." in texts(at)
    assert _said(_history_versions(at)) == SEEN
    assert "Batch 3 restated 1 figure" in [e.label for e in at.expander]
    lines = [unescaped(str(m.value)) for m in at.markdown]
    assert "- Jobs, 2019, All of Quebec · all sectors · Desjardins Group: 48,000 jobs → 49,000 jobs" in lines


def test_history_shows_a_viewer_neither_the_submission_nor_its_restatement(team: Path) -> None:
    _history_versions(_page("history", "rita"))  # a reviewer's History first, cached
    at = _page("history", None)
    assert _said(_history_versions(at)) == UNSEEN
    assert "Batch 3 restated 1 figure" not in [e.label for e in at.expander]
    assert not any("49,000" in text for text in shown_texts(at))
    # the batch itself is listed, said awaiting review, with no value of it
    table = at.dataframe[0].value
    assert dict(zip(table["Batch"], table["State"], strict=True))["3"] == "awaiting review"


def test_history_shows_the_submitting_network_its_own_in_french(team: Path) -> None:
    at = _page("history", "dana", "fr")
    versions = _history_versions(at)
    assert versions["Valeur"].tolist() == ["49\u00a0000 emplois", "48\u00a0000 emplois"]
    assert versions["État"].tolist() == ["en attente de révision", "en vigueur"]
    assert "Le lot 3 a révisé 1 donnée" in [e.label for e in at.expander]
    other = _page("history", "sam", "fr")
    assert _history_versions(other)["Valeur"].tolist() == ["48\u00a0000 emplois"]
    assert "Le lot 3 a révisé 1 donnée" not in [e.label for e in other.expander]


# ------------------------------------------------------------------ an upgraded install's old secrets file


def test_an_upgraded_install_asks_its_old_editors_to_sign_in(app_db: Path, run_page: PageRunner) -> None:
    """A database with no user (init ran before any secrets file) and an editor in the secrets file of earlier
    planmetrics: the app is not open; the editor is carried into the store and signs in with her password."""
    assert not users.has_users(Store(app_db))
    auth.add_editor("olga", PASSWORD, Path(auth.secrets_path()))
    at = run_page("upload", lang="en")
    shown = texts(at)
    assert "Viewing is open to all; only signed-in users can upload, review, correct or roll back." in shown
    assert "No user is configured" not in shown
    assert not at.file_uploader
    (olga,) = users.users(Store(app_db))
    assert (olga.name, olga.role, olga.network) == ("olga", "editor", None)
    at = sign_in(at, "olga")
    assert "Signed in as olga — Plan-team editor." in texts(at)
    assert at.file_uploader


@pytest.mark.parametrize(("lang", "said"), [("en", "is not valid TOML"), ("fr", "n'est pas un fichier TOML valide")])
def test_an_unreadable_secrets_file_never_opens_an_app_without_users(
    app_db: Path, run_app: PageRunner, lang: str, said: str
) -> None:
    """Whether it names editors cannot be told: the page says the file's problem in words and lets nobody in."""
    auth.secrets_path().write_text('[editors]\n"olga" = \n', encoding="utf-8")
    at = run_app("upload", lang=lang)  # fails on any exception box
    (error,) = [unescaped(e.value) for e in at.error]
    assert said in error
    assert "No user is configured" not in texts(at) and "Aucun utilisateur" not in texts(at)
    assert not at.file_uploader


def test_an_install_without_users_or_old_editors_stays_open(app_db: Path, run_page: PageRunner) -> None:
    assert not Path(auth.secrets_path()).exists()
    at = run_page("upload", lang="en")
    assert "No user is configured" in texts(at)
    assert not users.has_users(Store(app_db))


# ------------------------------------------------------------------ a correction under `review_all`


def _correct(at: AppTest, lang: str) -> AppTest:
    """The upload page's correction form: agri-food jobs in 2018 (24,300 in the shipped figures) to 24,500."""
    next(n for n in at.number_input if n.label == say("col.year", lang)).set_value(2018)
    next(s for s in at.selectbox if s.label == say("col.sector", lang)).set_value("agri_food")
    next(t for t in at.text_input if t.label == say("col.new", lang)).input("24500")
    next(t for t in at.text_input if t.label == say("correct.reason", lang)).input("Typo in the annual report")
    next(b for b in at.button if b.label == say("correct.save", lang)).click().run()
    assert not at.exception, at.exception
    return at


def _agri_food_2018(db: Path) -> list[float]:
    figures = Store(db).current_figures(indicators=["jobs"])
    return figures[(figures["year"] == 2018) & (figures["sector"] == "agri_food")]["value"].tolist()


@pytest.mark.usefixtures("review_all")
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Correction submitted for review as batch 2: it counts once a reviewer approves it."),
        (
            "fr",
            "Correction soumise pour révision comme lot 2 : elle comptera une fois qu’un réviseur l’aura approuvée.",
        ),
    ],
)
def test_a_correction_under_review_all_is_submitted_for_review(
    app_db: Path, run_page: PageRunner, lang: str, said: str
) -> None:
    add_user(app_db, "paul", "editor")
    at = _correct(sign_in(run_page("upload", lang=lang), "paul"), lang)
    assert said in texts(at)
    (newest, *_) = Store(app_db).history()
    assert (newest["batch"], newest["kind"], newest["state"], newest["network"], newest["by"]) == (
        "2", "correction", "submitted", None, "paul",
    )  # fmt: skip
    assert _agri_food_2018(app_db) == [24_300.0]  # counts nowhere until approved


def test_a_correction_without_review_all_counts_at_once(app_db: Path, run_page: PageRunner) -> None:
    add_user(app_db, "paul", "editor")
    at = _correct(sign_in(run_page("upload", lang="en"), "paul"), "en")
    assert "Correction saved as batch 2." in texts(at)
    assert Store(app_db).history()[0]["state"] == "direct"
    assert _agri_food_2018(app_db) == [24_500.0]


# ------------------------------------------------------------------ an upload's preview and commit


SOLLIO_ROW = b"year,indicator,network,value\n2019,jobs,desjardins,49000\n2019,jobs,sollio,12000\n"


def _preview_and_commit_as_dana() -> None:
    """As the Upload page does for the signed-in Dana: her file's preview and what it says it is; then, for a
    preview that let another network's row through (one read as nobody's network), the commit, which checks
    the figures as hers once more."""
    import streamlit as st  # noqa: PLC0415 - AppTest runs this function's source alone

    from planmetrics import ingest, uploading  # noqa: PLC0415
    from planmetrics.importing import FileRefusedError  # noqa: PLC0415
    from planmetrics.ui import context, uploads  # noqa: PLC0415

    ctx = context.page(allow_empty=True)
    data = st.session_state["file"]
    preview = uploads.preview_upload(ctx, "mine.csv", data, ingest.ReadOptions())
    if preview.shown is not None:
        st.code(str(preview.summary["state"]) + " " + str(preview.summary["network"]))
    else:
        assert preview.refused is not None
        st.error(" | ".join(p["message"] for p in preview.refused.problems_json))
        work = uploading.new_workdir(data)
        unchecked = uploading.preview(
            work, ctx.store.path, ctx.plan, "mine.csv", ingest.ReadOptions(), lang=ctx.lang, state="direct",
            network=None,
        )  # fmt: skip
        crafted = uploads.UploadPreview(
            preview.sha256, "mine.csv", unchecked, None, state="submitted", network="desjardins", work=work
        )
        try:
            uploads.commit_upload(ctx, crafted)
        except FileRefusedError as refused:
            st.warning(" | ".join(p["message"] for p in refused.problems_json))


def _as_dana(data: bytes, lang: str) -> AppTest:
    at = AppTest.from_function(_preview_and_commit_as_dana, default_timeout=60)
    at.session_state["editor"] = "dana"
    at.session_state["file"] = data
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_network_editors_preview_says_it_is_a_submission(team: Path) -> None:
    at = _as_dana(b"year,indicator,value\n2018,jobs,47000\n", "en")
    assert [c.value for c in at.code] == ["submitted desjardins"]


def test_another_networks_row_is_refused_in_french_at_preview_and_at_commit(team: Path) -> None:
    at = _as_dana(SOLLIO_ROW, "fr")
    figure = "Emplois, 2019, Ensemble du Québec · tous les secteurs · Sollio Groupe Coopératif"
    french = (
        f"{figure} : ce chiffre appartient à un autre réseau, et vous ne soumettez que les chiffres de Mouvement"
        " Desjardins. Retirez ses lignes du fichier ; ce réseau soumet lui-même ses chiffres."
    )
    (at_preview,) = [e.value for e in at.error]  # the reader refuses it at its row
    assert at_preview.startswith("Cette ligne porte un chiffre de Sollio Groupe Coopératif, un autre réseau")
    assert [w.value for w in at.warning] == [french]  # the commit's own check, in the reader's language too
    assert len(Store(team).history()) == 3  # nothing committed
