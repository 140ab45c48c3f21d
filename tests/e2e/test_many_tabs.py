"""Issue 20, tried as a user: ten tabs of one browser opened at once all show their charts, every other one
on the overview (the board meeting's link) and the rest on the Jobs page.

The charts each tab must draw are counted by the browser-free client (`bench/protocol.py`): the plotly charts
the server sends for the page, which every tab must then show, with no exception on any of them."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from bench import protocol
from bench.sessions import PAGES
from planmetrics.words import say
from tests.e2e.conftest import SHOTS, Server, start_server

TABS = 10
NAMES = ("overview", "jobs")


def test_ten_tabs_opened_at_once_all_show_their_charts(browser: Browser, server: Server) -> None:
    sent = {name: protocol.run_page(server.url, PAGES[name]) for name in NAMES}
    for name, run in sent.items():
        assert run.broken() is None, (name, run)
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="en-CA")
    try:
        tabs = [(NAMES[n % len(NAMES)], context.new_page()) for n in range(TABS)]
        for name, tab in tabs:  # every tab asks before any has its answer
            tab.goto(f"{server.url}/{PAGES[name]}", wait_until="commit")
        for name, tab in tabs:
            charts = tab.get_by_test_id("stMain").locator(".js-plotly-plot")
            expect(charts).to_have_count(sent[name].charts, timeout=90_000)
            expect(charts.first).to_be_visible()
            expect(tab.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)
            expect(tab.get_by_test_id("stException")).to_have_count(0)
        SHOTS.mkdir(parents=True, exist_ok=True)
        for name, tab in tabs[-len(NAMES) :]:
            tab.screenshot(path=str(SHOTS / f"many-tabs-{name}.png"), full_page=True)
    finally:
        context.close()


def test_ten_first_visits_of_a_server_just_started_all_get_the_apps_navigation(
    browser: Browser, tmp_path: Path
) -> None:
    """Ten links opened at once on a server no one has visited yet: Streamlit runs a `pages/` folder's legacy
    navigation until the app's first run turns it off, and every one of these visits began before that; each
    must still show the pages by their names in words, never the files' names (`ui.context`)."""
    fresh, process = start_server(tmp_path)
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="en-CA")
    try:
        tabs = [context.new_page() for _ in range(TABS)]
        for n, tab in enumerate(tabs):
            tab.goto(f"{fresh.url}/{PAGES[NAMES[n % len(NAMES)]]}", wait_until="commit")
        for tab in tabs:
            expect(tab.locator(".js-plotly-plot").first).to_be_visible(timeout=120_000)
            nav = tab.get_by_test_id("stSidebarNav")
            expect(nav).to_contain_text(say("nav.jobs", "en"))
            # the files' names (a Material icon's name shows in the text too: these three are no icon's)
            assert not {"benefits", "revenue", "overview"} & set(nav.inner_text().split("\n")), nav.inner_text()
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=30)
