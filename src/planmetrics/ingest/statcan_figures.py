"""One row of a Statistics Canada table's series -> one `RawFigure`: `VALUE` (a missing marker `..`, `...`, `x`,
`F` in `STATUS`/`SYMBOL` making it missing), its scale (`SCALAR_ID`, `UOM`), the flag (`E` approximate, `p`
preliminary, `r` revised), the source's quality grade (`A`-`D`), the year and period of `REF_DATE`, the region
of `GEO` and, with `--as-sector`, the sector of its dimension. Imports the ingest helpers and `config`.
"""

from __future__ import annotations

from dataclasses import dataclass

from planmetrics import config
from planmetrics.ingest.cells import cell_text
from planmetrics.ingest.layouts import Reshaped
from planmetrics.ingest.periods import Frequency, year_and_period
from planmetrics.ingest.results import Cell, CellValue, Problem, RawFigure
from planmetrics.ingest.series import Selection
from planmetrics.ingest.units import scale_of

MISSING_STATUS = frozenset({"..", "...", "x", "X", "F"})
FLAG_CODES = {"E": "E", "e": "E", "p": "p", "r": "r"}
QUALITY_GRADES = frozenset(config.QUALITY_GRADES)


@dataclass
class FigureBuilder:
    """The raw figure of each row kept, its scale and marks read from the table's standard columns."""

    header: list[str]
    columns: dict[str, int]
    indicator_id: str
    how_often: Frequency
    regions: dict[str, str]  # GEO text -> region id
    selection: Selection
    lang: str

    def cell(self, name: str, cells: list[CellValue]) -> Cell | None:
        i = self.columns.get(name)
        return Cell(self.header[i], cells[i]) if i is not None else None

    def figure(self, row: int, cells: list[CellValue], result: Reshaped) -> RawFigure | None:
        value = Cell(self.header[self.columns["value"]], cells[self.columns["value"]])
        status, symbol = self.cell("status", cells), self.cell("symbol", cells)
        marks = [str(c.value).strip() for c in (status, symbol) if c is not None]
        missing = next((m for m in marks if m in MISSING_STATUS), None)
        if missing is not None:
            value = Cell(value.column, missing)
        flag = next((FLAG_CODES[m] for m in (*marks, *" ".join(marks).split()) if m in FLAG_CODES), None)
        grade = str(status.value).strip().upper() if status is not None else ""
        scale = scale_of(
            self.cell("scalar_id", cells), self.cell("scalar_factor", cells), self.cell("uom", cells), self.lang
        )
        if isinstance(scale, Problem):
            result.errors.append(Problem(row, scale.column, scale.value, scale.message))
            return None
        ref_date = Cell(self.header[self.columns["ref_date"]], cells[self.columns["ref_date"]])
        year, period = year_and_period(cell_text(ref_date.value), self.how_often)  # a workbook's 2018.0 is 2018
        geo = self.cell("geo", cells)
        sector_column, sectors = self.selection.sector_column, self.selection.sectors
        return RawFigure(
            row=row,
            value=value,
            year=Cell(ref_date.column, year),
            region=Cell(geo.column, self.regions.get(str(geo.value).strip(), "")) if geo is not None else None,
            sector=Cell(self.header[sector_column], sectors[str(cells[sector_column]).strip()])
            if sector_column is not None
            else None,
            flag=Cell((symbol or status or value).column, flag) if flag else None,
            quality=Cell(status.column, grade) if status is not None and grade in QUALITY_GRADES else None,
            indicator_id=self.indicator_id,
            scale=scale,
            period=period,
        )
