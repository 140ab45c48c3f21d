"""The Networks page (issue 19) on a database built as people build it: `planmetrics init`, the plan team's own
import (the 2019 jobs total, Desjardins' 2014 figures), Dana (Desjardins' editor) submitting 2019 jobs and
revenue and Rita approving them, Sollio's submission returned, the housing co-operatives' awaiting review.
Duties are judged on a day before and a day after their due date (April 30, 2020) through
`$PLANMETRICS_TODAY`; every number on the heatmap was worked out by hand. In French no English word and no id.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe

from planmetrics import importing
from planmetrics.look import duty_look
from planmetrics.plan import default_plan, load_plans
from planmetrics.store import Store, review
from tests.pages.conftest import ROOT, PageRunner, add_user, bare_dollars, shown_texts, texts, unescaped
from tests.pages.test_french import offences

NBSP = "\u00a0"
BEFORE, AFTER = "2020-04-15", "2020-05-15"
# Each state's glyph, as the look has it (the words beside it are what is checked by hand)
OK, WAIT, BACK, NONE, LATE = (duty_look(s).glyph for s in ("approved", "submitted", "returned", "missing", "late"))

PLAN_TEAM = (
    b"year,indicator,network,value,source\n"
    b"2019,jobs,,121500,CQCM 2019\n"
    b"2014,jobs,Mouvement Desjardins,47000,Portrait Desjardins 2014\n"
    b"2014,revenue,Mouvement Desjardins,15000000000,Portrait Desjardins 2014\n"
)
DESJARDINS = (
    "année,indicateur,réseau,valeur,source\n"
    "2019,Emplois,Mouvement Desjardins,48500,Portrait Desjardins 2019\n"
    "2019,Chiffre d'affaires,Mouvement Desjardins,21500000000,Portrait Desjardins 2019\n"
).encode()
SOLLIO = b"year,indicator,network,value,source\n2019,jobs,sollio,15200,Sollio 2019\n"
HOUSING = b"year,indicator,network,value,source\n2019,jobs,cqch,2100,CQCH 2019\n"


def _submit(db: Path, data: bytes, name: str, by: str, network: str) -> int:
    """A network editor's file, submitted as the Upload page submits it."""
    plan = default_plan(load_plans())
    done = importing.import_bytes(Store(db), plan, data, name, by=by, state="submitted", network=network)
    assert done.batch is not None
    return int(done.batch.batch)


@pytest.fixture
def reported(app_db: Path) -> Path:
    """Desjardins approved, Sollio returned, the housing co-operatives awaiting review, the rest silent."""
    for name, network in (("dana", "desjardins"), ("sam", "sollio"), ("hugo", "housing")):
        add_user(app_db, name, "editor", network)
    add_user(app_db, "rita", "reviewer")
    plan = default_plan(load_plans())
    importing.import_bytes(Store(app_db), plan, PLAN_TEAM, "equipe.csv", by="paul")
    review.approve(Store(app_db), _submit(app_db, DESJARDINS, "desjardins-2019.csv", "dana", "desjardins"), by="rita")
    sent_back = _submit(app_db, SOLLIO, "sollio-2019.csv", "sam", "sollio")
    review.return_submission(Store(app_db), sent_back, by="rita", reason="Le total ne concorde pas.")
    _submit(app_db, HOUSING, "cqch-2019.csv", "hugo", "housing")
    return app_db


