"""Where a grid's table lies: its header among the title and note rows above it, and the footnotes below it.

A file downloaded as is often starts with a title (`Table 14-10-0287-01 ...`), a few notes and blank
lines, and ends with `Source: ...`, `Footnotes:` or a symbol legend. The header is the first row that looks
like one: wider than every row above it, as wide as the rows that follow, its cells text rather than
numbers. Footnotes are the rows after the last full row that start with a footnote's word or are one text
cell each. Both are set aside (`Table.skipped_above`, `Table.skipped_below`) and said in a warning
(`grid_warnings`). Imports the ingest result types, `month_columns`, messages and `words`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from planmetrics.ingest.messages import shorten
from planmetrics.ingest.month_columns import month_or_quarter
from planmetrics.ingest.results import CellValue, Problem, Table
from planmetrics.words import say

Record = tuple[int, list[CellValue]]  # a row's number as a spreadsheet shows it, and its cells

MAX_ROWS_ABOVE = 30  # a header further down is not looked for: the first row is taken
ROWS_COMPARED = 40  # how many rows after a candidate header say how wide the table is
# The words a footnote starts with (or their plural), without accents and in lower case.
FOOTNOTE_WORDS = (
    "source", "footnote", "note", "symbol legend", "legend", "how to cite", "correction", "date modified",
    "renvoi", "legende", "pour citer", "date de modification", "notes en bas de page", "remarque",
)  # fmt: skip
_NUMBER = re.compile(r"[-+(]?\s*\$?\s*\d[\d\s.,\u00a0\u202f]*\s*(?:%|\$|[kmg]\$?)?\s*\)?", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d{2}(?:\.0+)?")


@dataclass(frozen=True)
class Frame:
    """Where the table lies among a grid's records: the header's index and the first footnote's index."""

    header: int
    end: int  # records[header + 1 : end] are the table's rows; records[end:] its footnotes


def _filled(cells: list[CellValue]) -> int:
    return sum(1 for cell in cells if not _blank(cell))


def _width(cells: list[CellValue]) -> int:
    """The row's cells up to its last one that is not empty."""
    return next((i + 1 for i in range(len(cells) - 1, -1, -1) if not _blank(cells[i])), 0)


def _blank(cell: CellValue) -> bool:
    return isinstance(cell, str) and not cell.strip()


def _is_number(cell: CellValue) -> bool:
    """A figure rather than a header's name: a number that is not a year or a month's name."""
    if isinstance(cell, float):
        return not (cell.is_integer() and 1900 <= cell <= 2100)
    text = cell.strip()
    if _YEAR.fullmatch(text) or month_or_quarter(text) is not None:
        return False
    return bool(_NUMBER.fullmatch(text))


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip().casefold()


def _typical_width(records: list[Record]) -> int:
    """How wide the rows are: the median width of those with two cells or more (notes and footnotes of one
    cell do not count), 1 when every row is one cell, 0 when there is none."""
    widths = sorted(_width(cells) for _, cells in records if _filled(cells) >= 2)
    if not widths:
        return 1 if records else 0
    return widths[len(widths) // 2]


def _header_index(records: list[Record]) -> int:
    """The first record wider than every row above it and as wide as the rows after it, its cells names."""
    relaxed: int | None = None
    widest_above = 0
    for index, (_, cells) in enumerate(records[:MAX_ROWS_ABOVE]):
        filled = _filled(cells)
        following = records[index + 1 : index + 1 + ROWS_COMPARED]
        typical = _typical_width(following)
        names = index == 0 or not any(_is_number(cell) for cell in cells)
        if filled > widest_above and names and (filled >= 2 or typical <= 1):
            if _width(cells) >= typical:
                return index
            relaxed = index if relaxed is None else relaxed
        widest_above = max(widest_above, filled)
    return relaxed if relaxed is not None else 0


def _footnote_start(records: list[Record], header: int) -> int:
    """The index of the first footnote after the table's rows (len(records) when there is none)."""
    header_filled = _filled(records[header][1])
    start = len(records)
    while start > header + 1 and _may_be_footnote(records[start - 1][1], header_filled):
        start -= 1
    lone_from = len(records)  # from here on, every row is one text cell
    while lone_from > start and _lone_text(records[lone_from - 1][1]):
        lone_from -= 1
    return next((i for i in range(start, lone_from) if _starts_footnotes(records[i][1])), lone_from)


def _may_be_footnote(cells: list[CellValue], header_filled: int) -> bool:
    filled = _filled(cells)
    return _starts_footnotes(cells) or (filled <= 2 and filled < header_filled)


def _starts_footnotes(cells: list[CellValue]) -> bool:
    first = cells[0] if cells else ""
    if not isinstance(first, str) or _filled(cells) > 2:
        return False
    text = _plain(first)
    return any(re.match(re.escape(word) + r"s?(?![^\W\d_])", text) for word in FOOTNOTE_WORDS)


def _lone_text(cells: list[CellValue]) -> bool:
    """One text cell in the first column, the rest empty: a footnote's line."""
    return bool(cells) and _filled(cells) == 1 and not _blank(cells[0]) and not _is_number(cells[0])


def frame(records: list[Record]) -> Frame:
    """Where the header and the footnotes lie among a grid's records (non-blank rows, numbered)."""
    header = _header_index(records)
    return Frame(header, _footnote_start(records, header))


@dataclass
class FramedTable(Table):
    """A grid found among title rows and footnotes: also the first text of each part set aside, for the warnings."""

    above_text: str = ""
    below_text: str = ""


def set_aside(table: FramedTable, records: list[Record], where: Frame) -> list[Record]:
    """The table's rows; the rows above the header and the footnotes are noted on the table."""
    above, below = records[: where.header], records[where.end :]
    table.skipped_above = [number for number, _ in above]
    table.skipped_below = [number for number, _ in below]
    table.above_text = _first_text(above)
    table.below_text = _first_text(below)
    return records[where.header + 1 : where.end]


def _first_text(records: list[Record]) -> str:
    return next((str(cell).strip() for _, cells in records for cell in cells if not _blank(cell)), "")


def grid_warnings(table: object, lang: str) -> list[Problem]:
    """The warnings saying which rows above the header and below the figures were skipped (none but for a
    `Table`: a grid read another way, such as a big StatCan table's, sets no rows aside)."""
    warnings: list[Problem] = []
    if not isinstance(table, Table):
        return warnings
    above = shorten(table.above_text, 60) if isinstance(table, FramedTable) else ""
    below = shorten(table.below_text, 60) if isinstance(table, FramedTable) else ""
    if table.skipped_above:
        first, last = table.skipped_above[0], table.header_row - 1
        key = f"layouts.skipped_above_{_how_many(first, last)}"
        message = say(key, lang, first=first, last=last, header_row=table.header_row, text=above)
        warnings.append(Problem(None, None, above or None, message))
    if table.skipped_below:
        first, last = table.skipped_below[0], table.skipped_below[-1]
        key = f"layouts.skipped_below_{_how_many(first, last)}"
        warnings.append(Problem(None, None, below or None, say(key, lang, first=first, last=last, text=below)))
    return warnings


def _how_many(first: int, last: int) -> str:
    """`one` row, `two` (rows 9 and 10, never 9 to 10), or `many`."""
    return {0: "one", 1: "two"}.get(last - first, "many")
