"""A `Report` as the file a person downloads: PDF or PPTX, its name and its MIME type.

Shared by the Reports page and `planmetrics report`. Imports `report.content`, `report.pdf`, `report.pptx`.
"""

from __future__ import annotations

from collections.abc import Callable

from planmetrics.report import pdf as report_pdf
from planmetrics.report import pptx as report_pptx
from planmetrics.report.content import Report

MIME: dict[str, str] = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def write_report(report: Report, fmt: str, on_chart: Callable[[int, int], None] | None = None) -> bytes:
    """The report's bytes, as PDF (`fmt` "pdf") or PPTX; `on_chart(done, total)` follows its charts' drawing."""
    write = report_pdf.write_pdf if fmt == "pdf" else report_pptx.write_pptx
    return write(report, on_chart)
