"""Big, clean long CSV files read at once: Arrow parses the grid, each distinct cell text is checked once.

Only what the careful path would accept without a single error takes this path, and it gives the very
same figures, warnings and counts: headers are read by `layouts`, every distinct text of a descriptive
column goes through the `Validator`'s own checks, numbers through `fastnum`. Anything else (an error, a
ragged row, a wide or StatCan layout, an unbalanced quote, ...) returns None and the careful path reads
the file, so its problems are reported exactly as before. Imports `config`, `plan` and the ingest helpers.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from planmetrics import config
from planmetrics.ingest import fastnum
from planmetrics.ingest.arrays import from_numpy, from_texts, to_numpy
from planmetrics.ingest.fastnum import NotFastError, ValueColumn
from planmetrics.ingest.headers import understand
from planmetrics.ingest.layouts import Reshaped, _role_columns, reshape
from planmetrics.ingest.numbers import DecimalDecision
from planmetrics.ingest.results import Cell, Problem, RawFigure, Scale, Table
from planmetrics.ingest.sniff import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    SNIFF_CHARS,
    WholeFileError,
    decode,
    first_record,
    sniff_delimiter,
    trimmed_header,
)
from planmetrics.ingest.statcan import is_statcan
from planmetrics.ingest.validate import Validator, cell_text

FAST_MIN_BYTES = 1 << 20  # smaller files are read cell by cell: it takes well under a second
CONFLICT_TOLERANCE = 1e-9  # as `Validator._is_repeat`
_NO_VALUE = Cell("", "")


@dataclass(frozen=True)
class FastRead:
    table: pa.Table  # the figures, their text columns as dictionaries
    encoding: str
    delimiter: str
    warnings: list[Problem]
    skipped_missing: int
    decision: DecimalDecision


@dataclass
class _Coded:
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

    def rows(self, keep: np.ndarray) -> _Coded:
        """The kept rows only: a text used by none of them (a dropped row's) is not checked."""
        return _used(self.codes[keep], self.texts, self.name)

    def mapped(self, outputs: list[Any], dtype: Any) -> np.ndarray:
        per_row: np.ndarray = np.asarray(outputs, dtype=dtype)[self.codes]
        return per_row


def read_fast(data: bytes, validator: Validator, indicator_id: str | None) -> FastRead | None:
    """The figures of a clean long UTF-8 file, or None when the careful path must read it.

    A UTF-8 file is never decoded into one big string: Arrow checks that every cell is valid UTF-8. Any other
    file (cp1252, UTF-16, ...) is decoded as the careful path decodes it, then handed to Arrow as UTF-8.
    """
    try:
        try:
            raw, encoding = _utf8(data)
            quotes = data.count(b'"') if b'"' in data else 0  # looking for one is much quicker than counting
            delimiter, grid = _parsed(raw, _head(raw), quotes, validator, indicator_id)
        except _NotUtf8Error:
            text, encoding = decode(data, validator.lang)
            raw = pa.py_buffer(text.encode("utf-8"))
            delimiter, grid = _parsed(raw, text[: SNIFF_CHARS + 1], text.count('"'), validator, indicator_id)
        return _read(grid, encoding, delimiter, validator, indicator_id)
    except (NotFastError, WholeFileError, pa.ArrowException, ValueError, LookupError, TypeError, ArithmeticError):
        return None


class _NotUtf8Error(NotFastError):
    """The bytes are not UTF-8 (or hold NUL bytes): decode them the careful way first."""


def _utf8(data: bytes) -> tuple[pa.Buffer, str]:
    """The file's UTF-8 bytes without a byte-order mark (no copy), as `sniff.decode` names the encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise _NotUtf8Error
    buffer = pa.py_buffer(data)
    if data.startswith(b"\xef\xbb\xbf"):
        return buffer.slice(3), "utf-8-sig"
    return buffer, "utf-8"


def _head(raw: pa.Buffer) -> str:
    """The start of the text, long enough for `sniff_delimiter` to decide as it would on the whole file."""
    head: bytes = raw.slice(0, min(raw.size, 4 * SNIFF_CHARS + 4)).to_pybytes()
    return head.decode("utf-8", errors="ignore")[: SNIFF_CHARS + 1]


def _parsed(raw: pa.Buffer, head: str, quotes: int, validator: Validator, indicator_id: str | None) -> tuple[str, Any]:
    """The delimiter, sniffed from the start of the text, and the grid of cells it gives."""
    delimiter = sniff_delimiter(head)
    guess = _value_column(head, delimiter, validator, indicator_id)
    return delimiter, _grid(raw, delimiter, quotes=quotes, value_column=guess)


def _grid(raw: pa.Buffer, delimiter: str, *, quotes: int, value_column: int | None) -> Any:
    """Every cell, each column but the values' as a dictionary: its distinct texts and one code per row.

    The descriptive columns hold few distinct texts: Arrow codes them while it parses, so their million
    strings are never built. The value column, mostly distinct, stays plain text.
    """
    if quotes % 2:
        raise NotFastError("unbalanced quotes")
    parse = pacsv.ParseOptions(
        delimiter=delimiter, quote_char='"', double_quote=True, escape_char=False, newlines_in_values=quotes > 0
    )
    types = {f"f{i}": _DICTIONARY for i in range(MAX_COLUMNS + 1)}
    if value_column is not None:
        types[f"f{value_column}"] = pa.string()
    convert = pacsv.ConvertOptions(
        column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False, null_values=[]
    )
    read = pacsv.ReadOptions(autogenerate_column_names=True, block_size=1 << 20)
    try:
        grid = pacsv.read_csv(pa.BufferReader(raw), read_options=read, parse_options=parse, convert_options=convert)
    except pa.ArrowInvalid as exc:
        if "utf8" in str(exc).lower():
            raise _NotUtf8Error from exc
        raise
    return grid.unify_dictionaries()


_DICTIONARY = pa.dictionary(pa.int32(), pa.string())


def _value_column(head: str, delimiter: str, validator: Validator, indicator_id: str | None) -> int | None:
    """Where the values are, from the header at the start of the text (None when it does not say).

    Only a guess that saves work: `_read` takes the header from the parsed grid, and a wrong guess costs
    time (the columns are recoded), never a different result.
    """
    try:
        header = trimmed_header(first_record(head, delimiter), validator.lang)
        return _roles(header, delimiter, validator, indicator_id)[2].get("value")
    except (NotFastError, WholeFileError, csv.Error):
        return None


def _header(grid: Any, lang: str) -> list[str]:
    cells = [str(c) for c in grid.slice(0, 1).to_pylist()[0].values()]
    header = trimmed_header(cells, lang)
    if len(header) != len(cells) or not any(header) or is_statcan(header):
        raise NotFastError("header")
    return header


def _roles(
    header: list[str], delimiter: str, validator: Validator, indicator_id: str | None
) -> tuple[Reshaped, list[Any], dict[str, int]]:
    """The long layout's reading of the header: its warnings, each column's meaning, the column of each role."""
    lang = validator.lang
    shaped = reshape(Table(header, 1, [], "", delimiter), validator.plan, indicator_id, lang)
    if shaped.errors or shaped.layout != "long":
        raise NotFastError("layout")
    meanings = [understand(h, validator.plan) for h in header]
    return shaped, meanings, _role_columns(header, meanings, lang, Reshaped("long"))


def _read(grid: Any, encoding: str, delimiter: str, validator: Validator, indicator_id: str | None) -> FastRead:
    header = _header(grid, validator.lang)
    shaped, meanings, roles = _roles(header, delimiter, validator, indicator_id)
    body = grid.slice(1)
    value_index = roles["value"]
    texts = body.column(value_index).combine_chunks()
    if pa.types.is_dictionary(texts.type):  # the header at the start of the text named another column
        texts = texts.dictionary_decode()
    if len(texts) and pc.max(pc.binary_length(texts)).as_py() > MAX_CELL_CHARS:
        raise NotFastError("huge cell")
    described = {i: _distinct(body.column(i), header[i]) for i in range(body.num_columns) if i != value_index}
    values = fastnum.split_values(texts)
    missing = fastnum.missing_rows(values)
    skipped = int(missing.sum()) - _blank_rows(described.values(), values, missing)
    if missing.all():
        raise NotFastError("no figures")
    if missing.any():
        values = values.filter(~missing)
        described = {i: column.rows(~missing) for i, column in described.items()}
    decision = fastnum.decide(values, delimiter)
    absent = _Coded(np.zeros(len(values.fast), dtype=np.int64), [], None)
    columns = {role: described[roles[role]] if role in roles else absent for role in (*_DESCRIBED, "unit")}
    scale = meanings[value_index].scale
    table = _figures(validator, columns, values, mark=decision.mark, header_scale=scale, indicator_id=indicator_id)
    return FastRead(table, encoding, delimiter, list(shaped.warnings), skipped, decision)


_DESCRIBED = ("year", "indicator", "region", "sector", "network", "flag", "source")


def _used(codes: np.ndarray, texts: list[str], name: str | None) -> _Coded:
    used = np.flatnonzero(np.bincount(codes, minlength=len(texts)))
    if len(used) == len(texts):
        return _Coded(codes, texts, name)
    recode = np.zeros(len(texts), dtype=np.int64)
    recode[used] = np.arange(len(used))
    return _Coded(recode[codes], [texts[i] for i in used], name)


def _distinct(column: Any, name: str) -> _Coded:
    """The column's codes and texts, without the header's own cell (unless a row holds the same text)."""
    array = column.combine_chunks()
    if not pa.types.is_dictionary(array.type):  # the header at the start of the text named this the values
        array = pc.dictionary_encode(array)
    found = _used(to_numpy(array.indices), array.dictionary.to_pylist(), name)
    if any(len(t) > MAX_CELL_CHARS for t in found.texts):
        raise NotFastError("huge cell")
    return found


def _blank_rows(described: Iterable[_Coded], values: ValueColumn, missing: np.ndarray) -> int:
    """How many of the rows with a missing value are wholly blank (skipped without being counted)."""
    blank = fastnum.blank_texts(values)[missing]
    rows = np.flatnonzero(missing)
    for column in described:
        if not blank.any():
            break
        empty = np.asarray([not t.strip() for t in column.texts], dtype=bool)
        blank &= empty[column.codes[rows]]
    return int(blank.sum())


def _checked(cells: list[Cell | None], check: Callable[[Cell | None, list[Problem]], Any]) -> list[Any]:
    """`check` on each distinct cell; a single problem sends the file to the careful path."""
    outputs = []
    for cell in cells:
        problems: list[Problem] = []
        outputs.append(check(cell, problems))
        if problems:
            raise NotFastError(problems[0].message)
    return outputs


def _year(v: Validator) -> Callable[[Cell | None, list[Problem]], Any]:
    def check(cell: Cell | None, problems: list[Problem]) -> int:
        year = v._year(RawFigure(0, _NO_VALUE, year=cell), problems)
        if year is None:
            raise NotFastError("year")
        return year

    return check


def _indicator(v: Validator, indicator_id: str | None) -> Callable[[Cell | None, list[Problem]], Any]:
    def check(cell: Cell | None, problems: list[Problem]) -> tuple[str, Scale]:
        found, scale = v._indicator(RawFigure(0, _NO_VALUE, indicator=cell, indicator_id=indicator_id), problems)
        if found is None:
            raise NotFastError("indicator")
        return found, scale

    return check


def _region(v: Validator) -> Callable[[Cell | None, list[Problem]], Any]:
    def check(cell: Cell | None, problems: list[Problem]) -> str:
        found = v._region(cell, 0, problems)
        if found is None:
            raise NotFastError("region")
        return found

    return check


def _describe(v: Validator, columns: dict[str, _Coded], indicator_id: str | None) -> dict[str, list[Any]]:
    """The checked output of every distinct text of every descriptive column."""
    total_or_text = v._total_or_text
    checks: dict[str, Callable[[Cell | None, list[Problem]], Any]] = {
        "year": _year(v),
        "indicator": _indicator(v, indicator_id),
        "region": _region(v),
        "sector": lambda cell, _: total_or_text(cell, config.TOTAL_SECTOR, "sector"),
        "network": lambda cell, _: total_or_text(cell, config.TOTAL_NETWORK, None),
        "flag": lambda cell, problems: v._flag(cell, 0, problems),
        "source": lambda cell, _: (cell_text(cell.value) if cell is not None else "") or v.default_source,
        "unit": lambda cell, _: v._unit_scale(cell),
    }
    return {role: _checked(columns[role].cells, check) for role, check in checks.items()}


def _figures(
    v: Validator,
    columns: dict[str, _Coded],
    values: ValueColumn,
    *,
    mark: str,
    header_scale: Scale,
    indicator_id: str | None,
) -> pa.Table:
    outputs = _describe(v, columns, indicator_id)
    indicators = columns["indicator"]
    ids = [found for found, _ in outputs["indicator"]]
    numbers = _values(v, columns, values, mark=mark, header_scale=header_scale, outputs=outputs)
    keep = _first_of_each_key(columns, outputs, numbers)
    arrays = {
        "indicator": _text(ids, indicators.codes[keep]),
        "year": from_numpy(columns["year"].mapped(outputs["year"], np.int64)[keep]),
        "value": from_numpy(numbers[keep]),
        "unit": _text([v.plan.indicator(i).unit for i in ids], indicators.codes[keep]),
    }
    for role in ("region", "sector", "network", "flag", "source"):
        arrays[role] = _text(outputs[role], columns[role].codes[keep])
    return pa.Table.from_arrays([arrays[name] for name in config.FIGURE_COLUMNS], names=config.FIGURE_COLUMNS)


def _text(distinct: list[str | None], codes: np.ndarray) -> Any:
    """A text column as a dictionary and codes: no million strings built, and DuckDB reads it as it is.

    Two spellings may give the same text (` Québec ` and `Québec`): the dictionary holds the distinct results,
    sorted, so the column sorts as its texts would. None (no flag) is a missing value.
    """
    dictionary = sorted({text for text in distinct if text is not None})
    position: dict[str | None, int] = {text: i for i, text in enumerate(dictionary)}
    per_row = np.asarray([position.get(text, -1) for text in distinct], dtype=np.int32)[codes]
    indices = from_numpy(np.maximum(per_row, 0), absent=per_row < 0)
    return pa.DictionaryArray.from_arrays(indices, from_texts(dictionary))


def _values(
    v: Validator,
    columns: dict[str, _Coded],
    values: ValueColumn,
    *,
    mark: str,
    header_scale: Scale,
    outputs: dict[str, list[Any]],
) -> np.ndarray:
    """Each row's value in storage units: the number as written times its cell's or its context's scale."""
    slow = fastnum.slow_numbers(values, mark)
    as_written = values.per_slow([n.value for n in slow], 0.0, float)
    written = np.where(values.fast, fastnum.fast_numbers(values, mark), as_written)
    explicit = values.per_slow([n.scale.explicit for n in slow], False, bool)
    indicators, units = columns["indicator"], columns["unit"]
    width = len(units.cells)
    combo = indicators.codes * width + units.codes
    multiplier = np.zeros(len(indicators.cells) * width, dtype=np.float64)
    for code in np.flatnonzero(np.bincount(combo, minlength=len(multiplier))):  # the pairs that occur
        found, label = outputs["indicator"][code // width]
        scale = header_scale.combine(label).combine(outputs["unit"][code % width])
        multiplier[code] = _fitting(v, found, scale).multiplier
    multiplier = multiplier[combo]
    for row in np.flatnonzero(explicit):
        scale = slow[values.codes[row]].scale
        multiplier[row] = _fitting(v, outputs["indicator"][indicators.codes[row]][0], scale).multiplier
    result: np.ndarray = written * multiplier
    return result


def _fitting(v: Validator, indicator: str, scale: Scale) -> Scale:
    problems: list[Problem] = []
    if not v._unit_fits(0, _NO_VALUE, "", indicator=indicator, scale=scale, problems=problems):
        raise NotFastError("unit")
    return scale


def _first_of_each_key(columns: dict[str, _Coded], outputs: dict[str, list[Any]], values: np.ndarray) -> np.ndarray:
    """True for the first row of each figure key; a later row with another value is a conflict (fallback)."""
    key = np.zeros(len(values), dtype=np.int64)
    room = 1
    for role in ("indicator", "year", "region", "sector", "network"):
        numbers: dict[Any, int] = {}  # one number per distinct output: two spellings of a region are one
        distinct = [o[0] if role == "indicator" else o for o in outputs[role]]
        component = np.asarray([numbers.setdefault(o, len(numbers)) for o in distinct], dtype=np.int64)
        room *= max(1, len(numbers))
        if room >= 1 << 62:
            raise NotFastError("too many keys")
        key = key * max(1, len(numbers)) + component[columns[role].codes]
    if not _repeats(key, room):
        return np.ones(len(key), dtype=bool)
    _, first_rows, groups = np.unique(key, return_index=True, return_inverse=True)
    first = np.zeros(len(key), dtype=bool)
    first[first_rows] = True
    expected = values[first_rows][groups.ravel()]
    if (np.abs(expected - values) > CONFLICT_TOLERANCE * np.maximum(1.0, np.abs(expected))).any():
        raise NotFastError("conflict")
    return first


def _repeats(key: np.ndarray, room: int) -> bool:
    """Whether a key occurs twice: counted in place when the keys are few, else found by sorting them."""
    if room <= 4 * len(key) + (1 << 20):
        return bool(np.bincount(key, minlength=room).max() > 1)
    ordered = np.sort(key)
    return bool((ordered[1:] == ordered[:-1]).any())
