"""Data exports people download: the current figures as CSV or XLSX, in the long layout that `import`
reads back unchanged.

Formula-looking text (a cell starting with `=`, `+`, `-`, `@`, tab or CR) is neutralised with a leading `'`,
which the importer removes again, so spreadsheets never run it and a round trip is lossless. Figures that hold
a derived indicator's rows (`derived.with_derived`) get a last column `derived`, `true` on those rows and empty
on stored ones: the importer skips the rows marked, so the round trip stays lossless.
Imports `config`, `derived` (the column's name).
"""

from __future__ import annotations

import io
from typing import Literal

import pandas as pd

from planmetrics import config
from planmetrics.derived import DERIVED

CsvStyle = Literal["en", "fr"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = ("indicator", "region", "sector", "network", "unit", "flag", "source", "source_fr", "quality")


def neutralise(text: object) -> object:
    """`=HYPERLINK(...)` -> `'=HYPERLINK(...)`; anything else unchanged."""
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def export_frame(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures in the long layout's columns and order (the French source and the quality grade last, then
    `derived` when some rows are), text cells neutralised."""
    absent = [c for c in (config.SOURCE_FR, config.QUALITY) if c not in figures.columns]
    stored = figures.assign(**dict.fromkeys(absent)) if absent else figures
    marked = DERIVED in stored.columns and bool(stored[DERIVED].fillna(False).astype(bool).any())
    columns = [*config.STORED_COLUMNS, *([DERIVED] if marked else [])]
    frame = stored[columns].sort_values(["indicator", "region", "sector", "network", "year"])
    frame = frame.reset_index(drop=True)
    if marked:
        frame[DERIVED] = ["true" if bool(d) is True else "" for d in frame[DERIVED].fillna(False)]
    for column in TEXT_COLUMNS:
        frame[column] = frame[column].map(neutralise)
    return frame


def _number_text(value: float, decimal: str) -> str:
    text = f"{value:.0f}" if float(value).is_integer() else repr(float(value))
    return text.replace(".", decimal)


def figures_csv(figures: pd.DataFrame, style: CsvStyle = "en") -> bytes:
    """CSV in UTF-8 with BOM; `en`: comma and decimal point, `fr`: semicolon and decimal comma."""
    frame = export_frame(figures)
    decimal = "," if style == "fr" else "."
    frame["value"] = [_number_text(v, decimal) for v in frame["value"]]
    text = frame.to_csv(index=False, sep=";" if style == "fr" else ",", lineterminator="\r\n")
    return text.encode("utf-8-sig")


def figures_xlsx(figures: pd.DataFrame) -> bytes:
    """XLSX with numbers stored as numbers (thousands separators as a cell format) and text as text."""
    frame = export_frame(figures)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="figures")
        sheet = writer.sheets["figures"]
        value_column = config.FIGURE_COLUMNS.index("value") + 1
        for (cell,) in sheet.iter_rows(min_row=2, min_col=value_column, max_col=value_column):
            cell.number_format = "#,##0.######"
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula
        sheet.freeze_panes = "A2"
        for letter, width in zip("ABCDEFGHI", (10, 16, 22, 20, 16, 18, 14, 12, 60), strict=True):
            sheet.column_dimensions[letter].width = width
    return buffer.getvalue()


def table_csv(table: pd.DataFrame, style: CsvStyle = "en") -> bytes:
    """A chart's data as CSV: figures as `figures_csv` writes them, any other table neutralised, in the same
    style (`fr`: semicolons and decimal commas, as French Excel opens them)."""
    if set(config.FIGURE_COLUMNS) <= set(table.columns):
        return figures_csv(table, style)
    sep, decimal = (";", ",") if style == "fr" else (",", ".")
    guarded = table.map(neutralise)  # a source or label written like a formula stays text in a spreadsheet
    return guarded.to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\r\n").encode("utf-8-sig")


def table_xlsx(table: pd.DataFrame) -> bytes:
    """A chart's data as XLSX: figures as `figures_xlsx` writes them, any other table neutralised."""
    if set(config.FIGURE_COLUMNS) <= set(table.columns):
        return figures_xlsx(table)
    buffer = io.BytesIO()
    table.map(neutralise).to_excel(buffer, index=False)
    return buffer.getvalue()
