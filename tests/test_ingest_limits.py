"""One size rule for an upload (ingest.limits): the command line, the dashboard and the importer refuse the
same files with the same words, in the reader's language, before reading them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from planmetrics import config
from planmetrics.cli import main
from planmetrics.ingest import limits, read_figures
from planmetrics.plan import Plan, load_plans

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
ADVICE = {
    "en": "Split it into smaller files, or have the administrator raise $PLANMETRICS_MAX_UPLOAD_MB.",
    "fr": "Divisez-le en fichiers plus petits, ou faites augmenter $PLANMETRICS_MAX_UPLOAD_MB par l'administrateur.",
}


@pytest.fixture
def one_megabyte(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("PLANMETRICS_MAX_UPLOAD_MB", "1")
    return MB


@pytest.mark.parametrize("size", [0, 1000, MB])
def test_a_file_up_to_the_limit_may_be_read(one_megabyte: int, size: int) -> None:
    assert limits.size_refusal("f.csv", size) is None


@pytest.mark.parametrize(
    ("size", "lang", "expected"),
    [
        (MB + MB // 2, "en", "big.csv is 1.5 MB, over the 1 MB limit."),
        (MB + MB // 2, "fr", "big.csv fait 1,5 Mo, au-delà de la limite de 1 Mo."),
        (MB + 1, "fr", "big.csv fait 1,0 Mo, au-delà de la limite de 1 Mo."),  # 1.000001 MB: one decimal
        (1234 * MB + 3 * MB // 10, "fr", "big.csv fait 1\u00a0234,3 Mo, au-delà de la limite de 1 Mo."),
    ],
)
def test_a_file_over_the_limit_is_refused_in_the_readers_language(
    one_megabyte: int, size: int, lang: str, expected: str
) -> None:
    refused = limits.size_refusal("big.csv", size)
    assert refused is not None
    assert refused.text(lang) == f"{expected} {ADVICE[lang]}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_importer_refuses_with_the_same_words(one_megabyte: int, lang: str) -> None:
    plan: Plan = load_plans()[0]
    data = b"year,indicator,value\n" + b"2018,jobs,5\n" * (MB // 12 + 1)
    result = read_figures(data, "big.csv", plan, lang=lang)
    refused = limits.size_refusal("big.csv", len(data))
    assert refused is not None
    assert [e.message for e in result.errors] == [refused.text(lang)]


def test_the_command_line_refuses_before_reading(
    one_megabyte: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "db.duckdb")
    assert main(["--db", db, "init", "--empty"]) == 0
    path = tmp_path / "big.csv"
    path.write_bytes(b"year,indicator,value\n" + b"2019,jobs,1\n" * 150_000)  # 1.7 MB
    capsys.readouterr()
    assert main(["--db", db, "--lang", "fr", "import", str(path)]) == 2
    assert "big.csv fait 1,7 Mo, au-delà de la limite de 1 Mo." in capsys.readouterr().err


def test_a_workbook_may_expand_to_twenty_times_the_limit(one_megabyte: int) -> None:
    assert limits.expansion_cap() == 20 * MB


def test_the_browsers_cap_is_the_one_the_size_rule_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit's own cap (.streamlit/config.toml) is `limits.browser_cap_mb`: it lets through every file the
    server reads and, so that our refusal answers them, every file up to 10 % over it (tests/pages/test_upload_cap)."""
    monkeypatch.delenv("PLANMETRICS_MAX_UPLOAD_MB", raising=False)
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["server"]["maxUploadSize"] == limits.browser_cap_mb()
    assert settings["server"]["maxUploadSize"] * 1_000_000 >= 1.1 * config.max_upload_bytes()
