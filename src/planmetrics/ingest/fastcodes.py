"""The fast path's descriptive columns: one code per row into the distinct texts, each text checked once.

Every distinct text of a year, indicator, region, sector, network, flag, source, French source, quality
grade (`marks.grade_of`) or unit column goes through the `Validator`'s own checks, so it gives what the
careful path gives (sectors and networks matched through the plan, the names it does not know listed in the
order of their first rows, as the careful path meets them); a single problem, or a row an export marks
`derived`, raises `NotFastError` and the careful path reads the file (and says so). So does, in a network
editor's submission, a network other than hers or the total (the total taken as hers), and a year the plan team
locked: the careful path names their rows. Imports `config` and the ingest helpers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from planmetrics import config
from planmetrics.ingest import fastnum
from planmetrics.ingest.arrays import to_numpy
from planmetrics.ingest.fastnum import NotFastError, ValueColumn
from planmetrics.ingest.marks import grade_of, says_derived
from planmetrics.ingest.results import Cell, Problem, RawFigure, Scale
from planmetrics.ingest.sniff import MAX_CELL_CHARS
from planmetrics.ingest.validate import Named, Validator, cell_text

DESCRIBED = ("year", "indicator", "region", "sector", "network", "flag", "source", "source_fr", "quality", "derived")
NO_VALUE = Cell("", "")

Check = Callable[[Cell | None, list[Problem]], Any]


@dataclass
class Coded:
    """A column as one code per row into the distinct texts its rows use.

    `name` is the column's header; None when the file has no such column (one code, no cell).
    """

    codes: np.ndarray
    texts: list[str]
    name: str | None

    @property
    def cells(self) -> list[Cell | None]:
        """Each distinct text as a cell of its column, as the careful path's checks take it."""
        return [None] if self.name is None else [Cell(self.name, text) for text in self.texts]

    def rows(self, keep: np.ndarray) -> Coded:
        """The kept rows only: a text used by none of them (a dropped row's) is not checked."""
        return _used(self.codes[keep], self.texts, self.name)

    def mapped(self, outputs: list[Any], dtype: Any) -> np.ndarray:
        per_row: np.ndarray = np.asarray(outputs, dtype=dtype)[self.codes]
        return per_row


def absent(rows: int) -> Coded:
    """The column of a role the file does not have: one code, no cell."""
    return Coded(np.zeros(rows, dtype=np.int64), [], None)


def _used(codes: np.ndarray, texts: list[str], name: str | None) -> Coded:
    used = np.flatnonzero(np.bincount(codes, minlength=len(texts)))
    if len(used) == len(texts):
        return Coded(codes, texts, name)
    recode = np.zeros(len(texts), dtype=np.int64)
    recode[used] = np.arange(len(used))
    return Coded(recode[codes], [texts[i] for i in used], name)


def distinct(column: Any, name: str) -> Coded:
    """The column's codes and texts, without the header's own cell (unless a row holds the same text)."""
    array = column.combine_chunks()
    if not pa.types.is_dictionary(array.type):  # the header at the start of the text named this the values
        array = pc.dictionary_encode(array)
    found = _used(to_numpy(array.indices), array.dictionary.to_pylist(), name)
    if any(len(t) > MAX_CELL_CHARS for t in found.texts):
        raise NotFastError("huge cell")
    return found


def blank_rows(described: Iterable[Coded], values: ValueColumn, missing: np.ndarray) -> int:
    """How many of the rows with a missing value are wholly blank (skipped without being counted)."""
    blank = fastnum.blank_texts(values)[missing]
    rows = np.flatnonzero(missing)
    for column in described:
        if not blank.any():
            break
        empty = np.asarray([not t.strip() for t in column.texts], dtype=bool)
        blank &= empty[column.codes[rows]]
    return int(blank.sum())


def describe(v: Validator, columns: dict[str, Coded], indicator_id: str | None) -> dict[str, list[Any]]:
    """The checked output of every distinct text of every descriptive column."""
    total_or_text = v._total_or_text
    checks: dict[str, Check] = {
        "year": _year(v),
        "indicator": _indicator(v, indicator_id),
        "region": _region(v),
        "sector": lambda cell, _: total_or_text(cell, config.TOTAL_SECTOR, "sector"),
        "network": _network(v),
        "flag": lambda cell, problems: v._flag(cell, 0, problems),
        "source": lambda cell, _: (cell_text(cell.value) if cell is not None else "") or v.default_source,
        "source_fr": lambda cell, _: (cell_text(cell.value) if cell is not None else "") or None,
        "quality": lambda cell, problems: grade_of(cell, 0, v.lang, problems),
        "derived": _not_derived,
        "unit": lambda cell, _: v._unit_scale(cell),
    }
    outputs = {role: _checked(columns[role].cells, check) for role, check in checks.items()}
    for kind in ("sector", "network"):
        _unknown_in_row_order(v, kind, columns[kind])
    return outputs


