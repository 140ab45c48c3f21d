"""The networks' review in the browser (issue 18), headless: a network editor submits her network's figures
and sees them awaiting review while nothing changes for anyone; a reviewer, in another session, sees the
changes and approves (the figures count) or returns with a reason (the editor reads it); one's own submission
under `review_all` is refused on the server even if its button were clicked; a user removed or demoted after
signing in is refused at her next action; a locked year refuses an upload touching it, the figures named; the
Review page in French shows no English word and no id. Real DuckDB files made by `planmetrics init`, users in
the store as `planmetrics user add` puts them, sign-in through the page's own form.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planmetrics import accounts, importing
from planmetrics.errors import LockedYearError
from planmetrics.plan import default_plan, load_plans
from planmetrics.store import Store, review, users
from tests.pages.conftest import PageRunner, add_user, shown_texts, sign_in, texts, unescaped
from tests.pages.test_french import offences

# Desjardins' jobs in 2019 and 2018, with a network column naming it by its French label
DESJARDINS = (
    "année,indicateur,réseau,valeur,source\n"
    "2019,Emplois,Mouvement Desjardins,49000,Portrait Desjardins 2019\n"
    "2018,Emplois,Mouvement Desjardins,48500,Portrait Desjardins 2019\n"
).encode()
TOTALS_2019 = b"year,indicator,value,source\n2019,jobs,121500,Federation 2019\n"


ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")  # fmt: skip
FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre")  # fmt: skip


def today_said(lang: str) -> str:
    """Today on Québec's clock, said in full by hand: `December 1, 2026`, `1er décembre 2026`."""
    today = dt.datetime.now(ZoneInfo("America/Toronto")).date()
    if lang == "fr":
        day = "1er" if today.day == 1 else str(today.day)
        return f"{day}\u00a0{FRENCH_MONTHS[today.month - 1]} {today.year}"
    return f"{ENGLISH_MONTHS[today.month - 1]} {today.day}, {today.year}"


@pytest.fixture
def team(app_db: Path) -> Path:
    """Dana edits for Desjardins; Rita and Rémi review; Paul edits for the plan team."""
    add_user(app_db, "dana", "editor", "desjardins")
    add_user(app_db, "rita", "reviewer")
    add_user(app_db, "remi", "reviewer")
    add_user(app_db, "paul", "editor")
    return app_db


def _upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def _click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def _submitted_by_dana(db: Path) -> int:
    """Dana's file submitted as the Upload page submits it: her network's, awaiting review."""
    plan = default_plan(load_plans())
    done = importing.import_bytes(
        Store(db), plan, DESJARDINS, "reseau-2019.csv", by="dana", state="submitted", network="desjardins"
    )
    assert done.batch is not None
    return int(done.batch.batch)


def _desjardins_current(db: Path) -> pd.DataFrame:
    current = Store(db).current_figures()
    return current[current["network"] == "desjardins"]


def test_a_network_editor_submits_and_nothing_counts_yet(run_page: PageRunner, team: Path) -> None:
    before = Store(team).current_figures()
    jobs_before = texts(run_page("jobs", lang="en"))
    at = sign_in(run_page("upload", lang="en"), "dana")
    assert "Signed in as dana — Editor for Desjardins Group." in texts(at)
    at = _upload(at, "reseau-2019.csv", DESJARDINS)
    assert "Your figures of Desjardins Group will be submitted for review" in texts(at)
    changes = at.dataframe[0].value
    assert changes["New value"].tolist() == ["48,500", "49,000"]  # the preview as before: 2018, then 2019
    at = _click(at, "Submit these figures for review")
    assert "Submitted for review as batch 2." in texts(at)
    (batch, *_) = Store(team).history()
    assert (batch["batch"], batch["state"], batch["network"], batch["by"]) == ("2", "submitted", "desjardins", "dana")
    pd.testing.assert_frame_equal(Store(team).current_figures(), before)  # nothing counts yet
    assert texts(run_page("jobs", lang="en")) == jobs_before
    mine = sign_in(run_page("review", lang="en"), "dana")
    table = mine.dataframe[0].value
    assert table["Batch"].tolist() == [2]
    assert table["Network"].tolist() == ["Desjardins Group"]
    assert table["State"].tolist() == ["awaiting review"]
    assert table["Years"].tolist() == ["2018, 2019"]
    assert not [b for b in mine.button if b.label.startswith("Approve")]


