"""Every page walked in French, on a database where every kind of row appears: no English word and no id is
shown to a person (issue 13, item 3).

The database is `planmetrics init`'s plus figures by sector, region (Montréal) and network, flagged figures,
a commentary, a correction and a rollback. Each case opens a page (and does what a person would do there),
then reads every text on it (`shown_texts`) and fails on a word of `ENGLISH` or on an id of the plan. To cover
a new page or state, add a case to `CASES`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planmetrics import config, importing
from planmetrics.plan import Plan, load_plans
from planmetrics.store import Store
from planmetrics.words import say
from tests.pages.conftest import ROOT, add_user, bare_dollars, shown_texts

ENGLISH = ("the", "and", "found", "nothing", "row", "column", "problem", "upload", "per file", "imported", "fix")
_ENGLISH = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)
# The total region's id where it stands alone ("Ensemble du Québec", "Nord-du-Québec", "Emploi au Québec" and
# "le Québec et ses régions" are labels and prose).
_TOTAL_REGION_ALONE = re.compile(r"(?<![Dd]u )(?<![Dd]e )(?<![Aa]u )(?<![Ll]e )(?<!-)\b" + config.TOTAL_REGION + r"\b")


def plan_ids(plan: Plan) -> set[str]:
    """The ids a person must never read: the totals' `all`, targets, indicators, sectors."""
    ids = {config.TOTAL_SECTOR, config.TOTAL_NETWORK}
    ids |= {t.id for t in plan.targets}
    ids |= {i.id for i in plan.indicators if i.id != i.label.get("fr")}
    ids |= {s.id for s in plan.sectors if s.id != s.label.get("fr")}
    return ids


def offences(texts: list[str], plan: Plan) -> list[str]:
    """Each text that holds an English word or an id, with what it holds."""
    ids = re.compile(r"(?<![\w-])(" + "|".join(re.escape(i) for i in sorted(plan_ids(plan))) + r")(?![\w-])")
    total = plan.region(config.TOTAL_REGION)
    found: list[str] = []
    for text in texts:
        hits = [m.group(0) for m in _ENGLISH.finditer(text)] + [m.group(0) for m in ids.finditer(text)]
        if total is not None and total.label.get("fr") != config.TOTAL_REGION and _TOTAL_REGION_ALONE.search(text):
            hits.append(config.TOTAL_REGION)
        if hits:
            found.append(f"{hits} in {text!r}")
    return found


# ------------------------------------------------------------------ the database


