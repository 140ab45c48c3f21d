"""What reading a file gives back: figures, problems (errors and warnings) and what was detected.

Also the shapes passed between the ingest modules: a parsed `Table` and the `RawFigure`s a layout
yields before validation. Imports nothing of ours except `config`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import pyarrow as pa

from planmetrics import config

if TYPE_CHECKING:  # pandas is imported when a DataFrame is asked for: `planmetrics import` never needs it
    import pandas as pd

# A cell as read: text from a CSV or a text cell of a workbook, a float from a numeric workbook cell.
CellValue = str | float


@dataclass(frozen=True)
class Problem:
    row: int | None  # line number as a spreadsheet shows it (header = 1); None for the whole file
    column: str | None  # the column's header as written in the file
    value: str | None  # the offending cell text
    message: str  # what is wrong and what to do, in the requested language
    # What kind of refusal it is, for a page that answers it with a widget rather than words: "encoding" (the text
    # is garbled or cannot be read in the encoding named), "series" (a StatCan table's series to choose); "" else.
    kind: str = ""


@dataclass(frozen=True)
class Detected:
    encoding: str = ""  # "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "xlsx", "xls"
    delimiter: str = ""  # ",", ";", "\t", "|" ("" for Excel)
    decimal: str = ""  # "." or "," ("" when no decimals were seen)
    layout: str = ""  # "long" | "wide" | "statcan" ("" when the file was refused before)
    sheet: str = ""  # the workbook's sheet that was read ("" for a text file)
    table: str = ""  # a Statistics Canada table's product id, 8 digits ("" when unknown or not a StatCan table)
    periods: bool = False  # the file holds months or quarters, made into years (how: `ReadOptions.annual`)
    # A column of the file was read as the figures' network (False for a StatCan table, or a file that names
    # none: its figures are the total's, or the network of whoever imports them).
    network_column: bool = False


@dataclass(frozen=True)
class ReadOptions:
    """What the person importing chose, beside the file (command-line options, the Upload page's fields)."""

    source: str | None = None  # the source of figures whose file has no source column
    indicator: str | None = None  # the indicator of a file that names none, as typed (id, label or alias)
    sheet: str | None = None  # the workbook's sheet to read
    where: tuple[tuple[str, str], ...] = ()  # a StatCan table's series: (dimension, member) as typed
    as_sector: str | None = None  # the StatCan dimension whose members are the plan's sectors
    annual: Literal["mean", "sum", "last"] | None = None  # how periods make a year, over the indicator's rule
    table: str | None = None  # a StatCan product id, when the file's name does not hold it
    encoding: str | None = None  # the text encoding to read the file in, over the one detected
    # A network editor's submission: rows with no network are taken as this network's, another network's
    # rows are refused with their row and column.
    network: str | None = None
    locked_years: tuple[int, ...] = ()  # years the plan team locked: a row in one is refused at its row


@dataclass(frozen=True)
class SeriesChoice:
    """One dimension of a Statistics Canada table and its members as the file writes them, in file order:
    what a person chooses among (`--where`, the Upload page's select boxes) when it has several."""

    dimension: str  # the column's header as written
    members: tuple[str, ...]
    chosen: str | None = None  # the member kept (as the file writes it), None while none is chosen
    as_sector: bool = False  # its members are taken as the plan's sectors


@dataclass(frozen=True)
class ReadResult:
    staged: pd.DataFrame | pa.Table  # what a commit writes: a big file's figures come as an Arrow table
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    skipped_missing: int
    detected: Detected
    # A StatCan table's dimensions, with the member chosen in each (empty for any other file); on a refusal for
    # a series not chosen, what to choose among.
    series: tuple[SeriesChoice, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return len(self.staged)

    @cached_property
    def figures(self) -> pd.DataFrame:
        """The figures as a DataFrame (a big file's text columns as categories)."""
        if isinstance(self.staged, pa.Table):
            return plain_missing(self.staged.to_pandas())
        return self.staged


def plain_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """`flag`, `source_fr` and `quality` as Python text, None where a figure has none: as every reader gives them."""
    for column in ("flag", config.SOURCE_FR, config.QUALITY):
        frame[column] = frame[column].astype("object").where(frame[column].notna(), None)
    return frame


def empty_figures() -> pd.DataFrame:
    import pandas as pd  # noqa: PLC0415 - see TYPE_CHECKING above

    return pd.DataFrame({name: pd.Series([], dtype=_dtype(name)) for name in config.STORED_COLUMNS})


def _dtype(column: str) -> str:
    return {"year": "int64", "value": "float64"}.get(column, "object")


@dataclass
class Table:
    """A file's grid: its header and its data rows, each with the row number a spreadsheet shows."""

    header: list[str]
    header_row: int
    rows: list[tuple[int, list[CellValue]]]
    encoding: str
    delimiter: str
    problems: list[Problem] = field(default_factory=list)
    sheet: str = ""  # the workbook's sheet the grid was read from ("" for a text file)
    # Rows set aside around the figures: a title or notes above the header, footnotes below the data.
    skipped_above: list[int] = field(default_factory=list)
    skipped_below: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Scale:
    """What a unit says about a number: a factor, whether it is money, whether it is a percentage."""

    factor: float = 1.0
    currency: bool = False
    percent: bool = False

    @property
    def explicit(self) -> bool:
        return self.factor != 1.0 or self.currency or self.percent

    def combine(self, other: Scale) -> Scale:
        return Scale(self.factor * other.factor, self.currency or other.currency, self.percent or other.percent)

    @property
    def multiplier(self) -> float:
        return self.factor * (0.01 if self.percent else 1.0)


@dataclass(frozen=True)
class Cell:
    column: str  # the header as written
    value: CellValue


@dataclass(frozen=True)
class RawFigure:
    """One figure as a layout found it, before any of its cells is checked."""

    row: int
    value: Cell
    year: Cell | None = None
    indicator: Cell | None = None
    region: Cell | None = None
    sector: Cell | None = None
    network: Cell | None = None
    unit: Cell | None = None
    flag: Cell | None = None
    source: Cell | None = None
    source_fr: Cell | None = None
    indicator_id: str | None = None  # already known (a column named after it, --indicator, a StatCan mapping)
    scale: Scale = Scale()  # from the value's header or the table's scalar factor
    quality: Cell | None = None  # the source's quality grade (A-D), from a quality column or StatCan's STATUS
    derived: Cell | None = None  # an export's `derived` column: a row planmetrics computed, skipped on import
    # A part of the year the value covers: "01"-"12" for a month, "Q1"-"Q4" for a quarter (REF_DATE `2018-03`,
    # a column headed `2023-01`); None for a yearly figure. Periods are made into the year by the indicator's
    # rule (`Indicator.annual_rule`, or `ReadOptions.annual`).
    period: str | None = None
