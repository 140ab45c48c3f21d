"""A quote never swallows rows: never closed, opened mid-cell, closed before its cell ends, or a line inside a
quoted cell that reads as a row is refused at the row where the quote opened, on the careful and fast paths,
in both languages and on the command line; a multi-line quoted cell that closes still imports."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from planmetrics.ingest import ReadResult, fast, read_figures
from planmetrics.ingest.quotes import quote_troubles, suspicious_bytes
from planmetrics.ingest.sniff import WholeFileError, decode, first_record, read_text_table, sniff_delimiter
from planmetrics.plan import Plan
from planmetrics.store import Store
from planmetrics.words import say

from .conftest import ROOT, SHARED

HEADER = "year,indicator,value,source"
ISSUE = b'year,indicator,value,source\n2019,jobs,117000,"never closed\n2018,jobs,116000,ok\n'


def errors(result: ReadResult) -> list[tuple[int | None, str | None, str | None]]:
    return [(p.row, p.column, p.value) for p in result.errors]


def careful(data: bytes, plan: Plan, monkeypatch: pytest.MonkeyPatch, lang: str = "en") -> ReadResult:
    monkeypatch.setattr(fast, "FAST_MIN_BYTES", 1 << 60)
    return read_figures(data, "figures.csv", plan, lang=lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_issues_file_is_refused_at_the_row_where_the_quote_opened(plan: Plan, lang: str) -> None:
    assert len(ISSUE) < fast.FAST_MIN_BYTES  # the careful path reads it
    result = read_figures(ISSUE, "figures.csv", plan, lang=lang)
    assert not result.ok
    assert result.figures.empty
    assert errors(result) == [(2, "source", '"never closed')]
    assert result.errors[0].message == say("quotes.unclosed", lang)


def test_the_words_say_what_happened_and_what_to_do_in_each_language(plan: Plan) -> None:
    english = read_figures(ISSUE, "figures.csv", plan, lang="en").errors[0].message
    french = read_figures(ISSUE, "figures.csv", plan, lang="fr").errors[0].message
    assert "never closed" in english and "Add the closing quote" in english
    assert "n'est jamais fermé" in french and "Ajoutez le guillemet fermant" in french
    for key in ("unclosed", "mid_cell", "after_close", "row_inside"):
        text = say(f"quotes.{key}", "fr", line="2018,jobs,116000,ok").replace("2018,jobs,116000,ok", "")
        assert not any(word in text.split() for word in ("the", "quote", "cell", "row", "line", "and")), text


@pytest.mark.parametrize(
    ("row", "kind", "value"),
    [
        ('2019,jobs,117000,abc"def', "mid_cell", 'abc"def'),  # a quote opening mid-cell
        ('2019,jobs,117000, "spaced, out"', "mid_cell", ' "spaced'),  # a space before the opening quote
        ('2019,jobs,117000,"abc"def', "after_close", '"abc"def'),  # text after the closing quote
        ('2019,jobs,117000,"never closed', "unclosed", '"never closed'),  # on the last line
    ],
)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_quote_that_does_not_mean_what_it_seems_is_refused(
    plan: Plan, monkeypatch: pytest.MonkeyPatch, row: str, kind: str, value: str, lang: str
) -> None:
    data = "\n".join([HEADER, "2017,jobs,115000,fine", row, "2018,jobs,116000,ok"]).encode()
    if kind == "unclosed":
        data = "\n".join([HEADER, "2017,jobs,115000,fine", row]).encode()
    result = careful(data, plan, monkeypatch, lang)
    assert errors(result) == [(3, "source", value)]
    assert result.errors[0].message == say(f"quotes.{kind}", lang)


def test_a_line_inside_a_closed_quote_that_reads_as_a_row_is_refused(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quote closes at the next row's quote: the 2018 row would be inside the 2019 row's source."""
    data = b'year,indicator,value,source\n2019,jobs,117000,"never closed\n2018,jobs,116000,"ok"\n2017,jobs,1,x\n'
    for lang in ("en", "fr"):
        result = careful(data, plan, monkeypatch, lang)
        assert errors(result) == [(2, "source", '"never closed')]
        assert result.errors[0].message == say("quotes.row_inside", lang, line="2018,jobs,116000,")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_multi_line_cell_that_closes_imports_with_its_line_break(
    plan: Plan, monkeypatch: pytest.MonkeyPatch, newline: str
) -> None:
    lines = [HEADER, f'2019,jobs,117000,"line one{newline}line two, and more"', "2018,jobs,116000,ok", ""]
    result = careful(newline.join(lines).encode(), plan, monkeypatch)
    assert result.ok, result.errors
    sources = dict(zip(result.figures["year"], result.figures["source"], strict=True))
    assert sources == {2019: f"line one{newline}line two, and more", 2018: "ok"}


