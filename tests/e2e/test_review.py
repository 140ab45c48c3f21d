"""The networks' review in a real browser (issue 18): Desjardins' editor, in French, submits her network's 2019
jobs and sees them awaiting review while a viewer's Jobs page does not change; a reviewer, in English and in a
browser context of his own, sees the submission with its changes and approves it, and Desjardins' figure then
shows on the Jobs page and in `planmetrics data`. A reviewer locks 2019 and the editor's upload touching it is
refused on the page with the figure named, nothing written; the overview says 2019 is approved and locked. A
submission returned with a reason shows that reason on the editor's Review page.

One `streamlit run` server for the module, its users put in the store with `accounts.add_user`; each person in
a `browser.new_context` of their own (cookies, session and language apart), kept for the module: a person
signs in once, on her first page, and later goes from page to page through the sidebar, in the same session.
Screenshots of each step go to tests/e2e/screenshots/review-*.png, and of each person's page where a test
failed. What counts is read with the command line's own `main` in this process (a process apart from the
server's, as a second one would be).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from planmetrics import accounts
from planmetrics.cli import main
from planmetrics.plan import default_plan, load_plans
from planmetrics.store import Store
from planmetrics.words import say
from tests.e2e.conftest import Server, open_page, settled, shot, start_server
from tests.e2e.test_change import upload
from tests.pages.test_french import offences

pytestmark = pytest.mark.e2e

PASSWORDS = {"dana": "caisse-populaire-2019", "remi": "revision-du-plan"}
# Desjardins' jobs of 2019, in a French file with no network column: the editor's network's by default
DESJARDINS_2019 = "année;indicateur;valeur;source\r\n2019;Emplois;12 345;Mouvement Desjardins, bilan 2019\r\n"
LATER_2019 = "année;indicateur;valeur;source\r\n2019;Emplois;12 400;Mouvement Desjardins, bilan révisé 2019\r\n"
DESJARDINS_2018 = "année;indicateur;valeur;source\r\n2018;Emplois;11 900;Mouvement Desjardins, bilan 2018\r\n"
# Rémi reads the dashboard in English but writes to Dana in French: the reason is shown as he typed it
RETURN_REASON = "Le chiffre de 2018 diffère du rapport annuel (11 800) : veuillez le vérifier."

FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre")  # fmt: skip

PLAN = default_plan(load_plans())
Person = Callable[[str, str], Page]  # (who, lang) -> that person's page, in a browser context of its own


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with the shipped figures; Dana edits for Desjardins, Rémi reviews."""
    running, process = start_server(tmp_path_factory.mktemp("e2e-review"))
    store = Store(running.db)
    accounts.add_user(store, PLAN, "dana", PASSWORDS["dana"], role="editor", network="desjardins", by="e2e")
    accounts.add_user(store, PLAN, "remi", PASSWORDS["remi"], role="reviewer", network=None, by="e2e")
    yield running
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def people(browser: Browser) -> Iterator[dict[str, Page]]:
    """Each person's page, by name, in a browser context of their own, kept from one test to the next."""
    pages: dict[str, Page] = {}
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.fixture
def person(people: dict[str, Page], browser: Browser, request: pytest.FixtureRequest) -> Iterator[Person]:
    """A person's page: the first call for a person opens a browser context of their own, in their language;
    each later one, in any test, gives the same page back. Where the test fails, each page it used is kept
    in a screenshot as the test left it."""
    used: list[str] = []
    failed = request.session.testsfailed

    def open_for(who: str, lang: str) -> Page:
        if who not in people:
            locale = "fr-CA" if lang == "fr" else "en-CA"
            # Streamlit scrolls inside its page: a tall window keeps a whole page in view for clicks and shots
            context = browser.new_context(viewport={"width": 1400, "height": 2200}, locale=locale)
            people[who] = context.new_page()
            people[who].set_default_timeout(30_000)
        used.extend([] if who in used else [who])
        return people[who]

    yield open_for
    if request.session.testsfailed > failed:
        for who in used:
            shot(people[who], f"review-{request.node.name}-{who}-end")


def sign_in(page: Page, server: Server, path: str, name: str, lang: str) -> None:
    """Open a page that changes data in that language and sign in through its form; a person already signed in
    (her page has been opened) goes there through the sidebar's link instead, in the same session."""
    if page.url != "about:blank":
        go(page, say(f"nav.{path}", lang))
        return
    open_page(page, server, path, lang=lang)
    if lang == "fr":
        page.get_by_label("Nom d’utilisateur").fill(name)
        page.get_by_role("textbox", name="Mot de passe").fill(PASSWORDS[name])
        page.get_by_role("button", name="Se connecter").click()
    else:
        page.get_by_label("User name").fill(name)
        page.get_by_role("textbox", name="Password").fill(PASSWORDS[name])
        page.get_by_role("button", name="Sign in").click()