def test_a_reviewer_sees_the_changes_and_approves(run_page: PageRunner, team: Path) -> None:
    batch = _submitted_by_dana(team)
    at = sign_in(run_page("review", lang="en"), "rita")
    shown = texts(at)
    assert "Signed in as rita — Reviewer." in shown
    assert f"Batch {batch} · Desjardins Group" in shown
    assert "Submitted by dana on" in shown and "file reseau-2019.csv · years 2018, 2019 · 2 rows" in shown
    changes = at.dataframe[0].value
    assert changes["Network"].tolist() == ["Desjardins Group", "Desjardins Group"]
    assert changes["New value"].tolist() == ["48,500", "49,000"]
    assert changes["Change"].tolist() == ["new", "new"]
    at = _click(at, f"Approve batch {batch}")
    assert f"Batch {batch} approved (recorded as batch {batch + 1}): its figures count from now on." in texts(at)
    assert "Nothing awaits review." in texts(at)
    counted = _desjardins_current(team).sort_values("year")
    assert counted["value"].tolist() == [48_500.0, 49_000.0]
    assert review.submission(Store(team), batch).reviewed_by == "rita"
    mine = sign_in(run_page("review", lang="en"), "dana")
    said = f"approved by rita on {today_said('en')}"
    assert mine.dataframe[0].value["State"].tolist() == [said]


def test_a_returned_submission_never_counts_and_its_reason_is_read(run_page: PageRunner, team: Path) -> None:
    batch = _submitted_by_dana(team)
    at = sign_in(run_page("review", lang="fr"), "rita")
    refused = _click(at, f"Renvoyer le lot {batch}")  # the reason is required
    assert "Une raison est requise." in texts(refused)
    assert review.submission(Store(team), batch).state == "submitted"
    field = next(t for t in refused.text_input if t.label.startswith("Motif du renvoi"))
    field.input("Les totaux ne concordent pas avec le rapport annuel.")
    at = _click(refused, f"Renvoyer le lot {batch}")
    assert f"Lot {batch} renvoyé (enregistré comme lot {batch + 1}) : ses chiffres ne compteront pas." in texts(at)
    assert _desjardins_current(team).empty
    mine = sign_in(run_page("review", lang="fr"), "dana")
    table = mine.dataframe[0].value
    assert table["État"].tolist() == [f"renvoyé par rita le {today_said('fr')}"]
    assert table["Motif du renvoi"].tolist() == ["Les totaux ne concordent pas avec le rapport annuel."]
    assert [unescaped(w.value) for w in mine.warning] == [
        f"Lot {batch} (reseau-2019.csv), renvoyé par rita le {today_said('fr')} : Les totaux ne concordent pas"
        " avec le rapport annuel."
    ]


def test_a_returned_submission_is_named_to_its_submitter_in_english(run_page: PageRunner, team: Path) -> None:
    """Which submission came back, by whom, when and why, starting with a capital; the reason in a column of
    its own beside the state, nothing in it for a submission still awaiting review."""
    returned = _submitted_by_dana(team)
    review.return_submission(Store(team), returned, by="rita", reason="The 2018 total is off.")
    waiting = _submitted_by_dana(team)
    mine = sign_in(run_page("review", lang="en"), "dana")
    table = mine.dataframe[0].value
    assert table["Batch"].tolist() == [waiting, returned]
    assert table["State"].tolist() == ["awaiting review", f"returned by rita on {today_said('en')}"]
    assert table["Reason for the return"].tolist() == ["", "The 2018 total is off."]
    assert [unescaped(w.value) for w in mine.warning] == [
        f"Batch {returned} (reseau-2019.csv), returned by rita on {today_said('en')}: The 2018 total is off."
    ]


ONE_ROW = "année,indicateur,réseau,valeur,source\n2017,Emplois,Mouvement Desjardins,48000,Portrait 2017\n"


@pytest.mark.parametrize(
    ("lang", "caption"),
    [
        ("en", "file reseau-2017.csv · year 2017 · 1 row"),
        ("fr", "fichier reseau-2017.csv · année 2017 · 1 ligne"),
    ],
)
def test_a_one_row_submission_says_one_row_and_one_year(
    run_page: PageRunner, team: Path, lang: str, caption: str
) -> None:
    plan = default_plan(load_plans())
    importing.import_bytes(Store(team), plan, ONE_ROW.encode(), "reseau-2017.csv", by="dana", state="submitted",
                           network="desjardins")  # fmt: skip
    shown = texts(sign_in(run_page("review", lang=lang), "rita"))
    assert caption in shown, shown


