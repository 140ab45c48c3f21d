"""Excel workbooks (.xlsx, .xls) -> the grid of their first sheet with figures, or of the sheet asked for.

A cover, notes or "Lisez-moi" sheet is passed over: a sheet holds figures when its header (found among
title rows, `frame_rows`) has a layout. No sheet with figures among several: a refusal naming them.

An .xlsx is a zip of XML parts: before any parser sees it, the zip is opened here and refused when it would
expand past `expansion_cap()` (a zip bomb) or when a part declares XML entities (<!DOCTYPE, <!ENTITY).
Imports `plan`, `words` and the ingest helpers (`sniff`, `frame_rows`, `layouts`, `limits`, `messages`).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
import zlib
from typing import TYPE_CHECKING, Any

from planmetrics.ingest.frame_rows import FramedTable, frame, set_aside
from planmetrics.ingest.layouts import has_layout
from planmetrics.ingest.limits import expansion_cap
from planmetrics.ingest.messages import listing, shorten
from planmetrics.ingest.results import CellValue, Problem, Table
from planmetrics.ingest.sniff import WholeFileError, fit_rows, trimmed_header, whole_file
from planmetrics.plan import Plan, normalize_name
from planmetrics.words import say

if TYPE_CHECKING:
    import pandas as pd

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_PARTS = 10_000
CHUNK = 1 << 20
_FORBIDDEN = (b"<!doctype", b"<!entity")
_WORKBOOK_PARTS = ("xl/workbook.", "[content_types].xml", "content.xml")  # .xlsx, .xlsm, .xlsb, .ods
_BINARY_PARTS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin")


def workbook_kind(data: bytes, file_name: str) -> str | None:
    """ "xlsx", "xls" or None (a text file), from the file's first bytes and then its name."""
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        return "xls"
    # A text file named .xls is common (TSV or CSV exports): it is read as text. A .xlsx must be a zip.
    suffix = file_name.lower().rsplit(".", 1)[-1] if "." in file_name else ""
    return "xlsx" if suffix in {"xlsx", "xlsm"} else None


