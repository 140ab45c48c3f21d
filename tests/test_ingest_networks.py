"""A figure's network (and sector) matched through the plan on every path that reads figures: ids, labels and
aliases in French and English give the id, the totals' spellings the total; a name the plan does not know is
kept as written and named, with what to do, in one warning per kind. Whether the file had a network column at
all (`Detected.network_column`), on long, wide, workbook, StatCan and fast files.

The shipped plan's networks (data/plans/cqcm-2020.toml) are read by hand for the expected ids: `desjardins` is
"Mouvement Desjardins" / "Desjardins Group", `sollio` "Sollio Groupe Coopératif" / "Sollio Cooperative Group"
(alias "La Coop fédérée"), `housing` has the alias "CQCH"."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from bench.real_files import xlsx_bytes
from planmetrics.ingest import ReadOptions, ReadResult, fast, read_figures
from planmetrics.plan import Plan
from planmetrics.store import Store

from .conftest import run_cli


def read(text: str, plan: Plan, lang: str = "en", **options: str) -> ReadResult:
    return read_figures(text.encode("utf-8"), "figures.csv", plan, lang=lang, options=ReadOptions(**options))


def networks(result: ReadResult) -> list[str]:
    assert result.ok, result.errors
    return list(result.figures["network"])


# ------------------------------------------------------------------ the careful path


@pytest.mark.parametrize(
    ("written", "network"),
    [
        ("desjardins", "desjardins"),  # the id
        ("Mouvement Desjardins", "desjardins"),  # the French label
        ("Desjardins Group", "desjardins"),  # the English label
        ("  MOUVEMENT DESJARDINS ", "desjardins"),  # any case, spaces around
        ("Fédération des caisses Desjardins du Québec", "desjardins"),  # an alias
        ("federation des caisses desjardins du quebec", "desjardins"),  # the alias without its accents
        ("Sollio Groupe Coopératif", "sollio"),
        ("Sollio Cooperative Group", "sollio"),
        ("La Coop fédérée", "sollio"),
        ("CQCH", "housing"),
    ],
)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_networks_label_or_alias_gives_its_id(plan: Plan, written: str, network: str, lang: str) -> None:
    result = read(f'year,indicator,network,value\n2018,jobs,"{written}",5\n', plan, lang)
    assert networks(result) == [network]
    assert result.warnings == ()


@pytest.mark.parametrize("written", ["all", "All", "tous les réseaux", "Tous les reseaux", "All networks", "total", ""])
def test_a_totals_spelling_stays_the_total(plan: Plan, written: str) -> None:
    result = read(f"année,indicateur,réseau,valeur\n2018,jobs,{written},5\n", plan, "fr")
    assert networks(result) == ["all"]
    assert result.warnings == ()


def test_sectors_and_networks_in_one_file_each_matched_by_its_kind(plan: Plan) -> None:
    """`housing` is both a sector (Habitation) and a network (the CQCH): each column is matched as its own kind."""
    text = (
        "year,indicator,sector,network,value\n"
        "2018,jobs,Habitation,CQCH,5\n"
        "2018,jobs,Agroalimentaire,Sollio Groupe Coopératif,6\n"
        "2018,jobs,Services financiers,Mouvement Desjardins,7\n"
    )
    result = read(text, plan)
    assert result.ok, result.errors
    pairs = list(zip(result.figures["sector"], result.figures["network"], strict=True))
    assert pairs == [("housing", "housing"), ("agri_food", "sollio"), ("financial_services", "desjardins")]
    assert result.warnings == ()


def test_two_spellings_of_one_network_are_one_figure(plan: Plan) -> None:
    """`Mouvement Desjardins` and `desjardins` are the same network: two values for one figure, refused by name."""
    text = "year,indicator,network,value\n2018,jobs,Mouvement Desjardins,5\n2018,jobs,desjardins,6\n"
    english, french = read(text, plan, "en"), read(text, plan, "fr")
    assert [(p.row, p.column, p.value) for p in english.errors] == [(3, "value", "6")]
    assert (
        "Jobs 2018 (All of Quebec, all sectors, Desjardins Group): 5 in row 2 and 6 here" in english.errors[0].message
    )
    assert "Emplois 2018 (Ensemble du Québec, tous les secteurs, Mouvement Desjardins) : 5 à la ligne 2" in (
        french.errors[0].message
    )


UNKNOWN = (
    "year,indicator,secteur,réseau,value\n"
    "2018,jobs,Mines,Caisse populaire X,5\n"
    "2018,jobs,Agroalimentaire,Coop Y,6\n"
    "2019,jobs,Mines,Caisse populaire X,7\n"
    "2019,jobs,Pêcheries,Mouvement Desjardins,8\n"
)


def test_unknown_names_are_kept_as_written(plan: Plan) -> None:
    result = read(UNKNOWN, plan)
    assert result.ok, result.errors
    rows = list(zip(result.figures["sector"], result.figures["network"], result.figures["value"], strict=True))
    assert rows == [
        ("Mines", "Caisse populaire X", 5.0),
        ("agri_food", "Coop Y", 6.0),
        ("Mines", "Caisse populaire X", 7.0),
        ("Pêcheries", "desjardins", 8.0),
    ]


def test_unknown_names_are_said_in_english(plan: Plan) -> None:
    sectors, networks_ = read(UNKNOWN, plan, "en").warnings
    assert (sectors.row, sectors.column, networks_.row, networks_.column) == (None, "secteur", None, "réseau")
    assert sectors.message == (
        "Column 'secteur' names 2 sectors that are not among the plan's sectors: Mines; Pêcheries. Their figures "
        "were kept under those names, as written. For each one that is a sector of the plan under another name, add "
        "the name to that sector's aliases in the plan file's [[sectors]] table; correct any misspelled name in the "
        "file."
    )
    assert networks_.message == (
        "Column 'réseau' names 2 networks that are not among the plan's member networks: Caisse populaire X; Coop Y. "
        "Their figures were kept under those names, as written. For each one that is a member network under another "
        "name, add the name to that network's aliases in the plan file's [[networks]] table; correct any misspelled "
        "name in the file."
    )


def test_unknown_names_are_said_in_french(plan: Plan) -> None:
    sectors, networks_ = read(UNKNOWN, plan, "fr").warnings
    assert sectors.message.startswith(
        "La colonne « secteur » nomme 2 secteurs qui ne font pas partie des secteurs du plan : Mines ; Pêcheries. "
    )
    assert networks_.message == (
        "La colonne « réseau » nomme 2 réseaux qui ne font pas partie des réseaux membres du plan : "
        "Caisse populaire X ; Coop Y. Leurs chiffres ont été gardés sous ces noms, tels qu'ils sont écrits. Pour "
        "chacun qui est un réseau membre sous un autre nom, ajoutez ce nom aux alias de ce réseau dans sa table "
        "[[networks]] du fichier du plan ; corrigez dans le fichier tout nom mal orthographié."
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Column 'network' names a network that is not one of the plan's member networks: Caisses, Québec. "),
        (
            "fr",
            "La colonne « network » nomme un réseau qui n'est pas l'un des réseaux membres du plan : Caisses, Québec. ",
        ),
    ],
)
def test_one_unknown_network_is_said_in_the_singular(plan: Plan, lang: str, expected: str) -> None:
    text = 'year,indicator,network,value\n2018,jobs,"Caisses, Québec",5\n2019,jobs,"Caisses, Québec",6\n'
    (warning,) = read(text, plan, lang).warnings
    assert warning.message.startswith(expected)
    assert "[[networks]]" in warning.message


def test_many_unknown_networks_list_the_first_ten_and_count_the_rest(plan: Plan) -> None:
    rows = "".join(f"2018,jobs,Coop {n},{n}\n" for n in range(1, 13))  # Coop 1 ... Coop 12
    (english,) = read("year,indicator,network,value\n" + rows, plan, "en").warnings
    (french,) = read("year,indicator,network,value\n" + rows, plan, "fr").warnings
    first_ten = "; ".join(f"Coop {n}" for n in range(1, 11))
    assert f"names 12 networks that are not among the plan's member networks: {first_ten} and 2 more." in (
        english.message
    )
    assert "nomme 12 réseaux" in french.message
    assert f"{' ; '.join(f'Coop {n}' for n in range(1, 11))} et 2 autres." in french.message


def test_a_wide_files_unknown_network_is_named_once(plan: Plan) -> None:
    """One row of three year columns is three figures of the same network: the name is listed once."""
    result = read("network,indicator,2017,2018,2019\nCoop Z,jobs,1,2,3\nMouvement Desjardins,jobs,4,5,6\n", plan)
    assert networks(result) == ["Coop Z"] * 3 + ["desjardins"] * 3
    (warning,) = result.warnings
    assert "names a network that is not one of the plan's member networks: Coop Z." in warning.message


# ------------------------------------------------------------------ the fast path (a file over 1 MiB)

SPELLINGS = [  # (as written, the id it gives)
    ("Mouvement Desjardins", "desjardins"),
    ("Desjardins Group", "desjardins"),
    ("Sollio Groupe Coopératif", "sollio"),
    ("La Coop fédérée", "sollio"),
    ("CQCH", "housing"),
    ("Promutuel Assurance", "promutuel"),
    ("tous les réseaux", "all"),
    ("all", "all"),
    ("Alpha", "Alpha"),
    ("Beta", "Beta"),
]


def _big_file(plan: Plan, with_network: bool = True) -> bytes:
    """Each (year, region) once per network: 100 years, 18 regions, and per row one of the spellings above,
    chosen so that no two spellings of one network share a key. Over 1 MiB, so the fast path reads it.

    Row 2 is Beta's, but its value is missing (`..`, skipped): the careful path meets Alpha (row 3) first."""
    regions = [r.id for r in plan.regions]
    source = "Portrait des réseaux coopératifs du Québec : compilation annuelle" + " (détail)" * (
        4 if with_network else 60
    )
    header = "year,indicator,region,network,value,source" if with_network else "year,indicator,region,value,source"
    lines = [header, "1949,jobs,Québec,Beta,..,x" if with_network else "1949,jobs,Québec,..,x"]
    for year in range(1950, 2050):
        for region in regions:
            for pair in range(5):  # two spellings each: which one depends on the year
                written, _ = SPELLINGS[2 * pair + year % 2]
                cells = [str(year), "jobs", region, written] if with_network else [str(year), "jobs", region]
                cells += [str(year * 10 + pair), source]
                lines.append(",".join(cells))
                if not with_network:
                    break
    data = ("\n".join(lines) + "\n").encode("utf-8")
    assert len(data) > fast.FAST_MIN_BYTES
    return data


