"""Quotes in a CSV text: a quoted cell opens at its start, closes at its end, and never swallows a row.

Python's csv module (strict=False) and Arrow both let a quoted cell run on across lines, to the end of the
file if its closing quote is missing: the rows after it would be stored inside one cell, silently.
`quote_troubles` reads where every quote of a text opens and closes before its grid is read, and finds:

- `unclosed`: a quote opens a cell and is never closed (the rest of the file would be that one cell);
- `mid_cell`: a quote inside a cell that does not start with one (`abc"def`, or a space before the quote):
  it opens nothing, and a separator after it would cut the cell in two;
- `after_close`: text after the quote that closes a cell (`"abc"def`);
- `row_inside`: a quoted cell holds a line break, and a line inside it reads as a row of the file.

The rule for line breaks: a cell may hold one only when its quotes close, and no line after a break inside
it, read alone with the file's delimiter, has as many cells as the header (trailing empty cells beyond the
header's width are not counted, as for rows). `"line one\nline two"` imports; `"never closed\n2018,jobs,
116000,ok` is refused. Rows are numbered as `sniff` numbers them (the header's = 1, a line break inside a
quoted cell starts no row), and a trouble names the row and cell where its quote opened, the first of its
row only (the rest of that row is read from a wrong start). The work is one
step per quoted cell, never one per character, and a line inside a cell is split by its delimiter (a CSV
reader only for a line that holds a quote); `limit` stops the scan at that many troubles (a file with
200,000 of them is refused after the first few hundred, as many as are shown). `suspicious_bytes` is the
fast path's cheap look for the same troubles in the raw bytes. Imports nothing of ours.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

import numpy as np

QUOTE = '"'
_BREAK = re.compile(r"\r\n|\r|\n")
_EXCERPT_CHARS = 200


@dataclass(frozen=True)
class QuoteTrouble:
    kind: str  # "unclosed" | "mid_cell" | "after_close" | "row_inside"
    row: int  # the row where the quote opened (header = 1)
    cell: int  # its cell in that row, from 0
    text: str  # the cell as written, from its start to the end of its line
    line: str = ""  # row_inside: the line inside the cell that reads as a row


def quote_troubles(text: str, delimiter: str, width: int, limit: int | None = None) -> list[QuoteTrouble]:
    """Every quote of `text` that would swallow rows or does not mean what it seems, in the file's order (the
    first `limit` of them only, when given)."""
    if QUOTE not in text:
        return []
    return _Scan(text, delimiter, width, limit).run()


def suspicious_bytes(data: bytes | memoryview, delimiter: str) -> bool:
    """Whether a quote stands between two ordinary characters (`abc"def`, `"abc"def`, ` "abc`).

    With a grid whose cells hold no quote and no line break, and an even number of quotes, this is the one
    trouble Arrow's cells would not show: the fast path steps aside for the careful path when it is true.
    Each quote's neighbours are looked at in bulk: a 50 MB file takes a few tens of milliseconds.
    """
    text = np.frombuffer(data, dtype=np.uint8)
    at = np.flatnonzero(text == ord(QUOTE))
    if not len(at):
        return False
    ends = np.zeros(256, dtype=bool)  # what may stand beside a quote: a separator, a line break, a quote
    ends[list((delimiter + "\r\n" + QUOTE).encode())] = True
    before = ends[text[np.maximum(at - 1, 0)]] | (at == 0)
    after = ends[text[np.minimum(at + 1, len(text) - 1)]] | (at == len(text) - 1)
    return bool((~before & ~after).any())


class _Scan:
    """One pass over the quotes of a text, counting rows and cells between them."""

    def __init__(self, text: str, delimiter: str, width: int, limit: int | None) -> None:
        self.text = text
        self.limit = limit
        self.delimiter = delimiter
        self.width = width
        self.cell_end = re.compile(f"[{re.escape(delimiter)}\r\n]")
        self.row = 1
        self.cell = 0
        self.cell_start = 0
        self.troubles: list[QuoteTrouble] = []

    def run(self) -> list[QuoteTrouble]:
        text, position = self.text, 0
        while (quote := text.find(QUOTE, position)) >= 0 and len(self.troubles) != self.limit:
            self._advance(position, quote)
            if quote != self.cell_start:
                position = self._end_of_cell(quote)
                self._trouble("mid_cell", self.cell_start, position)
                continue
            close = self._closing(quote + 1)
            if close < 0:
                self._trouble("unclosed", quote)
                break
            position = close + 1
            line = self._row_inside(quote + 1, close)
            if line is None and (position == len(text) or text[position] in (self.delimiter, "\r", "\n")):
                continue
            position = self._end_of_cell(position)
            if line is None:
                self._trouble("after_close", quote, position)
            else:
                self._trouble("row_inside", quote, line=line)
        return self.troubles

    def _advance(self, start: int, end: int) -> None:
        """Count the rows and cells of text outside quotes, from `start` to `end`."""
        if start >= end:
            return
        segment = self.text[start:end]
        breaks = segment.count("\n") + segment.count("\r") - segment.count("\r\n")
        last_break = max(segment.rfind("\n"), segment.rfind("\r"))
        if breaks:
            self.row += breaks
            self.cell = segment.count(self.delimiter, last_break + 1)
        else:
            self.cell += segment.count(self.delimiter)
        last = max(last_break, segment.rfind(self.delimiter))
        if last >= 0:
            self.cell_start = start + last + 1

    def _closing(self, start: int) -> int:
        """Where the quote opened before `start` closes (a doubled quote is a quote), or -1."""
        text = self.text
        while (quote := text.find(QUOTE, start)) >= 0:
            if text.startswith(QUOTE, quote + 1):
                start = quote + 2
                continue
            return quote
        return -1

    def _end_of_cell(self, start: int) -> int:
        """The separator or line break that ends the cell, read as csv reads an unquoted cell."""
        found = self.cell_end.search(self.text, start)
        return len(self.text) if found is None else found.start()

    def _row_inside(self, start: int, end: int) -> str | None:
        """The first line after a break in a quoted cell that has as many cells as the header, if any."""
        inside = self.text[start:end]
        if "\n" not in inside and "\r" not in inside:
            return None
        for line in _BREAK.split(inside)[1:]:
            if self._is_row(line):
                return line
        return None

    def _is_row(self, line: str) -> bool:
        if self.width < 2:
            return False
        if QUOTE in line:
            cells = next(csv.reader([line], delimiter=self.delimiter, quotechar=QUOTE, strict=False), [])
        else:  # what csv would read, at the speed of a split
            cells = line.split(self.delimiter)
        while len(cells) > self.width and not cells[-1].strip():
            cells.pop()
        return len(cells) == self.width

    def _trouble(self, kind: str, start: int, end: int | None = None, line: str = "") -> None:
        if self.troubles and self.troubles[-1].row == self.row:
            return  # the rest of a row is read from a wrong start after its first trouble: one is enough
        head = self.text[start : min(start + _EXCERPT_CHARS, len(self.text) if end is None else end)]
        text = _BREAK.split(head, maxsplit=1)[0]
        self.troubles.append(QuoteTrouble(kind, self.row, self.cell, text, line))