def _ids(ids: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(" + "|".join(ids) + r")(?![\w-])")


# The networks' ids, as a person must never read them; on an English page, only the names (`housing` or
# `health` may be words of a sentence there)
NETWORK_IDS = {"fr": _ids([n.id for n in PLAN.networks]), "en": _ids(["desjardins", "sollio", "promutuel"])}


# Every text node a person sees in the page's main area: not an icon's ligature (`upload`), not a text drawn at
# no size (the uploader's own "Upload", replaced on screen by our words), not a hidden tab's; and the tables'
# cells and headers (drawn on a canvas, their text kept in the grid's own table)
_SHOWN = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || el.closest('[data-testid=stIconMaterial]')) continue;
    if (!el.closest('[role=gridcell], [role=columnheader]')) {
      if (parseFloat(getComputedStyle(el).fontSize) === 0 || !el.getClientRects().length) continue;
    }
    out.push(text);
  }
  return out;
}"""


def shown(page: Page) -> list[str]:
    """What a person reads in the page's main area, one text at a time."""
    return [str(text) for text in page.evaluate(_SHOWN)]


def no_id_nor_english(page: Page, lang: str) -> None:
    """No network's id (`desjardins`) on the page, whatever its language; on a French page, no English word and
    no other id of the plan either (`all`, `jobs`...), as tests/pages/test_french.py reads them."""
    texts = shown(page)
    found = [text for text in texts if NETWORK_IDS[lang].search(text)]
    if lang == "fr":
        found += offences(texts, PLAN)
    assert not found, found


def upload_text(page: Page, tmp_path: Path, name: str, text: str) -> None:
    upload(page, tmp_path, name, text.encode("cp1252"))


def cli(server: Server, *args: str) -> str:
    """`planmetrics --db DB ARGS` against the server's database, through the command line's own `main`; what
    it writes on stdout (it must succeed)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--db", str(server.db), *args])
    assert code == 0, err.getvalue()
    return out.getvalue()


def history(server: Server) -> list[dict[str, object]]:
    """The batches, newest first, as `planmetrics history --json` says them."""
    return json.loads(cli(server, "history", "--json"))  # type: ignore[no-any-return]


def desjardins_figures(server: Server, tmp_path: Path) -> list[tuple[str, str, str, str, float]]:
    """Desjardins' current figures, as `planmetrics data` writes them (what counts)."""
    out = tmp_path / "data.csv"
    cli(server, "data", "-o", str(out), "--json")
    with out.open(encoding="utf-8-sig", newline="") as rows:
        return [
            (r["indicator"], r["year"], r["region"], r["sector"], float(r["value"]))
            for r in csv.DictReader(rows)
            if r["network"] == "desjardins"
        ]


def french_today() -> str:
    """Today on Québec's clock said in French by hand: `1er décembre 2026`."""
    today = dt.datetime.now(ZoneInfo("America/Toronto")).date()
    day = "1er" if today.day == 1 else str(today.day)
    return f"{day}\u00a0{FRENCH_MONTHS[today.month - 1]} {today.year}"


def go(page: Page, title: str) -> None:
    """Another page (or this one again, read anew) through the sidebar's link: the same session, still signed in."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    settled(page)


def by_network_tab(page: Page, server: Server, lang: str, *, again: bool = False) -> Locator:
    """The Jobs page (opened, or `again` read anew through the sidebar), on its breakdown's network tab,
    scrolled into view; the tab's panel."""
    if again:
        go(page, "Emplois" if lang == "fr" else "Jobs")
    else:
        open_page(page, server, "jobs", lang=lang)
    name = "Emplois par réseau" if lang == "fr" else "Jobs by network"
    page.get_by_role("tab", name=name).click()
    panel = page.get_by_role("tabpanel", name=name)
    panel.scroll_into_view_if_needed()
    return panel