def _rows(*rows: tuple[str, int, str, str, str, float, str | None, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["indicator", "year", "region", "sector", "network", "value", "flag", "source"])
    units = {"jobs": "jobs", "revenue": "dollars", "cpi": "index"}
    frame["unit"] = frame["indicator"].map(units)
    return frame[config.FIGURE_COLUMNS]


REPORT = "Portrait des réseaux (2018)"
FIGURES = _rows(
    ("jobs", 2014, "Montréal", "all", "all", 30_000, None, REPORT),
    ("jobs", 2018, "Montréal", "all", "all", 32_000, "preliminary", REPORT),
    ("jobs", 2018, "Capitale-Nationale", "all", "all", 15_000, None, REPORT),
    ("jobs", 2014, "Québec", "all", "Desjardins", 47_000, None, REPORT),
    ("jobs", 2018, "Québec", "all", "Desjardins", 48_500, "revised", REPORT),
    ("jobs", 2014, "Québec", "all", "Sollio Groupe Coopératif", 14_000, None, REPORT),
    ("jobs", 2018, "Québec", "all", "Sollio Groupe Coopératif", 15_200, "approximate", REPORT),
    ("revenue", 2018, "Québec", "financial_services", "all", 30e9, None, REPORT),
    ("revenue", 2018, "Québec", "agri_food", "all", 10e9, None, REPORT),
    ("cpi", 2014, "Québec", "all", "all", 123.0, None, "Statistique Canada, tableau 18-10-0005-01"),
    ("cpi", 2019, "Québec", "all", "all", 136.0, None, "Statistique Canada, tableau 18-10-0005-01"),
)


@pytest.fixture
def rich_db(app_db: Path) -> Path:
    """The shipped figures plus every kind of row, a commentary, a correction and a rollback."""
    store = Store(app_db)
    store.commit(FIGURES, kind="import", by="alice", file_name="portrait.csv")
    plan = load_plans()[0]
    store.add_comment(plan_id=plan.id, target="jobs_net", year=2018, body="Le 2e trimestre a coûté 5 $.", by="alice")
    importing.correct_figure(
        store, plan, indicator="jobs", year="2018", value="15 100", reason="Erreur de saisie",
        region="Capitale-Nationale", by="alice", lang="fr",
    )  # fmt: skip
    undone = store.commit(_rows(("jobs", 2019, "Québec", "all", "all", 1.0, None, "Essai")), kind="import", by="bob")
    store.rollback(undone.batch, by="bob")
    return app_db


# ------------------------------------------------------------------ what a person does on a page

UPLOAD = (
    "année;indicateur;région;secteur;réseau;valeur;note;source\r\n"
    "2018;Emplois;Ensemble du Québec;tous les secteurs;tous les réseaux;117 000;r;Portrait 2018 révisé\r\n"
    "2019;Emplois;Montréal;;;33 000;p;Portrait 2019\r\n"
    "2019;Emplois;Ensemble du Québec;Agroalimentaire;;21 000;;Portrait 2019\r\n"
    "2019;Emplois;Ensemble du Québec;;Desjardins;49 000;;Portrait 2019\r\n"
).encode()
BAD = (
    "année;indicateur;région;valeur;note\r\n"
    "2O19;Emplois;Montréal;10;\r\n"
    "2019;Licornes;Montréal;10;\r\n"
    "2019;Emplois;Atlantide;10;\r\n"
    "2019;Emplois;Montréal;environ dix;\r\n"
    "2019;Emplois;Montréal;10;zz\r\n"
).encode()


def _open(name: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=60)
    at.query_params["lang"] = lang
    return at.run()


def _button(at: AppTest, key: str, lang: str, **values: object) -> AppTest:
    label = say(key, lang, **values)
    return next(b for b in at.button if b.label == label).click().run()


def _upload(content: bytes) -> Callable[[str], AppTest]:
    def act(lang: str) -> AppTest:
        at = _open("upload", lang)
        at.file_uploader[0].set_value(("donnees.csv", content, "text/csv"))
        return at.run()

    return act


def _correction_without_reason(lang: str) -> AppTest:
    at = _open("upload", lang)
    next(t for t in at.text_input if t.label == say("col.new", lang)).input("15 000")
    return _button(at, "correct.save", lang)


def _empty_commentary(lang: str) -> AppTest:
    return _button(_open("overview", lang), "comment.save", lang)


def _sign_in_form(lang: str) -> AppTest:
    add_user(config.db_path(), "alice")
    return _open("upload", lang)


def _rollback_done(lang: str) -> AppTest:
    at = _open("history", lang)
    at.selectbox(key="history_batch").set_value(2).run()
    at = _button(at, "history.rollback", lang, batch=2)
    return _button(at, "history.confirm_yes", lang)


def _page(name: str) -> Callable[[str], AppTest]:
    return lambda lang: _open(name, lang)


# Each case: what a person does, and a phrase the French page then shows.
CASES: dict[str, tuple[Callable[[str], AppTest], str]] = {
    "overview": (_page("overview"), "Où en est le plan"),
    "jobs": (_page("jobs"), "Contribution de chaque réseau à « Emplois nets créés d'ici 2020 »"),
    "revenue": (_page("revenue"), "Chiffre d'affaires en dollars constants de 2014"),
    "benefits": (_page("benefits"), "Conditions de succès"),
    "networks": (_page("networks"), "Qui a transmis quoi pour"),
    "reports": (_page("reports"), "Produire le rapport"),
    "upload": (_page("upload"), "Corriger une donnée"),
    "history": (_page("history"), "annulation"),
    "method": (_page("method"), "Le plan."),
    "upload preview": (_upload(UPLOAD), "Données lues : 4 · nouvelles : 3 · révisées : 1"),
    "upload refused": (_upload(BAD), "5 problèmes trouvés"),
    "correction refused": (_correction_without_reason, "Une correction doit être motivée."),
    "empty commentary": (_empty_commentary, "commentaire"),
    "sign-in form": (_sign_in_form, "Nom d’utilisateur"),
    "review": (_page("review"), "Révision des chiffres soumis"),
    "rollback done": (_rollback_done, "Lot 2 annulé (enregistré comme lot 6)."),
}


@pytest.mark.parametrize("case", list(CASES))
def test_french_page_shows_no_english_and_no_id(rich_db: Path, case: str) -> None:
    act, phrase = CASES[case]
    at = act("fr")
    assert not at.exception, at.exception
    texts = shown_texts(at)
    assert any(phrase in text for text in texts), f"{phrase!r} is not on the page"
    found = offences(texts, load_plans()[0])
    assert not found, "\n".join(found)
    assert bare_dollars(at) == []  # every text reaching Markdown is escaped (issue 13)


@pytest.mark.parametrize("case", list(CASES))
def test_english_page_shows_no_id(rich_db: Path, case: str) -> None:
    """In English `all` and `jobs` are words too: an id is a text with `_` (`jobs_net`, `agri_food`) or a whole
    cell, option or label that is an id (`all`, `jobs`, `Québec`)."""
    at = CASES[case][0]("en")
    assert not at.exception, at.exception
    plan = load_plans()[0]
    ids = plan_ids(plan) | {config.TOTAL_REGION}
    found = [t for t in shown_texts(at) if t in ids or any(i in t for i in ids if "_" in i)]
    assert not found, "\n".join(found)
    assert bare_dollars(at) == []  # `$33.4B … $50.1B` is text, not a formula


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("3 problème(s) trouvé(s)", None),
        ("2 problem(s) found", "problem"),
        ("Téléversez le fichier", None),
        ("Upload / 50MB per file", "Upload"),
        ("Fix them", "Fix"),
        ("jobs 2018 (Montréal, all, all)", "jobs"),
        ("agri_food", "agri_food"),
        ("Ensemble du Québec", None),
        ("Nord-du-Québec", None),
        ("Emploi au Québec", None),
        ("Québec", "Québec"),
        ("Emplois nets créés d'ici 2020", None),
        ("jobs_net", "jobs_net"),
    ],
)
def test_offences_catch_english_and_ids(text: str, hit: str | None) -> None:
    found = offences([text], load_plans()[0])
    assert (found == []) if hit is None else (hit in found[0])


def test_french_chart_tool_bar_speaks_french(rich_db: Path) -> None:
    """Plotly's own words: the image button gone (our download menu makes the image), the rest in French."""
    charts = [json.loads(c.proto.config) for c in _open("jobs", "fr").get("plotly_chart")]
    tools = [c for c in charts if c.get("displayModeBar") is not False]
    assert tools
    for tool_bar in tools:
        assert "toImage" in tool_bar["modeBarButtonsToRemove"]
        assert tool_bar["locale"] == "fr"
        assert tool_bar["locales"]["fr"]["dictionary"]["Reset axes"] == "Rétablir les axes"


def test_french_uploader_says_its_limit(rich_db: Path) -> None:
    uploader = _open("upload", "fr").file_uploader[0]
    assert uploader.label == "Fichier de données annuelles"
    assert uploader.help == "Fichiers .csv, .tsv, .txt, .xlsx, .xls, d’au plus 50 Mo chacun."