def test_the_fast_path_matches_networks_as_the_careful_path(plan: Plan) -> None:
    data = _big_file(plan)
    quick = read_figures(data, "big.csv", plan, lang="fr")
    careful = read_figures(data, "big.csv", plan, lang="fr", options=ReadOptions(encoding="utf-8"))
    assert isinstance(quick.staged, pa.Table)  # the fast path read it
    assert not isinstance(careful.staged, pa.Table)
    assert quick.ok and careful.ok, (quick.errors[:2], careful.errors[:2])
    # 100 years x 18 regions = 1,800 rows per pair of spellings; Beta's one row (1949) was a missing value.
    counts = quick.figures["network"].value_counts().to_dict()
    assert counts == {"desjardins": 1800, "sollio": 1800, "housing": 900, "promutuel": 900, "all": 1800,
                      "Alpha": 900, "Beta": 900}  # fmt: skip
    year_2018 = quick.figures[(quick.figures["year"] == 2018) & (quick.figures["region"] == "Montréal")]
    assert sorted(year_2018["network"]) == ["Alpha", "all", "desjardins", "housing", "sollio"]  # even years
    assert quick.skipped_missing == careful.skipped_missing == 1
    sort = ["year", "region", "network"]
    assert quick.figures.sort_values(sort)[["year", "region", "network", "value"]].astype(str).values.tolist() == (
        careful.figures.sort_values(sort)[["year", "region", "network", "value"]].astype(str).values.tolist()
    )
    unknown = [w for w in quick.warnings if "réseaux membres" in w.message]
    assert [w.message for w in unknown] == [w.message for w in careful.warnings if "réseaux membres" in w.message]
    (said,) = unknown
    assert "nomme 2 réseaux qui ne font pas partie des réseaux membres du plan : Alpha ; Beta." in said.message
    assert quick.warnings == careful.warnings