@pytest.mark.parametrize(
    ("rows", "lang", "said"),
    [
        (1, "en", "1 row"),
        (1, "fr", "1 ligne"),
        (2, "fr", "2 lignes"),
        (0, "en", "0 rows"),
        (1234, "en", "1,234 rows"),
        (1234, "fr", "1\u00a0234 lignes"),
    ],
)
def test_a_submissions_rows_are_said_one_or_many_for_the_reader(rows: int, lang: str, said: str) -> None:
    from planmetrics.ui import review as review_ui  # noqa: PLC0415

    assert review_ui.rows_words(rows, lang) == said


@pytest.mark.parametrize(
    ("years", "lang", "said"),
    [
        ((2019,), "en", "year 2019"),
        ((2019,), "fr", "année 2019"),
        ((2018, 2019), "en", "years 2018, 2019"),
        ((2018, 2019), "fr", "années 2018, 2019"),
    ],
)
def test_a_submissions_years_are_said_one_or_many(years: tuple[int, ...], lang: str, said: str) -> None:
    from planmetrics.ui import review as review_ui  # noqa: PLC0415

    assert review_ui.years_words(years, lang) == said


def _approve_as_session_user() -> None:
    """The Review page's approve action, called on the server for the session's signed-in user, whatever the
    page drew: what a crafted click would reach."""
    import streamlit as st  # noqa: PLC0415 - AppTest runs this function's source alone

    from planmetrics.errors import PlanmetricsError  # noqa: PLC0415
    from planmetrics.ui import context, review  # noqa: PLC0415

    ctx = context.page(allow_empty=True)
    try:
        review.approve(ctx, int(st.query_params["batch"]))
    except PlanmetricsError as refused:
        st.error(refused.text(ctx.lang))
    else:
        st.success("approved")


def _as(name: str, batch: int) -> AppTest:
    at = AppTest.from_function(_approve_as_session_user, default_timeout=60)
    at.session_state["editor"] = name
    at.query_params["lang"] = "en"
    at.query_params["batch"] = str(batch)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.usefixtures("review_all")
def test_ones_own_submission_is_refused_on_the_server(run_page: PageRunner, team: Path) -> None:
    at = sign_in(run_page("upload", lang="en"), "rita")
    at = _upload(at, "totals.csv", TOTALS_2019)
    assert "The plan asks that every file be reviewed" in texts(at)
    at = _click(at, "Submit these figures for review")
    assert "Submitted for review as batch 2." in texts(at)
    (batch, *_) = Store(team).history()
    assert (batch["state"], batch["network"]) == ("submitted", None)
    page = sign_in(run_page("review", lang="en"), "rita")
    (approve,) = [b for b in page.button if b.label == "Approve batch 2"]
    assert approve.disabled
    assert "This is your own submission: another reviewer must approve it." in texts(page)
    refused = _as("rita", 2)
    assert [e.value for e in refused.error] == [
        "Batch 2 is your own submission: another reviewer must approve it. Ask another reviewer or an"
        " administrator to approve it."
    ]
    assert review.submission(Store(team), 2).state == "submitted"
    assert "approved" in [s.value for s in _as("remi", 2).success]  # another reviewer may
    assert review.submission(Store(team), 2).reviewed_by == "remi"


def test_a_user_removed_after_signing_in_is_refused(run_page: PageRunner, team: Path) -> None:
    at = _upload(sign_in(run_page("upload", lang="en"), "dana"), "reseau-2019.csv", DESJARDINS)
    assert [b for b in at.button if b.label == "Submit these figures for review"]
    assert users.remove_user(Store(team), "dana")
    at = _click(at, "Submit these figures for review")
    assert len(Store(team).history()) == 1  # nothing committed
    assert "Sign in to change data" in texts(at)
    batch = _submitted_by_dana(team)
    assert [e.value for e in _as("dana", batch).error] == [
        "Only a signed-in user can do this. Sign in, then try again."
    ]


def test_a_reviewer_demoted_after_signing_in_is_refused(run_page: PageRunner, team: Path) -> None:
    batch = _submitted_by_dana(team)
    at = sign_in(run_page("review", lang="en"), "rita")
    assert [b for b in at.button if b.label == f"Approve batch {batch}"]
    add_user(team, "rita", "editor")  # the same name, now a plan-team editor
    at = _click(at, f"Approve batch {batch}")
    assert "Signed in as rita — Plan-team editor." in texts(at)
    assert review.submission(Store(team), batch).state == "submitted"
    (said,) = [e.value for e in _as("rita", batch).error]
    assert said.startswith("rita is not a reviewer: approving, returning, locking and unlocking are for reviewers")
    assert review.submission(Store(team), batch).state == "submitted"


