"""Data exports: golden CSV bytes, XLSX cells, and formula-looking text neutralised."""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from planmetrics import export

from .conftest import figure_rows

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = '=HYPERLINK("http://evil.example","click")'


def sample() -> pd.DataFrame:
    frame = pd.concat(
        [
            figure_rows([("jobs", 2014, 100_000), ("jobs", 2018, 116_000)], source="CQCM, 2015; 2018"),
            figure_rows([("revenue", 2014, 33.4e9)], source=HOSTILE),
            figure_rows([("cpi", 2018, 133.45)], source="StatCan"),
        ],
        ignore_index=True,
    )
    frame.loc[0, "flag"] = "approximate"
    return frame


@pytest.mark.parametrize("style", ["en", "fr"])
def test_csv_matches_golden_file(style: str) -> None:
    produced = export.figures_csv(sample(), style)  # type: ignore[arg-type]
    golden = GOLDEN / f"figures-{style}.csv"
    if os.environ.get("PLANMETRICS_UPDATE_GOLDEN"):
        golden.write_bytes(produced)
    assert produced == golden.read_bytes()


def test_csv_neutralises_formulas() -> None:
    text = export.figures_csv(sample()).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text and ',"=HYPERLINK' not in text


def test_xlsx_cells() -> None:
    book = openpyxl.load_workbook(io.BytesIO(export.figures_xlsx(sample())))
    sheet = book["figures"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["indicator", "year", "region", "sector", "network"]
    assert header[5:] == ["value", "unit", "flag", "source", "source_fr", "quality"]
    rows = {(r[0], r[1]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[("revenue", 2014)][5] == 33.4e9  # a number, not text
    assert rows[("revenue", 2014)][8] == "'" + HOSTILE  # text, never a formula
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
