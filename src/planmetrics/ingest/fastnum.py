"""The value column of a big file read at once with Arrow: the usual spellings in bulk, the rest cell by cell.

Cells written `123`, `-4.5` or `6,7` are classified and converted by Arrow; every other cell (spaces,
thousands separators, units, missing markers, ...) goes through `numbers` once per distinct text, so the
result is the careful path's to the bit. Anything that would be an error raises `NotFastError`. Imports the
ingest helpers only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from planmetrics.ingest.arrays import from_numpy, to_numpy
from planmetrics.ingest.numbers import (
    MAX_NUMBER_CHARS,
    DecimalDecision,
    NotANumber,
    Number,
    decimal_class,
    decision_from,
    is_missing,
    parse_number,
)
from planmetrics.ingest.results import Scale
from planmetrics.ingest.validate import cell_text

FAST_NUMBER = r"^-?[0-9]+(?:[.,][0-9]+)?$"
AMBIGUOUS = r"^-?[1-9][0-9]{0,2}[.,][0-9]{3}$"
NONE, DOT, COMMA, AMBIG = 0, 1, 2, 3
_CLASS_CODES = {None: NONE, ".": DOT, ",": COMMA, "?": AMBIG}


class NotFastError(Exception):
    """The fast path met something it does not fully understand: the careful path reads the file instead."""


@dataclass
class ValueColumn:
    texts: Any  # pa.Array of the raw value cells
    fast: np.ndarray  # bool per row: spelled the way Arrow reads
    codes: np.ndarray  # int32 per row: index into `slow` for the other cells, -1 for fast ones
    slow: list[str]  # the distinct texts of the other cells

    def filter(self, keep: np.ndarray) -> ValueColumn:
        return ValueColumn(self.texts.filter(from_numpy(keep)), self.fast[keep], self.codes[keep], self.slow)

    @cached_property
    def commas(self) -> Any:
        """Per row: the text holds a comma."""
        return pc.match_substring(self.texts, ",")

    @cached_property
    def dots(self) -> Any:
        """Per row: the text holds a dot."""
        return pc.match_substring(self.texts, ".")

    @cached_property
    def ambiguous(self) -> Any:
        """Per row: written like `1,234` or `1.234` (a thousands separator or a decimal mark?)."""
        return pc.match_substring_regex(self.texts, AMBIGUOUS)

    def per_slow(self, values: list[Any], default: Any, dtype: Any) -> np.ndarray:
        """One value per row from one per distinct slow text (`default` for the fast rows)."""
        per_row: np.ndarray = np.asarray([*values, default], dtype=dtype)[self.codes]
        return per_row


def split_values(texts: Any) -> ValueColumn:
    length_ok = to_numpy(pc.binary_length(texts)) <= MAX_NUMBER_CHARS
    fast = to_numpy(pc.match_substring_regex(texts, FAST_NUMBER)) & length_ok
    codes = np.full(len(texts), -1, dtype=np.int64)
    slow_rows = np.flatnonzero(~fast)
    slow: list[str] = []
    if len(slow_rows):
        encoded = pc.dictionary_encode(texts.take(from_numpy(slow_rows)))
        codes[slow_rows] = to_numpy(encoded.indices)
        slow = encoded.dictionary.to_pylist()
    return ValueColumn(texts, fast, codes, slow)


def missing_rows(column: ValueColumn) -> np.ndarray:
    return column.per_slow([is_missing(t) for t in column.slow], False, bool)


def blank_texts(column: ValueColumn) -> np.ndarray:
    return column.per_slow([not t.strip() for t in column.slow], False, bool)


def _classes(column: ValueColumn) -> np.ndarray:
    dot = to_numpy(column.dots)
    comma = to_numpy(column.commas)
    ambiguous = to_numpy(column.ambiguous)
    fast = np.select([ambiguous, dot, comma], [AMBIG, DOT, COMMA], NONE).astype(np.int8)
    slow = column.per_slow([_CLASS_CODES[decimal_class(t)] for t in column.slow], NONE, np.int8)
    return np.where(column.fast, fast, slow)


def decide(column: ValueColumn, delimiter: str) -> DecimalDecision:
    """`decide_decimal` over the column, in row order."""
    classes = _classes(column)
    votes: Counter[str] = Counter()
    example: dict[str, str] = {}
    for mark, code in ((".", DOT), (",", COMMA)):
        rows = np.flatnonzero(classes == code)
        if len(rows):
            votes[mark] = len(rows)
            example[mark] = column.texts[int(rows[0])].as_py()
    ambiguous_rows = np.flatnonzero(classes == AMBIG)
    ambiguous = column.texts[int(ambiguous_rows[0])].as_py() if len(ambiguous_rows) else None
    return decision_from(votes, example, ambiguous, delimiter)


def fast_numbers(column: ValueColumn, mark: str) -> np.ndarray:
    """The numbers of the fast cells as written (0 for the others)."""
    texts = column.texts
    normal = pc.replace_substring(texts, ",", ".") if pc.any(column.commas).as_py() else texts
    if mark and pc.any(column.ambiguous).as_py():
        other = "," if mark == "." else "."
        other_mark = pc.and_(column.ambiguous, column.commas if other == "," else column.dots)
        normal = pc.if_else(other_mark, pc.replace_substring(texts, other, ""), normal)
    if column.fast.all():
        return to_numpy(pc.cast(normal, pa.float64()))
    numbers = np.zeros(len(texts), dtype=np.float64)
    numbers[column.fast] = to_numpy(pc.cast(normal.filter(from_numpy(column.fast)), pa.float64()))
    return numbers


def slow_numbers(column: ValueColumn, mark: str) -> list[Number]:
    """Each distinct slow text read as the careful path reads it; an unreadable one is a fallback."""
    numbers = []
    for text in column.slow:
        # A missing marker's rows were dropped already; its text stays in the list, unused.
        number = parse_number(cell_text(text), mark) if not is_missing(text) else Number(0.0, Scale())
        if isinstance(number, NotANumber):
            raise NotFastError(text)
        numbers.append(number)
    return numbers
