"""Sign-in in a real browser (issue 15, finding 8): before, five wrong tries from anyone locked alice out for
a minute. Now the browser that guesses is slowed and told how long to wait, in its language, and alice is
never locked out: on loopback both browsers have no address, so they are one client and she may have to wait
out the guesser's delay (at most a minute), never more."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Server, fill_sign_in, open_page, shot, signed_in

WAIT = re.compile(r"(Vous pourrez réessayer|Réessayez) dans \d+ s\.")
IN_OR_WAIT = re.compile(re.escape(signed_in("alice")) + r"|Try again in \d+ s|try again in \d+ s")


def _try(page: Page, password: str) -> None:
    fill_sign_in(page, "alice", password, "fr")


def test_five_wrong_tries_slow_the_guesser_not_alice(browser: Browser, page: Page, server: Server) -> None:
    guesser = browser.new_context(locale="fr-CA").new_page()
    open_page(guesser, server, "upload", lang="fr")
    _try(guesser, "guess-1")
    expect(
        guesser.get_by_text("Éditeur inconnu ou mot de passe erroné. Vous pourrez réessayer dans 1 s.")
    ).to_be_visible()
    for attempt in range(2, 6):  # checked or, while its delay runs, refused without a try
        _try(guesser, f"guess-{attempt}")
        expect(guesser.get_by_text(WAIT)).to_be_visible()
    expect(guesser.get_by_test_id("stStatusWidget")).to_have_count(0)  # every try answered
    shot(guesser, "signin-guesser")
    guesser.context.close()
    # alice, in another browser: she waits out the delay the form names, if any, and is in.
    for _ in range(8):
        open_page(page, server, "upload")
        fill_sign_in(page, "alice", "correct-horse")
        expect(page.get_by_text(IN_OR_WAIT)).to_be_visible()
        waiting = re.search(r"[Tt]ry again in (\d+) s", page.inner_text("body"))
        if waiting is None:
            break
        assert int(waiting.group(1)) <= 60
        page.wait_for_timeout((int(waiting.group(1)) + 1) * 1000)
    expect(page.get_by_text(signed_in("alice"))).to_be_visible()
    expect(page.get_by_test_id("stFileUploader")).to_be_visible()