def test_the_fast_path_says_unknown_sectors_in_english(plan: Plan) -> None:
    data = _big_file(plan).replace(b"region,network", b"region,sector").replace(b",Alpha,", b",Mines,")
    quick = read_figures(data, "big.csv", plan, lang="en")
    assert isinstance(quick.staged, pa.Table)
    sectors = quick.figures["sector"].value_counts().to_dict()
    # network spellings read as sectors: only `all` and `tous les réseaux` are the total; the others are no sector
    assert sectors["all"] == 1800 and sectors["Mines"] == 900
    careful = read_figures(data, "big.csv", plan, lang="en", options=ReadOptions(encoding="utf-8"))
    assert quick.warnings == careful.warnings
    (said,) = [w for w in quick.warnings if w.column == "sector"]
    # in the order of their first rows (Beta's row 2 was a missing value: its first figure is in 1951)
    names = "Mouvement Desjardins; Sollio Groupe Coopératif; CQCH; Mines; Desjardins Group; La Coop fédérée; "
    names += "Promutuel Assurance; Beta"
    assert said.message.startswith(f"Column 'sector' names 8 sectors that are not among the plan's sectors: {names}.")


# ------------------------------------------------------------------ whether the file had a network column


@pytest.mark.parametrize(
    ("text", "layout", "network_column"),
    [
        ("year,indicator,network,value\n2018,jobs,Mouvement Desjardins,5\n", "long", True),
        ("year,indicator,réseau,value\n2018,jobs,,5\n", "long", True),  # a column, its cells empty
        ("year,indicator,region,value\n2018,jobs,Montréal,5\n", "long", False),
        ("network,indicator,2018,2019\nMouvement Desjardins,jobs,5,6\n", "wide", True),
        ("indicator,2018,2019\njobs,5,6\n", "wide", False),
        ("year,Réseau,Emplois,Membres\n2018,Mouvement Desjardins,5,6\n", "wide", True),  # a column per indicator
    ],
)
def test_the_network_column_is_detected_on_text_files(plan: Plan, text: str, layout: str, network_column: bool) -> None:
    result = read(text, plan)
    assert result.ok, result.errors
    assert (result.detected.layout, result.detected.network_column) == (layout, network_column)


