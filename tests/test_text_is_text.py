"""Text is text everywhere (issue 15, findings 6 and 7): markup in a file's sectors, networks and sources, or in
a plan file's labels, reaches every plotly figure escaped (walked in `fig.to_dict()` and in a real SVG drawn by
kaleido), the charts' own markup stays, nothing is escaped twice, and tables and the report keep the text
plain; text on its way to Streamlit's Markdown makes no link and no image from a URL or an address.

The figures come from a real hostile CSV imported into a real DuckDB file; the plan is the shipped plan file
with its jobs label rewritten as markup.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from planmetrics import charts, export_images, importing, metrics
from planmetrics.charts import summaries
from planmetrics.charts.text import plotly_say, plotly_text
from planmetrics.metrics import Assessment
from planmetrics.plan import Plan, load_plans
from planmetrics.report import content as report_content
from planmetrics.report import pdf as report_pdf
from planmetrics.report import pptx as report_pptx
from planmetrics.store import Store
from planmetrics.ui.markdown import markdown_text, say_escaped

ROOT = Path(__file__).resolve().parents[1]
BIG = '<span style="font-size:120px">big</span>'
LINK = '<a href="http://x">link</a>'
BOLD = "<b>bold</b><br>"
AMP = "R&D &amp; co"
LABEL = "<i>Jobs</i>"
# Markup a file or a plan file wrote, which no string of a figure may hold as such.
RAW = ("<span", "<a ", "<i>Jobs", "<b>bold", "bold</b><br>", "&amp; co")


def _csv(*rows: tuple[object, ...]) -> bytes:
    frame = pd.DataFrame(rows, columns=["year", "indicator", "region", "sector", "network", "value", "source"])
    return frame.to_csv(index=False).encode()


HOSTILE = _csv(
    (2014, "jobs", "Québec", BIG, "all", 1000, LINK),
    (2018, "jobs", "Québec", BIG, "all", 1500, BOLD),
    (2018, "jobs", "Québec", AMP, "all", 700, "ok"),
    (2014, "jobs", "Québec", "all", LINK, 2000, "ok"),
    (2018, "jobs", "Québec", "all", LINK, 2600, "ok"),
    (2014, "jobs", "Québec", "all", BIG, 1200, "ok"),
    (2018, "jobs", "Québec", "all", BIG, 1100, "ok"),
    (2019, "jobs", "Québec", BIG, "all", 1600, "ok"),
    (2019, "jobs", "Québec", AMP, "all", 800, "ok"),
    (2019, "jobs", "Québec", "all", LINK, 2700, "ok"),
    (2019, "jobs", "Québec", "all", BIG, 1000, "ok"),
    (2019, "jobs", "Québec", "all", "all", 118_000, BIG),
    (2019, "members", "Québec", "all", "all", 8_900_000, LINK),
)


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    """The shipped plan file, its jobs indicator labelled `<i>Jobs</i>` (in both languages)."""
    folder = tmp_path_factory.mktemp("plans")
    text = (ROOT / "data" / "plans" / "cqcm-2020.toml").read_text(encoding="utf-8")
    hostile = text.replace('label = { en = "Jobs", fr = "Emplois" }', f'label = {{ en = "{LABEL}", fr = "{LABEL}" }}')
    assert hostile != text
    (folder / "cqcm-2020.toml").write_text(hostile, encoding="utf-8")
    return next(p for p in load_plans(folder) if p.id == "cqcm-2020")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Store:
    db = Store(tmp_path_factory.mktemp("hostile") / "hostile.duckdb")
    db.migrate()
    importing.load_shipped_figures(db, plan)
    importing.import_bytes(db, plan, HOSTILE, "hostile.csv", by="test")
    return db


@pytest.fixture(scope="module")
def figures(store: Store) -> pd.DataFrame:
    return store.current_figures()


@pytest.fixture(scope="module")
def assessment(plan: Plan, figures: pd.DataFrame) -> Assessment:
    return metrics.assess(plan, figures)


def strings(value: object) -> Iterator[str]:
    """Every string of a figure's dict, however deep."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)
    elif hasattr(value, "tolist"):
        yield from strings(value.tolist())


def raw_markup(figure: go.Figure) -> list[str]:
    return [s for s in strings(figure.to_dict()) if any(raw in s for raw in RAW)]


