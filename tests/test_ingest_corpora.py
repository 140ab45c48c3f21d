"""Files nobody here wrote (../shared/corpora): each gives a correct result or a clear refusal, never a crash.

csv-spectrum also says what each CSV holds (json/*.json): the grid read from it must be exactly that.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planmetrics import config
from planmetrics.ingest import ReadOptions, read_figures
from planmetrics.ingest.sniff import decode, read_text_table
from planmetrics.plan import Plan

# ../shared/corpora beside the project's root (tests/ -> project -> its parent).
CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
FILES = sorted(
    p for p in CORPORA.rglob("*") if p.is_file() and p.suffix.lower() not in {".json", ".md"} and p.name != "LICENSE"
)
SPECTRUM = sorted((CORPORA / "csv-spectrum" / "csvs").glob("*.csv"))


def test_the_corpora_are_there() -> None:
    assert len(FILES) >= 30, CORPORA


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_file_is_read_or_refused_clearly(path: Path, plan: Plan, lang: str) -> None:
    result = read_figures(path.read_bytes(), path.name, plan, lang=lang)
    if result.ok:
        assert list(result.figures.columns) == config.STORED_COLUMNS
        assert not result.figures.empty
    else:
        assert result.figures.empty
        for problem in result.errors:
            assert problem.message.strip()
            assert problem.row is None or problem.row >= 1


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_with_a_plan_indicator_is_read_or_refused(path: Path, plan: Plan) -> None:
    result = read_figures(path.read_bytes(), path.name, plan, options=ReadOptions(indicator="jobs", source="corpus"))
    assert result.ok or result.errors


@pytest.mark.parametrize("path", SPECTRUM, ids=lambda p: p.name)
def test_csv_spectrum_grids_are_read_exactly(path: Path) -> None:
    expected = json.loads((path.parent.parent / "json" / f"{path.stem}.json").read_text(encoding="utf-8"))
    text, _ = decode(path.read_bytes(), "en")
    table = read_text_table(text, "utf-8", "en")
    assert not table.problems
    assert [dict(zip(table.header, cells, strict=True)) for _, cells in table.rows] == expected


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("test_utf16_big.csv", "utf-16", ","),
        ("test_utf16_little.csv", "utf-16", ","),
        ("test_utf8_bom.csv", "utf-8-sig", ","),
        ("test_latin1.csv", "latin-1", ","),
        ("dummy.tsv", "utf-8", "\t"),
        ("mac_newlines.csv", "utf-8", ","),
    ],
)
def test_csvkit_encodings_and_delimiters_are_detected(plan: Plan, name: str, encoding: str, delimiter: str) -> None:
    result = read_figures((CORPORA / "csvkit-examples" / name).read_bytes(), name, plan)
    assert (result.detected.encoding, result.detected.delimiter) == (encoding, delimiter)


def test_mac_newlines_and_utf16_give_the_right_cells() -> None:
    text, _ = decode((CORPORA / "csvkit-examples" / "mac_newlines.csv").read_bytes(), "en")
    table = read_text_table(text, "utf-8", "en")
    assert table.header == ["a", "b", "c"]
    assert [cells for _, cells in table.rows] == [["1", "2", "3"], ["Once upon\ra time", "5", "6"]]
    text, _ = decode((CORPORA / "csvkit-examples" / "test_utf16_little.csv").read_bytes(), "en")
    assert read_text_table(text, "utf-16", "en").rows[-1][1] == ["4", "5", "ʤ"]


def test_null_byte_and_empty_files_are_refused_as_a_whole(plan: Plan) -> None:
    for name in ("null_byte.csv", "empty.csv"):
        result = read_figures((CORPORA / "csvkit-examples" / name).read_bytes(), name, plan)
        assert [(p.row, p.column) for p in result.errors] == [(None, None)]


def test_ragged_rows_are_reported_with_their_row(plan: Plan) -> None:
    result = read_figures((CORPORA / "csvkit-examples" / "bad.csv").read_bytes(), "bad.csv", plan)
    assert {p.row for p in result.errors if p.row is not None} == {2, 3}
