"""The board report on who owes what and who answers for each target (issue 19), from a real database: the
plan file names owners, desjardins' 2019 figures were submitted and approved, housing's await review,
funeral's were returned, the other networks sent nothing, the plan team set jobs_net's status with a reason,
and the day is June 15, 2020 (`$PLANMETRICS_TODAY`), after the April 30 due date.

The content, then the real PDF (pdftotext) and PPTX (python-pptx) in French and English: the cover's reported
line, the page "who has reported 2019" with its grid (glyphs and words, each cell on its state's fill), who is
late since when, owners, the status the plan team set marked wherever a status is said, with who, when, why
and the computed status, and the method annex's paragraphs; no id, no English in the French report.
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pptx import Presentation

from planmetrics import snapshots
from planmetrics.changes import Changes, IssuedReport, StatusChange
from planmetrics.cli import main
from planmetrics.look import duty_look
from planmetrics.plan import Plan, load_plans
from planmetrics.report import accountability, board
from planmetrics.report import content as report_content
from planmetrics.report.content import Report, read_report
from planmetrics.store import Store, review

from .conftest import ROOT, figure_rows
from .test_report_board import _english_fragments, _flat, needs_browser, needs_pdftotext

TODAY = "2020-06-15"
REASON = "Les emplois de 2019 comptent des postes saisonniers."
OVERRIDE_AT = "2020-06-10 15:00:00"  # stored in UTC: 11:00 on June 10 in Québec
IDS = (
    "jobs_net",
    "jobs_montreal",
    "revenue_growth",
    "revenue_level",
    "desjardins",
    "sollio",
    "needs_acceleration",
    "on_track",
)

# What the report says, worked out by hand from the scenario: 1 of the 9 networks owing 2019 has every figure
# approved (desjardins); housing's await review, not late; the 7 others are late since May 1, 2020 (the day
# after April 30), funeral's figures returned. jobs_net as of 2019 is on track by the method (116 000 in 2018,
# 80 % of the gain expected) and was set to "needs acceleration".
SAID = {
    "fr": {
        "reported": "1 réseau sur 9 a fait rapport pour 2019.",
        "late": "En retard : Sollio Groupe Coopératif ; Fédération des coopératives funéraires du Québec ; "
        "Fédération québécoise des coopératives en milieu scolaire (Coopsco) ; Fédération des coopératives de "
        "services à domicile et de santé du Québec ; Promutuel Assurance ; Fédération québécoise des coopératives "
        "forestières ; Réseau de la coopération du travail du Québec.",
        "title": "Qui a fait rapport pour 2019",
        "intro": "Où en est, au 15 juin 2020, chaque chiffre qu'un réseau doit au plan pour 2019.",
        "header": ("Réseau", "Emplois", "Chiffre d'affaires"),
        "desjardins": ("Mouvement Desjardins", "✓ approuvé", "✓ approuvé"),
        "sollio": (
            "Sollio Groupe Coopératif",
            "! en retard depuis le 1er mai 2020",
            "! en retard depuis le 1er mai 2020",
        ),
        "housing": (
            "Confédération québécoise des coopératives d'habitation",
            "… en attente de révision",
            "… en attente de révision",
        ),
        "funeral": (
            "Fédération des coopératives funéraires du Québec",
            "! renvoyé, en retard depuis le 1er mai 2020",
            "! renvoyé, en retard depuis le 1er mai 2020",
        ),
        "late_since": "En retard depuis le 1er mai 2020 : Sollio Groupe Coopératif ; Fédération des coopératives "
        "funéraires du Québec ; Fédération québécoise des coopératives en milieu scolaire (Coopsco) ; Fédération "
        "des coopératives de services à domicile et de santé du Québec ; Promutuel Assurance ; Fédération "
        "québécoise des coopératives forestières ; Réseau de la coopération du travail du Québec.",
        "legend": "Chaque case : ✓ approuvé · … en attente de révision · ↵ renvoyé · ❍ pas encore transmis · "
        "! en retard.",
        "cover": "En date de 2019, sur les 4 cibles du plan : 1 atteinte, 1 en bonne voie, 1 en retard (dont 1 fixée "
        "par l'équipe du plan), 1 en attente de données.",
        "status": "Accélération requise (fixé par l'équipe du plan)",
        "marked": " · statut fixé par l'équipe du plan",
        "answers": (
            "Responsable : Mouvement Desjardins",
            f"Statut fixé par l'équipe du plan (remi, 10 juin 2020) : {REASON}",
            "Statut calculé selon les règles de la méthode : En bonne voie.",
        ),
        "revenue_owner": "Chiffre d'affaires de 45 G$ en 2020 — Responsable : Comité de suivi du plan",
        "owner_column": ("Responsable", "Mouvement Desjardins", "—", "—", "Comité de suivi du plan"),
        "leads": ("Statuts fixés par l'équipe du plan.", "Ce que doivent les réseaux."),
        "since": "Emplois nets créés d'ici 2020 : de « en bonne voie » à « accélération requise (fixé par l'équipe "
        "du plan) »",
    },
    "en": {
        "reported": "1 of 9 networks has reported 2019.",
        "late": "Late: Sollio Cooperative Group; Federation of Funeral Co-operatives of Québec; Québec Federation of "
        "School Co-operatives (Coopsco); Federation of Home-Care and Health Co-operatives of Québec; Promutuel "
        "Insurance; Québec Federation of Forestry Co-operatives; Québec Network of Worker Co-operatives.",
        "title": "Who has reported 2019",
        "intro": "Where each figure a network owes the plan for 2019 stands on June 15, 2020.",
        "header": ("Network", "Jobs", "Revenue"),
        "desjardins": ("Desjardins Group", "✓ approved", "✓ approved"),
        "sollio": ("Sollio Cooperative Group", "! late since May 1, 2020", "! late since May 1, 2020"),
        "housing": ("Québec Confederation of Housing Co-operatives", "… awaiting review", "… awaiting review"),
        "funeral": (
            "Federation of Funeral Co-operatives of Québec",
            "! returned, late since May 1, 2020",
            "! returned, late since May 1, 2020",
        ),
        "late_since": "Late since May 1, 2020: Sollio Cooperative Group; Federation of Funeral Co-operatives of "
        "Québec; Québec Federation of School Co-operatives (Coopsco); Federation of Home-Care and Health "
        "Co-operatives of Québec; Promutuel Insurance; Québec Federation of Forestry Co-operatives; Québec Network "
        "of Worker Co-operatives.",
        "legend": "Each cell: ✓ approved · … awaiting review · ↵ returned · ❍ not yet sent · ! late.",
        "cover": "As of 2019, of the plan's 4 targets: 1 achieved, 1 on track, 1 behind (including 1 set by the plan "
        "team), 1 awaiting figures.",
        "status": "Needs acceleration (set by the plan team)",
        "marked": " · status set by the plan team",
        "answers": (
            "Owner: Desjardins Group",
            f"Status set by the plan team (remi, June 10, 2020): {REASON}",
            "Status computed by the method's rules: On track.",
        ),
        "revenue_owner": "Revenue of $45 billion in 2020 — Owner: Comité de suivi du plan",
        "owner_column": ("Owner", "Desjardins Group", "—", "—", "Comité de suivi du plan"),
        "leads": ("Statuses set by the plan team.", "What the networks owe."),
        "since": "Net new jobs by 2020: from on track to needs acceleration (set by the plan team)",
    },
}
LANGS = list(SAID)


def _plans(folder: Path) -> Path:
    """The shipped plan, with an owner for two targets: a network (by its id) and a committee (as written)."""
    folder.mkdir()
    text = (ROOT / "data" / "plans" / "cqcm-2020.toml").read_text(encoding="utf-8")
    for target, owner in (("jobs_net", "desjardins"), ("revenue_level", "Comité de suivi du plan")):
        assert text.count(f'id = "{target}"\n') == 1
        text = text.replace(f'id = "{target}"\n', f'id = "{target}"\nowner = "{owner}"\n')
    (folder / "cqcm-2020.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Plan]]:
    """The database and the plan of the scenario, with the day and the plans folder set for the module."""
    folder = tmp_path_factory.mktemp("accountability")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANMETRICS_PLANS", str(_plans(folder / "plans")))
        env.setenv("PLANMETRICS_TODAY", TODAY)
        env.setenv("PLANMETRICS_PASSWORD", "a long enough password")
        db = folder / "r.duckdb"
        assert main(["--db", str(db), "init"]) == 0
        store = Store(db)
        review.approve(store, _send(store, "desjardins"), by="paul")
        _send(store, "housing")
        review.return_submission(store, _send(store, "funeral"), by="paul", reason="Les chiffres de 2018.")
        assert main(["--db", str(db), "user", "add", "remi", "--role", "reviewer"]) == 0
        said = ["override", "jobs_net", "--status", "needs_acceleration", "--reason", REASON, "--by", "remi"]
        assert main(["--db", str(db), *said]) == 0
        con = duckdb.connect(str(db))  # the override's day, known (the store writes the time it is done)
        con.execute("UPDATE batches SET created_at = CAST(? AS TIMESTAMP) WHERE kind = 'override'", [OVERRIDE_AT])
        con.close()
        snapshots.clear_cache()
        (plan,) = load_plans()
        yield db, plan


def _send(store: Store, network: str) -> int:
    """A network's 2019 jobs and revenue, submitted for review."""
    frame = figure_rows([("jobs", 2019, 1_000), ("revenue", 2019, 1e8)], network=network)
    batch = store.commit(frame, kind="import", by="dana", state="submitted", network=network).batch
    assert batch is not None
    return batch


