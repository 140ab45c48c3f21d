"""The board report, read as a board member reads it (issue 16): the French PDF speaks French only and shows no
Markdown; the cover's counts are the assessment's; each commentary is on its slide; count axes read whole
numbers once; "since the report of …" opens a report once one was issued, and only then.

Real database files, the real command line, the real PDF (pdftotext) and PPTX (python-pptx).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from pptx import Presentation

from planmetrics import charts, export_images, metrics, snapshots
from planmetrics.changes import Changes, IssuedReport, NewComment, Restatement, StatusChange
from planmetrics.cli import main
from planmetrics.plan import Plan, load_plans
from planmetrics.report import board
from planmetrics.report import content as report_content
from planmetrics.report import pdf as report_pdf
from planmetrics.store import Store
from planmetrics.words import CATALOGUE

needs_browser = pytest.mark.skipif(
    export_images.chromium_path() is None, reason="Chromium (Debian package chromium) not installed"
)
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")

# Partner countries 22, 22, 21, 21, 20 (the axis that read 22, 22, 21, 21, 20); jobs by region and network.
EXTRA = """year,indicator,region,sector,network,value,source,source_fr
2016,partner_countries,Québec,all,all,22,SOCODEVI annual report 2016,"SOCODEVI, rapport annuel 2016"
2017,partner_countries,Québec,all,all,22,SOCODEVI annual report 2017,"SOCODEVI, rapport annuel 2017"
2018,partner_countries,Québec,all,all,21,SOCODEVI annual report 2018,"SOCODEVI, rapport annuel 2018"
2019,partner_countries,Québec,all,all,21,SOCODEVI annual report 2019,"SOCODEVI, rapport annuel 2019"
2020,partner_countries,Québec,all,all,20,SOCODEVI annual report 2020,"SOCODEVI, rapport annuel 2020"
2014,jobs,Montréal,all,all,30000,Network survey 2014,Enquête des réseaux 2014
2018,jobs,Montréal,all,all,33000,Network survey 2018,Enquête des réseaux 2018
2014,jobs,Québec,all,Desjardins,47000,Network survey 2014,Enquête des réseaux 2014
2018,jobs,Québec,all,Desjardins,48500,Network survey 2018,Enquête des réseaux 2018
"""
JOBS_NOTE = "Le secteur agroalimentaire a porté la hausse."
COUNTRIES_NOTE = "Deux projets au Pérou ont pris fin."


def _flat(text: str) -> str:
    """Text as one line: line breaks, hyphenless wraps and non-breaking spaces read as single spaces."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _pdf_pages(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    return out.stdout.split("\f")


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plans()[0]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("board")
    path = folder / "board.duckdb"
    assert main(["--db", str(path), "init"]) == 0
    (folder / "extra.csv").write_text(EXTRA, encoding="utf-8")
    assert main(["--db", str(path), "import", str(folder / "extra.csv")]) == 0
    store = Store(path)
    store.add_comment(plan_id="cqcm-2020", target="jobs_net", year=2018, body=JOBS_NOTE, by="ana")
    store.add_comment(plan_id="cqcm-2020", target="partner_countries", year=2019, body=COUNTRIES_NOTE, by="luc")
    return path


@pytest.fixture(scope="module")
def french_pdf(db: Path) -> list[str]:
    if export_images.chromium_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("Chromium (Debian package chromium) or pdftotext (poppler-utils) missing")
    out = db.parent / "rapport.pdf"
    assert main(["--db", str(db), "--lang", "fr", "report", "-o", str(out), "--as-of", "2022"]) == 0
    return _pdf_pages(out)


def _english_fragments() -> set[str]:
    """Every stretch of English text of the catalogue between placeholders that French would never say: three
    words or more, not the same in French."""
    fragments: set[str] = set()
    for entry in CATALOGUE.values():
        if entry["en"] == entry["fr"]:
            continue
        for between in re.split(r"\{[^}]*\}", entry["en"]):
            piece = _flat(between).strip(" .,:;·()—")
            if len(piece.split()) >= 3 and piece not in _flat(entry["fr"]):
                fragments.add(piece)
    return fragments