def test_a_network_editor_submits_and_a_reviewer_approves(person: Person, server: Server, tmp_path: Path) -> None:
    assert desjardins_figures(server, tmp_path) == []
    # 1. Dana, in French, signs in on Upload: her role names her network by its French label
    dana = person("dana", "fr")
    sign_in(dana, server, "upload", "dana", "fr")
    expect(dana.get_by_text("Connecté en tant que dana — Éditeur pour Mouvement Desjardins.")).to_be_visible()
    upload_text(dana, tmp_path, "desjardins-2019.csv", DESJARDINS_2019)
    expect(dana.get_by_text("Vos chiffres de Mouvement Desjardins seront soumis pour révision")).to_be_visible()
    expect(dana.get_by_test_id("stDataFrame").first).to_contain_text("12\u00a0345")
    settled(dana)
    shot(dana, "review-1-editor-preview")
    no_id_nor_english(dana, "fr")
    dana.get_by_role("button", name="Soumettre ces données pour révision").click()
    expect(dana.get_by_text("Soumis pour révision comme lot 2.")).to_be_visible()
    settled(dana)
    expect(dana.get_by_role("button", name="Soumettre ces données pour révision")).to_have_count(0)
    shot(dana, "review-2-editor-submitted")
    no_id_nor_english(dana, "fr")
    (submitted, *_) = history(server)
    assert (submitted["batch"], submitted["state"], submitted["network"], submitted["by"]) == (
        "2", "submitted", "desjardins", "dana"
    )  # fmt: skip
    assert desjardins_figures(server, tmp_path) == []  # it counts nowhere yet

    # 2. On Review, through the page's own link (the session, and so the sign-in, kept): awaiting review
    dana.get_by_role("link", name="Voir la soumission 2 à la page Révision").click()
    expect(dana.get_by_text("Vos soumissions")).to_be_visible()
    mine = dana.get_by_test_id("stDataFrame").first
    expect(mine).to_contain_text("Mouvement Desjardins")
    expect(mine).to_contain_text("en attente de révision")
    expect(mine).to_contain_text("desjardins-2019.csv")
    assert "Mouvement Desjardins" in shown(dana)  # the check below reads the tables' cells too
    assert dana.get_by_role("button", name=re.compile("Approuver")).count() == 0
    settled(dana)
    shot(dana, "review-3-editor-awaiting")
    no_id_nor_english(dana, "fr")

    # 3. A viewer, in English, on Jobs: no network's figure yet
    viewer = person("viewer", "en")
    panel = by_network_tab(viewer, server, "en")
    expect(panel.get_by_text("No network figures yet.", exact=False)).to_be_visible()
    settled(viewer)
    shot(viewer, "review-4-viewer-before")
    no_id_nor_english(viewer, "en")

    # 4. Rémi, in English, in his own context: the submission with its changes, the value as English writes it
    remi = person("remi", "en")
    sign_in(remi, server, "review", "remi", "en")
    expect(remi.get_by_text("Signed in as remi — Reviewer.")).to_be_visible()
    expect(remi.get_by_text("Batch 2 · Desjardins Group")).to_be_visible()
    expect(remi.get_by_text("Submitted by dana on", exact=False)).to_be_visible()
    expect(remi.get_by_text(re.compile(r"· file desjardins-2019\.csv · year 2019 · 1 row$"))).to_be_visible()
    expect(remi.get_by_test_id("stDataFrame").first).to_contain_text("12,345")
    settled(remi)
    shot(remi, "review-5-reviewer-sees")
    no_id_nor_english(remi, "en")
    remi.get_by_role("button", name="Approve batch 2").click()
    expect(remi.get_by_text("Batch 2 approved (recorded as batch 3): its figures count from now on.")).to_be_visible()
    expect(remi.get_by_text("Nothing awaits review.")).to_be_visible()
    settled(remi)
    shot(remi, "review-6-reviewer-approved")
    no_id_nor_english(remi, "en")

    # 5. What counts now: the command line's data and history
    assert desjardins_figures(server, tmp_path) == [("jobs", "2019", "Québec", "all", 12_345.0)]
    approval, approved = history(server)[:2]
    assert (approval["batch"], approval["kind"], approval["reviews"], approval["by"]) == ("3", "approval", "2", "remi")
    assert (approved["batch"], approved["state"], approved["reviewed_by"]) == ("2", "approved", "remi")
    assert approved["reviewed_at"] is not None

    # 6. The viewer's Jobs page now shows Desjardins' figure in the breakdown by network
    panel = by_network_tab(viewer, server, "en", again=True)
    expect(panel.get_by_text("Desjardins Group", exact=False).first).to_be_visible()
    expect(panel.get_by_text("12,345", exact=False).first).to_be_visible()
    settled(viewer)
    shot(viewer, "review-7-viewer-after")
    no_id_nor_english(viewer, "en")

    # 7. Dana's Review page: approved, by whom and when
    go(dana, "Révision")
    expect(dana.get_by_test_id("stDataFrame").first).to_contain_text(f"approuvé par remi le {french_today()}")
    settled(dana)
    shot(dana, "review-8-editor-approved")
    no_id_nor_english(dana, "fr")