@pytest.fixture(scope="module", params=LANGS)
def built(request: pytest.FixtureRequest, world: tuple[Path, Plan]) -> Report:
    db, plan = world
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANMETRICS_TODAY", TODAY)
        return read_report(Store(db), plan, lang=request.param, method=report_content.method_text(request.param))


# ------------------------------------------------------------------ the content


def _flats(texts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_flat(text) for text in texts)


def test_who_has_reported_is_said_with_the_grid(built: Report) -> None:
    said = SAID[built.lang]
    owed = built.completeness
    assert owed is not None and owed.year == 2019
    keys = ("reported", "late", "title", "intro", "legend")
    assert _flats((owed.reported, owed.late, owed.title, owed.intro, owed.legend)) == tuple(said[k] for k in keys)
    assert owed.header == said["header"]
    assert len(owed.rows) == 9
    assert [_flats(row) for row in owed.rows[:4]] == [said[n] for n in ("desjardins", "sollio", "housing", "funeral")]
    assert owed.states[:4] == (("approved",) * 2, ("late",) * 2, ("submitted",) * 2, ("late",) * 2)
    assert all(states == ("late", "late") for states in owed.states[4:])
    assert _flats(owed.late_since) == (said["late_since"],)


def test_a_status_set_by_the_plan_team_is_marked_and_explained(built: Report) -> None:
    said = SAID[built.lang]
    jobs = built.summary_rows[0]
    assert jobs[1] == said["status"]  # the summary's status cell
    assert built.summary_statuses[0] == "needs_acceleration"
    items = {item.key: item for section in built.sections for item in section.charts}
    assert items["jobs_net"].takeaway.endswith(said["marked"])
    assert _flats(items["jobs_net"].answers) == said["answers"]
    assert built.findings[0] == items["jobs_net"].takeaway  # the cover's list of findings
    # revenue's chart shows its two targets: the owner is said with the target it answers for
    assert _flats(items["revenue_growth"].answers) == (said["revenue_owner"],)
    assert not items["revenue_growth"].takeaway.endswith(said["marked"])