def every_chart(plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str) -> dict[str, charts.Chart]:
    jobs = assessment.target("jobs_net")
    found = {
        "breakdown_sector": charts.breakdown_chart(plan, figures, "jobs", "sector", year=2018, lang=lang),
        "breakdown_network": charts.breakdown_chart(plan, figures, "jobs", "network", year=2018, lang=lang),
        "target": charts.chart_for_target(plan, figures, assessment, "jobs_net", lang),
        "trend": charts.trend_chart(plan, figures, "members", lang),
        "overview": summaries.overview_chart(plan, assessment, lang),
        "benefits": summaries.benefits_chart(plan, figures, assessment, lang),
    }
    for dimension in ("network", "sector"):
        drawn = charts.contribution_chart(plan, figures, jobs, lang, dimension=dimension)
        assert drawn is not None
        found[f"contribution_{dimension}"] = drawn
    return found


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_markup_from_a_file_or_a_plan_reaches_a_figure(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment, lang: str
) -> None:
    """Finding 6 replayed: a sector `<span style="font-size:120px">`, a network `<a href>`, a source with
    `<b>` and `<br>`, an indicator labelled `<i>Jobs</i>`: in every string of every chart, on the page and as
    an image (title, subtitle, footer printed in), they are entities."""
    for name, chart in every_chart(plan, figures, assessment, lang).items():
        for shown in (chart.figure, charts.drawn(chart)):
            assert raw_markup(shown) == [], name
    by_sector = charts.breakdown_chart(plan, figures, "jobs", "sector", year=2018, lang=lang).figure
    assert plotly_text(BIG) in by_sector.data[0].y
    assert plotly_text(AMP) in by_sector.data[0].y  # `&amp;` as typed: escaped once, shown as typed
    assert any("&lt;b&gt;bold&lt;/b&gt;&lt;br&gt;" in s for s in strings(by_sector.to_dict()))
    by_network = charts.breakdown_chart(plan, figures, "jobs", "network", year=2018, lang=lang).figure
    assert plotly_text(LINK) in by_network.data[0].y
    target = charts.drawn(charts.chart_for_target(plan, figures, assessment, "jobs_net", lang))
    assert "&lt;i&gt;Jobs&lt;/i&gt;" in str(target.layout.title.text)
    assert any("&lt;span style" in s for s in strings(target.to_dict()))


def test_the_charts_own_markup_stays(plan: Plan, figures: pd.DataFrame, assessment: Assessment) -> None:
    """Our `<b>`, `<br>` and `<i>` are not escaped: the hover's bold year, the title's bold lines, the
    footer's line breaks, the flag word in italics, the path's status in bold."""
    target = charts.drawn(charts.chart_for_target(plan, figures, assessment, "jobs_net", "en"))
    assert str(target.layout.title.text).startswith("<b>")
    assert any(str(t.hovertemplate).startswith("<b>%{x}</b>") for t in target.data if t.hovertemplate)
    hovers = [d[3] for t in target.data if t.customdata is not None for d in t.customdata if len(d) > 3]
    assert any(h.startswith("<br><i>") for h in hovers)
    breakdown = charts.drawn(charts.breakdown_chart(plan, figures, "jobs", "sector", year=2018, lang="en"))
    assert "<br>" in str(breakdown.layout.annotations[-1].text)
    revenue = charts.chart_for_target(plan, figures, assessment, "revenue_growth", "en").figure
    assert any("<b>" in str(a.text) for a in revenue.layout.annotations)


def test_the_words_beside_a_chart_and_its_table_stay_plain(
    plan: Plan, figures: pd.DataFrame, assessment: Assessment
) -> None:
    """The finding, footer and data table are read as text (the page's Markdown, the report, a download):
    the same source and label are there as typed, not as entities."""
    chart = charts.chart_for_target(plan, figures, assessment, "jobs_net", "en")
    assert chart.finding.startswith(LABEL)
    assert BIG in " ".join(chart.footer)
    table = charts.chart_frame(plan, figures, "jobs", "Québec", "en")
    assert BIG in table["Source"].tolist()
    assert not any("&lt;" in str(v) for v in table.to_numpy().ravel())


def test_an_image_draws_the_markup_as_text(plan: Plan, figures: pd.DataFrame) -> None:
    """The SVG kaleido draws in Chromium: the sector's `<span style>` is characters in a text element, never a
    120 px tspan; the network's `<a href>` is no link."""
    chart = charts.breakdown_chart(plan, figures, "jobs", "sector", year=2018, lang="en")
    svg = export_images.to_image(charts.drawn(chart), "svg").decode()
    assert re.search(r"(&lt;|&#60;)span style=", svg)  # characters of a text element
    assert not re.search(r"<tspan[^>]*font-size:\s*120px", svg)
    network = charts.breakdown_chart(plan, figures, "jobs", "network", year=2018, lang="en")
    svg = export_images.to_image(charts.drawn(network), "svg").decode()
    assert re.search(r"(&lt;|&#60;)a href=", svg)
    assert not re.search(r"<a[^>]*http://x", svg)


def test_the_report_keeps_text_plain(store: Store, plan: Plan) -> None:
    """The report's own text (outside its pictures), in the PDF and the deck, says the label as typed, no
    entity in it."""
    from pptx import Presentation  # noqa: PLC0415 - only this test reads the files
    from pypdf import PdfReader  # noqa: PLC0415

    report = report_content.read_report(store, plan, lang="en", method="")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report_pdf.write_pdf(report))).pages)
    deck = Presentation(io.BytesIO(report_pptx.write_pptx(report)))
    slides = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    for written in (text, "\n".join(slides)):
        assert LABEL in written
        assert "&lt;" not in written and "&amp;" not in written