WORKBOOK_ROWS = {  # with a network column, and without one
    True: [["année", "indicateur", "réseau", "valeur"], [2018, "jobs", "Mouvement Desjardins", 5]],
    False: [["année", "indicateur", "valeur"], [2018, "jobs", 5]],
}


@pytest.mark.parametrize("network_column", [True, False])
def test_the_network_column_is_detected_in_a_workbook(plan: Plan, network_column: bool) -> None:
    data = xlsx_bytes(WORKBOOK_ROWS[network_column])
    result = read_figures(data, "figures.xlsx", plan, lang="fr")
    assert (result.detected.encoding, result.detected.network_column) == ("xlsx", network_column)
    assert networks(result) == ["desjardins" if network_column else "all"]


@pytest.mark.parametrize("with_network", [True, False])
def test_the_network_column_is_detected_on_the_fast_path(plan: Plan, with_network: bool) -> None:
    result = read_figures(_big_file(plan, with_network), "big.csv", plan)
    assert isinstance(result.staged, pa.Table)
    assert result.detected.network_column is with_network


def test_a_statcan_table_has_no_network_column(plan: Plan) -> None:
    text = (
        "REF_DATE,GEO,DGUID,UOM,UOM_ID,SCALAR_FACTOR,SCALAR_ID,VECTOR,COORDINATE,VALUE,STATUS,SYMBOL,TERMINATED,"
        "DECIMALS\n"
        "2018,Quebec,2016A000224,Persons,249,units,0,v1,1,5,,,,0\n"
    )
    result = read(text, plan, indicator="jobs")
    assert result.ok, result.errors
    assert (result.detected.layout, result.detected.network_column) == ("statcan", False)


# ------------------------------------------------------------------ the command line


def test_import_stores_the_id_and_says_the_unknown_network(db: str, tmp_path: Path) -> None:
    path = tmp_path / "réseaux.csv"
    path.write_text("year,indicator,network,value\n2018,jobs,Mouvement Desjardins,5\n2018,jobs,Coop Y,6\n")
    done = run_cli("--db", db, "--lang", "fr", "import", str(path), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    said = [w for w in payload["warnings"] if w["column"] == "network"]
    assert len(said) == 1 and said[0]["row"] is None
    assert "nomme un réseau qui n'est pas l'un des réseaux membres du plan : Coop Y." in said[0]["message"]
    stored = Store(db).current_figures()
    ours = stored[stored["source"] == "réseaux.csv"]
    assert sorted(zip(ours["network"], ours["value"], strict=True)) == [("Coop Y", 6.0), ("desjardins", 5.0)]