def test_the_cover_counts_a_status_set_by_the_plan_team_as_such(built: Report) -> None:
    """As of 2019: revenue_level achieved ($47 billion of $45), revenue_growth on track (7.07 % a year), jobs_net
    set to needs acceleration by the plan team (on track by the method), jobs_montreal without figures."""
    assert built.cover_summary == SAID[built.lang]["cover"]


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("fr", "2 atteintes (dont 1 fixée par l'équipe du plan), 0 en bonne voie",
         "2 atteintes (dont 2 fixées par l'équipe du plan), 0 en bonne voie"),
        ("en", "2 achieved (including 1 set by the plan team), 0 on track",
         "2 achieved (including 2 set by the plan team), 0 on track"),
    ],
)  # fmt: skip
def test_each_count_says_how_many_the_plan_team_set(world: tuple[Path, Plan], lang: str, one: str, two: str) -> None:
    db, plan = world
    assessment, _ = snapshots.snapshot(Store(db), plan, 2019)
    achieved = assessment.target("revenue_level")
    set_one = assessment.target("jobs_net")  # needs acceleration, set by the plan team: now set to achieved
    assert achieved.status == "achieved" and achieved.override is None and set_one.override is not None
    setting = dataclasses.replace(set_one.override, status="achieved")
    marked = dataclasses.replace(set_one, status="achieved", override=setting)
    assert one in board.cover_summary([achieved, marked], 2019, lang)
    both = dataclasses.replace(achieved, override=setting)
    assert two in board.cover_summary([both, marked], 2019, lang)
    assert "(" not in board.cover_summary([achieved, achieved], 2019, lang)  # none set: nothing added


