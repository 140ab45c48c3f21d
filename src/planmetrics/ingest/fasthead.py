"""A big text file whose header alone is refused, refused from its first 64 KB, before its rows are read.

`valeur` above 5 million numbers has no year column: the careful path would read every row (40 s) to say
so. Here the start of the file is read as the careful path reads it (the same delimiter, the same header
among its title rows, `frame_rows`), and the header's verdict is asked of `layouts.reshape` on that header
with no rows: when it refuses, the file is decoded as a whole (`sniff.decode`: its encoding, or its refusal
for garbled text, is the full read's) and the header's table, without rows, is what the careful path then
refuses with the very same messages. A StatCan header, a header the start of the file cannot place (fewer
rows than `frame_rows` looks at) or one that holds figures: None, the file is read whole. Imports the
ingest helpers and `plan`.
"""

from __future__ import annotations

import csv
import itertools
from typing import cast

from planmetrics.ingest.frame_rows import (
    MAX_ROWS_ABOVE,
    ROWS_COMPARED,
    Frame,
    FramedTable,
    Record,
    frame,
    set_aside,
)
from planmetrics.ingest.layouts import reshape
from planmetrics.ingest.results import CellValue
from planmetrics.ingest.sniff import (
    SNIFF_CHARS,
    WholeFileError,
    decode,
    is_web_page,
    sniff_delimiter,
    text_records,
    trimmed_header,
)
from planmetrics.ingest.statcan import is_statcan
from planmetrics.plan import Plan

HEAD_BYTES = 4 * SNIFF_CHARS  # enough bytes for SNIFF_CHARS characters of any UTF-8 text
RECORDS_NEEDED = MAX_ROWS_ABOVE + ROWS_COMPARED + 1  # what `frame` looks at to place the header


def refused_header(data: bytes, plan: Plan, indicator_id: str | None, lang: str) -> FramedTable | None:
    """The header of a big text file as a table without rows, when that header alone is refused; else None."""
    head = _head_text(data)
    if head is None or is_web_page(head) or _header_fits(head, plan, indicator_id, lang):
        return None
    text, encoding = decode(data, lang)  # as the full read decodes it: its encoding, or its refusal
    table = _header_table(text[: SNIFF_CHARS + 1], encoding, lang)
    if table is None or not reshape(table, plan, indicator_id, lang).errors:
        return None
    return table


def _head_text(data: bytes) -> str | None:
    """The first complete lines of a file in UTF-8, or else read as Latin-1 (only a guess: a refused header is
    read again from the whole file decoded as the full read decodes it); None for UTF-16 or NUL bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:HEAD_BYTES]:
        return None
    head = data[:HEAD_BYTES]
    if len(data) > HEAD_BYTES:
        head = head[: head.rfind(b"\n") + 1]
    try:
        return head.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return head.decode("latin-1")


def _header_fits(head: str, plan: Plan, indicator_id: str | None, lang: str) -> bool:
    """Whether the header at the start of the text is not refused on its own (or cannot be placed)."""
    try:
        table = _header_table(head[: SNIFF_CHARS + 1], "", lang)
    except (WholeFileError, csv.Error):
        return True  # the full read says what is wrong
    return table is None or not reshape(table, plan, indicator_id, lang).errors


def _header_table(head: str, encoding: str, lang: str) -> FramedTable | None:
    """The header found among the first records of the text, as `sniff.read_text_table` finds it."""
    delimiter = sniff_delimiter(head)
    records: list[Record] = []
    numbered = enumerate(text_records(head, delimiter), start=1)
    for number, record in itertools.islice(numbered, 10 * RECORDS_NEEDED):
        if "".join(record).strip():
            records.append((number, cast("list[CellValue]", record)))
        if len(records) > RECORDS_NEEDED:
            break
    if len(records) <= RECORDS_NEEDED:
        return None  # the start of the file is too short to place its header as the whole file would
    records.pop()  # the last record of the start may be cut short
    where = frame(records)
    header_row, cells = records[where.header]
    header = trimmed_header([str(cell) for cell in cells], lang)
    if not header or is_statcan(header):
        return None
    table = FramedTable(header, header_row, [], encoding, delimiter)
    set_aside(table, records, Frame(where.header, len(records)))  # the rows above it; none below, yet
    return table