def check_xlsx(data: bytes, lang: str) -> None:
    """Refuse a workbook that is not a zip, would expand too far, or declares XML entities."""
    cap = expansion_cap()
    limit_mb = round(cap / 1024 / 1024)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > cap:
                raise whole_file(lang, "zip_bomb", limit=limit_mb)
            if not any(p.filename.lower().startswith(_WORKBOOK_PARTS) for p in parts):
                names = listing((shorten(p.filename, 40) for p in parts), limit=5, lang=lang)
                raise _refused(say("layouts.zip_not_workbook", lang, parts=names))
            expanded = 0
            for part in parts:
                if not part.filename.lower().endswith(_BINARY_PARTS):
                    expanded = _scan_part(archive, part, expanded, cap, lang)
    except zipfile.BadZipFile as exc:  # a zip's start without its end: a download cut short
        if data.startswith(ZIP_MAGIC):
            raise _refused(say("layouts.workbook_damaged", lang)) from exc
        raise whole_file(lang, "not_zip") from exc
    except (zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise _refused(say("layouts.workbook_damaged", lang)) from exc


def _refused(message: str) -> WholeFileError:
    return WholeFileError(Problem(None, None, None, message))


def unreadable(exc: Exception, lang: str) -> WholeFileError:
    """A workbook the library cannot read, in our words; the library's own (English) text only as a marked
    technical detail."""
    detail = shorten(str(exc) or type(exc).__name__, 120)
    return _refused(say("layouts.workbook_unreadable", lang, detail=detail))


def _scan_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, expanded: int, cap: int, lang: str) -> int:
    """Read one part in chunks, counting what it really expands to (a zip may lie about sizes)."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
            expanded += len(chunk)
            if expanded > cap:
                raise whole_file(lang, "zip_bomb", limit=round(cap / 1024 / 1024))
            window = (tail + chunk).replace(b"\x00", b"").lower()
            if any(marker in window for marker in _FORBIDDEN):
                raise whole_file(lang, "xml_entity", part=part.filename)
            tail = window[-16:]
    return expanded


def read_workbook(data: bytes, kind: str, sheet: str | None, lang: str, plan: Plan | None = None) -> Table:
    """The grid of the sheet asked for, else of the first sheet that holds figures; whole-file problems raise.

    With a `plan`, a sheet holds figures when its header has a layout (`layouts.has_layout`): a cover, notes
    or "Lisez-moi" sheet is passed over. Without one, the first sheet with any cell is read.
    """
    import pandas as pd  # noqa: PLC0415 - only workbooks need it, and `planmetrics import` of a CSV does not

    if kind == "xlsx":
        check_xlsx(data, lang)
    try:
        with pd.ExcelFile(io.BytesIO(data), engine="calamine") as book:
            names = [str(n) for n in book.sheet_names]
            if sheet is not None:
                name = _sheet_named(names, sheet, lang)
                return _sheet_table(
                    name, _rows(pd.read_excel(book, sheet_name=name, header=None, dtype=object)), kind, lang
                )
            filled: list[tuple[str, list[tuple[int, list[CellValue]]]]] = []
            for name in names:
                rows = _rows(pd.read_excel(book, sheet_name=name, header=None, dtype=object))
                if rows and (plan is None or _holds_figures(rows, plan)):
                    return _sheet_table(name, rows, kind, lang)
                if rows:
                    filled.append((name, rows))
    except WholeFileError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged workbooks
        raise unreadable(exc, lang) from exc
    if not filled:
        raise whole_file(lang, "empty")
    if len(filled) == 1:  # the one sheet with cells: its headers' problems say more than the sheet's name
        return _sheet_table(*filled[0], kind, lang)
    sheets = listing((f"« {name} »" if lang == "fr" else repr(name) for name in names), lang=lang)
    raise WholeFileError(Problem(None, None, None, say("layouts.no_sheet_with_figures", lang, sheets=sheets)))


def _holds_figures(rows: list[tuple[int, list[CellValue]]], plan: Plan) -> bool:
    where = frame(rows)
    header = [cell_header(cell) for cell in rows[where.header][1]]
    return where.end > where.header + 1 and has_layout(header, plan)


def _sheet_table(name: str, rows: list[tuple[int, list[CellValue]]], kind: str, lang: str) -> Table:
    """The sheet's table: its header found among title rows, its footnotes set aside, its rows checked."""
    if not rows:
        raise whole_file(lang, "empty")
    where = frame(rows)
    header_row, header = rows[where.header]
    table = FramedTable(trimmed_header([cell_header(c) for c in header], lang), header_row, [], kind, "", sheet=name)
    return fit_rows(table, set_aside(table, rows, where), lang)


def _sheet_named(names: list[str], sheet: str, lang: str) -> str:
    if sheet in names:
        return sheet
    wanted = normalize_name(sheet)
    found = next((n for n in names if normalize_name(n) == wanted), None)
    if found is None:
        raise whole_file(lang, "no_sheet", sheet=repr(sheet), names=listing(map(repr, names), lang=lang))
    return found


def _rows(grid: pd.DataFrame) -> list[tuple[int, list[CellValue]]]:
    """Non-blank rows, numbered as the spreadsheet shows them (the grid starts at A1)."""
    rows: list[tuple[int, list[CellValue]]] = []
    for index, values in enumerate(grid.itertuples(index=False, name=None), start=1):
        cells = [excel_cell(v) for v in values]
        if any(c != "" for c in cells):
            rows.append((index, cells))
    return rows


def excel_cell(value: Any) -> CellValue:
    """A workbook cell as the importer reads it: numbers stay numbers, the rest becomes text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def cell_header(value: CellValue) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value.strip()