def test_the_summary_has_an_owner_column_only_when_the_plan_names_one(built: Report, world: tuple[Path, Plan]) -> None:
    said = SAID[built.lang]
    assert built.summary_header[-1] == said["owner_column"][0]
    assert tuple(row[-1] for row in built.summary_rows) == said["owner_column"][1:]
    db, _ = world
    shipped = next(p for p in load_plans(ROOT / "data" / "plans") if p.id == "cqcm-2020")
    assert all(t.owner is None for t in shipped.targets)
    plain = read_report(Store(db), shipped, lang=built.lang)
    assert len(plain.summary_header) == 6 and all(len(row) == 6 for row in plain.summary_rows)


def test_the_method_annex_explains_overrides_and_obligations(built: Report, world: tuple[Path, Plan]) -> None:
    leads = [block.lead for block in built.method_blocks]
    assert leads[-2:] == list(SAID[built.lang]["leads"])
    _, plan = world
    without = dataclasses.replace(plan, obligations=())
    assert [b.lead for b in accountability.method_blocks(without, built.lang)] == [SAID[built.lang]["leads"][0]]


def test_nothing_owed_no_page() -> None:
    plan = load_plans(ROOT / "data" / "plans")[0]
    assert accountability.completeness(plan, [], 2019, pd.Timestamp(TODAY).date(), "fr") is None
    assert accountability.completeness(plan, [], None, pd.Timestamp(TODAY).date(), "fr") is None


@pytest.mark.parametrize("lang", LANGS)
def test_the_since_page_marks_a_status_moved_to_one_the_plan_team_set(world: tuple[Path, Plan], lang: str) -> None:
    db, plan = world
    store = Store(db)
    assessment, totals = snapshots.snapshot(store, plan, 2019)
    issued = IssuedReport("1", "2020-03-01T15:00:00+00:00", "Marie", 2019, lang, "rapport.pdf", "0" * 64)
    moved = Changes(since=issued, status_changes=(StatusChange("jobs_net", "on_track", "needs_acceleration"),))
    report = report_content.build_report(
        plan,
        totals,
        assessment,
        lang=lang,
        comments=store.comments(plan.id),
        check_messages=[],
        method="",
        changes=moved,
    )
    assert report.since is not None
    assert [_flat(line) for block in report.since.blocks for line in block.lines] == [SAID[lang]["since"]]


# ------------------------------------------------------------------ the PDF and the PPTX