def test_a_reviewer_locks_a_year_and_an_upload_touching_it_is_refused(run_page: PageRunner, team: Path) -> None:
    at = sign_in(run_page("review", lang="en"), "rita")
    assert "No year is locked." in texts(at)
    at.number_input[0].set_value(2019)
    next(t for t in at.text_input if t.label.startswith("Why lock it")).input("Approved by the board")
    at = _click(at, "Lock this year")
    assert "2019 locked: no import, submission, approval, correction or rollback touches its figures" in texts(at)
    locks = at.dataframe[0].value
    assert locks["Year"].tolist() == ["2019"]
    assert locks["Locked by"].tolist() == ["rita"]
    assert locks["Why"].tolist() == ["Approved by the board"]
    upload = _upload(sign_in(run_page("upload", lang="en"), "dana"), "reseau-2019.csv", DESJARDINS)
    assert not [b for b in upload.button if b.label == "Submit these figures for review"]
    assert [unescaped(e.value) for e in upload.error] == [
        "One problem found: nothing will be imported. Fix it and upload the file again."
    ]
    problems = upload.dataframe[0].value  # the 2019 row refused at its row and year column; 2018 is open
    assert problems["Row"].tolist() == [2]
    assert problems["Column"].tolist() == ["année"]
    assert problems["Problem and what to do"].tolist() == [
        "2019 is approved and locked by the plan team: its figures can no longer change. Leave 2019 out of the"
        " file, or ask a reviewer to unlock 2019 if its figures must change."
    ]
    assert [b["kind"] for b in Store(team).history()] == ["lock", "init"]  # nothing committed


def test_a_locked_years_refusal_names_its_figures_by_their_labels(team: Path) -> None:
    """The page's words for the store's refusal: the message, each figure by its labels, the page's advice. Dana's
    submission touches 2019 and 2018; 2019 is locked before a reviewer approves it, so the store refuses it."""
    from planmetrics.ui import context, refusals  # noqa: PLC0415

    store = Store(team)
    batch = _submitted_by_dana(team)
    review.lock_year(store, 2019, by="rita")
    with pytest.raises(LockedYearError) as refused:
        review.approve(store, batch, by="rita")
    assert (refused.value.years, refused.value.count) == ([2019], 1)
    plan = default_plan(load_plans())
    ctx = context.PageContext("fr", plan, (plan,), store, (), None)
    text = unescaped(refusals.refusal_text(ctx, refused.value))
    assert text == (
        f"{refused.value.message('fr')}\n\n"
        "- Emplois, 2019, Ensemble du Québec · tous les secteurs · Mouvement Desjardins\n\n"
        "Retirez ses chiffres du fichier, ou demandez d’abord à un réviseur de déverrouiller l’année à la page"
        " Révision."
    )
    assert review.submission(store, batch).state == "submitted"


@pytest.mark.parametrize(
    ("count", "lang", "last"),
    [
        (21, "fr", "et un autre"),
        (21, "en", "and one more"),
        (22, "fr", "et 2 autres"),
        (1020, "fr", "et 1\u00a0000 autres"),
        (1020, "en", "and 1,000 more"),
    ],
)
def test_a_locked_years_refusal_says_how_many_more_one_or_many(team: Path, count: int, lang: str, last: str) -> None:
    """The refusal names the store's first 20 figures, then how many more, one or many, grouped for the reader."""
    from planmetrics.ui import context, refusals  # noqa: PLC0415

    plan = default_plan(load_plans())
    named = [("jobs", year, "Québec", "all", "desjardins") for year in range(2000, 2020)]
    ctx = context.PageContext(lang, plan, (plan,), Store(team), (), None)
    lines = refusals.locked_lines(ctx, LockedYearError([2019], named, count))
    assert len(lines) == 21
    assert lines[-1] == last


def test_a_viewer_sees_a_sign_in_and_no_figure(run_page: PageRunner, team: Path) -> None:
    _submitted_by_dana(team)
    at = run_page("review", lang="en")
    assert "Sign in to change data" in texts(at)
    assert not at.dataframe
    assert not any("49,000" in t or "reseau-2019" in t for t in shown_texts(at))


