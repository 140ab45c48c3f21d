"""Reports: PDF pages and text, PPTX slides and titles, in both languages, from a real database."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from planmetrics import export_images
from planmetrics.cli import main
from planmetrics.errors import PlanmetricsError
from planmetrics.plan import load_plans
from planmetrics.report import content as report_content
from planmetrics.report import pdf as report_pdf
from planmetrics.store import Store
from planmetrics.ui import markdown_text

NBSP = "\u00a0"
STATUS_WORDS = {
    "en": ["On track", "No data yet", "Achieved"],
    "fr": ["En bonne voie", "Aucune donnée", "Atteint"],
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("report") / "r.duckdb")
    assert main(["--db", path, "init"]) == 0
    Store(path).add_comment(plan_id="cqcm-2020", target="jobs_net", year=2018, body="Hiring in agri-food.", by="ana")
    return path


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(str(path))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pdf_report(db: str, tmp_path: Path, lang: str) -> None:
    out = tmp_path / f"report-{lang}.pdf"
    assert main(["--db", db, "--lang", lang, "report", "-o", str(out)]) == 0
    pages, text = pdf_text(out)
    # cover with the summary, who has reported 2019, jobs, revenue, jobs by sector with the co-operatives' trend,
    # indicators without figures with the checks, the appendix (2)
    assert pages == 8
    for word in STATUS_WORDS[lang]:
        assert word in text
    assert "Hiring in agri-food." in text  # the managers' commentary is carried in
    assert ("Sources of the figures" if lang == "en" else "Sources des données") in text
    assert "116" in text


def test_pdf_report_as_of_2018(db: str, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    assert main(["--db", db, "report", "-o", str(out), "--as-of", "2018"]) == 0
    _, text = pdf_text(out)
    assert "Needs acceleration" in text  # revenue_level as of 2018
    assert "Limited progress" in text  # revenue_growth as of 2018


def test_pdf_report_for_one_target(db: str, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    assert main(["--db", db, "report", "-o", str(out), "--target", "jobs_net", "--orientation", "1"]) == 0
    pages, text = pdf_text(out)
    # cover with the summary, who has reported 2019, jobs, jobs by sector with the co-operatives' trend, without
    # figures with the checks and the appendix's start, the method, its paragraphs on overrides and obligations
    assert pages == 7
    assert "Revenue growth of 7 % a year" not in text.split("Plan checks")[0]


@pytest.mark.parametrize(("lang", "line"), [("en", "2018: Hiring"), ("fr", "2018 : Hiring")])
def test_report_commentary_is_written_as_the_pages_write_it(db: str, lang: str, line: str) -> None:
    """One function writes a commentary line for the cards and the report: French puts a space before the colon."""
    content = report_content.read_report(Store(db), load_plans()[0], lang=lang)
    notes = {item.key: item.commentary for section in content.sections for item in section.charts}
    (note,) = notes["jobs_net"]
    assert note.startswith(f"{line} in agri-food. — ana, 20")
    assert notes["revenue_growth"] == ()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pptx_report(db: str, tmp_path: Path, lang: str) -> None:
    out = tmp_path / f"deck-{lang}.pptx"
    assert main(["--db", db, "--lang", lang, "report", "-o", str(out)]) == 0
    deck = Presentation(io.BytesIO(out.read_bytes()))
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title is not None]
    # cover, summary, who has reported 2019, jobs, revenue, jobs by sector with the co-operatives' trend, without
    # figures, checks, sources, the method (two)
    assert len(deck.slides) == 11
    expected = "Jobs: on track" if lang == "en" else "Emplois : en bonne voie"
    assert any(t.startswith(expected) for t in titles)
    assert sum(1 for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13) == 4  # pictures
    assert not [t for t in titles if "<" in t or ">" in t]  # the charts' HTML line breaks and bold are gone
    assert ("Appendix: Sources of the figures" if lang == "en" else "Annexe : Sources des données") in titles
    width, height = deck.slide_width, deck.slide_height
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, shape.name
            assert shape.left + shape.width <= width and shape.top + shape.height <= height, shape.name
        title = slide.shapes.title
        if title is not None:  # the 4:3 layouts' titles are stretched across the wide slide
            assert title.width >= 0.9 * width and title.height > 0


def test_pptx_for_one_target_calls_its_summary_the_report_s_targets(db: str, tmp_path: Path) -> None:
    """The summary slide says 'the targets of this report', true of a deck made for one target (it said 'every
    target' over a single row)."""
    out = tmp_path / "one.pptx"
    assert main(["--db", db, "--lang", "fr", "report", "-o", str(out), "--target", "jobs_net"]) == 0
    deck = Presentation(io.BytesIO(out.read_bytes()))
    (summary,) = [s for s in deck.slides if s.shapes.title is not None and s.shapes.title.text.startswith("Sommaire")]
    assert summary.shapes.title.text == "Sommaire : les cibles de ce rapport"
    (table,) = [shape.table for shape in summary.shapes if shape.has_table]
    assert len(table.rows) == 2  # the heading and jobs_net's row


@pytest.mark.parametrize("name", ["report.docx", "report"])
def test_report_refuses_other_formats(db: str, tmp_path: Path, name: str) -> None:
    assert main(["--db", db, "report", "-o", str(tmp_path / name)]) == 2
    assert not (tmp_path / name).exists()


def test_unknown_target_is_refused(db: str, tmp_path: Path) -> None:
    assert main(["--db", db, "report", "-o", str(tmp_path / "r.pdf"), "--target", "jobs_mars"]) == 2


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Revenue: $47B in 2019 · 7% a year", "Revenue\\: \\$47B in 2019 · 7\\% a year"),
        ("![x](http://e.vil) *bold* <img>", "\\!\\[x\\]\\(http\\:\u2060\\/\\/e\\.vil\\) \\*bold\\* \\<img\\>"),
        ("Réseau « coop » – l'été", "Réseau « coop » – l\\'été"),
    ],
)
def test_markdown_text_keeps_text_plain(text: str, shown: str) -> None:
    assert markdown_text(text) == shown


