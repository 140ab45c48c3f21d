"""The upload cap in a real browser (issue 15, finding 9): Chromium used to refuse a file over 50,000,000 bytes
with Streamlit's English "File must be 50.0MB or smaller" while the server read up to 52,428,800. Now a file
just over the server's limit is sent, and the server's refusal is what the editor reads, in the page's
language."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, shot
from tests.e2e.test_change import sign_in, upload

LIMIT = 52_428_800  # the server's default limit, 50 MB of 2**20 bytes


@pytest.mark.parametrize("size", [LIMIT + 1, 58_000_000])  # one byte over; the browser's cap (58 MB of 10**6)
def test_a_file_over_the_limit_gets_our_words_in_the_browser(
    page: Page, server: Server, tmp_path: Path, size: int
) -> None:
    sign_in(page, server)
    upload(page, tmp_path, "big.csv", b"y" * size)
    megabytes = "50.0" if size == LIMIT + 1 else "55.3"
    expect(page.get_by_text(f"big.csv is {megabytes} MB, over the 50 MB limit.")).to_be_visible(timeout=120_000)
    assert page.get_by_text("File must be").count() == 0
    shot(page, f"upload-cap-{size}")


def test_our_limit_is_said_beneath_the_drop_zone(page: Page, server: Server) -> None:
    """The drop zone's own "58MB per file" is Streamlit's (the browser's cap); our limit is said beneath it."""
    sign_in(page, server)
    expect(page.get_by_text("Files .csv, .tsv, .txt, .xlsx, .xls, up to 50 MB each.")).to_be_visible()
