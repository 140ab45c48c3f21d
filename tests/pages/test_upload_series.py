"""The Upload page on a whole Statistics Canada table (issue 17): a select box per dimension of several members,
the preview following each choice, what was read said above it, and a commit of the series chosen.

The tables are written here as StatCan's full-table downloads are: monthly, Canada and every province, one
dimension of several industries and two of one member each, values in thousands (`SCALAR_ID` 3). Québec's
figure for industry base `b`, year `y` and month `m` is `b + 12 * (y - 2021) + m` thousand; every other place is
offset by hundreds, so a province read as Québec shows. The mean of months 1-12 is 6.5, their last is 12.
2023 has three months only: it is skipped and reported.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Selectbox

from planmetrics.plan import load_plans
from planmetrics.store import Store
from tests.pages.conftest import PageRunner, shown_texts, texts
from tests.pages.test_french import offences, plan_ids

HEADER = {
    "en": (
        "REF_DATE", "GEO", "DGUID", "North American Industry Classification System (NAICS)", "Statistics",
        "Data type", "UOM", "UOM_ID", "SCALAR_FACTOR", "SCALAR_ID", "VECTOR", "COORDINATE", "VALUE", "STATUS",
        "SYMBOL", "TERMINATED", "DECIMALS",
    ),
    "fr": (
        "PÉRIODE DE RÉFÉRENCE", "GÉO", "DGUID",
        "Système de classification des industries de l'Amérique du Nord (SCIAN)", "Statistiques",
        "Type de données", "UNITÉ DE MESURE", "IDENTIFICATEUR D'UNITÉ DE MESURE", "FACTEUR SCALAIRE",
        "IDENTIFICATEUR SCALAIRE", "VECTEUR", "COORDONNÉES", "VALEUR", "STATUT", "SYMBOLE", "TERMINÉ", "DÉCIMALES",
    ),
}  # fmt: skip
PLACES = {
    "en": (
        "Canada", "Newfoundland and Labrador", "Prince Edward Island", "Nova Scotia", "New Brunswick", "Quebec",
        "Ontario", "Manitoba", "Saskatchewan", "Alberta", "British Columbia",
    ),
    "fr": (
        "Canada", "Terre-Neuve-et-Labrador", "Île-du-Prince-Édouard", "Nouvelle-Écosse", "Nouveau-Brunswick",
        "Québec", "Ontario", "Manitoba", "Saskatchewan", "Alberta", "Colombie-Britannique",
    ),
}  # fmt: skip
QUEBEC = 5
INDUSTRIES = {
    "en": ("Total employed, all industries", "Construction [23]", "Manufacturing [31-33]"),
    "fr": ("Total, toutes les industries", "Construction [23]", "Fabrication [31-33]"),
}
BASES = (4300, 270, 480)  # thousands, in the order of INDUSTRIES
ONE_MEMBER = {"en": ("Estimate", "Seasonally adjusted", "Persons", "thousands"),
              "fr": ("Estimation", "Désaisonnalisées", "Personnes", "milliers")}  # fmt: skip
NAICS = {lang: header[3] for lang, header in HEADER.items()}
MONTHS = [f"{y}-{m:02d}" for y in (2021, 2022) for m in range(1, 13)] + ["2023-01", "2023-02", "2023-03"]


def statcan_table(lang: str, industries: Sequence[str] | None = None, bases: Sequence[int] = BASES) -> bytes:
    """A whole monthly StatCan table as downloaded (UTF-8 with its byte-order mark, every cell quoted)."""
    statistic, data_type, unit, scalar = ONE_MEMBER[lang]
    lines = [HEADER[lang]]
    for period in MONTHS:
        year, month = int(period[:4]), int(period[5:])
        for p, place in enumerate(PLACES[lang]):
            for i, (industry, base) in enumerate(zip(industries or INDUSTRIES[lang], bases, strict=True)):
                value = base + 12 * (year - 2021) + month + (0 if p == QUEBEC else 100 * (p + 1))
                lines.append(
                    (period, place, f"2016A0000{p + 10:02d}", industry, statistic, data_type, unit, "249", scalar,
                     "3", f"v{2062811 + p * 100 + i}", f"{p + 1}.{i + 1}.1.1", f"{value:.1f}", "", "", "", "1")
                )  # fmt: skip
    text = "".join(",".join(f'"{cell}"' for cell in line) + "\n" for line in lines)
    return text.encode("utf-8-sig")


TABLE = {lang: statcan_table(lang) for lang in ("en", "fr")}
FILE = "14100355.csv"  # StatCan's name for the table's download: its product id


def choice_key(data: bytes, part: str, committed: int = 0) -> str:
    return f"upload_choice_{committed}_{hashlib.sha256(data).hexdigest()}_{part}"


def member_box(at: AppTest, lang: str) -> Selectbox[str]:
    return at.selectbox(key=choice_key(TABLE[lang], f"where:{NAICS[lang]}"))


def table_uploaded(run_page: PageRunner, lang: str, data: bytes | None = None) -> AppTest:
    """The Upload page with the table chosen and `employment` as its indicator (the page's indicator list)."""
    at = run_page("upload", lang=lang)
    at.selectbox(key="upload_indicator").select("employment").run()
    at.file_uploader[0].set_value((FILE, data or TABLE[lang], "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def chosen(at: AppTest, box: Selectbox[str], member: str) -> AppTest:
    box.select(member)
    at.run()
    assert not at.exception, at.exception
    return at


def new_values(at: AppTest, lang: str) -> list[str]:
    column = "Nouvelle valeur" if lang == "fr" else "New value"
    return at.dataframe[0].value[column].tolist()  # type: ignore[no-any-return]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_table_of_several_series_shows_a_select_box_per_dimension(run_page: PageRunner, lang: str) -> None:
    at = table_uploaded(run_page, lang)
    box = member_box(at, lang)
    assert box.value is None
    assert box.options == list(INDUSTRIES[lang])  # in file order
    assert box.proto.placeholder == ("— choisir —" if lang == "fr" else "— choose —")
    assert box.label.replace("\\", "") == NAICS[lang]
    # A dimension of one member needs no choice: no box for it.
    assert not [s for s in at.selectbox if s.label.replace("\\", "") in HEADER[lang][4:6]]
    assert not [b for b in at.button if b.label in ("Enregistrer ces données", "Commit these figures")]
    # The boxes answer the refusal: it is said in a sentence, not as a command line to type.
    intro = "Choisissez un membre dans chaque liste" if lang == "fr" else "Choose one member in each list"
    assert intro in texts(at)
    assert not at.dataframe
    plan = load_plans()[0]
    shown = shown_texts(at)
    if lang == "fr":
        assert not offences(shown, plan), "\n".join(offences(shown, plan))
    else:
        ids = plan_ids(plan) | {"Québec"}
        assert not [t for t in shown if t in ids or any(i in t for i in ids if "_" in i)]


def test_choosing_a_member_previews_its_yearly_figures_then_commits_them(run_page: PageRunner, app_db: object) -> None:
    at = table_uploaded(run_page, "fr")
    at = chosen(at, member_box(at, "fr"), "Fabrication [31-33]")
    # The mean of twelve months: (480 + 1 + ... + 480 + 12) / 12 = 486.5 thousand, then 498.5 a year later.
    assert new_values(at, "fr") == ["486\u00a0500", "498\u00a0500"]
    shown = texts(at)
    assert f"Série : {NAICS['fr']} = Fabrication [31-33]" in shown
    assert "Statistiques = Estimation · Type de données = Désaisonnalisées" in shown
    assert "Tableau de Statistique Canada 14-10-0355" in shown
    assert "format tableau de Statistique Canada." in shown  # the layout in words, not its id `statcan`
    assert "2023" in " ".join(str(w.value) for w in at.warning)  # the incomplete year, skipped and reported
    assert not offences(shown_texts(at), load_plans()[0])

    at = chosen(at, member_box(at, "fr"), "Construction [23]")  # another member: another preview
    assert new_values(at, "fr") == ["276\u00a0500", "288\u00a0500"]
    assert f"{NAICS['fr']} = Construction [23]" in texts(at)

    store = Store(app_db)  # type: ignore[arg-type]
    assert len(store.history()) == 1  # nothing written before the confirmation
    next(b for b in at.button if b.label == "Enregistrer ces données").click().run()
    assert not at.exception, at.exception
    assert "Enregistré comme lot 2" in texts(at)
    written = store.current_figures().query("indicator == 'employment'").sort_values("year")
    assert written[["year", "region", "sector", "value"]].to_dict("records") == [
        {"year": 2021, "region": "Québec", "sector": "all", "value": 276_500.0},
        {"year": 2022, "region": "Québec", "sector": "all", "value": 288_500.0},
    ]
    # A committed upload starts fresh: an empty uploader, and no choice left over.
    assert at.file_uploader[0].value is None
    assert not [s for s in at.selectbox if s.key and s.key.startswith("upload_choice_")]


def test_how_months_make_a_year_is_chosen_on_the_page(run_page: PageRunner) -> None:
    at = table_uploaded(run_page, "en")
    at = chosen(at, member_box(at, "en"), "Manufacturing [31-33]")
    annual = at.selectbox(key=choice_key(TABLE["en"], "annual"))
    assert annual.options == ["as the plan says for Employment in Quebec: the average", "the average", "the sum",
                              "the last period"]  # fmt: skip
    assert new_values(at, "en") == ["486,500", "498,500"]
    at = chosen(at, annual, "last")  # December's: 480 + 12, then 480 + 12 + 12
    assert new_values(at, "en") == ["492,000", "504,000"]


def test_a_dimension_taken_as_sectors_loses_its_box(run_page: PageRunner) -> None:
    """Agriculture and forestry are sectors of the plan (their aliases): each member a sector's figure."""
    industries = ("Agriculture [111-112, 1100, 1151-1152]", "Foresterie [113]")
    data = statcan_table("fr", industries, bases=(60, 30))
    at = table_uploaded(run_page, "fr", data)
    sectors = at.selectbox(key=choice_key(data, "as_sector"))
    assert sectors.options == ["aucune colonne (une seule série)", NAICS["fr"]]
    at = chosen(at, sectors, NAICS["fr"])
    assert not [s for s in at.selectbox if s.key == choice_key(data, f"where:{NAICS['fr']}")]
    changes = at.dataframe[0].value
    assert sorted(zip(changes["Secteur"], changes["Année"], changes["Nouvelle valeur"], strict=True)) == [
        ("Agroalimentaire", "2021", "66\u00a0500"),
        ("Agroalimentaire", "2022", "78\u00a0500"),
        ("Foresterie et énergie", "2021", "36\u00a0500"),
        ("Foresterie et énergie", "2022", "48\u00a0500"),
    ]
    assert f"{NAICS['fr']} : chaque membre comme secteur" in texts(at)


def test_a_new_file_starts_with_no_choice(run_page: PageRunner) -> None:
    at = table_uploaded(run_page, "en")
    at = chosen(at, member_box(at, "en"), "Construction [23]")
    other = statcan_table("en", bases=(4400, 280, 490))
    at.file_uploader[0].set_value((FILE, other, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key=choice_key(other, f"where:{NAICS['en']}")).value is None


BIG5 = "year,indicator,value,source\n2019,jobs,121500,台灣合作社聯合會統計年報\n".encode("big5")


def test_a_file_refused_for_its_encoding_is_read_in_the_one_typed(run_page: PageRunner) -> None:
    at = run_page("upload", lang="fr")
    at.file_uploader[0].set_value(("big5.csv", BIG5, "text/csv"))
    at.run()
    # The refusal stays listed (the field does not answer it alone), and the field is offered beside it.
    assert any("illisible en latin-1" in text for text in shown_texts(at))
    field = at.text_input(key=choice_key(BIG5, "encoding"))
    assert field.label == "Encodage du fichier"
    field.input("klingon").run()
    assert "« klingon » n’est pas un encodage connu de planmetrics." in texts(at)
    assert not [b for b in at.button if b.label == "Enregistrer ces données"]
    at.text_input(key=choice_key(BIG5, "encoding")).input("big5").run()
    assert not at.exception, at.exception
    changes = at.dataframe[0].value
    assert changes["Nouvelle valeur"].tolist() == ["121\u00a0500"]
    assert changes["Source"].tolist() == ["台灣合作社聯合會統計年報"]


def workbook_with_a_cover() -> bytes:
    """A cover sheet of notes first, the figures on the second sheet."""
    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Notes"
    cover["A1"] = "Emplois des coopératives, compilation 2019"
    cover["A3"] = "Source : Fédération"
    figures = book.create_sheet("Données")
    for line in (("année", "indicateur", "valeur", "source"), (2019, "Emplois", 121500, "Fédération 2019")):
        figures.append(line)
    kept = io.BytesIO()
    book.save(kept)
    return kept.getvalue()


def test_the_preview_says_which_sheet_was_read(run_page: PageRunner) -> None:
    at = run_page("upload", lang="fr")
    at.file_uploader[0].set_value(("emplois.xlsx", workbook_with_a_cover(), "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    assert "Feuille lue : Données" in texts(at)
    assert at.dataframe[0].value["Nouvelle valeur"].tolist() == ["121\u00a0500"]
    assert not [b for b in at.selectbox if b.label.startswith("Comment les mois")]  # a yearly file: nothing to make