def test_the_french_pdf_holds_no_english_sentence_and_no_markdown(french_pdf: list[str]) -> None:
    text = _flat("\n".join(french_pdf))
    assert "Annexe" in text and "Méthode" in text and "Trajectoire attendue et ratio." in text
    english = sorted(f for f in _english_fragments() if f in text)
    assert english == []
    assert "*" not in text and "`" not in text  # `*Atteint*`, `**Le plan.**`, `` `R` `` were shown as typed
    assert re.search(r"[.;:] - \S", text) is None  # the method's bullets no longer run together
    assert "téléversez" not in text  # a board is not asked to upload figures
    assert "SOCODEVI, rapport annuel 2016" in text and "SOCODEVI annual report" not in text  # sources in French


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_cover_counts_are_the_assessment_statuses(
    db: Path, plan: Plan, lang: str, french_pdf: list[str], tmp_path: Path
) -> None:
    totals, _ = Store(db).totals_and_latest_year([i.id for i in plan.indicators])
    assessment = metrics.assess(plan, totals, 2022)
    statuses = Counter(assessment.target(t.id).status for t in plan.targets)
    behind = statuses["needs_acceleration"] + statuses["limited_progress"] + statuses["deteriorating"]
    if lang == "fr":
        cover = _flat(french_pdf[0])
        achieved = f"{statuses['achieved']} atteinte" + ("s" if statuses["achieved"] > 1 else "")
        expected = [
            f"sur les {len(plan.targets)} cibles du plan",
            achieved,
            f"{statuses['on_track']} en bonne voie",
            f"{behind} en retard",
            f"{statuses['no_data']} en attente de données",
        ]
    else:
        out = tmp_path / "report.pdf"
        assert main(["--db", str(db), "--lang", "en", "report", "-o", str(out), "--as-of", "2022"]) == 0
        cover = _flat(_pdf_pages(out)[0])
        expected = [
            f"of the plan's {len(plan.targets)} targets",
            f"{statuses['achieved']} achieved",
            f"{statuses['on_track']} on track",
            f"{behind} behind",
            f"{statuses['no_data']} awaiting figures",
        ]
    assert sum(statuses.values()) == len(plan.targets) and behind + statuses["achieved"] > 0
    for words in expected:
        assert words in cover, words


@pytest.mark.parametrize(
    ("as_of", "lang", "said"),
    [
        (2022, "fr", "Ces verdicts sont provisoires, en attente de la donnée 2020."),
        (2022, "en", "These verdicts are provisional, awaiting the 2020 figure."),
        (2019, "fr", ""),
    ],
)
def test_the_cover_says_which_verdicts_await_the_target_year(
    db: Path, plan: Plan, as_of: int, lang: str, said: str
) -> None:
    """As of 2022 without a 2020 figure, '1 atteinte' is not final: the cover says the verdicts are provisional;
    as of 2019 no verdict awaits the target year's figure and nothing is added."""
    totals, _ = Store(db).totals_and_latest_year([i.id for i in plan.indicators])
    assessment = metrics.assess(plan, totals, as_of)
    progresses = [assessment.target(t.id) for t in plan.targets]
    waiting = [p for p in progresses if p.awaiting_year is not None and not p.final]
    judged = [p for p in progresses if p.status != "no_data"]
    summary = board.cover_summary(progresses, as_of, lang)
    if said:
        assert waiting == judged and summary.endswith(" " + said)
    else:
        assert not waiting and summary.endswith("en attente de données.")
    if as_of == 2022 and lang == "fr":  # one verdict final, one awaiting: the cover says how many await
        some = [judged[0], replace(judged[1], final=True, awaiting_year=None)]
        expected = " 1 de ces verdicts est provisoire, en attente de la donnée 2020."
        assert board.cover_summary(some, as_of, lang).endswith(expected)


