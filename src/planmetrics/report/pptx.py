"""A `Report` as a PowerPoint deck: a title slide, a summary table, one chart per slide with an editable
title (its takeaway) and the managers' commentary in the notes, plan checks, sources and method.

Imports `i18n`, `look`, `report.content`, `report.pdf` (for the rendered images).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from planmetrics import i18n
from planmetrics.look import status_look
from planmetrics.report.content import ChartItem, Report
from planmetrics.report.pdf import render_images

WIDE = (Inches(13.333), Inches(7.5))
MARGIN = Inches(0.5)
TITLE_ONLY, TITLE_AND_CONTENT, TITLE = 5, 1, 0


def _span(shape: Any) -> None:
    """The default layouts are drawn for 4:3 slides: stretch a placeholder across the wide slide."""
    top, height = shape.top, shape.height  # inherited from the layout until one of the four is set
    shape.left, shape.top, shape.width, shape.height = MARGIN, top, WIDE[0] - 2 * MARGIN, height


def _title(slide: Slide, text: str, size: int = 26) -> None:
    shape = slide.shapes.title
    assert shape is not None
    _span(shape)
    shape.text = text
    for paragraph in shape.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = True


def _bullets(slide: Slide, lines: list[str], size: int = 16) -> None:
    _span(slide.placeholders[1])
    body = slide.placeholders[1].text_frame
    body.clear()
    for n, line in enumerate(lines):
        paragraph = body.paragraphs[0] if n == 0 else body.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)


def _summary(deck: Deck, report: Report) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title(slide, report.labels["summary"])
    rows, columns = len(report.summary_rows) + 1, len(report.summary_header)
    shape = slide.shapes.add_table(rows, columns, Inches(0.5), Inches(1.5), Inches(12.3), Inches(0.5) * rows)
    table = shape.table
    widths = [3.4, 1.8, 1.8, 1.4, 1.6, 2.3]  # inches, 12.3 in all: French headers fit on one line
    for column, width in enumerate(widths):
        table.columns[column].width = Inches(width)
    for column, header in enumerate(report.summary_header):
        table.cell(0, column).text = header
    for row, (values, status) in enumerate(zip(report.summary_rows, report.summary_statuses, strict=True), start=1):
        for column, value in enumerate(values):
            cell = table.cell(row, column)
            cell.text = value
            cell.text_frame.paragraphs[0].font.size = Pt(14)
        status_cell = table.cell(row, 1)
        status_cell.fill.solid()
        status_cell.fill.fore_color.rgb = RGBColor.from_string(status_look(status).fill.lstrip("#"))
        status_cell.text_frame.paragraphs[0].font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)


def _chart_slide(deck: Deck, section_title: str, item: ChartItem, image: bytes) -> None:
    """A chart's slide: its takeaway as the title, what it says after the plan beneath, the picture, and the
    section and the managers' commentary in the notes."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title(slide, item.takeaway, size=22)
    top = Inches(1.35)
    if item.notes:
        box = slide.shapes.add_textbox(MARGIN, top, WIDE[0] - 2 * MARGIN, Inches(0.4))
        box.text_frame.word_wrap = True
        box.text_frame.text = " ".join(item.notes)
        box.text_frame.paragraphs[0].font.size = Pt(13)
        top = Inches(1.8)
    picture = slide.shapes.add_picture(io.BytesIO(image), Inches(0.6), top, width=Inches(12.1))
    if picture.top + picture.height > WIDE[1]:
        scale = (WIDE[1] - top - Inches(0.1)) / picture.height
        picture.height, picture.width = Emu(int(picture.height * scale)), Emu(int(picture.width * scale))
    picture.left = Emu(int((WIDE[0] - picture.width) / 2))
    slide.notes_slide.notes_text_frame.text = "\n".join([section_title, *item.commentary])


def write_pptx(report: Report, on_chart: Callable[[int, int], None] | None = None) -> bytes:
    """The report as PPTX bytes; `on_chart(done, total)` follows the drawing of its charts."""
    drawn = render_images(report, on_chart)
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE
    cover = deck.slides.add_slide(deck.slide_layouts[TITLE])
    _title(cover, report.title, size=34)
    _span(cover.placeholders[1])
    cover.placeholders[1].text = f"{report.subtitle}\n{report.generated}"
    _summary(deck, report)
    for section in report.sections:
        for item in section.charts:
            _chart_slide(deck, section.title, item, drawn[item.key])
    missing = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    _title(missing, report.labels["without_figures"], size=24)
    _bullets(missing, [line for s in report.sections for line in s.without_figures], size=13)
    checks = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    _title(checks, report.labels["checks"])
    _bullets(checks, list(report.checks), size=14)
    appendix = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    _title(appendix, i18n.labelled(report.labels["appendix"], report.labels["sources"], report.lang))
    _bullets(appendix, list(report.sources), size=11)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