def test_history_says_states_and_events_in_words(run_page: PageRunner, team: Path) -> None:
    store = Store(team)
    batch = _submitted_by_dana(team)
    review.approve(store, batch, by="rita")
    review.lock_year(store, 2019, by="rita", reason="Board approved")
    table = run_page("history", lang="en").dataframe[0].value
    rows = dict(zip(table["Batch"].tolist(), zip(table["What it did"], table["Network"], table["State"], strict=True),
                    strict=True))  # fmt: skip
    assert rows["4"] == ("Locked 2019", "", "")
    assert table["Reason"].tolist()[0] == "Board approved"
    assert rows["3"] == ("Approved batch 2", "", "")
    assert rows["2"] == ("", "Desjardins Group", f"approved by rita on {today_said('en')}")
    assert rows["1"] == ("", "", "direct import")
    assert table["Kind"].tolist() == ["lock", "approval", "import", "shipped figures"]


def test_the_overview_says_which_years_are_approved_and_locked(run_page: PageRunner, team: Path) -> None:
    review.lock_year(Store(team), 2019, by="rita")
    french = f"Les chiffres de 2019 sont approuvés et verrouillés depuis le {today_said('fr')}"
    assert french in texts(run_page("overview", lang="fr"))
    english = f"Figures for 2019 approved and locked on {today_said('en')}"
    assert english in texts(run_page("overview", lang="en"))


def _network_ids() -> re.Pattern[str]:
    ids = sorted(n.id for n in default_plan(load_plans()).networks)
    return re.compile(r"(?<![\w-])(" + "|".join(ids) + r")(?![\w-])")


@pytest.mark.parametrize("who", ["rita", "dana"])
def test_the_french_review_page_has_no_english_and_no_id(run_page: PageRunner, team: Path, who: str) -> None:
    store = Store(team)
    returned = _submitted_by_dana(team)
    review.return_submission(store, returned, by="rita", reason="Les totaux ne concordent pas.")
    plan = default_plan(load_plans())
    other = "année,indicateur,réseau,valeur,source\n2017,Emplois,Mouvement Desjardins,48000,Portrait 2017\n"
    importing.import_bytes(store, plan, other.encode(), "reseau-2017.csv", by="dana", state="submitted",
                           network="desjardins")  # fmt: skip
    review.lock_year(store, 2016, by="rita", reason="Bilan remis au conseil")
    at = sign_in(run_page("review", lang="fr"), who)
    every = shown_texts(at)
    assert any("Mouvement Desjardins" in t for t in every)
    if who == "rita":
        assert any(t.startswith("Lot 4 · Mouvement Desjardins") for t in every), every
        assert "Années verrouillées" in every
    else:
        assert "Vos soumissions" in every
    found = offences(every, plan) + [t for t in every if _network_ids().search(t)]
    assert not found, "\n".join(found)
    for role, name in (("editor", "paul"), ("admin", "ana")):
        if role == "admin":
            accounts.add_user(store, plan, name, "correct-horse", role=role, network=None, by="test")
        assert offences(shown_texts(sign_in(run_page("review", lang="fr"), name)), plan) == []


def test_a_network_editor_gets_her_networks_originals_only_and_no_plan_team_tool(
    run_page: PageRunner, team: Path
) -> None:
    """Dana downloads the file she submitted, not the plan team's; she sees no correction form and no rollback;
    a plan-team editor may roll back the plan team's batch, not a network's."""
    mine = _submitted_by_dana(team)
    plan = default_plan(load_plans())
    theirs = importing.import_bytes(Store(team), plan, TOTALS_2019, "totals.csv", by="paul").batch
    assert theirs is not None
    upload = sign_in(run_page("upload", lang="en"), "dana")
    assert "Correct one figure" not in [e.label for e in upload.expander]
    at = sign_in(run_page("history", lang="en"), "dana")
    at.selectbox(key="history_batch").set_value(str(mine)).run()
    assert [d.proto.label for d in at.get("download_button")] == ["Download the original file"]
    assert "Rolling back this batch is for reviewers and administrators." in texts(at)
    at.selectbox(key="history_batch").set_value(str(theirs.batch)).run()
    assert not at.get("download_button")
    assert "this batch is not your network’s" in texts(at)
    assert not [b for b in at.button if b.label.startswith("Roll back")]
    paul = sign_in(run_page("history", lang="en"), "paul")
    assert [b.label for b in paul.button if b.label.startswith("Roll back")] == [f"Roll back batch {theirs.batch}"]
    paul.selectbox(key="history_batch").set_value(str(mine)).run()
    assert not [b for b in paul.button if b.label.startswith("Roll back")]
