"""The browser's upload cap and the server's (issue 15, finding 9): the browser lets through every file the
server reads and every file up to 10 % over it, counted in either of the megabytes Streamlit's browser code
uses, so that a file over our limit gets our refusal in the page's language instead of Streamlit's English
"File must be 50.0MB or smaller"."""

from __future__ import annotations

import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from planmetrics import ui
from planmetrics.ingest import limits
from tests.pages.conftest import ROOT, PageRunner, texts

DECIMAL_MB, BINARY_MB = 1_000_000, 1_048_576  # Streamlit's browser code counts in one or the other (Windows)


@pytest.fixture
def default_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.delenv("PLANMETRICS_MAX_UPLOAD_MB", raising=False)
    assert limits.upload_limit() == 52_428_800
    return limits.upload_limit()


def _uploader_cap_mb(at: AppTest) -> int:
    (uploader,) = at.get("file_uploader")
    return int(uploader.proto.max_upload_size_mb)


def test_the_browser_lets_through_what_the_server_reads_and_more(run_page: PageRunner, default_limit: int) -> None:
    cap = _uploader_cap_mb(run_page("upload", lang="en"))
    assert cap == limits.browser_cap_mb()
    for megabyte in (DECIMAL_MB, BINARY_MB):
        assert cap * megabyte >= 1.1 * default_limit  # a file up to 10 % over the limit reaches our check
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["server"]["maxUploadSize"] >= cap  # Streamlit's server route (MB of 2**20) accepts it
    assert ui.upload_refusal("f.csv", 50_000_001, "en") is None  # the size the browser refused before


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "big.csv is 50.0 MB, over the 50 MB limit. Split it into smaller files"),
        ("fr", "big.csv fait 50,0 Mo, au-delà de la limite de 50 Mo. Divisez-le en fichiers plus petits"),
    ],
)
def test_a_file_one_byte_over_gets_our_words(run_page: PageRunner, default_limit: int, lang: str, said: str) -> None:
    at = run_page("upload", lang=lang)
    at.file_uploader[0].set_value(("big.csv", b"y" * (default_limit + 1), "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert said in texts(at)
    assert not at.dataframe  # refused before it was read


def test_a_file_at_the_browsers_cap_still_gets_our_words(run_page: PageRunner, default_limit: int) -> None:
    at = run_page("upload", lang="fr")
    size = _uploader_cap_mb(at) * DECIMAL_MB  # the largest file Chromium on Linux sends: 58,000,000 bytes
    assert size > 1.1 * default_limit
    at.file_uploader[0].set_value(("lourd.csv", b"y" * size, "text/csv"))
    at.run()
    assert "lourd.csv fait 55,3 Mo, au-delà de la limite de 50 Mo." in texts(at)