def test_plotly_say_escapes_values_not_the_catalogue() -> None:
    said = plotly_say("chart.label.path_status", "en", goal=BIG, status="on track")
    assert said == f"{plotly_text(BIG)}: <b>on track</b>"


# ------------------------------------------------------------------ Markdown (finding 7)


@pytest.mark.parametrize(
    "text",
    [
        "http://127.0.0.1:9/f.png",
        "HTTPS://evil.example/x",
        "see www.example.org now",
        "WWW.example.org",
        "write to a@b.org",
        "mailto:a@b.org",
        "![x](http://127.0.0.1:9/f.png).csv",
    ],
)
def test_markdown_text_leaves_no_url_for_autolinking(text: str) -> None:
    """GitHub Markdown (Streamlit's) links bare `http://`, `www.` and addresses even once every punctuation
    mark is escaped (seen in Chromium: tests/e2e/test_text_is_text.py); an invisible word joiner breaks each."""
    shown = markdown_text(text)
    plain = re.sub(r"\\(.)", r"\1", shown)
    assert "://" not in plain
    assert not re.search(r"(?i)www\.", plain)
    assert plain.count("@") == plain.count("\u2060@")  # every address broken, not only one
    assert plain.replace("\u2060", "") == text  # a person reads it as written


def test_say_escaped_breaks_urls_in_values() -> None:
    said = say_escaped("upload.bad_type", "en", name="![x](http://127.0.0.1:9/f.png).exe")
    assert "http\\:\u2060\\/\\/" in said


# ------------------------------------------------------------------ every page, through AppTest

EVIL = "evil.example"  # every hostile text below names it, so that it is found wherever it is shown
PAGE_FILE = _csv(
    (2018, "jobs", "Québec", f"![s](http://{EVIL}/s.png)", "all", 900, f"http://{EVIL}/source"),
    (2014, "jobs", "Québec", "all", f"www.{EVIL}", 500, f"see www.{EVIL} or me@{EVIL}"),
    (2018, "jobs", "Québec", "all", f"www.{EVIL}", 800, f"![i](http://{EVIL}/i.png)"),
)
# What Streamlit's Markdown would link, once its escapes are read; an image it would load, as it is sent.
_LINKABLE = re.compile(r"(?i)://|www\.|\w@")
_IMAGE = re.compile(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(")


def markdown_sent(at: object) -> list[str]:
    """Every text the page sent to Markdown (bodies, labels, help, captions; not options, not placeholders, not
    tables, not charts) that holds a hostile text, as sent."""
    from streamlit.testing.v1.element_tree import Dataframe  # noqa: PLC0415

    from tests.pages.conftest import _MARKDOWN_FIELDS, _proto_words  # noqa: PLC0415

    found: list[str] = []
    for node in at._tree:  # type: ignore[attr-defined]
        proto = getattr(node, "proto", None)
        if proto is None or isinstance(node, Dataframe) or getattr(node, "type", "") == "plotly_chart":
            continue
        found += [t for t in _proto_words(proto, _MARKDOWN_FIELDS) if EVIL in unescaped(t)]
    return found


def unescaped(text: str) -> str:
    """What Markdown reads in a text sent to it: its escaping backslashes gone (word joiners kept)."""
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", ["overview", "jobs", "history"])
def test_no_page_makes_a_link_or_an_image_from_user_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, lang: str
) -> None:
    """A file named `![x](www.evil.example).csv`, sectors, networks and sources holding URLs, images and an
    address, a commentary with a URL: every page shows them (the test fails if none does), and no text sent
    to Markdown holds a URL, an address or an image as Markdown would read it;"""
    from streamlit.testing.v1 import AppTest  # noqa: PLC0415

    from planmetrics.cli import main  # noqa: PLC0415

    db = tmp_path / "app.duckdb"
    assert main(["--db", str(db), "init"]) == 0
    upload = tmp_path / f"![x](www.{EVIL}).csv"
    upload.write_bytes(PAGE_FILE)
    assert main(["--db", str(db), "import", str(upload)]) == 0
    plan = next(p for p in load_plans() if p.id == "cqcm-2020")
    Store(db).add_comment(plan_id=plan.id, target="jobs_net", year=2019, body=f"behind: http://{EVIL}/c", by="t")
    monkeypatch.setenv("PLANMETRICS_DB", str(db))
    monkeypatch.setenv("PLANMETRICS_SECRETS", str(tmp_path / "secrets.toml"))
    at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    sent = markdown_sent(at)
    if name != "history":  # the history shows the file's name in its table only
        assert sent, "the hostile texts are shown somewhere on the page"
    assert [t for t in sent if _LINKABLE.search(unescaped(t))] == []
    assert [t for t in sent if _IMAGE.search(t)] == []
