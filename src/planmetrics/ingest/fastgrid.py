"""The fast path's first step: a big text file's bytes as an Arrow grid of cells, and its header's reading.

A UTF-8 file is handed to Arrow as it is (no copy, no big string); the descriptive columns come back as
dictionaries, the value column as plain text. The header is read by `layouts`, as the careful path reads
it; anything but a clean long layout raises `NotFastError`. So does a quote `quotes` would report: an
odd number of quotes or one between two ordinary characters at once, and when a cell holds a quote or a
line break, after `quotes` has read the text; the careful path then reads the file and reports it.
Imports the ingest helpers only.
"""

from __future__ import annotations

import csv
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from planmetrics.ingest.fastnum import NotFastError
from planmetrics.ingest.headers import understand
from planmetrics.ingest.layouts import Reshaped, _role_columns, reshape
from planmetrics.ingest.quotes import quote_troubles, suspicious_bytes
from planmetrics.ingest.results import Table
from planmetrics.ingest.sniff import (
    MAX_COLUMNS,
    SNIFF_CHARS,
    WholeFileError,
    first_record,
    sniff_delimiter,
    trimmed_header,
)
from planmetrics.ingest.statcan import is_statcan
from planmetrics.ingest.validate import Validator

_DICTIONARY = pa.dictionary(pa.int32(), pa.string())


class NotUtf8Error(NotFastError):
    """The bytes are not UTF-8 (or hold NUL bytes): decode them the careful way first."""


def utf8_bytes(data: bytes) -> tuple[pa.Buffer, str]:
    """The file's UTF-8 bytes without a byte-order mark (no copy), as `sniff.decode` names the encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise NotUtf8Error
    buffer = pa.py_buffer(data)
    if data.startswith(b"\xef\xbb\xbf"):
        return buffer.slice(3), "utf-8-sig"
    return buffer, "utf-8"


def text_head(raw: pa.Buffer) -> str:
    """The start of the text, long enough for `sniff_delimiter` to decide as it would on the whole file."""
    head: bytes = raw.slice(0, min(raw.size, 4 * SNIFF_CHARS + 4)).to_pybytes()
    return head.decode("utf-8", errors="ignore")[: SNIFF_CHARS + 1]


def sniffed_grid(
    raw: pa.Buffer, head: str, quotes: int, validator: Validator, indicator_id: str | None
) -> tuple[str, Any]:
    """The delimiter, sniffed from the start of the text, and the grid of cells it gives."""
    delimiter = sniff_delimiter(head)
    guess = _value_column(head, delimiter, validator, indicator_id)
    return delimiter, parse_grid(raw, delimiter, quotes=quotes, value_column=guess)


def parse_grid(raw: pa.Buffer, delimiter: str, *, quotes: int, value_column: int | None) -> Any:
    """Every cell, each column but the values' as a dictionary: its distinct texts and one code per row.

    The descriptive columns hold few distinct texts: Arrow codes them while it parses, so their million
    strings are never built. The value column, mostly distinct, stays plain text.
    """
    if quotes % 2 or (quotes and suspicious_bytes(memoryview(raw), delimiter)):
        raise NotFastError("quotes")
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
            raise NotUtf8Error from exc
        raise
    if quotes and _quote_or_break_in_a_cell(grid):
        text = raw.to_pybytes().decode("utf-8", errors="replace")
        if quote_troubles(text, delimiter, grid.num_columns, limit=1):  # one is enough to step aside
            raise NotFastError("quotes")
    return grid.unify_dictionaries()


def _quote_or_break_in_a_cell(grid: Any) -> bool:
    """Whether a cell holds a quote or a line break: then `quotes` reads the text to tell fine from trouble."""
    for column in grid.columns:
        for chunk in column.chunks:
            texts = chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk
            if len(texts) and pc.any(pc.match_substring_regex(texts, '["\\r\\n]')).as_py():
                return True
    return False


def _value_column(head: str, delimiter: str, validator: Validator, indicator_id: str | None) -> int | None:
    """Where the values are, from the header at the start of the text (None when it does not say).

    Only a guess that saves work: `fast` takes the header from the parsed grid, and a wrong guess costs
    time (the columns are recoded), never a different result.
    """
    try:
        header = trimmed_header(first_record(head, delimiter), validator.lang)
        return header_roles(header, delimiter, validator, indicator_id)[2].get("value")
    except (NotFastError, WholeFileError, csv.Error):
        return None


def grid_header(grid: Any, lang: str) -> list[str]:
    """The grid's first row as the careful path trims a header; a StatCan or odd header is not for here."""
    cells = [str(c) for c in grid.slice(0, 1).to_pylist()[0].values()]
    header = trimmed_header(cells, lang)
    if len(header) != len(cells) or not any(header) or is_statcan(header):
        raise NotFastError("header")
    return header


def header_roles(
    header: list[str], delimiter: str, validator: Validator, indicator_id: str | None
) -> tuple[Reshaped, list[Any], dict[str, int]]:
    """The long layout's reading of the header: its warnings, each column's meaning, the column of each role."""
    lang = validator.lang
    shaped = reshape(Table(header, 1, [], "", delimiter), validator.plan, indicator_id, lang)
    if shaped.errors or shaped.layout != "long":
        raise NotFastError("layout")
    meanings = [understand(h, validator.plan) for h in header]
    roles = _role_columns(header, meanings, lang, Reshaped("long"))
    return shaped, meanings, roles