def test_a_locked_year_refuses_an_upload_in_the_browser(person: Person, server: Server, tmp_path: Path) -> None:
    # 1. Rémi locks 2019 on Review
    remi = person("remi", "en")
    sign_in(remi, server, "review", "remi", "en")
    expect(remi.get_by_text("No year is locked.")).to_be_visible()
    lock_form = remi.get_by_test_id("stForm").filter(has=remi.get_by_role("button", name="Lock this year"))
    lock_form.get_by_role("spinbutton", name="Year").fill("2019")
    lock_form.get_by_label("Why lock it (optional, kept in the history)").fill("Approved by the board")
    lock_form.get_by_role("button", name="Lock this year").click()
    expect(remi.get_by_text("2019 locked: no import, submission", exact=False)).to_be_visible()
    expect(remi.get_by_test_id("stDataFrame").filter(has_text="Approved by the board")).to_contain_text("remi")
    settled(remi)
    shot(remi, "review-9-reviewer-locked")
    no_id_nor_english(remi, "en")
    locked = history(server)
    assert (locked[0]["kind"], locked[0]["year"], locked[0]["by"]) == ("lock", 2019, "remi")

    # 2. Dana's file touching 2019: refused on the page, the year (or, at the commit, the figure) named; nothing
    # written. The reader refuses a locked year's rows at the preview; were it to let one through, the store
    # refuses the commit whole and the page names each figure by its labels.
    dana = person("dana", "fr")
    sign_in(dana, server, "upload", "dana", "fr")
    upload_text(dana, tmp_path, "desjardins-2019-revise.csv", LATER_2019)
    submit = dana.get_by_role("button", name="Soumettre ces données pour révision")
    problems = dana.get_by_test_id("stDataFrame").filter(has_text="verrouillée")
    expect(submit.or_(problems).first).to_be_visible()
    if problems.count():
        expect(dana.get_by_text("Un problème trouvé : rien ne sera importé.", exact=False)).to_be_visible()
        expect(problems).to_contain_text("année")  # the column
        expect(problems).to_contain_text("L'année 2019 est approuvée et verrouillée par l'équipe du plan")
        assert submit.count() == 0
    else:
        submit.click()
        refusal = dana.get_by_test_id("stAlert").filter(has_text="année verrouillée")
        expect(refusal).to_contain_text("Emplois, 2019, Ensemble du Québec")
    expect(dana.get_by_text("Soumis pour révision comme lot", exact=False)).to_have_count(0)
    settled(dana)
    shot(dana, "review-10-editor-refused")
    no_id_nor_english(dana, "fr")
    assert history(server) == locked

    # 3. The overview, in French: 2019 approved and locked since today
    go(dana, "Vue d'ensemble")
    expect(
        dana.get_by_text(f"Les chiffres de 2019 sont approuvés et verrouillés depuis le {french_today()}")
    ).to_be_visible()
    settled(dana)
    shot(dana, "review-11-overview-locked")
    no_id_nor_english(dana, "fr")


def test_a_returned_submission_shows_its_reason_to_the_submitter(
    person: Person, server: Server, tmp_path: Path
) -> None:
    # 1. Dana submits 2018 (2019 is locked)
    dana = person("dana", "fr")
    sign_in(dana, server, "upload", "dana", "fr")
    upload_text(dana, tmp_path, "desjardins-2018.csv", DESJARDINS_2018)
    dana.get_by_role("button", name="Soumettre ces données pour révision").click()
    expect(dana.get_by_text("Soumis pour révision comme lot", exact=False)).to_be_visible()
    batch = str(history(server)[0]["batch"])

    # 2. Rémi returns it with a reason
    remi = person("remi", "en")
    sign_in(remi, server, "review", "remi", "en")
    card = remi.get_by_test_id("stForm").filter(has=remi.get_by_role("button", name=f"Return batch {batch}"))
    card.get_by_label("Reason for returning it", exact=False).fill(RETURN_REASON)
    card.get_by_role("button", name=f"Return batch {batch}").click()
    expect(remi.get_by_text(f"Batch {batch} returned", exact=False)).to_be_visible()
    settled(remi)
    shot(remi, "review-12-reviewer-returned")
    no_id_nor_english(remi, "en")
    returned = next(b for b in history(server) if b["batch"] == batch)
    assert (returned["state"], returned["reviewed_by"], returned["review_reason"]) == (
        "returned",
        "remi",
        RETURN_REASON,
    )
    assert desjardins_figures(server, tmp_path) == [("jobs", "2019", "Québec", "all", 12_345.0)]  # 2018 never counts

    # 3. Dana's Review page: returned, by whom, when and why
    dana.get_by_role("link", name=f"Voir la soumission {batch} à la page Révision").click()
    returned_on = f"renvoyé par remi le {french_today()}"
    said = f"Lot {batch} (desjardins-2018.csv), {returned_on} : {RETURN_REASON}"
    expect(dana.get_by_test_id("stAlertContentWarning").locator("p")).to_have_text(said)
    mine = dana.get_by_test_id("stDataFrame").first  # the state, and the reason in a column of its own
    expect(mine).to_contain_text(returned_on)
    expect(mine).to_contain_text(RETURN_REASON)
    settled(dana)
    shot(dana, "review-13-editor-reads-reason")
    no_id_nor_english(dana, "fr")