def test_pdf_report_follows_its_charts_page_by_page(db: str) -> None:
    """The charts are drawn in another thread; progress comes from the thread that lays out the pages."""
    content = report_content.read_report(Store(db), load_plans()[0], lang="en", method="")
    calls: list[tuple[int, int, str]] = []
    pdf = report_pdf.write_pdf(
        content, lambda done, total: calls.append((done, total, threading.current_thread().name))
    )
    assert pdf.startswith(b"%PDF")
    # jobs, revenue, then the smaller charts: jobs by sector and the co-operatives' trend
    assert calls == [(n, 4, "MainThread") for n in range(1, 5)]


def test_pdf_report_without_a_browser_says_so(db: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A chart that cannot be drawn stops the report with the browser's message; nothing waits forever."""
    content = report_content.read_report(Store(db), load_plans()[0], lang="en", method="")
    monkeypatch.setattr(export_images, "_started", False)
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-browser"))
    with pytest.raises(PlanmetricsError, match="chromium"):
        report_pdf.write_pdf(content)


# ------------------------------------------------------------------ after the plan (METHOD.md's made-up check)

LATER = """year,indicator,value,flag,source
2020,jobs,119800,r,test: jobs 2020
2022,jobs,125000,p,test: jobs 2022
"""


def _later_db(tmp_path: Path, later: str) -> str:
    path = str(tmp_path / "later.duckdb")
    assert main(["--db", path, "init"]) == 0
    (tmp_path / "later.csv").write_text(later, encoding="utf-8")
    assert main(["--db", path, "import", str(tmp_path / "later.csv")]) == 0
    return path


@pytest.mark.parametrize(
    ("lang", "verdict", "latest", "note"),
    [
        (
            "fr",
            f"Non atteint · 99{NBSP}%",
            f"119{NBSP}800 (2020, révisé) · après le plan : 125{NBSP}000 (2022, provisoire)",
            f"Après le plan : 125{NBSP}000 (2022, provisoire). Le verdict est pris sur la donnée 2020 ; les données "
            "ultérieures n'y changent rien.",
        ),
        (
            "en",
            "Missed · 99%",
            "119,800 (2020, revised) · after the plan: 125,000 (2022, preliminary)",
            "After the plan: 125,000 (2022, preliminary). The verdict is taken on the 2020 figure; later figures "
            "change nothing.",
        ),
    ],
)
def test_report_as_of_2022_gives_the_final_verdict_and_the_later_figure_as_after_the_plan(
    tmp_path: Path, lang: str, verdict: str, latest: str, note: str
) -> None:
    """Jobs 119,800 in 2020: +19,800 of +20,000 = 99 %, missed; 2022's 125,000 changes nothing."""
    content = report_content.read_report(Store(_later_db(tmp_path, LATER)), load_plans()[0], lang=lang, as_of=2022)
    rows = {row[0]: row for row in content.summary_rows}
    jobs = rows["Emplois nets créés d'ici 2020" if lang == "fr" else "Net new jobs by 2020"]
    assert jobs[1:3] == (verdict, latest)
    assert jobs[5] == "—"  # no pace required once the plan is over
    items = {item.key: item for section in content.sections for item in section.charts}
    assert items["jobs_net"].notes == (note,)
    assert items["jobs_net"].takeaway.startswith(
        "Emplois : non atteint à 99" if lang == "fr" else "Jobs: missed at 99%"
    )


def test_report_as_of_2022_without_the_2020_figure_awaits_it(tmp_path: Path) -> None:
    db = _later_db(tmp_path, "year,indicator,value,source\n2022,jobs,125000,test: jobs 2022\n")
    content = report_content.read_report(Store(db), load_plans()[0], lang="fr", as_of=2022)
    jobs = content.summary_rows[0]
    assert jobs[1] == "En bonne voie · en attente de la donnée 2020"
    assert jobs[2] == f"116{NBSP}000 (2018) · après le plan : 125{NBSP}000 (2022)"
    items = {item.key: item for section in content.sections for item in section.charts}
    takeaway = items["jobs_net"].takeaway
    assert takeaway.startswith("Emplois : en attente de la donnée 2020 · en bonne voie en 2018")
    assert "téléversez" not in takeaway  # the managers' to do, not the board's (issue 16)


def test_report_as_of_2018_says_no_later_figure(tmp_path: Path) -> None:
    content = report_content.read_report(Store(_later_db(tmp_path, LATER)), load_plans()[0], lang="en", as_of=2018)
    assert content.summary_rows[0][1:3] == ("On track", "116,000 (2018)")
    for item in (item for section in content.sections for item in section.charts):
        for trace in item.chart.figure.data:
            if trace.name in ("Actual", "After the plan"):
                assert max(trace.x) <= 2018, item.key


@pytest.mark.skipif(export_images.chromium_path() is None, reason="Chromium (Debian package chromium) not installed")
def test_french_pdf_as_of_2022_says_the_verdict_and_after_the_plan(tmp_path: Path) -> None:
    db, out = _later_db(tmp_path, LATER), tmp_path / "r.pdf"
    assert main(["--db", db, "--lang", "fr", "report", "-o", str(out), "--as-of", "2022", "--target", "jobs_net"]) == 0
    _, text = pdf_text(out)
    flat = " ".join(text.split())
    assert "Non atteint · 99" in flat
    assert "après le plan : 125" in flat and "Après le plan : 125" in flat


@pytest.mark.skipif(export_images.chromium_path() is None, reason="Chromium (Debian package chromium) not installed")
def test_pptx_as_of_2022_says_after_the_plan_under_the_title(tmp_path: Path) -> None:
    db, out = _later_db(tmp_path, LATER), tmp_path / "deck.pptx"
    assert main(["--db", db, "report", "-o", str(out), "--as-of", "2022", "--target", "jobs_net"]) == 0
    deck = Presentation(io.BytesIO(out.read_bytes()))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert any(text.startswith("After the plan: 125,000 (2022, preliminary).") for text in texts)
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.top + shape.height <= deck.slide_height, shape.name
