"""Text files: their encoding, their delimiter, and their grid of cells with spreadsheet row numbers.

An HTML page (a table saved from a browser as .xls) is refused as one. Blank lines are skipped, rows
longer or shorter than the header are reported, a cell over `MAX_CELL_CHARS` is reported. Before the grid
is read, `quotes` finds every quote that would swallow rows (never closed, opened mid-cell, a line inside
a quoted cell that reads as a row): each is reported at the row where it opened, and that row is left out
of the grid; past the `QUOTES_SHOWN` listed, the rest is not looked at. Imports the ingest result types, messages and
quotes, and `words`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from typing import cast

from planmetrics.ingest.frame_rows import FramedTable, frame, set_aside
from planmetrics.ingest.garbled import garbled, read_twice
from planmetrics.ingest.messages import shorten
from planmetrics.ingest.quotes import QuoteTrouble, quote_troubles
from planmetrics.ingest.results import CellValue, Problem, Table
from planmetrics.words import say

DELIMITERS = (",", ";", "\t", "|")
SNIFF_CHARS = 64 * 1024
SNIFF_RECORDS = 40
MAX_CELL_CHARS = 10_000
MAX_COLUMNS = 1_000
QUOTES_SHOWN = 499  # and a note that the rest was not checked: as many as a refusal lists (`ingest.MAX_PROBLEMS`)
WORKBOOK_KINDS = frozenset({"xlsx", "xls"})  # a workbook's grid says so in its `encoding`
# Bytes 0x80-0x9F that cp1252 prints (curly quotes, dashes, euro, œ); Latin-1 has only controls there.
_CP1252_PRINTABLE = frozenset(range(0x80, 0xA0)) - {0x81, 0x8D, 0x8F, 0x90, 0x9D}
_CP1252_BYTE = re.compile(b"[" + b"".join(re.escape(bytes([byte])) for byte in sorted(_CP1252_PRINTABLE)) + b"]")

_WEB_PAGE = re.compile(r"\s*(?:<!doctype\s+html|<html|<head|<body|<table|<meta\s)", re.IGNORECASE)

csv.field_size_limit(16 * MAX_CELL_CHARS)


def is_web_page(text: str) -> bool:
    """Whether a text is an HTML page (a table saved from a browser, often named .xls), not rows of cells."""
    start = text[:1024].removeprefix("\ufeff")
    if start.lstrip()[:5].lower() == "<?xml":  # XHTML: the declaration, then the page
        start = start.lstrip()[start.lstrip().find(">") + 1 :]
    return bool(_WEB_PAGE.match(start))


class WholeFileError(Exception):
    """A problem of the whole file, raised inside the ingest package and returned as an error."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def whole_file(lang: str, key: str, **values: object) -> WholeFileError:
    return WholeFileError(Problem(None, None, None, say(f"import.{key}", lang, **values)))


def decode(data: bytes, lang: str, forced: str | None = None) -> tuple[str, str]:
    """The text of the file and the encoding it was read with (`forced`: the one the person chose)."""
    if forced:
        text, encoding = _decode_forced(data, forced, lang)
    elif data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise whole_file(lang, "bad_utf16") from exc
    else:
        text, encoding = _decode_without_bom(data, lang)
    if "\x00" in text:
        raise whole_file(lang, "nul")
    twice = read_twice(text) if encoding.startswith("utf-8") and not forced else None
    if twice is not None:
        raise WholeFileError(Problem(None, None, None, say("layouts.garbled_twice", lang, sample=twice.sample)))
    return text.removeprefix("\ufeff"), encoding


def _decode_forced(data: bytes, forced: str, lang: str) -> tuple[str, str]:
    """The text in the encoding the person named (`--encoding`), or a refusal naming it."""
    try:
        codecs.lookup(forced)
    except LookupError as exc:
        raise _refusal(say("layouts.encoding_unknown", lang, encoding=forced)) from exc
    try:
        return data.decode(forced), forced
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _refusal(say("layouts.encoding_wrong", lang, encoding=forced, line=line)) from exc


def _refusal(message: str) -> WholeFileError:
    """A refusal about the file's encoding: a page answers it with a field for the encoding's name."""
    return WholeFileError(Problem(None, None, None, message, kind="encoding"))


