"""A big Statistics Canada table read at once by Arrow: every cell coded against its column's distinct texts, the
rows of the series chosen filtered in bulk, and only those made into Python rows for `statcan`.

A whole table (every province, several series, monthly since 1976) is tens of megabytes of quoted cells, which
the careful reader takes a long time over; the few hundred rows one series keeps are all `statcan` needs. Only
a clean UTF-8 file with one line a row takes this path (row numbers are then the lines'); anything else (a title
row, a blank line, a line break in a cell, another encoding, an odd quote) goes the careful way. Imports the
ingest helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from planmetrics.ingest.arrays import to_numpy
from planmetrics.ingest.fastgrid import parse_grid, text_head, utf8_bytes
from planmetrics.ingest.fastnum import NotFastError
from planmetrics.ingest.results import CellValue, Problem
from planmetrics.ingest.sniff import WholeFileError, first_record, sniff_delimiter, trimmed_header
from planmetrics.ingest.statcan import is_statcan


@dataclass
class BigStatcan:
    """A `statcan.Grid` over an Arrow grid (its header row left out)."""

    header: list[str]
    body: Any  # pa.Table, every column a dictionary
    encoding: str
    delimiter: str
    problems: list[Problem] = field(default_factory=list)
    sheet: str = ""
    _texts: dict[int, list[str]] = field(default_factory=dict)
    _codes: dict[int, tuple[Any, np.ndarray]] = field(default_factory=dict)  # column -> (its texts, row codes)

    def members(self, column: int) -> list[str]:
        stripped = (t.strip() for t in self._raw(column))
        return [t for t in dict.fromkeys(stripped) if t]

    def first_of(self, column: int, other: int) -> dict[str, str]:
        """Each text of a column and the text of another on its first row (a `GEO` and its `DGUID`)."""
        texts, codes = self._coded(column)
        others, other_codes = self._coded(other)
        used, first = np.unique(codes, return_index=True)
        order = np.argsort(first)
        named = texts.take(pa.array(used[order])).to_pylist()
        beside = others.take(pa.array(other_codes[first[order]])).to_pylist()
        pairs: dict[str, str] = {}
        for text, paired in zip(named, beside, strict=True):
            pairs.setdefault(str(text).strip(), str(paired).strip())
        return pairs

    def kept(self, keep: dict[int, frozenset[str]]) -> list[tuple[int, list[CellValue]]]:
        mask = np.ones(self.body.num_rows, dtype=bool)
        for column, texts in keep.items():
            mask &= self._inside(column, texts)
        rows = np.flatnonzero(mask)
        picked = self.body.take(pa.array(rows))
        columns = [picked.column(i).to_pylist() for i in range(picked.num_columns)]
        return [(int(n) + 2, list(cells)) for n, cells in zip(rows, zip(*columns, strict=True), strict=True)]

    def outside(self, column: int, kept: frozenset[str]) -> int:
        return int((~self._inside(column, kept)).sum())

    def _raw(self, column: int) -> list[str]:
        """The column's distinct texts as written, in file order."""
        if column not in self._texts:
            dictionary, codes = self._coded(column)
            first = np.unique(codes, return_index=True)[1]
            order = np.unique(codes)[np.argsort(first)]
            self._texts[column] = dictionary.take(pa.array(order)).to_pylist()
        return self._texts[column]

    def _coded(self, column: int) -> tuple[Any, np.ndarray]:
        if column not in self._codes:
            array = self.body.column(column).combine_chunks()
            self._codes[column] = (array.dictionary, to_numpy(array.indices))
        return self._codes[column]

    def _inside(self, column: int, texts: frozenset[str]) -> np.ndarray:
        dictionary, codes = self._coded(column)
        kept = np.asarray([str(t).strip() in texts for t in dictionary.to_pylist()], dtype=bool)
        inside: np.ndarray = kept[codes]
        return inside


def read_big_statcan(data: bytes) -> BigStatcan | None:
    """The grid of a big clean StatCan table, or None when it is not one or the careful path must read it."""
    try:
        raw, encoding = utf8_bytes(data)
        head = text_head(raw)
        delimiter = sniff_delimiter(head)
        header = trimmed_header(first_record(head, delimiter), "en")
        if not is_statcan(header):
            return None
        grid = parse_grid(raw, delimiter, quotes=data.count(b'"'), value_column=None)
        lines = data.count(b"\n") + (not data.endswith(b"\n"))
        if grid.num_rows != lines or grid.num_columns != len(header):
            return None
        return BigStatcan(header, grid.slice(1), encoding, delimiter)
    except (NotFastError, WholeFileError, pa.ArrowException, ValueError, LookupError, TypeError):
        return None
