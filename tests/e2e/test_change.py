"""Job 2, upload, and its safety: an editor commits a French file; a bad file changes nothing; a viewer
cannot change anything; a rollback brings the previous figures back."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, fill_sign_in, open_page, shot, signed_in

FRENCH_FILE = (
    "année;indicateur;région;valeur;note;source\r\n"
    "2019;Emplois;Ensemble du Québec;121 500;p;Fédération, compilation 2019\r\n"
    "2019;Chiffre d'affaires (G$);Ensemble du Québec;47,5;;Fédération, compilation 2019\r\n"
).encode("cp1252")
BAD_FILE = "année;indicateur;valeur\r\n2019;Emplois;environ 120 000\r\n20X9;Emplois;5\r\n".encode("cp1252")


def sign_in(
    page: Page, server: Server, path: str = "upload", name: str = "alice", password: str = "correct-horse"
) -> None:
    """Open a page that changes data and sign in there (a full page load starts a new session)."""
    open_page(page, server, path)
    fill_sign_in(page, name, password)
    expect(page.get_by_text(signed_in(name))).to_be_visible()


def upload(page: Page, tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))


def history(server: Server) -> list[dict[str, object]]:
    done = server.cli("history", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def jobs_2019(server: Server) -> float | None:
    targets = json.loads(server.cli("progress", "--json").stdout)["targets"]
    jobs = next(t for t in targets if t["id"] == "jobs_net")
    return jobs["latest"] if jobs["latest_year"] == 2019 else None


def test_bad_file_shows_every_problem_and_changes_nothing(page: Page, server: Server, tmp_path: Path) -> None:
    before = history(server)
    sign_in(page, server)
    upload(page, tmp_path, "mauvais.csv", BAD_FILE)
    expect(page.get_by_text("problems found", exact=False)).to_be_visible()
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    shot(page, "change-bad-file")
    assert page.get_by_role("button", name="Commit these figures").count() == 0
    assert history(server) == before


def test_editor_uploads_french_csv_and_overview_changes(page: Page, server: Server, tmp_path: Path) -> None:
    assert jobs_2019(server) is None
    sign_in(page, server)
    upload(page, tmp_path, "emplois-2019.csv", FRENCH_FILE)
    expect(page.get_by_text("What would change")).to_be_visible()
    expect(page.get_by_text("How the targets would move")).to_be_visible()
    shot(page, "change-preview")
    page.get_by_role("button", name="Commit these figures").click()
    expect(page.get_by_text("Committed as batch")).to_be_visible()
    assert history(server)[0]["by"] == "alice"
    assert jobs_2019(server) == 121_500
    open_page(page, server)
    expect(page.get_by_test_id("stMain").get_by_text("121,500").first).to_be_visible()
    shot(page, "change-overview-after")


def test_rollback_restores_previous_figures(page: Page, server: Server) -> None:
    newest = history(server)[0]
    assert newest["kind"] == "import" and not newest["rolled_back"]
    sign_in(page, server, "history")
    page.get_by_role("button", name=f"Roll back batch {newest['batch']}").click()
    page.get_by_role("button", name="Yes, roll back").click()
    expect(page.get_by_text(f"Batch {newest['batch']} rolled back")).to_be_visible()
    shot(page, "change-rolled-back")
    assert jobs_2019(server) is None
    assert history(server)[0]["kind"] == "rollback"


def test_viewer_cannot_upload_or_roll_back(page: Page, server: Server) -> None:
    open_page(page, server, "upload")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert page.get_by_test_id("stFileUploader").count() == 0
    # A wrong password, under another name than alice's: the browsers of these tests share one client (no
    # address on loopback), so a failure for alice would slow her next sign-in in another test.
    fill_sign_in(page, "mallory", "wrong-password")
    expect(page.get_by_text("Unknown editor or wrong password.")).to_be_visible()
    open_page(page, server, "history")
    expect(page.get_by_text("History of the data")).to_be_visible()
    assert page.get_by_role("button", name="Roll back batch 1").count() == 0
    shot(page, "change-viewer")


def test_comment_with_markup_is_shown_as_text(page: Page, server: Server) -> None:
    payload = '<img src=x onerror="window.__xss=1"> behind plan'
    open_page(page, server)
    page.get_by_text("Add a commentary").click()
    fill_sign_in(page, "alice", "correct-horse")
    expect(page.get_by_text(signed_in("alice"))).to_be_visible()  # the expander stays open
    page.get_by_label("Commentary (why we are ahead or behind)").fill(payload)
    page.get_by_role("button", name="Save the commentary").click()
    expect(page.get_by_text("Commentary saved: it shows on the card")).to_be_visible()
    open_page(page, server)
    expect(page.get_by_text("behind plan").first).to_be_visible()
    assert page.evaluate("window.__xss") is None
    assert page.locator('img[src="x"]').count() == 0
    shot(page, "change-comment-escaped")
