"""Job 1, look: the overview shows every target's status, in English and, after the switch, in French."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, open_page, shot


def test_overview_shows_every_target_with_status(page: Page, server: Server) -> None:
    open_page(page, server)
    main = page.get_by_test_id("stMain")
    for label in ("Net new jobs by 2020", "Net new jobs in Montréal by 2020", "Revenue growth of 7 % a year",
                  "Revenue of $45 billion in 2020"):  # fmt: skip
        expect(main.get_by_text(label, exact=True)).to_be_visible()
    expect(main.get_by_text("On track").first).to_be_visible()
    expect(main.get_by_text("Achieved").first).to_be_visible()
    expect(main.get_by_text("No data yet").first).to_be_visible()
    shot(page, "look-overview-en")


def test_french_switch_shows_french_labels_and_numbers(page: Page, server: Server) -> None:
    open_page(page, server)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="Français").click()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Où en est le plan")).to_be_visible()
    expect(main.get_by_text("En bonne voie").first).to_be_visible()
    expect(main.get_by_text("116\u00a0000").first).to_be_visible()
    assert "lang=fr" in page.url
    shot(page, "look-overview-fr")
