"""A whole Statistics Canada table uploaded in a real browser, in French (issue 17's "the same in the browser
with the select boxes"): the table is refused until a member of its industries is picked in the select box,
then its preview shows Québec's yearly figures and the commit writes them. The screenshot goes to /tmp."""

from __future__ import annotations

import csv
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, fill_sign_in, open_page, signed_in
from tests.e2e.test_change import history, upload
from tests.pages.test_upload_series import FILE, NAICS, TABLE

SCREENSHOTS = Path("/tmp/planmetrics-e2e")


def sign_in_in_french(page: Page, server: Server) -> None:
    open_page(page, server, "upload", lang="fr")
    fill_sign_in(page, "alice", "correct-horse", "fr")
    expect(page.get_by_text(signed_in("alice", "fr"))).to_be_visible()


def pick(page: Page, label: str, option: str) -> None:
    """Open the select box of that label and pick the option, as a person does with the mouse."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_a_statcan_table_is_imported_after_picking_its_series(page: Page, server: Server, tmp_path: Path) -> None:
    before = len(history(server))
    page.set_viewport_size({"width": 1400, "height": 2400})  # Streamlit scrolls inside its page: all in view
    sign_in_in_french(page, server)
    pick(page, "Indicateur (pour un fichier qui n’en nomme pas)", "Emploi au Québec")
    upload(page, tmp_path, FILE, TABLE["fr"])
    # The box is named by the file's header as written (no backslash read aloud), and waits for a choice.
    expect(page.get_by_role("combobox", name=NAICS["fr"], exact=True)).to_have_attribute("placeholder", "— choisir —")
    expect(page.get_by_role("button", name="Enregistrer ces données")).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "statcan-choose.png"), full_page=True)

    pick(page, NAICS["fr"], "Fabrication [31-33]")
    expect(page.get_by_text("Ce qui changerait")).to_be_visible()
    expect(page.get_by_text(f"Série : {NAICS['fr']} = Fabrication [31-33]", exact=False)).to_be_visible()
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_contain_text("486\u00a0500")
    expect(table).to_contain_text("498\u00a0500")
    page.screenshot(path=str(SCREENSHOTS / "statcan-preview.png"), full_page=True)

    page.get_by_role("button", name="Enregistrer ces données").click()
    expect(page.get_by_text("Enregistré comme lot")).to_be_visible()
    done = history(server)
    assert len(done) == before + 1 and done[0]["by"] == "alice"
    out = tmp_path / "data.csv"
    assert server.cli("data", "-o", str(out)).returncode == 0
    with out.open(encoding="utf-8-sig", newline="") as rows:
        written = [
            (r["year"], r["region"], float(r["value"])) for r in csv.DictReader(rows) if r["indicator"] == "employment"
        ]
    assert sorted(written) == [("2021", "Québec", 486_500.0), ("2022", "Québec", 498_500.0)]
    page.screenshot(path=str(SCREENSHOTS / "statcan-committed.png"), full_page=True)