def _written(world: tuple[Path, Plan], tmp_path: Path, lang: str, suffix: str) -> Path:
    db, _ = world
    out = tmp_path / f"report-{lang}.{suffix}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANMETRICS_PLANS", str(db.parent / "plans"))
        env.setenv("PLANMETRICS_TODAY", TODAY)
        assert main(["--db", str(db), "--lang", lang, "report", "-o", str(out)]) == 0
    return out


def _pdf_pages(path: Path) -> list[str]:
    """The PDF's text a page, in reading order (a table's cell whole, even over several lines)."""
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    return out.stdout.split("\f")


def _holds_what_is_owed_and_set(text: str, lang: str) -> None:
    """A report's text (a PDF's or a deck's) holds everything the scenario says, and no id."""
    said = SAID[lang]
    for line in (said["reported"], said["late"], said["title"], said["intro"], said["late_since"], said["legend"]):
        assert _flat(line) in text, line
    for row in (said["desjardins"], said["sollio"], said["housing"], said["funeral"]):
        for cell in row:
            assert _flat(cell) in text, cell
    for line in (said["status"], said["marked"].strip(" ·"), *said["answers"], said["revenue_owner"], *said["leads"]):
        assert _flat(line) in text, line
    assert said["owner_column"][0] in text
    for found in IDS:
        assert re.search(rf"\b{found}\b", text) is None, found


def _no_english(text: str) -> None:
    assert sorted(f for f in _english_fragments() if f in text) == []


@needs_browser
@needs_pdftotext
@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_says_who_has_reported_owners_and_statuses_set(
    world: tuple[Path, Plan], tmp_path: Path, lang: str
) -> None:
    pages = [_flat(page) for page in _pdf_pages(_written(world, tmp_path, lang, "pdf"))]
    text = " ".join(pages)
    _holds_what_is_owed_and_set(text, lang)
    assert SAID[lang]["reported"] in pages[0] and SAID[lang]["late"] in pages[0]  # on the cover
    assert SAID[lang]["cover"] in pages[0]
    assert pages[1].startswith(SAID[lang]["title"])  # the page right after the cover
    # The glyphs came back as written: the PDF's fonts drew them (Helvetica lacks ↩ and ○, drawn as ■).
    assert "■" not in text
    if lang == "fr":
        _no_english(text)


def _deck_text(path: Path) -> tuple[str, list[tuple[str, str]]]:
    """Every text of the deck (text boxes and table cells, not the notes), and each grid cell's text with its
    fill (the slide titled as the completeness page)."""
    deck = Presentation(io.BytesIO(path.read_bytes()))
    texts: list[str] = []
    fills: list[tuple[str, str]] = []
    for slide in deck.slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0 and shape.left + shape.width <= deck.slide_width, shape.name
            assert shape.top + shape.height <= deck.slide_height, shape.name
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        texts.append(cell.text)
                        if title.startswith(("Qui a fait rapport", "Who has reported")) and cell.text[:1] in "✓…↵❍!":
                            fills.append((cell.text, str(cell.fill.fore_color.rgb)))
    return _flat(" ".join(texts)), fills


@needs_browser
@pytest.mark.parametrize("lang", LANGS)
def test_the_deck_says_who_has_reported_owners_and_statuses_set(
    world: tuple[Path, Plan], tmp_path: Path, lang: str
) -> None:
    text, fills = _deck_text(_written(world, tmp_path, lang, "pptx"))
    _holds_what_is_owed_and_set(text, lang)
    said = SAID[lang]
    expected = {
        said["desjardins"][1]: "approved",
        said["sollio"][1]: "late",
        said["housing"][1]: "submitted",
        said["funeral"][1]: "late",
    }
    assert len(fills) == 18  # 9 networks, 2 figures each
    for cell, fill in fills:
        if cell in expected:
            assert fill == duty_look(expected[cell]).fill.lstrip("#").upper(), cell
    if lang == "fr":
        _no_english(text)