@needs_browser
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_commentary_is_on_its_slide(db: Path, tmp_path: Path, lang: str) -> None:
    out = tmp_path / "deck.pptx"
    assert main(["--db", str(db), "--lang", lang, "report", "-o", str(out), "--as-of", "2022"]) == 0
    deck = Presentation(io.BytesIO(out.read_bytes()))
    for note, takeaway in ((JOBS_NOTE, "Emplois :" if lang == "fr" else "Jobs:"), (COUNTRIES_NOTE, None)):
        slides = [
            slide
            for slide in deck.slides
            if any(shape.has_text_frame and note in shape.text_frame.text for shape in slide.shapes)
        ]
        assert len(slides) == 1, note  # on the slide itself, not only in its notes
        (slide,) = slides
        assert sum(1 for shape in slide.shapes if shape.shape_type == 13) >= 1  # beside its chart
        if takeaway is not None:
            assert slide.shapes.title is not None and slide.shapes.title.text.startswith(takeaway)
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, shape.name
            assert shape.left + shape.width <= deck.slide_width, shape.name
            assert shape.top + shape.height <= deck.slide_height, shape.name


def _ticks(figure: object, low: float, high: float) -> list[float]:
    axis = figure.layout.yaxis  # type: ignore[attr-defined]
    assert axis.tickmode == "linear"
    start, step = float(axis.tick0), float(axis.dtick)
    first = start + step * ((low - start) // step)
    return [first + k * step for k in range(int((high - first) // step) + 1) if first + k * step >= low]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_count_axes_read_whole_numbers_once(db: Path, plan: Plan, lang: str) -> None:
    assessment, totals = snapshots.snapshot(Store(db), plan, 2022)
    countries = charts.chart_for_target(plan, totals, assessment, "partner_countries", lang).figure
    jobs = charts.chart_for_target(plan, totals, assessment, "jobs_net", lang).figure
    for figure, (low, high) in ((countries, (20, 22)), (jobs, (95_000, 120_000))):
        ticks = _ticks(figure, low, high)
        assert len(ticks) >= 2
        assert all(tick == int(tick) for tick in ticks), ticks
        shown = [f"{tick:,.0f}" for tick in ticks]  # the axis's tickformat, ",.0f"
        assert len(shown) == len(set(shown)), shown
        assert figure.layout.yaxis.tickformat == ",.0f"


# ------------------------------------------------------------------ since the report of …


def _issued(as_of: int = 2022) -> IssuedReport:
    return IssuedReport("1", "2026-12-01T09:30:00+00:00", "Marie", as_of, "fr", "rapport.pdf", "0" * 64)


MOVED = Changes(
    since=_issued(),
    status_changes=(StatusChange("jobs_net", "on_track", "achieved"),),
    restated=(Restatement("jobs", 2014, "Québec", "all", "all", 100_000.0, 95_000.0, "4"),),
    comments=(
        NewComment("jobs_net", 2019, "ana", "Le chiffre 2014 a été révisé."),
        NewComment("partner_countries", 2020, "luc", "<b>Fin</b> & <font color=red>projets</font>"),
        NewComment("jobs_net", 2020, "ana", "**Hausse** de `5 %` en *2020*"),
    ),
    batches=("4",),
)


def _report(db: Path, plan: Plan, changes: Changes | None, lang: str = "fr") -> report_content.Report:
    store = Store(db)
    assessment, totals = snapshots.snapshot(store, plan, 2022)
    return report_content.build_report(
        plan,
        totals,
        assessment,
        lang=lang,
        comments=store.comments(plan.id),
        check_messages=[],
        method=report_content.method_text(lang),
        changes=changes,
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "fr",
            [
                "Depuis le rapport du 1er décembre 2026",
                "Emplois nets créés d'ici 2020 : de « en bonne voie » à « atteint »",
                "Emplois, 2014, Ensemble du Québec · tous les secteurs · tous les réseaux : 100 000 emplois → "
                "95 000 emplois (lot 4)",
                "Emplois nets créés d'ici 2020, 2019 : « Le chiffre 2014 a été révisé. » — ana",
            ],
        ),
        (
            "en",
            [
                "Since the report of December 1, 2026",
                "Net new jobs by 2020: from on track to achieved",
                "Jobs, 2014, All of Quebec · all sectors · all networks: 100,000 jobs → 95,000 jobs (batch 4)",
            ],
        ),
    ],
)
def test_the_since_page_says_what_moved(db: Path, plan: Plan, lang: str, words: list[str]) -> None:
    report = _report(db, plan, MOVED, lang)
    assert report.since is not None
    lines = _flat(" ".join([report.since.title, *(line for b in report.since.blocks for line in b.lines)]))
    for said in words:
        assert _flat(said) in lines, said


@needs_browser
@needs_pdftotext
def test_the_since_page_opens_the_pdf_with_changes_and_not_without(db: Path, plan: Plan, tmp_path: Path) -> None:
    pages = {}
    for name, changes in (("moved", MOVED), ("none", None), ("never", Changes(since=None))):
        out = tmp_path / f"{name}.pdf"
        out.write_bytes(report_pdf.write_pdf(_report(db, plan, changes)))
        pages[name] = [_flat(page) for page in _pdf_pages(out)]
    assert pages["moved"][1].startswith("Depuis le rapport du 1er décembre 2026")  # right after the cover
    assert "de « en bonne voie » à « atteint »" in pages["moved"][1]
    assert "« <b>Fin</b> & <font color=red>projets</font> » — luc" in pages["moved"][1]  # markup said as typed
    assert "« **Hausse** de `5 %` en *2020* » — ana" in pages["moved"][1]  # Markdown marks kept, nothing bolded
    for name in ("none", "never"):
        assert not any("Depuis le rapport" in page for page in pages[name])
        assert len(pages[name]) == len(pages["moved"]) - 1


def test_the_since_page_is_dated_on_quebec_s_clock(db: Path, plan: Plan) -> None:
    """Issued at 20:30 in Québec on November 30 (01:30 UTC on December 1): the page says November 30."""
    evening = IssuedReport("1", "2026-12-01T01:30:00+00:00", "Marie", 2022, "fr", "rapport.pdf", "0" * 64)
    for lang, title in (("fr", "Depuis le rapport du 30 novembre 2026"), ("en", "Since the report of November 30")):
        report = _report(db, plan, Changes(since=evening), lang)
        assert report.since is not None and _flat(report.since.title).startswith(title)


def test_nothing_moved_is_said(db: Path, plan: Plan) -> None:
    report = _report(db, plan, Changes(since=_issued(2019)))
    assert report.since is not None and report.since.blocks == ()
    assert report.since.intro.startswith("Rien n'a bougé depuis le rapport remis en date de 2019")


@needs_browser
@needs_pdftotext
def test_an_issued_report_then_a_restated_2014_figure_opens_the_next_report(plan: Plan, tmp_path: Path) -> None:
    """The issue's 'done when': issued as of 2022, 2014's jobs restated, the next report names both moves."""
    path, first, second = tmp_path / "r.duckdb", tmp_path / "first.pdf", tmp_path / "second.pdf"
    assert main(["--db", str(path), "init"]) == 0
    assert main(["--db", str(path), "--lang", "fr", "report", "-o", str(first), "--as-of", "2022", "--issue"]) == 0
    assert not any("Depuis le rapport" in page for page in _pdf_pages(first))
    (tmp_path / "fix.csv").write_text("year,indicator,value,source\n2014,jobs,95000,CQCM revised\n", encoding="utf-8")
    assert main(["--db", str(path), "import", str(tmp_path / "fix.csv")]) == 0
    assert main(["--db", str(path), "--lang", "fr", "report", "-o", str(second), "--as-of", "2022"]) == 0
    since = _flat(_pdf_pages(second)[1])
    assert since.startswith("Depuis le rapport du ")
    assert "Emplois nets créés d'ici 2020 : de « en bonne voie » à « atteint »" in since
    restated = "Emplois, 2014, Ensemble du Québec · tous les secteurs · tous les réseaux : 100 000 emplois -> 95 000"
    assert f"{restated} emplois (lot 2)" in since
