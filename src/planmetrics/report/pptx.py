"""A `Report` as a PowerPoint deck for the board: a cover with the summary in sentences and who has reported
the as-of year, "since the report of …" when a report was issued, a summary table, "who has reported 2019"
(the completeness grid on its states' fills, who is late since when), one slide per target's chart with its
takeaway as an editable title, who answers for it, a status the plan team set and the managers' commentary in
a box on the slide (and in the notes), the smaller charts (trends, breakdowns) two to a slide, plan checks,
sources and the method as paragraphs.

Imports `i18n`, `look`, `report.accountability`, `report.content`, `report.pdf` (for the rendered images).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from planmetrics import i18n
from planmetrics.look import duty_look, status_look
from planmetrics.report.accountability import Completeness
from planmetrics.report.content import ChartItem, Report
from planmetrics.report.pdf import render_images

WIDE = (Inches(13.333), Inches(7.5))
MARGIN = Inches(0.5)
TITLE_ONLY, TITLE_AND_CONTENT = 5, 1
MUTED = RGBColor(0x55, 0x55, 0x55)


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


Line = tuple[str, int, bool] | tuple[str, int, bool, str]


def _box(slide: Slide, box: tuple[int, int, int, int], lines: Sequence[Line]) -> None:
    """A text box at (left, top, width, height): each line its text, size and whether it is bold, and a bold
    lead before it if it has one (the method's `Le plan.`)."""
    shape = slide.shapes.add_textbox(*(Emu(int(side)) for side in box))
    frame = shape.text_frame
    frame.word_wrap = True
    for n, (text, size, bold, *lead) in enumerate(lines):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        if lead and lead[0]:
            run = paragraph.add_run()
            run.text, run.font.bold = lead[0], True
        paragraph.add_run().text = text
        paragraph.font.size, paragraph.font.bold = Pt(size), bold
        paragraph.space_after = Pt(4)
        paragraph.font.color.rgb = MUTED if size <= 12 else RGBColor(0x1A, 0x1A, 0x1A)  # the date, a footnote


def _cover(deck: Deck, report: Report) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title(slide, report.title, size=30)
    lines: list[Line] = [(report.subtitle, 20, True), (report.generated, 12, False), ("", 8, False)]
    lines.append((report.cover_summary, 20, False))
    lines += [(locked.line, 14, False) for locked in report.locked]
    if report.completeness is not None:
        lines += [(line, 14, False) for line in (report.completeness.reported, report.completeness.late) if line]
    if report.findings:
        lines += [("", 8, False), (report.labels["cover.findings"], 16, True)]
        lines += [(f"• {finding}", 15, False) for finding in report.findings]
    _box(slide, (MARGIN, Inches(2.0), WIDE[0] - 2 * MARGIN, Inches(5.0)), lines)


def _since(deck: Deck, report: Report) -> None:
    if report.since is None:
        return
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title(slide, report.since.title)
    lines: list[Line] = [(report.since.intro, 18, False)]
    for block in report.since.blocks:
        lines += [("", 8, False), (block.heading, 18, True)]
        lines += [(f"• {line}", 16, False) for line in block.lines]
    _box(slide, (MARGIN, Inches(1.5), WIDE[0] - 2 * MARGIN, Inches(5.6)), lines)


def _summary(deck: Deck, report: Report) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title(slide, report.labels["summary"])
    rows, columns = len(report.summary_rows) + 1, len(report.summary_header)
    shape = slide.shapes.add_table(rows, columns, Inches(0.5), Inches(1.5), Inches(12.3), Inches(0.5) * rows)
    table = shape.table
    widths = [3.4, 1.8, 1.8, 1.4, 1.6, 2.3]  # inches, 12.3 in all: French headers fit on one line
    if columns == 7:  # an owner column, last
        widths = [2.7, 1.8, 1.7, 1.3, 1.3, 1.6, 1.9]
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


def _completeness(deck: Deck, report: Report) -> None:
    """ "Who has reported 2019": the day judged, the reported line and who is late since when above the grid
    (each cell's glyph and words on its state's light fill), and what the glyphs say at the slide's foot."""
    owed = report.completeness
    if owed is None:
        return
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title(slide, owed.title)
    said: list[Line] = [(f"{owed.intro} {owed.reported}", 14, False), *((line, 13, False) for line in owed.late_since)]
    _box(slide, (MARGIN, Inches(1.25), WIDE[0] - 2 * MARGIN, Inches(1.2)), said)
    _grid(slide, owed, Inches(2.55))
    _box(slide, (MARGIN, WIDE[1] - Inches(0.45), WIDE[0] - 2 * MARGIN, Inches(0.35)), [(owed.legend, 11, False)])
    slide.notes_slide.notes_text_frame.text = "\n".join([owed.intro, owed.reported, *owed.late_since])


def _grid(slide: Slide, owed: Completeness, top: int) -> None:
    """The completeness grid: a network a row, an indicator owed a column, each cell on its state's fill."""
    rows, columns = len(owed.rows) + 1, len(owed.header)
    table = slide.shapes.add_table(rows, columns, MARGIN, Emu(top), Inches(12.3), Emu(Inches(0.32) * rows)).table
    table.columns[0].width = Inches(5.9)
    for column in range(1, columns):
        table.columns[column].width = Emu(int(Inches(6.4) / (columns - 1)))
    for column, header in enumerate(owed.header):
        table.cell(0, column).text = header
        table.cell(0, column).text_frame.paragraphs[0].font.size = Pt(12)
    for row, (values, states) in enumerate(zip(owed.rows, owed.states, strict=True), start=1):
        for column, value in enumerate(values):
            cell = table.cell(row, column)
            cell.text = value
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.text_frame.paragraphs[0].font.size = Pt(11)
            cell.text_frame.paragraphs[0].font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
            state = states[column - 1] if column else None
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string((duty_look(state).fill if state else "#FFFFFF")[1:])


def _picture(slide: Slide, image: bytes, box: tuple[int, int, int, int]) -> None:
    """A chart's picture, as large as fits the box (left, top, width, height), centred in it."""
    left, top, width, height = (int(side) for side in box)
    picture = slide.shapes.add_picture(io.BytesIO(image), Emu(left), Emu(top), width=Emu(width))
    if picture.height > height:
        scale = height / picture.height
        picture.height, picture.width = Emu(int(picture.height * scale)), Emu(int(picture.width * scale))
    picture.left = Emu(int(left + (width - picture.width) / 2))


def _chart_slide(deck: Deck, section_title: str, item: ChartItem, image: bytes, label: str) -> None:
    """A target's slide: its takeaway as the title, what it says after the plan beneath, the picture, and the
    managers' commentary in a box beside it (and in the notes, with the section)."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title(slide, item.takeaway, size=22)
    top = Inches(1.35)
    if item.notes:
        _box(slide, (MARGIN, top, WIDE[0] - 2 * MARGIN, Inches(0.4)), [(" ".join(item.notes), 13, False)])
        top = Inches(1.8)
    room = WIDE[1] - top - Inches(0.15)
    if item.commentary or item.answers:
        _picture(slide, image, (MARGIN, top, Inches(8.4), room))
        lines: list[Line] = [*((line, 13, False) for line in item.answers)]
        if item.commentary:
            lines += [(label, 14, True), *((f"• {c}", 13, False) for c in item.commentary)]
        _box(slide, (Inches(9.1), top, Inches(3.7), room), lines)
    else:
        _picture(slide, image, (Inches(0.6), top, Inches(12.1), room))
    slide.notes_slide.notes_text_frame.text = "\n".join([section_title, *item.answers, *item.commentary])


def _pairs(items: Sequence[ChartItem]) -> Iterator[Sequence[ChartItem]]:
    for start in range(0, len(items), 2):
        yield items[start : start + 2]


def _smaller_slide(
    deck: Deck, section_title: str, items: Sequence[ChartItem], drawn: dict[str, bytes], label: str
) -> None:
    """Two smaller charts (trends, breakdowns) side by side, each under its finding, its commentary beneath;
    one alone has a slide as a target's."""
    if len(items) == 1:
        _chart_slide(deck, section_title, items[0], drawn[items[0].key], label)
        return
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title(slide, section_title, size=22)
    width = (WIDE[0] - 2 * MARGIN - Inches(0.3)) / 2
    for n, item in enumerate(items):
        left = Emu(int(MARGIN + n * (width + Inches(0.3))))
        _box(slide, (left, Inches(1.35), Emu(int(width)), Inches(0.8)), [(item.takeaway, 15, True)])
        comments: list[Line] = [*((line, 12, False) for line in item.answers)]
        if item.commentary:
            comments += [(label, 13, True), *((f"• {c}", 13, False) for c in item.commentary)]
        bottom = Inches(1.1) if comments else Inches(0)
        room = WIDE[1] - Inches(2.25) - bottom - Inches(0.15)
        _picture(slide, drawn[item.key], (left, Inches(2.2), Emu(int(width)), room))
        if comments:
            _box(slide, (left, WIDE[1] - bottom - Inches(0.1), Emu(int(width)), bottom), comments)
    slide.notes_slide.notes_text_frame.text = "\n".join(
        [section_title, *(c for item in items for c in (*item.answers, *item.commentary))]
    )


def _method(deck: Deck, report: Report) -> None:
    """The method as paragraphs (its bold lead and its bullets), over as many slides as it takes."""
    blocks = list(report.method_blocks)
    if not blocks:
        return
    for part in (blocks[: (len(blocks) + 1) // 2], blocks[(len(blocks) + 1) // 2 :]):
        if not part:
            continue
        slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
        _title(slide, i18n.labelled(report.labels["appendix"], report.labels["method"], report.lang))
        lines: list[Line] = []
        for block in part:
            if block.lead or block.text:
                lines.append((f"{block.gap if block.lead else ''}{block.text}", 13, False, block.lead))
            lines += [(f"• {line}", 13, False) for line in block.bullets]
        _box(slide, (MARGIN, Inches(1.4), WIDE[0] - 2 * MARGIN, Inches(5.8)), lines)


def write_pptx(report: Report, on_chart: Callable[[int, int], None] | None = None) -> bytes:
    """The report as PPTX bytes; `on_chart(done, total)` follows the drawing of its charts."""
    drawn = render_images(report, on_chart)
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE
    _cover(deck, report)
    _since(deck, report)
    _summary(deck, report)
    _completeness(deck, report)
    for section in report.sections:
        for item in (i for i in section.charts if i.kind == "target"):
            _chart_slide(deck, section.title, item, drawn[item.key], report.labels["commentary"])
        for pair in _pairs([i for i in section.charts if i.kind != "target"]):
            _smaller_slide(deck, section.title, pair, drawn, report.labels["commentary"])
    missing = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    _title(missing, report.labels["without_figures"], size=24)
    _bullets(missing, [line for s in report.sections for line in s.without_figures], size=13)
    checks = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    _title(checks, report.labels["checks"])
    _bullets(checks, list(report.checks), size=14)
    appendix = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    _title(appendix, i18n.labelled(report.labels["appendix"], report.labels["sources"], report.lang))
    _bullets(appendix, list(report.sources), size=11)
    _method(deck, report)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