def test_every_trouble_is_listed_with_the_other_problems_and_rows_as_the_grid_numbers_them(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row 2's cell spans two lines and is fine: the rows after it are numbered as a spreadsheet shows them."""
    lines = [
        HEADER,
        '2014,jobs,100000,"two\nlines"',
        "20X5,jobs,5,bad year",
        '2016,jobs,5,a"b',
        "2017,jobs,6,ok",
        '2018,jobs,7,"x"y',
        '2019,jobs,117000,"never closed',
        "2020,jobs,116000,ok",
    ]
    result = careful("\n".join(lines).encode(), plan, monkeypatch)
    assert sorted(errors(result), key=str) == [
        (3, "year", "20X5"),
        (4, "source", 'a"b'),
        (6, "source", '"x"y'),
        (7, "source", '"never closed'),
    ]


def test_a_header_that_swallows_the_file_is_refused_at_its_row(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    for blank_lines, row in (("", 1), ("\n\n", 3)):
        data = f'{blank_lines}year,indicator,value,"source\n2019,jobs,117000,x\n'.encode()
        result = careful(data, plan, monkeypatch)
        assert errors(result) == [(row, None, '"source')]  # no column: the header's cell holds the rest
        assert result.errors[0].message == say("quotes.unclosed", "en")


def test_rows_are_counted_as_the_grid_counts_them_whatever_the_line_ends() -> None:
    for newline in ("\n", "\r\n", "\r"):
        text = newline.join(["a;b;c", "", '1;"x' + newline + 'y";3', "4;5;6", '7;8;"open'])
        table = read_text_table(text, "utf-8", "en")
        assert [n for n, _ in table.rows] == [3, 4]
        assert [(p.row, p.column) for p in table.problems] == [(5, "c")]
        assert quote_troubles(text, ";", 3)[0].row == 5


def test_a_delimiter_of_the_file_counts_cells_and_rows(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    data = 'année;indicateur;valeur;source\n2019;emplois;117 000;« rapport »\n2018;emplois;1;"jamais fermé\n'
    result = careful(data.encode(), plan, monkeypatch, "fr")
    assert errors(result) == [(3, "source", '"jamais fermé')]


def big(rows: list[str]) -> bytes:
    lines = ["year,indicator,network,value,source"]
    lines += [f'{1900 + n % 120},jobs,net{n},{n},"Statistique Canada, tableau {n % 50}"' for n in range(20_000)]
    for n, row in enumerate(rows):
        lines[15_000 + n] = row
    data = "\n".join(lines).encode()
    assert len(data) > fast.FAST_MIN_BYTES  # the real threshold: without a trouble, this file takes the fast path
    return data


def test_a_big_clean_file_with_quoted_cells_takes_the_fast_path(plan: Plan) -> None:
    data = big([])
    assert fast.read_fast(data, fast.Validator(plan, "en", "", ""), None) is not None
    assert read_figures(data, "big.csv", plan).rows == 20_000


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (['2019,jobs,netx,117000,"never closed'], [(15_001, "source", '"never closed')]),  # then quoted rows
        (
            ['2019,jobs,netx,117000,abc"def', '2019,jobs,nety,1,ab"c'],
            [(15_001, "source", 'abc"def'), (15_002, "source", 'ab"c')],
        ),
        (
            ['2019,jobs,netx,117000,"abc"def', '2019,jobs,nety,1,"ab"c'],
            [(15_001, "source", '"abc"def'), (15_002, "source", '"ab"c')],
        ),
        (['2019,jobs,netx,117000,"one\n2018,jobs,nety,116000,two"'], [(15_001, "source", '"one')]),
    ],
    ids=["unclosed", "mid_cell", "after_close", "row_inside"],
)
def test_a_big_file_gives_the_same_refusal_as_the_careful_path(
    plan: Plan, monkeypatch: pytest.MonkeyPatch, rows: list[str], expected: list[tuple[int, str, str]]
) -> None:
    data, lang = big(rows), "fr" if "never closed" in rows[0] else "en"
    assert fast.read_fast(data, fast.Validator(plan, lang, "", ""), None) is None  # it steps aside
    result = read_figures(data, "big.csv", plan, lang=lang)
    assert errors(result) == expected
    assert result.errors == careful(data, plan, monkeypatch, lang).errors


def test_a_big_file_with_a_closed_multi_line_cell_is_read_fast_and_the_same(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = big(['2019,jobs,netx,117000,"line one\r\nline two"'])
    assert fast.read_fast(data, fast.Validator(plan, "en", "", ""), None) is not None
    quick = read_figures(data, "big.csv", plan)
    slow = careful(data, plan, monkeypatch)
    assert quick.ok and slow.ok
    assert quick.figures.astype(slow.figures.dtypes.to_dict()).equals(slow.figures)
    assert "line one\r\nline two" in set(slow.figures["source"])


def test_the_fast_paths_look_at_the_bytes() -> None:
    assert suspicious_bytes(b'a,b\nabc"def,1\n', ",")
    assert suspicious_bytes(b'a;b\n"abc"def;1\n', ";")
    assert suspicious_bytes(b'a\tb\n "x"\t1\n', "\t")
    assert not suspicious_bytes(b'a,b\n"x, y","he said ""hi"""\n"",""\n', ",")


CSVS = sorted(p for p in (SHARED / "corpora").rglob("*") if p.suffix in {".csv", ".tsv"})


@pytest.mark.parametrize("path", CSVS, ids=lambda p: p.name)
def test_no_corpus_file_holds_a_quote_trouble(path: Path) -> None:
    """Their multi-line quoted cells (csv-spectrum's newlines, csvkit's header newline) all close and hold no row."""
    try:
        text, _ = decode(path.read_bytes(), "en")
    except WholeFileError:  # NUL bytes: refused as a whole, no grid to look at
        return
    delimiter = sniff_delimiter(text)
    assert quote_troubles(text, delimiter, len(first_record(text, delimiter))) == []


def test_a_workbook_keeps_its_quotes(plan: Plan) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["year", "indicator", "value", "source"],
        [2019, "jobs", 117000, '"never closed'],
        [2018, "jobs", 1, 'a"b'],
    ):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    result = read_figures(out.getvalue(), "figures.xlsx", plan)
    assert result.ok, result.errors
    assert set(result.figures["source"]) == {'"never closed', 'a"b'}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "planmetrics", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_command_line_refuses_the_file_and_commits_nothing(tmp_path: Path, lang: str) -> None:
    db = tmp_path / "figures.duckdb"
    assert cli("--db", str(db), "init").returncode == 0
    before = Store(db).history(), len(Store(db).current_figures())
    path = tmp_path / "figures.csv"
    path.write_bytes(ISSUE)
    done = cli("--db", str(db), "--lang", lang, "import", str(path), "--json")
    assert done.returncode == 2, done.stderr
    payload = json.loads(done.stdout)
    assert payload["ok"] is False
    assert payload["errors"] == [
        {"row": 2, "column": "source", "value": '"never closed', "message": say("quotes.unclosed", lang)}
    ]
    assert (Store(db).history(), len(Store(db).current_figures())) == before
