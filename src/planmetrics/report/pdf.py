"""A `Report` as a PDF for the board: real text (selectable, searchable). The cover holds the summary in
sentences, who has reported the as-of year, and the table of every target; "since the report of …" follows
when a report was issued, then "who has reported 2019" (the completeness grid, each cell's glyph and words on
its state's fill, who is late since when); each target's chart has a page with who answers for it, a status
the plan team set and its commentary beneath it, and the smaller charts (trends, breakdowns) share a page two
by two, each kept with its words; the method annex is set as paragraphs and bullet lists.

Landscape Letter; reportlab's platypus lays it out while the browser draws the charts, a page waiting only
for its own chart. Imports `charts`, `export_images`, `look`, `report.content`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from planmetrics import charts, export_images
from planmetrics.look import duty_look, status_look
from planmetrics.report.content import ChartItem, Report

PAGE = landscape(letter)
# 1,800 pixels across a 9.6-inch picture: about 190 dpi, print quality at two thirds of the cost of 2x.
REPORT_SCALE = 1.5
# Binary streams, not ASCII85 text: reportlab's encoder is pure Python (most of the layout time) and the
# text form is a quarter bigger. Every PDF reader takes binary streams.
rl_config.useA85 = 0
INK, MUTED, RULE = colors.HexColor("#1A1A1A"), colors.HexColor("#555555"), colors.HexColor("#D0D0D0")
# Helvetica covers Latin-1 and the Windows quotes; a few typographic signs are written plainly.
PLAIN = str.maketrans({"−": "-", "\u202f": "\u00a0", "→": "->", "≥": ">=", "≤": "<="})


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=base["BodyText"], fontName="Helvetica", fontSize=10.5, leading=14, textColor=INK
    )
    return {
        "cover": ParagraphStyle("cover", parent=body, fontName="Helvetica-Bold", fontSize=26, leading=32),
        "h1": ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=18, leading=23, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=4),
        "kicker": ParagraphStyle("kicker", parent=body, fontSize=9.5, textColor=MUTED, spaceAfter=2),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12, textColor=MUTED, alignment=TA_LEFT),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12),
        "head": ParagraphStyle("head", parent=body, fontName="Helvetica-Bold", fontSize=9.5, leading=12),
        "lead": ParagraphStyle("lead", parent=body, fontSize=12, leading=16),
        "bullet": ParagraphStyle("bullet", parent=body, fontSize=9.5, leading=12.5, leftIndent=14, bulletIndent=3),
        "note": ParagraphStyle("note", parent=body, fontSize=9.5, leading=12.5, textColor=MUTED),
    }


def _text(value: str) -> str:
    """Text shown exactly as written (a manager's commentary, a source, a catalogue sentence): only `&`, `<`
    and `>` escaped for the Paragraph, and the few signs the standard font lacks written plainly. Nothing is
    read as markup: `**` and backticks stay on the page. The bold the report sets (the method's leads) is
    the Paragraph's own `<b>`, around text escaped here."""
    return value.translate(PLAIN).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _para(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_text(value), style)


def _ruled(padding: int) -> list[Any]:
    """A report table's rules: a line under the header, a thin one under each row, cells centred, `padding`."""
    return [
        ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]


def _summary_table(report: Report, styles: dict[str, ParagraphStyle]) -> Table:
    rows: list[list[Any]] = [[_para(h, styles["head"]) for h in report.summary_header]]
    rows += [[_para(cell, styles["cell"]) for cell in row] for row in report.summary_rows]
    # 9.6 inches in all; with an owner column (last), the target's and the pace's give it room
    widths = [2.9, 1.4, 1.5, 1.2, 0.9, 1.7] if len(report.summary_header) == 6 else [2.3, 1.5, 1.4, 1.1, 0.8, 1.2, 1.3]
    table = Table(rows, colWidths=[w * inch for w in widths], repeatRows=1)
    style = _ruled(6)
    for row, status in enumerate(report.summary_statuses, start=1):
        style.append(("BACKGROUND", (1, row), (1, row), colors.HexColor(status_look(status).fill)))
    table.setStyle(TableStyle(style))
    return table


class _Chart(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A chart's picture, centred at most 9.6 inches wide and `height` high (5.2 inches for a target's chart,
    2.35 for the smaller ones that share a page); its PNG is waited for when its page is drawn."""

    def __init__(
        self, png: Future[bytes], ratio: float, drawn: Callable[[], None] | None, height: float = 5.2 * inch
    ) -> None:
        super().__init__()
        self.png, self.drawn, self.hAlign = png, drawn, "CENTER"
        self.drawWidth = min(9.6 * inch, height / ratio)
        self.drawHeight = self.drawWidth * ratio

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        picture = ImageReader(io.BytesIO(self.png.result()))
        self.canv.drawImage(picture, 0, 0, self.drawWidth, self.drawHeight, mask="auto")
        if self.drawn is not None:
            self.drawn()


def _chart_page(
    section_title: str, item: ChartItem, picture: _Chart, report: Report, styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """A chart with its words, kept together: a target's on a page of its own, a smaller one where it fits."""
    words: list[Flowable] = [
        _para(section_title, styles["kicker"]),
        _para(item.takeaway, styles["h2"]),
        *(_para(note, styles["small"]) for note in item.notes),
        *(_para(line, styles["note"]) for line in item.answers),
        picture,
    ]
    if item.commentary:
        words += [Spacer(1, 4), _para(report.labels["commentary"], styles["head"])]
        words += [_bullet(c, styles) for c in item.commentary]
    return [PageBreak() if item.kind == "target" else Spacer(1, 14), KeepTogether(words)]


def _bullet(text: str, styles: dict[str, ParagraphStyle], style: str = "bullet") -> Paragraph:
    return Paragraph(_text(text), styles[style], bulletText="•")


def _cover(report: Report, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The cover: the plan, the as-of year, the summary in sentences, the years locked, each chart's finding,
    every target."""
    story: list[Flowable] = [
        Spacer(1, 0.2 * inch),
        _para(report.title, styles["cover"]),
        Spacer(1, 8),
        _para(report.subtitle, styles["h2"]),
        _para(report.generated, styles["small"]),
        Spacer(1, 12),
        _para(report.cover_summary, styles["lead"]),
    ]
    story += [_para(locked.line, styles["body"]) for locked in report.locked]
    if report.completeness is not None:  # one paragraph: the cover has room for the summary and its note
        owed = report.completeness
        story.append(_para(" ".join(line for line in (owed.reported, owed.late) if line), styles["body"]))
    if report.findings:
        story += [Spacer(1, 6), _para(report.labels["cover.findings"], styles["head"])]
        story += [_bullet(finding, styles) for finding in report.findings]
    story += [Spacer(1, 12), _summary_table(report, styles), Spacer(1, 8)]
    return [*story, _para(report.labels["cover_note"], styles["small"])]


def _since(report: Report, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """ "Since the report of …": what moved since the last issued report, or that nothing did."""
    if report.since is None:
        return []
    story: list[Flowable] = [PageBreak(), _para(report.since.title, styles["h1"])]
    story.append(_para(report.since.intro, styles["body"]))
    for block in report.since.blocks:
        story += [Spacer(1, 8), _para(block.heading, styles["h2"])]
        story += [_bullet(line, styles) for line in block.lines]
    return story


def _completeness(report: Report, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """ "Who has reported 2019": the day judged, the reported line, the grid (each cell's glyph and words on its
    state's light fill, readable in grey), who is late since when, and what the glyphs say."""
    owed = report.completeness
    if owed is None:
        return []
    rows: list[list[Any]] = [[_para(h, styles["head"]) for h in owed.header]]
    rows += [[_para(row[0], styles["cell"]), *(_duty_cell(cell, styles) for cell in row[1:])] for row in owed.rows]
    owed_columns = len(owed.header) - 1
    table = Table(rows, colWidths=[4.0 * inch, *[5.6 * inch / owed_columns] * owed_columns], repeatRows=1)
    style = _ruled(4)
    for row, states in enumerate(owed.states, start=1):
        for column, state in enumerate(states, start=1):
            if state is not None:
                style.append(("BACKGROUND", (column, row), (column, row), colors.HexColor(duty_look(state).fill)))
    table.setStyle(TableStyle(style))
    story: list[Flowable] = [PageBreak(), _para(owed.title, styles["h1"]), _para(owed.intro, styles["body"])]
    story += [Spacer(1, 4), _para(owed.reported, styles["lead"]), Spacer(1, 8), table, Spacer(1, 8)]
    story += [_para(line, styles["body"]) for line in owed.late_since]
    return [*story, Spacer(1, 4), _para(owed.legend, styles["small"])]


def _duty_cell(cell: str, styles: dict[str, ParagraphStyle]) -> Paragraph:
    """A grid's cell, its glyph in bold (`! en retard depuis le 1er mai 2020`)."""
    glyph, _, words = cell.partition(" ")
    return Paragraph(f"<b>{_text(glyph)}</b> {_text(words)}" if words else _text(cell), styles["cell"])


def _appendix(report: Report, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [
        CondPageBreak(3 * inch),  # after the checks when the page has room, else on a page of its own
        Spacer(1, 18),
        _para(report.labels["appendix"], styles["h1"]),
        _para(report.labels["sources"], styles["h2"]),
    ]
    story += [_bullet(source, styles) for source in report.sources]
    story += [Spacer(1, 10), _para(report.labels["method"], styles["h2"])]
    for block in report.method_blocks:
        lead = f"<b>{_text(block.lead)}</b>{block.gap}" if block.lead else ""
        paragraph = [Paragraph(lead + _text(block.text), styles["note"])] if lead or block.text else []
        bullets = [_bullet(line, styles) for line in block.bullets]
        story += [KeepTogether([*paragraph, *bullets[:1]]), *bullets[1:], Spacer(1, 5)]  # a lead never alone
    return story


def _footer(report: Report) -> Callable[[Any, Any], None]:
    def draw(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(0.6 * inch, 0.4 * inch, _plain(report.subtitle))
        canvas.drawRightString(PAGE[0] - 0.6 * inch, 0.4 * inch, str(document.page))
        canvas.restoreState()

    return draw


def _plain(value: str) -> str:
    return value.translate(PLAIN)


def write_pdf(report: Report, on_chart: Callable[[int, int], None] | None = None) -> bytes:
    """The report as PDF bytes; `on_chart(done, total)` follows its charts as their pages are laid out.

    Another thread has the browser draw the charts meanwhile, so the pages come together while it draws
    (docs/performance.md has the timings).
    """
    pending: dict[str, Future[bytes]] = {item.key: Future() for item in _chart_items(report)}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="planmetrics-charts") as pool:
        pool.submit(_draw_into, report, pending)
        return _laid_out(report, pending, on_chart)


def _laid_out(report: Report, pending: dict[str, Future[bytes]], on_chart: Callable[[int, int], None] | None) -> bytes:
    styles = _styles()
    story: list[Flowable] = [*_cover(report, styles), *_since(report, styles), *_completeness(report, styles)]
    charts = ((section.title, item) for section in report.sections for item in section.charts)
    previous = "target"
    for number, (title, item) in enumerate(charts, start=1):
        drawn = None if on_chart is None else partial(on_chart, number, len(pending))
        ratio = item.chart.image_height / export_images.EXPORT_WIDTH
        height = 5.2 * inch - 13 * len(item.answers) if item.kind == "target" else 2.35 * inch  # room for its lines
        if item.kind != "target" and previous == "target":
            story.append(PageBreak())  # the smaller charts start a page of their own, two by two
        story += _chart_page(title, item, _Chart(pending[item.key], ratio, drawn, height), report, styles)
        previous = item.kind
    missing: list[Flowable] = [Spacer(1, 14), _para(report.labels["without_figures"], styles["h1"])]
    for section in (s for s in report.sections if s.without_figures):
        missing += [Spacer(1, 6), _para(section.title, styles["head"])]
        missing += [_bullet(line, styles) for line in section.without_figures]
    story += [CondPageBreak(2.5 * inch), KeepTogether(missing), Spacer(1, 18)]
    story += [
        KeepTogether([_para(report.labels["checks"], styles["h1"]), *(_bullet(c, styles) for c in report.checks)])
    ]
    story += _appendix(report, styles)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=0.6 * inch,
        rightMargin=0.6 * inch,
        topMargin=0.5 * inch,
        bottomMargin=0.7 * inch,
        title=_plain(report.title),
        author="planmetrics",
        subject=_plain(report.subtitle),
    )
    document.build(story, onFirstPage=_footer(report), onLaterPages=_footer(report))
    return buffer.getvalue()


def _draw_into(report: Report, pending: dict[str, Future[bytes]]) -> None:
    """Each chart's PNG into its future; a failure (no Chromium, ...) into every future still waiting."""
    try:
        for group, drawn in _drawn_groups(report):
            for item, png in zip(group, drawn, strict=True):
                pending[item.key].set_result(png)
    except BaseException as exc:
        for future in pending.values():
            if not future.done():
                future.set_exception(exc)


def render_images(report: Report, on_chart: Callable[[int, int], None] | None = None) -> dict[str, bytes]:
    """Every chart of the report as a PNG (for the slides); `on_chart(done, total)` after each group."""
    images: dict[str, bytes] = {}
    total = len(_chart_items(report))
    for group, drawn in _drawn_groups(report):
        images.update(zip((item.key for item in group), drawn, strict=True))
        if on_chart is not None:
            on_chart(len(images), total)
    return images


def _drawn_groups(report: Report) -> Iterator[tuple[list[ChartItem], list[bytes]]]:
    """The charts as PNGs, a few at a time (the process's one kaleido server has that many tabs)."""
    items = _chart_items(report)
    for start in range(0, len(items), export_images.TABS):
        group = items[start : start + export_images.TABS]
        yield group, export_images.to_images([_picture(item.chart) for item in group], "png", scale=REPORT_SCALE)


def _chart_items(report: Report) -> list[ChartItem]:
    return [item for section in report.sections for item in section.charts]


def _picture(chart: charts.Chart) -> dict[str, Any]:
    """A chart's picture on a page or slide, which carries its finding as real text: the image has no title.

    As a dict (`Figure.to_dict()`), which spares kaleido plotly's validation of a copy.
    """
    spec: dict[str, Any] = charts.drawn(chart, titled=False).to_dict()
    return spec
