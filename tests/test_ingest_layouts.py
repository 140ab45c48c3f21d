"""Files a manager can upload (CONTRACT.md), written in tmp_path, and the exact figures they give.

Every expected value is worked out by hand from the file's text: `33,4 M$` is 33,400,000 dollars, `7 %` is 0.07.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from planmetrics import config
from planmetrics.ingest import ReadOptions, ReadResult, read_figures
from planmetrics.plan import Plan

Key = tuple[str, int, str, str, str]


def read(tmp_path: Path, name: str, content: bytes, plan: Plan, **options: str) -> ReadResult:
    path = tmp_path / name
    path.write_bytes(content)
    lang = options.pop("lang", "en")
    return read_figures(path.read_bytes(), path.name, plan, lang=lang, options=ReadOptions(**options))


def values(result: ReadResult) -> dict[Key, float]:
    assert result.ok, result.errors
    frame = result.figures
    assert list(frame.columns) == config.STORED_COLUMNS
    return {
        (row.indicator, int(row.year), row.region, row.sector, row.network): float(row.value)
        for row in frame.itertuples(index=False)
    }


def column_of(result: ReadResult, name: str) -> dict[Key, object]:
    return {
        (r["indicator"], int(r["year"]), r["region"], r["sector"], r["network"]): r[name]
        for r in result.figures.to_dict("records")
    }


def where(result: ReadResult) -> set[tuple[int | None, str | None]]:
    return {(p.row, p.column) for p in result.errors}


TOTAL = ("Québec", "all", "all")
LONG_CSV = (
    "year,indicator,region,sector,network,value,unit,flag,source\n"
    '2014,jobs,Québec,all,all,100000,jobs,approximate,"CQCM, 2015"\n'
    '2018,Emplois,Montreal,,,"30,000",,p,\n'
    "2018,jobs,,Services financiers,Desjardins,52 100,,,\n"
    "2019,Chiffre d'affaires,,,,47 G$,,r,CQCM 2020\n"
)


# ------------------------------------------------------------------ long layout, encodings, delimiters


def test_long_layout_every_column(tmp_path: Path, plan: Plan) -> None:
    result = read(tmp_path, "figures.csv", LONG_CSV.encode(), plan)
    assert values(result) == {
        ("jobs", 2014, *TOTAL): 100_000,
        ("jobs", 2018, "Montréal", "all", "all"): 30_000,
        ("jobs", 2018, "Québec", "financial_services", "desjardins"): 52_100,
        ("revenue", 2019, *TOTAL): 47e9,
    }
    flags = column_of(result, "flag")
    assert flags[("jobs", 2014, *TOTAL)] == "approximate"
    assert flags[("jobs", 2018, "Montréal", "all", "all")] == "preliminary"
    assert flags[("jobs", 2018, "Québec", "financial_services", "desjardins")] is None
    assert flags[("revenue", 2019, *TOTAL)] == "revised"
    sources = column_of(result, "source")
    assert sources[("jobs", 2014, *TOTAL)] == "CQCM, 2015"
    assert sources[("jobs", 2018, "Montréal", "all", "all")] == "figures.csv"
    assert column_of(result, "unit")[("revenue", 2019, *TOTAL)] == "dollars"
    assert result.detected.layout == "long"
    assert result.detected.delimiter == ","
    assert result.figures["year"].dtype == "int64"


@pytest.mark.parametrize(
    ("encoding", "bom", "newline", "delimiter", "detected"),
    [
        ("utf-8", b"", "\n", ",", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "\r\n", ",", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "\r\n", "\t", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "\n", ";", "utf-16"),
        ("latin-1", b"", "\n", "|", "latin-1"),
        ("cp1252", b"", "\r", ";", "cp1252"),
    ],
)
def test_encodings_delimiters_and_newlines(
    tmp_path: Path, plan: Plan, encoding: str, bom: bytes, newline: str, delimiter: str, detected: str
) -> None:
    lines = ["Année|Indicateur|Région|Valeur", "2018|Emplois|Montréal|116000", "", "2019|Membres||8800000"]
    if encoding == "cp1252":
        lines[1] = "2018|Chiffre d’affaires|Montréal|39000000000"
    text = newline.join(line.replace("|", delimiter) for line in lines) + newline
    result = read(tmp_path, "f.csv", bom + text.encode(encoding), plan)
    first = "revenue" if encoding == "cp1252" else "jobs"
    expected_first = 39e9 if encoding == "cp1252" else 116_000
    assert values(result) == {
        (first, 2018, "Montréal", "all", "all"): expected_first,
        ("members", 2019, *TOTAL): 8_800_000,
    }
    assert (result.detected.encoding, result.detected.delimiter) == (detected, delimiter)


def test_semicolon_cp1252_french_headers_decimal_comma(tmp_path: Path, plan: Plan) -> None:
    text = (
        "ANNÉE;Indicateur;Région;Secteur;Réseau;Valeur (G$);Note;Source\n"
        "2014;Chiffre d’affaires;Ensemble du Québec;;;33,4;E;Plan 2015\n"
        "2018;chiffre d'affaires;;;;39;;\n"
        "2019;CHIFFRE D'AFFAIRES;;;;1,234;;\n"
    )
    result = read(tmp_path, "fr.csv", text.encode("cp1252"), plan, lang="fr")
    assert values(result) == pytest.approx(
        {
            ("revenue", 2014, *TOTAL): 33.4e9,
            ("revenue", 2018, *TOTAL): 39e9,
            ("revenue", 2019, *TOTAL): 1.234e9,
        }
    )
    assert result.detected.encoding == "cp1252"
    assert (result.detected.delimiter, result.detected.decimal) == (";", ",")
    assert column_of(result, "flag")[("revenue", 2014, *TOTAL)] == "approximate"
    assert any(w.value == "1,234" for w in result.warnings)


def test_export_in_the_french_style_reads_back(tmp_path: Path, plan: Plan) -> None:
    text = (
        "year;indicator;region;sector;network;value;unit;flag;source\n"
        "2014;revenue;Québec;all;all;33400000000;dollars;;CQCM\n"
        "2018;members;Québec;all;all;8800000;persons;approximate;CQCM\n"
        "2018;jobs;Montréal;agri_food;'=HYPERLINK(x);1234,5;jobs;;'@source\n"
    )
    result = read(tmp_path, "export.csv", b"\xef\xbb\xbf" + text.encode(), plan)
    assert values(result) == {
        ("revenue", 2014, *TOTAL): 33.4e9,
        ("members", 2018, *TOTAL): 8.8e6,
        ("jobs", 2018, "Montréal", "agri_food", "=HYPERLINK(x)"): 1234.5,
    }
    assert column_of(result, "source")[("jobs", 2018, "Montréal", "agri_food", "=HYPERLINK(x)")] == "@source"


def test_formula_like_text_is_kept_as_text(tmp_path: Path, plan: Plan) -> None:
    text = "year,indicator,value,network,source\n2018,jobs,5,+cmd,-ok\n2019,jobs,6,''=x,=SUM(A1)\n"
    result = read(tmp_path, "f.csv", text.encode(), plan)
    networks = column_of(result, "network")
    sources = column_of(result, "source")
    assert networks[("jobs", 2018, "Québec", "all", "+cmd")] == "+cmd"
    assert sources[("jobs", 2018, "Québec", "all", "+cmd")] == "-ok"
    assert sources[("jobs", 2019, "Québec", "all", "''=x")] == "=SUM(A1)"


def test_source_argument_and_indicator_argument(tmp_path: Path, plan: Plan) -> None:
    text = 'Year,Value\n2017,7 %\n2018,"1,5"\n'
    result = read(tmp_path, "f.csv", text.encode(), plan, indicator="Emplois", source="Survey 2019")
    assert result.errors
    assert "percentage" in result.errors[0].message
    text = "Year,Value\n2017,110 000\n2018,..\n"
    result = read(tmp_path, "f.csv", text.encode(), plan, indicator="Emplois", source="Survey 2019")
    assert values(result) == {("jobs", 2017, *TOTAL): 110_000}
    assert set(result.figures["source"]) == {"Survey 2019"}
    assert result.skipped_missing == 1


def test_identical_duplicates_are_kept_once(tmp_path: Path, plan: Plan) -> None:
    text = "year,indicator,value\n2018,jobs,116000\n2018,Emplois,116 000\n"
    result = read(tmp_path, "f.csv", text.encode(), plan)
    assert values(result) == {("jobs", 2018, *TOTAL): 116_000}


@pytest.mark.parametrize(
    ("written", "flag"),
    [("E", "approximate"), ("approx.", "approximate"), ("environ", "approximate"), ("p", "preliminary"),
     ("provisoire", "preliminary"), ("prelim", "preliminary"), ("r", "revised"), ("révisé", "revised"),
     ("revised", "revised"), ("", None)],
)  # fmt: skip
def test_flags(tmp_path: Path, plan: Plan, written: str, flag: str | None) -> None:
    result = read(tmp_path, "f.csv", f"year,indicator,value,flag\n2018,jobs,5,{written}\n".encode(), plan)
    assert column_of(result, "flag")[("jobs", 2018, *TOTAL)] == flag


def test_missing_markers_are_skipped_and_counted(tmp_path: Path, plan: Plan) -> None:
    rows = "".join(f"{2000 + n},jobs,{marker}\n" for n, marker in enumerate(["..", "x", "F", "n.d.", "N/A", "-", "—"]))
    result = read(tmp_path, "f.csv", f"year,indicator,value\n{rows}2018,jobs,1\n2019,jobs,\n".encode(), plan)
    assert values(result) == {("jobs", 2018, *TOTAL): 1}
    assert result.skipped_missing == 8
    assert any("8" in w.message for w in result.warnings)


# ------------------------------------------------------------------ every problem, in one pass


def test_every_problem_is_listed_with_row_and_column(tmp_path: Path, plan: Plan) -> None:
    text = (
        "year,indicator,region,value,flag\n"
        "2018,jobs,,116000,\n"
        "18,jobs,,5,\n"
        "2018,widgets,,5,\n"
        "2018,jobs,Atlantis,5,\n"
        "2017,jobs,,environ 120 000,\n"
        "2018,jobs,,120000,\n"
        "2019,jobs,,5,maybe\n"
        "2101,jobs,,5,\n"
        "2016,revenue,,45,5\n"
    )
    result = read(tmp_path, "f.csv", text.encode(), plan)
    assert not result.ok
    assert where(result) == {
        (3, "year"),
        (4, "indicator"),
        (5, "region"),
        (6, "value"),
        (7, "value"),
        (8, "flag"),
        (9, "year"),
        (10, "flag"),
    }
    by_row = {p.row: p for p in result.errors}
    assert "2018" in by_row[3].message
    assert "Jobs, Revenue" in by_row[4].message  # the known indicators, by their labels
    assert "Montréal" in by_row[5].message
    assert "environ" in by_row[6].message
    assert "row 2" in by_row[7].message
    assert by_row[3].value == "18"
    assert result.figures.empty


def test_messages_in_french(tmp_path: Path, plan: Plan) -> None:
    result = read(tmp_path, "f.csv", b"annee,indicateur,valeur\n20188,emplois,5\n", plan, lang="fr")
    assert result.errors[0].message.startswith("« 20188 » n'est pas une année")


def test_same_problem_on_many_rows_is_listed_once_with_its_rows(tmp_path: Path, plan: Plan) -> None:
    rows = "".join(f"{2000 + n},jobs,Atlantis,5\n" for n in range(4))
    result = read(tmp_path, "f.csv", f"year,indicator,region,value\n{rows}".encode(), plan)
    assert len(result.errors) == 1
    assert result.errors[0].row == 2
    assert "3, 4, 5" in result.errors[0].message


def test_ragged_rows_and_huge_cells(tmp_path: Path, plan: Plan) -> None:
    huge = "a" * 10_001
    text = f"year,indicator,value,source\n2018,jobs,5,ok\n2019,jobs,6\n2020,jobs,7,x,extra\n2021,jobs,8,{huge}\n"
    result = read(tmp_path, "f.csv", text.encode(), plan)
    assert where(result) == {(3, None), (4, None), (5, "source")}


def test_missing_columns_are_whole_file_problems(tmp_path: Path, plan: Plan) -> None:
    result = read(tmp_path, "f.csv", b"indicator,value\njobs,5\n", plan)
    assert where(result) == {(None, None)}
    assert "year" in result.errors[0].message
    result = read(tmp_path, "f.csv", b"year,value\n2018,5\n", plan)
    assert "--indicator" in result.errors[0].message
    result = read(tmp_path, "f.csv", b"year,value\n2018,5\n", plan, indicator="widgets")
    assert "widgets" in result.errors[0].message


def test_size_cap_is_checked_first(tmp_path: Path, plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANMETRICS_MAX_UPLOAD_MB", "0.001")
    result = read(tmp_path, "f.csv", b"year,indicator,value\n" + b"2018,jobs,5\n" * 200, plan)
    assert where(result) == {(None, None)}
    assert "limit" in result.errors[0].message


@pytest.mark.parametrize(
    "content", [b"", b"\n\n", b"year,indicator,value\n", b"year,indicator,value\n2018,jobs,..\n", b"a,\x00b\n"]
)
def test_files_without_figures_are_refused(tmp_path: Path, plan: Plan, content: bytes) -> None:
    result = read(tmp_path, "f.csv", content, plan)
    assert not result.ok
    assert where(result) == {(None, None)}


# ------------------------------------------------------------------ wide layouts


def test_wide_by_year(tmp_path: Path, plan: Plan) -> None:
    text = 'indicator,region,2014,2018\nEmplois,,"100 000","116 000"\njobs,Montréal,..,"30 000"\n'
    result = read(tmp_path, "wide.csv", text.encode(), plan)
    assert values(result) == {
        ("jobs", 2014, *TOTAL): 100_000,
        ("jobs", 2018, *TOTAL): 116_000,
        ("jobs", 2018, "Montréal", "all", "all"): 30_000,
    }
    assert result.skipped_missing == 1
    assert result.detected.layout == "wide"


def test_wide_by_indicator_with_units_in_headers(tmp_path: Path, plan: Plan) -> None:
    text = "année;Emplois;Chiffre d'affaires (G$);Membres\n2014;100 000;33,4;\n2018;116 000;39;8,8 millions\n"
    result = read(tmp_path, "wide.csv", text.encode(), plan)
    assert values(result) == pytest.approx(
        {
            ("jobs", 2014, *TOTAL): 100_000,
            ("revenue", 2014, *TOTAL): 33.4e9,
            ("jobs", 2018, *TOTAL): 116_000,
            ("revenue", 2018, *TOTAL): 39e9,
            ("members", 2018, *TOTAL): 8.8e6,
        }
    )
    assert (result.detected.layout, result.detected.delimiter, result.detected.decimal) == ("wide", ";", ",")
    assert result.skipped_missing == 1


def test_revenue_in_millions_header(tmp_path: Path, plan: Plan) -> None:
    text = 'Year,Revenue ($M),Jobs (thousands)\n2018,"39,000",116\n2019,$47B,\n'
    result = read(tmp_path, "wide.csv", text.encode(), plan)
    assert values(result) == {
        ("revenue", 2018, *TOTAL): 39e9,
        ("jobs", 2018, *TOTAL): 116_000,
        ("revenue", 2019, *TOTAL): 47e9,  # a cell's own scale wins over its header's
    }


# ------------------------------------------------------------------ Statistics Canada tables


def statcan_row(*cells: str) -> str:
    return ",".join(f'"{cell}"' for cell in cells) + "\n"


EN_SERIES = ("Quebec", "2016A000224", "Total, all industries", "Persons", "249", "thousands", "3", "v1", "2.1")
STATCAN_EN = (
    statcan_row(
        "REF_DATE", "GEO", "DGUID", "North American Industry Classification System (NAICS)", "UOM", "UOM_ID",
        "SCALAR_FACTOR", "SCALAR_ID", "VECTOR", "COORDINATE", "VALUE", "STATUS", "SYMBOL", "TERMINATED", "DECIMALS",
    )
    + statcan_row("2017", *EN_SERIES, "1150.5", "", "", "", "1")
    + statcan_row("2018", *EN_SERIES, "1160.2", "E", "", "", "1")
    + statcan_row("2019", *EN_SERIES, "", "..", "", "", "1")
    + statcan_row("2020-01", *EN_SERIES, "1170", "", "p", "", "1")
)  # fmt: skip
FR_SERIES = ("2016A000224", "Ensemble", "2002=100", "17", "unités", "0", "v41690973", "2.2")
STATCAN_FR = (
    statcan_row(
        "PÉRIODE DE RÉFÉRENCE", "GÉO", "DGUID", "Produits et groupes de produits", "UNITÉ DE MESURE",
        "IDENTIFICATEUR D'UNITÉ DE MESURE", "FACTEUR SCALAIRE", "IDENTIFICATEUR SCALAIRE", "VECTEUR", "COORDONNÉES",
        "VALEUR", "STATUT", "SYMBOLE", "TERMINÉ", "DÉCIMALES",
    )
    + statcan_row("2017/2018", "Québec", *FR_SERIES, "127.5", "", "r", "", "1")
    + statcan_row("2019", "Québec", *FR_SERIES, "130.1", "", "", "", "1")
    + statcan_row("2020", "Montréal (06)", *FR_SERIES, "131", "x", "", "", "1")
)  # fmt: skip


def test_statcan_english_with_indicator_argument(tmp_path: Path, plan: Plan) -> None:
    result = read(tmp_path, "14100023.csv", STATCAN_EN.encode(), plan, indicator="jobs")
    assert values(result) == pytest.approx(
        {
            ("jobs", 2017, *TOTAL): 1_150_500,
            ("jobs", 2018, *TOTAL): 1_160_200,
            ("jobs", 2020, *TOTAL): 1_170_000,
        }
    )
    flags = column_of(result, "flag")
    assert (flags[("jobs", 2017, *TOTAL)], flags[("jobs", 2018, *TOTAL)]) == (None, "approximate")
    assert flags[("jobs", 2020, *TOTAL)] == "preliminary"
    assert result.skipped_missing == 1
    assert result.detected.layout == "statcan"


def test_statcan_without_indicator_asks_for_one(tmp_path: Path, plan: Plan) -> None:
    result = read(tmp_path, "14100023.csv", STATCAN_EN.encode(), plan)
    assert where(result) == {(None, None)}
    assert "--indicator" in result.errors[0].message


def test_statcan_french_mapped_by_the_plan(tmp_path: Path, plan: Plan) -> None:
    name = "indice_des_prix_a_la_consommation.csv"
    result = read(tmp_path, name, b"\xef\xbb\xbf" + STATCAN_FR.encode(), plan)
    assert values(result) == {("cpi", 2018, *TOTAL): 127.5, ("cpi", 2019, *TOTAL): 130.1}
    assert column_of(result, "flag")[("cpi", 2018, *TOTAL)] == "revised"
    assert set(result.figures["unit"]) == {"index"}
    assert result.skipped_missing == 1


def test_statcan_french_semicolons_and_decimal_commas(tmp_path: Path, plan: Plan) -> None:
    text = STATCAN_FR.replace('","', '";"').replace("127.5", "127,5").replace("130.1", "130,1")
    result = read(tmp_path, "t.csv", text.encode("utf-8"), plan, indicator="cpi")
    assert values(result) == {("cpi", 2018, *TOTAL): 127.5, ("cpi", 2019, *TOTAL): 130.1}
    assert result.detected.decimal == ","


def test_statcan_several_series_ask_for_a_choice(tmp_path: Path, plan: Plan) -> None:
    """Two products in one table: refused with the column, its values and the command to run (see
    tests/test_ingest_statcan.py for choosing); the series are given back for the Upload page."""
    several = STATCAN_FR.replace('"2019","Québec","2016A000224","Ensemble"', '"2019","Québec","2016A000224","Aliments"')
    result = read(tmp_path, "t.csv", several.encode(), plan, indicator="cpi")
    assert where(result) == {(None, None)}
    assert "« Produits et groupes de produits »" not in result.errors[0].message  # English reader
    assert "'Produits et groupes de produits'" in result.errors[0].message
    assert '--where "Produits et groupes de produits=Ensemble"' in result.errors[0].message
    assert [(s.dimension, s.members, s.chosen) for s in result.series] == [
        ("Produits et groupes de produits", ("Ensemble", "Aliments"), None)
    ]


# ------------------------------------------------------------------ Excel


def write_workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "vide"
    sheet = book.create_sheet("Données")
    sheet.append([])
    sheet.append(["Année", "Indicateur", "Région", "Valeur"])
    sheet.append([2018, "Emplois", "Montréal", 30000])
    sheet.append([2019, "Chiffre d'affaires", None, "47 G$"])
    sheet.append([2019, "jobs", None, "..."])
    sheet.append([2020, "jobs", None, 12.5])
    book.save(path)


def test_xlsx_first_sheet_with_data(tmp_path: Path, plan: Plan) -> None:
    write_workbook(tmp_path / "w.xlsx")
    result = read_figures((tmp_path / "w.xlsx").read_bytes(), "w.xlsx", plan)
    assert values(result) == {
        ("jobs", 2018, "Montréal", "all", "all"): 30_000,
        ("revenue", 2019, *TOTAL): 47e9,
        ("jobs", 2020, *TOTAL): 12.5,
    }
    assert result.skipped_missing == 1
    assert (result.detected.encoding, result.detected.delimiter) == ("xlsx", "")


def test_xlsx_rows_are_numbered_as_the_spreadsheet_shows(tmp_path: Path, plan: Plan) -> None:
    book = openpyxl.Workbook()
    book.active.append([])
    book.active.append(["year", "indicator", "value"])
    book.active.append([2018, "jobs", 5])
    book.active.append([1800, "jobs", 5])
    book.save(tmp_path / "w.xlsx")
    result = read_figures((tmp_path / "w.xlsx").read_bytes(), "w.xlsx", plan)
    assert where(result) == {(4, "year")}


def test_xlsx_sheet_by_name(tmp_path: Path, plan: Plan) -> None:
    write_workbook(tmp_path / "w.xlsx")
    data = (tmp_path / "w.xlsx").read_bytes()
    assert values(read_figures(data, "w.xlsx", plan, options=ReadOptions(sheet="donnees")))
    result = read_figures(data, "w.xlsx", plan, options=ReadOptions(sheet="Feuil9"))
    assert "Données" in result.errors[0].message
    result = read_figures(data, "w.xlsx", plan, options=ReadOptions(sheet="vide"))
    assert not result.ok


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path, plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANMETRICS_MAX_UPLOAD_MB", "0.5")  # the workbook may expand to 10 MB
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (12 * 1024 * 1024))
    (tmp_path / "bomb.xlsx").write_bytes(buffer.getvalue())
    assert len(buffer.getvalue()) < 0.5 * 1024 * 1024
    result = read_figures((tmp_path / "bomb.xlsx").read_bytes(), "bomb.xlsx", plan)
    assert where(result) == {(None, None)}
    assert "10 MB" in result.errors[0].message


@pytest.mark.parametrize("declaration", ['<!DOCTYPE x [<!ENTITY a "b">]>', '<!ENTITY lol "lol">'])
def test_xml_entities_are_refused(tmp_path: Path, plan: Plan, declaration: str) -> None:
    write_workbook(tmp_path / "w.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(tmp_path / "w.xlsx") as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = declaration.encode() + data
            target.writestr(item, data)
    (tmp_path / "evil.xlsx").write_bytes(buffer.getvalue())
    result = read_figures((tmp_path / "evil.xlsx").read_bytes(), "evil.xlsx", plan)
    assert where(result) == {(None, None)}
    assert "ENTITY" in result.errors[0].message


def test_a_text_file_named_xlsx_is_refused(tmp_path: Path, plan: Plan) -> None:
    result = read(tmp_path, "figures.xlsx", b"year,indicator,value\n2018,jobs,5\n", plan)
    assert where(result) == {(None, None)}
    assert ".xlsx" in result.errors[0].message
