"""Job 3, export: a chart's PNG and the PDF report download from the dashboard as valid files."""

from __future__ import annotations

import io
import re
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import Server, open_page, shot


def test_chart_png_and_pdf_report_download(page: Page, server: Server) -> None:
    open_page(page, server, "jobs")
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    page.get_by_test_id("stPopover").first.get_by_role("button", name="Download").click()
    with page.expect_download(timeout=60_000) as png_download:
        page.get_by_test_id("stPopoverBody").get_by_role("button", name="PNG", exact=True).click()
    png = png_download.value
    data = Path(png.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 50_000  # a drawn chart at print resolution, not a blank image
    assert png.suggested_filename == "jobs_net.png"
    shot(page, "export-chart")

    open_page(page, server, "reports")
    page.get_by_role("button", name="Build the report").click()
    expect(page.get_by_text("Report ready")).to_be_visible(timeout=90_000)
    with page.expect_download(timeout=60_000) as pdf_download:
        page.get_by_role("button", name="Download the report").click()
    report = Path(pdf_download.value.path()).read_bytes()
    assert report[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(report))
    cover = reader.pages[0].extract_text()
    assert "Progress report as of 2019" in cover
    assert re.search(r"of the plan's \d+ targets: \d+ achieved", cover)  # the cover's summary in sentences
    assert len(reader.pages) >= 5  # cover, charts, checks, method: how many depends on the figures
    assert "On track" in cover  # the table of every target, on the cover
    assert "Who has reported 2019" in reader.pages[1].extract_text()  # then who owes what (the shipped plan's duties)
    assert "Jobs: on track" in reader.pages[2].extract_text()  # then each target's chart and its finding
    shot(page, "export-report")