def _decode_without_bom(data: bytes, lang: str) -> tuple[str, str]:
    if b"\x00" in data:
        sample = data[:4096]
        for offset, encoding in ((1, "utf-16-le"), (0, "utf-16-be")):
            if sample[offset::2].count(0) > 0.9 * len(sample[offset::2]) and sample[1 - offset :: 2].count(0) == 0:
                try:
                    return data.decode(encoding), "utf-16"
                except UnicodeDecodeError:
                    break
        raise whole_file(lang, "nul")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text, encoding = data.decode("latin-1"), "latin-1"
    if _CP1252_BYTE.search(data) and not any(b in data for b in (b"\x81", b"\x8d", b"\x8f")):
        with contextlib.suppress(UnicodeDecodeError):
            text, encoding = data.decode("cp1252"), "cp1252"
    found = garbled(text)
    if found is not None:  # another encoding's bytes read as Latin letters: refused, never imported garbled
        raise _refusal(say("layouts.garbled", lang, encoding=encoding, sample=found.sample))
    return text, encoding


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the same number of cells (quotes respected).

    A delimiter that splits no record never wins (a comma file whose title line has no comma stays a comma
    file; a file of one column is read with the comma, as one column).
    """
    sample = text[:SNIFF_CHARS]
    truncated = len(text) > SNIFF_CHARS
    best, best_score = ",", (False, False, 0.0, 0)
    for delimiter in DELIMITERS:
        try:
            records = [r for r in itertools.islice(text_records(sample, delimiter), SNIFF_RECORDS) if any(r)]
        except csv.Error:
            continue
        if truncated and len(records) > 1:
            records = records[:-1]
        if not records or all(len(r) < 2 for r in records):
            continue
        widths = Counter(len(r) for r in records)
        width, count = widths.most_common(1)[0]
        score = (width > 1, len(records[0]) == width, count / len(records), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def first_record(text: str, delimiter: str) -> list[str]:
    """The first record that is not empty (the header, in a text file), or [] when there is none."""
    return next((r for r in text_records(text, delimiter) if r), [])


def text_records(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)


def read_text_table(text: str, encoding: str, lang: str) -> Table:
    """The grid of a CSV text; whole-file problems raise WholeFileError, row problems are kept in `problems`.

    The header is the first row that looks like one (`frame_rows`): title and note rows above it and
    footnotes below the figures are set aside and noted on the table.
    """
    if not text.strip():
        raise whole_file(lang, "empty")
    if is_web_page(text):
        raise WholeFileError(Problem(None, None, None, say("layouts.web_page", lang)))
    delimiter = sniff_delimiter(text)
    grid: list[tuple[int, list[CellValue]]] = []
    number = 0
    try:
        for number, record in enumerate(text_records(text, delimiter), start=1):
            if "".join(record).strip():
                grid.append((number, cast("list[CellValue]", record)))
    except csv.Error as exc:
        raise WholeFileError(Problem(number + 1, None, None, say("import.csv_broken", lang, detail=str(exc)))) from exc
    if not grid:
        raise whole_file(lang, "empty")
    where = frame(grid)
    header_row, cells = grid[where.header]
    header = trimmed_header([str(cell) for cell in cells], lang)
    troubles = quote_troubles(text, delimiter, len(header), limit=QUOTES_SHOWN + 1)
    swallowing = {trouble.row for trouble in troubles}  # rows left out of the grid, but for the header
    table = FramedTable(header, header_row, [], encoding, delimiter)
    table.problems.extend(_quote_problem(trouble, table, lang) for trouble in troubles[:QUOTES_SHOWN])
    if len(troubles) > QUOTES_SHOWN:  # the file is refused: the quotes after these were not all looked at
        row = troubles[QUOTES_SHOWN].row
        table.problems.append(Problem(row, None, None, say("layouts.quotes_unchecked", lang, row=row)))
    rows = set_aside(table, grid, where)
    return fit_rows(table, [r for r in rows if r[0] not in swallowing] if swallowing else rows, lang)


def _quote_problem(trouble: QuoteTrouble, table: Table, lang: str) -> Problem:
    """A quote's trouble at its row and column; a header cell that swallowed rows is named by its text only."""
    header = table.header
    column = header[trouble.cell] if trouble.cell < len(header) and header[trouble.cell] else None
    if trouble.row == table.header_row and trouble.kind in {"unclosed", "row_inside"}:
        column = None
    message = say(f"quotes.{trouble.kind}", lang, line=shorten(trouble.line, 60))
    return Problem(trouble.row, column, shorten(trouble.text), message)


def trimmed_header(cells: list[str], lang: str) -> list[str]:
    """The header's names without the empty cells that end it; refused when absurdly wide."""
    header = [cell.strip() for cell in cells]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise whole_file(lang, "too_many_columns", count=len(header), limit=MAX_COLUMNS)
    return header


def fit_rows(table: Table, rows: list[tuple[int, list[CellValue]]], lang: str) -> Table:
    """Keep the rows as wide as the header (trailing empty cells are fine); report the others and huge cells."""
    width = len(table.header)
    text = table.encoding not in WORKBOOK_KINDS  # a text file's cells are all text
    for number, cells in rows:
        while len(cells) > width and _blank(cells[-1]):
            cells.pop()
        if text and len(cells) == width and len("".join(cast("list[str]", cells))) <= MAX_CELL_CHARS:
            table.rows.append((number, cells))  # the common row, at once: no cell can be too long
            continue
        problem = _row_problem(number, cells, width, table, lang)
        if problem is None:
            table.rows.append((number, cells))
        else:
            table.problems.append(problem)
    return table


def _row_problem(number: int, cells: list[CellValue], width: int, table: Table, lang: str) -> Problem | None:
    if len(cells) != width:
        kind = "sheet" if table.encoding in WORKBOOK_KINDS else "text"
        key = f"layouts.ragged_{'long' if len(cells) > width else 'short'}_{kind}"
        text = shorten(",".join(str(c) for c in cells))
        return Problem(number, None, text, say(key, lang, count=len(cells), width=width, header_row=table.header_row))
    for column, cell in zip(table.header, cells, strict=True):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            message = say("import.huge_cell", lang, size=len(cell), limit=MAX_CELL_CHARS)
            return Problem(number, column, shorten(cell), message)
    return None


def _blank(cell: CellValue) -> bool:
    return isinstance(cell, str) and not cell.strip()