def _unknown_in_row_order(v: Validator, kind: Named, column: Coded) -> None:
    """The names of a kind the plan does not know, reordered from the column's distinct texts to the order of
    their first rows: the order the careful path meets them in, and lists them in its warning."""
    unknown = v.unknown.get(kind, {})
    if len(unknown) < 2:  # nothing to order: the common case costs no pass over the rows
        return
    met = (cell_text(column.texts[code]) for code in _in_order_of_first_row(column.codes))
    v.unknown[kind] = dict.fromkeys(name for name in met if name in unknown)


def _checked(cells: list[Cell | None], check: Check) -> list[Any]:
    """`check` on each distinct cell; a single problem sends the file to the careful path."""
    outputs = []
    for cell in cells:
        problems: list[Problem] = []
        outputs.append(check(cell, problems))
        if problems:
            raise NotFastError(problems[0].message)
    return outputs


def _not_derived(cell: Cell | None, _: list[Problem]) -> None:
    """`derived_rows` took out every row marked derived: one left is a mistake, for the careful path."""
    if says_derived(cell):
        raise NotFastError("derived")


def derived_rows(
    v: Validator, indicators: Coded | None, marks: Coded | None, indicator_id: str | None, rows: int
) -> tuple[np.ndarray, dict[str, int]]:
    """The rows the careful path skips as derived (`Validator._is_derived`: a derived indicator's, or one an
    export marks `derived`), and how many per indicator, in the order their first rows come."""
    skipped = np.zeros(rows, dtype=bool)
    names = np.zeros(rows, dtype=np.int64)
    if indicators is None:
        known = v.plan.indicator(indicator_id).derived if indicator_id is not None else False
        skipped |= known
        named = [indicator_id or ""]
    else:
        matched = [v._match("indicator", cell_text(t)) if cell_text(t) else indicator_id for t in indicators.texts]
        per_text = [m is not None and v.plan.indicator(m).derived for m in matched]
        skipped |= np.asarray(per_text, dtype=bool)[indicators.codes]
        named = [m or cell_text(t) for m, t in zip(matched, indicators.texts, strict=True)]
        names = indicators.codes
    if marks is not None:
        skipped |= np.asarray([says_derived(c) for c in marks.cells], dtype=bool)[marks.codes]
    counts: dict[str, int] = {}
    codes = names[skipped]
    for code in _in_order_of_first_row(codes):
        counts[named[code]] = counts.get(named[code], 0) + int((codes == code).sum())
    return skipped, counts


def _in_order_of_first_row(codes: np.ndarray) -> list[int]:
    distinct, first = np.unique(codes, return_index=True)
    return [int(distinct[i]) for i in np.argsort(first)]


def _year(v: Validator) -> Check:
    def check(cell: Cell | None, problems: list[Problem]) -> int:
        year = v._year(RawFigure(0, NO_VALUE, year=cell), problems)
        if year is None:
            raise NotFastError("year")
        return year

    return check


def _indicator(v: Validator, indicator_id: str | None) -> Check:
    def check(cell: Cell | None, problems: list[Problem]) -> tuple[str, Scale]:
        found, scale = v._indicator(RawFigure(0, NO_VALUE, indicator=cell, indicator_id=indicator_id), problems)
        if found is None or v.plan.indicator(found).derived:  # a derived indicator's rows: skipped and said
            raise NotFastError("indicator")
        return found, scale

    return check


def _network(v: Validator) -> Check:
    """A network's id; in a network editor's submission, hers for a total, and any other network a problem: the
    careful path then reads the file and names every such row."""
    if v.network is None:
        return lambda cell, _: v._total_or_text(cell, config.TOTAL_NETWORK, "network")
    return lambda cell, problems: v.own_network(cell, 0, problems)


def _region(v: Validator) -> Check:
    def check(cell: Cell | None, problems: list[Problem]) -> str:
        found = v._region(cell, 0, problems)
        if found is None:
            raise NotFastError("region")
        return found

    return check