def _on(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("PLANMETRICS_TODAY", day)


def _grid_element(at: AppTest) -> Dataframe:
    """The completeness grid: the first table whose columns after the network's are the figures owed."""
    owed = (["Emplois", "Chiffre d'affaires"], ["Jobs", "Revenue"])
    return next(d for d in at.dataframe if list(d.value.columns)[1:] in owed)


def _grid(at: AppTest) -> dict[str, list[str]]:
    """The completeness grid, a row by network label."""
    return {row[0]: list(row[1:]) for row in _grid_element(at).value.itertuples(index=False)}


def _heatmap(at: AppTest) -> dict[str, object]:
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(c["data"][0] for c in charts if c["data"] and c["data"][0]["type"] == "heatmap")


def _cells(trace: dict[str, object]) -> list[list[list[str]]]:
    return [[cell.split("<br>") for cell in row] for row in trace["text"]]  # type: ignore[union-attr]


def test_before_the_due_date_nobody_is_late(
    run_page: PageRunner, reported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, BEFORE)
    at = run_page("networks", lang="fr")
    shown = texts(at)
    assert "1 réseau sur 9 a fait rapport pour 2019." in shown
    assert "Aucun réseau n'est en retard pour 2019." in shown
    assert f"où il en est le 15{NBSP}avril 2020" in shown
    assert not at.warning
    grid = _grid(at)
    assert grid["Mouvement Desjardins"] == [f"{OK} approuvé", f"{OK} approuvé"]
    assert grid["Sollio Groupe Coopératif"] == [f"{BACK} renvoyé", f"{NONE} pas encore transmis"]
    assert grid["Confédération québécoise des coopératives d'habitation"] == [
        f"{WAIT} en attente de révision",
        f"{NONE} pas encore transmis",
    ]
    assert grid["Promutuel Assurance"] == [f"{NONE} pas encore transmis", f"{NONE} pas encore transmis"]
    assert len(grid) == 9
    states = f"{OK} approuvé · {WAIT} en attente de révision · {BACK} renvoyé · {NONE} pas encore transmis"
    legend = f"États : {states} · {LATE} en retard."
    assert legend in shown


def test_after_the_due_date_who_is_late_and_since_when(
    run_page: PageRunner, reported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, AFTER)
    at = run_page("networks", lang="fr")
    late = f"{LATE} en retard depuis le 1er{NBSP}mai 2020"
    grid = _grid(at)
    assert grid["Mouvement Desjardins"] == [f"{OK} approuvé", f"{OK} approuvé"]
    assert grid["Sollio Groupe Coopératif"] == [f"{LATE} renvoyé, en retard depuis le 1er{NBSP}mai 2020", late]
    assert grid["Confédération québécoise des coopératives d'habitation"] == [f"{WAIT} en attente de révision", late]
    assert grid["Réseau de la coopération du travail du Québec"] == [late, late]
    (warning,) = [unescaped(w.value) for w in at.warning]
    assert warning.startswith("En retard : Sollio Groupe Coopératif ; Confédération québécoise des coopératives")
    assert warning.count(" ; ") == 7  # the eight networks but Desjardins
    table = next(d.value for d in at.dataframe if "En retard depuis le" in d.value.columns)
    assert list(table.columns) == ["Réseau", "Chiffre dû", "Échéance", "En retard depuis le", "Ce qui a été transmis"]
    assert len(table) == 2 + 1 + 6 * 2  # Sollio's two, the housing co-operatives' revenue, six networks' two
    assert table.iloc[0].tolist() == [
        "Sollio Groupe Coopératif",
        "Emplois",
        f"30{NBSP}avril 2020",
        f"1er{NBSP}mai 2020",
        "renvoyé",
    ]
    assert table.iloc[1].tolist()[1:] == ["Chiffre d'affaires", f"30{NBSP}avril 2020", f"1er{NBSP}mai 2020",
                                          "jamais transmis"]  # fmt: skip
    assert table.iloc[2].tolist()[:2] == [
        "Confédération québécoise des coopératives d'habitation",
        "Chiffre d'affaires",
    ]
    fills = _grid_element(at).proto.arrow_data.styler.styles
    assert "background-color: #D8F0E6" in fills and "background-color: #F8D9CC" in fills  # approved, late


def test_the_page_in_english(run_page: PageRunner, reported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _on(monkeypatch, AFTER)
    at = run_page("networks", lang="en")
    shown = texts(at)
    assert "1 of 9 networks has reported 2019." in shown
    grid = _grid(at)
    assert grid["Desjardins Group"] == [f"{OK} approved", f"{OK} approved"]
    assert grid["Sollio Cooperative Group"] == [
        f"{LATE} returned, late since May 1, 2020",
        f"{LATE} late since May 1, 2020",
    ]
    assert grid["Québec Confederation of Housing Co-operatives"] == [
        f"{WAIT} awaiting review",
        f"{LATE} late since May 1, 2020",
    ]
    figures = next(d.value for d in at.dataframe if "What was sent" not in d.value.columns and len(d.value) == 9
                   and d.value.iloc[0, 1] == "48,500")  # fmt: skip
    assert figures.iloc[0].tolist() == ["Desjardins Group", "48,500", "$21.5B"]
    assert figures.iloc[1].tolist() == ["Sollio Cooperative Group", "—", "—"]  # returned: it does not count
    assert figures.iloc[2].tolist()[1:] == ["—", "—"]  # awaiting review: not yet
    cells = _cells(_heatmap(at))
    assert cells[0] == [
        ["39.9% of the total", "48,500", "+1,500 since 2014", "7.0% of the total's change"],
        ["—"],
        ["45.7% of the total", "$21.5B", "+$6.5B since 2014", "47.8% of the total's change"],
        ["45.7% of the total", "$21.5B", "+$6.5B since 2014", "47.8% of the total's change"],
    ]
    ids = {"desjardins", "sollio", "jobs_net", "revenue_level", "revenue_growth", "jobs_montreal"}
    assert not [t for t in shown_texts(at) if any(i in t for i in ids)]
    assert bare_dollars(at) == []


def test_the_heatmap_of_each_networks_part(
    run_page: PageRunner, reported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Desjardins 48,500 of the 121,500 jobs of 2019 (39.9 %), +1,500 since its 47,000 of 2014: 7.0 % of the
    total's +21,500 (from 100,000), its contribution, and 7.5 % of the 20,000 asked (the hover); $21.5 billion of
    $47 billion (45.7 %), +$6.5 billion since 2014: 47.8 % of the total's +$13.6 billion (from $33.4 billion),
    38.9 % of the 7 % a year ambition (33.4 × (1.07⁶ − 1) = $16.72 billion) and 56.0 % of the $45 billion one
    ($11.6 billion). Desjardins alone is not the whole: the footer says so under each target."""
    _on(monkeypatch, AFTER)
    at = run_page("networks", lang="fr")
    trace = _heatmap(at)
    cells = _cells(trace)
    change = f"{NBSP}% de la variation du total"
    assert cells[0] == [
        [f"39,9{NBSP}% du total", f"48{NBSP}500", f"+1{NBSP}500 depuis 2014", f"7,0{change}"],
        ["—"],
        [f"45,7{NBSP}% du total", f"21,5{NBSP}G$", f"+6,5{NBSP}G$ depuis 2014", f"47,8{change}"],
        [f"45,7{NBSP}% du total", f"21,5{NBSP}G$", f"+6,5{NBSP}G$ depuis 2014", f"47,8{change}"],
    ]
    hovers = [h.split("<br>") for h in trace["customdata"][0]]
    assert hovers[0][-2:] == [
        f"Part de la variation du total depuis 2014 (+21{NBSP}500) : 7,0{NBSP}%",
        f"Part de l'ambition de la cible (20{NBSP}000) : 7,5{NBSP}%",
    ]
    assert hovers[2][-1] == f"Part de l'ambition de la cible (16{NBSP}724{NBSP}393{NBSP}752{NBSP}$) : 38,9{NBSP}%"
    notes = [n for n in texts(at).splitlines() if "les variations des parts totalisent" in n]
    assert notes[0] == (
        f"Emplois nets créés d'ici 2020 — Note : les variations des parts totalisent +1{NBSP}500, soit 7{NBSP}% de "
        f"la variation du total (+21{NBSP}500) : les parts ne couvrent pas l'ensemble."
    )
    assert len(notes) == 3  # jobs, and each revenue target (48 % of +13.6 billion); Montréal has no gain
    assert all(cell == ["—"] for row in cells[1:] for cell in row)  # returned, awaiting review, never sent
    assert trace["z"][0][0] == pytest.approx(48_500 / 121_500)
    assert trace["z"][0][2] == pytest.approx(21.5 / 47) == trace["zmax"]
    assert trace["colorbar"]["title"]["text"] == "Part du total de 2019"
    shown = shown_texts(at)
    assert "La part de chaque réseau dans les cibles du plan en 2019" in shown
    found = offences(shown, default_plan(load_plans()))
    assert not found, "\n".join(found)
    assert bare_dollars(at) == []


def test_a_year_after_the_as_of_year_shows_no_figure(
    run_page: PageRunner, reported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, AFTER)
    at = run_page("networks", lang="fr")
    picker = at.selectbox(key="networks_year_2019")
    assert picker.options == [str(y) for y in range(2014, 2021)]
    assert picker.value == 2019
    at = picker.set_value(2020).run()
    assert not at.exception, at.exception
    assert "0 réseau sur 9 a fait rapport pour 2020." in texts(at)
    assert _grid(at)["Mouvement Desjardins"] == [
        f"{NONE} pas encore transmis",
        f"{NONE} pas encore transmis",
    ]  # due in 2021
    said = "La page est vue en date de 2019 : aucun chiffre de 2020 n'est montré."
    assert sum(said in unescaped(i.value) for i in at.info) == 2  # figures and contributions
    assert not at.get("plotly_chart")


def test_a_year_after_the_plan_is_owed_too(
    run_page: PageRunner, run_app: PageRunner, reported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Obligations run every year from their first: with a 2021 figure in the store (the plan team's total) the
    page and the overview look at 2021, after the plan's 2020, as the command line and the reports do; its
    figures are due on April 30, 2022, so none is late on May 15, 2020."""
    plan = default_plan(load_plans())
    later = b"year,indicator,network,value,source\n2021,jobs,,125000,CQCM 2021\n"
    importing.import_bytes(Store(reported), plan, later, "equipe-2021.csv", by="paul")
    _on(monkeypatch, AFTER)
    at = run_page("networks", lang="fr", as_of="2021")
    picker = at.selectbox(key="networks_year_2021")
    assert picker.options == [str(y) for y in range(2014, 2022)]
    assert picker.value == 2021
    assert "0 réseau sur 9 a fait rapport pour 2021." in texts(at)
    assert set(_grid(at)["Sollio Groupe Coopératif"]) == {f"{NONE} pas encore transmis"}
    overview = run_app("overview", lang="fr", as_of="2021")
    assert "0 réseau sur 9 a fait rapport pour 2021." in texts(overview)


def test_a_regional_row_is_not_the_networks_figure(
    run_page: PageRunner, reported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan team's Montréal row of Sollio's 2019 jobs is not Sollio's figure for Quebec: its duty stays
    returned (late after April 30), as its figures table stays "—"."""
    plan = default_plan(load_plans())
    regional = b"year,indicator,region,network,value,source\n2019,jobs,Montr\xc3\xa9al,sollio,1200,CQCM\n"
    importing.import_bytes(Store(reported), plan, regional, "montreal.csv", by="paul")
    _on(monkeypatch, AFTER)
    at = run_page("networks", lang="en")
    assert _grid(at)["Sollio Cooperative Group"][0] == f"{LATE} returned, late since May 1, 2020"
    figures = next(d.value for d in at.dataframe if len(d.value) == 9 and d.value.iloc[0, 1] == "48,500")
    assert figures.iloc[1].tolist() == ["Sollio Cooperative Group", "—", "—"]
    assert "1 of 9 networks has reported 2019." in texts(at)


def test_the_overview_says_how_many_have_reported(
    run_app: PageRunner, reported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, AFTER)
    at = run_app("overview", lang="fr")
    assert "1 réseau sur 9 a fait rapport pour 2019." in texts(at)
    links = [n.proto for n in _nodes(at._tree) if getattr(n, "type", "") == "page_link"]
    assert [(link.page, link.label) for link in links] == [
        ("networks", "Qui a fait rapport et qui est en retard : la page Réseaux")
    ]
    english = run_app("overview", lang="en")
    assert "1 of 9 networks has reported 2019." in texts(english)


def _nodes(node: object) -> list[object]:
    children = getattr(node, "children", {})
    return [node, *(n for child in children.values() for n in _nodes(child))]


def test_owners_are_listed_when_the_plan_names_any(
    run_page: PageRunner, app_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = (ROOT / "data" / "plans" / "cqcm-2020.toml").read_text(encoding="utf-8")
    owned = shipped.replace(
        'kind = "increase_by"\nvalue = 20000\n', 'kind = "increase_by"\nvalue = 20000\nowner = "desjardins"\n'
    )
    owned = owned.replace('kind = "reach"\n', 'kind = "reach"\nowner = "Comité de suivi du plan"\n')
    assert owned.count("\nowner = ") == 2
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "cqcm-2020.toml").write_text(owned, encoding="utf-8")
    monkeypatch.setenv("PLANMETRICS_PLANS", str(tmp_path / "plans"))
    at = run_page("networks", lang="fr")
    assert "Qui répond de chaque cible" in texts(at)
    table = next(d.value for d in at.dataframe if "Responsable" in d.value.columns)
    assert table.values.tolist() == [
        ["Emplois nets créés d'ici 2020", "Mouvement Desjardins"],
        ["Emplois nets créés à Montréal d'ici 2020", "non précisé dans le plan"],
        ["Croissance du chiffre d'affaires de 7 % par an", "non précisé dans le plan"],
        ["Chiffre d'affaires de 45 G$ en 2020", "Comité de suivi du plan"],
    ]


def test_the_shipped_plan_names_no_owner(run_page: PageRunner) -> None:
    at = run_page("networks", lang="en")
    assert "Who answers for each target" not in texts(at)


def test_a_database_without_figures_opens_on_the_latest_year_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty.duckdb"
    Store(empty).migrate()
    monkeypatch.setenv("PLANMETRICS_DB", str(empty))
    _on(monkeypatch, AFTER)
    at = AppTest.from_file(str(ROOT / "pages" / "networks.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="networks_year_None").value == 2019  # 2020's figures are due on April 30, 2021
    assert "0 of 9 networks have reported 2019." in texts(at)
    assert "No network has a figure that counts for 2019 yet" in texts(at)
