"""Files as managers download them (issue 17): title and note rows above the header, footnotes below, month
and quarter columns, a cover sheet before the figures, a workbook's own advice, a comma file whose first
line has no comma, and text in another encoding refused rather than garbled.

Every file is written here; every expected value is worked out by hand from the file's text.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from planmetrics import config
from planmetrics.ingest import ReadOptions, ReadResult, fast, read_figures, repeats
from planmetrics.ingest.fasthead import refused_header
from planmetrics.ingest.headers import understand
from planmetrics.ingest.layouts import reshape
from planmetrics.ingest.month_columns import month_or_quarter
from planmetrics.ingest.sniff import decode, read_text_table, sniff_delimiter
from planmetrics.plan import Plan
from planmetrics.store import Store

from .conftest import run_cli

# Words that give an English message away on a French screen (the file's own text is taken out first).
ENGLISH = re.compile(r"\b(the|and|row|rows|column|header|skipped|sheet|cells|was|were|file)\b", re.IGNORECASE)


def read(data: bytes, name: str, plan: Plan, lang: str = "en", **options: str) -> ReadResult:
    return read_figures(data, name, plan, lang=lang, options=ReadOptions(**options))  # type: ignore[arg-type]


def figures(result: ReadResult) -> dict[tuple[str, int, str], float]:
    assert result.ok, result.errors
    assert list(result.figures.columns) == config.STORED_COLUMNS
    return {(r.indicator, int(r.year), r.region): float(r.value) for r in result.figures.itertuples(index=False)}


def messages(result: ReadResult) -> list[str]:
    return [p.message for p in (*result.errors, *result.warnings)]


def french_only(result: ReadResult) -> None:
    """No English word in what a French reader is told, once the file's own text it quotes is taken out."""
    for problem in (*result.errors, *result.warnings):
        words = problem.message.replace(problem.value, "") if problem.value else problem.message
        assert not ENGLISH.search(re.sub(r"--[a-z-]+", "", words)), problem.message  # an option keeps its name


# ------------------------------------------------------------------ title rows, notes and footnotes

STATCAN_COLUMNS = (
    "REF_DATE,GEO,DGUID,Labour force characteristics,Sex,Age group,Statistics,Data type,UOM,UOM_ID,"
    "SCALAR_FACTOR,SCALAR_ID,VECTOR,COORDINATE,VALUE,STATUS,SYMBOL,TERMINATED,DECIMALS"
)


def statcan_with_title() -> str:
    """A StatCan table's 19 columns under a title line, as the finding's file: 135 months, 2012-01 to 2023-03,
    the value of month m of year y being 4000 + 10 * (y - 2012) + m thousand persons."""
    months = [(y, m) for y in range(2012, 2024) for m in range(1, 13)][:135]
    rows = [
        f'"{y}-{m:02d}","Quebec","2016A000224","Employment","Both sexes","15 years and over","Estimate",'
        f'"Seasonally adjusted","Persons in thousands","249","thousands","3","v2064","6.1.1.1.1.1",'
        f'"{4000 + 10 * (y - 2012) + m}","","","",0'
        for y, m in months
    ]
    return '"Labour force characteristics by province, monthly (x 1,000)"\n' + STATCAN_COLUMNS + "\n" + "\n".join(rows)


def test_a_title_line_above_a_19_column_header_is_skipped_not_135_errors(plan: Plan) -> None:
    text = statcan_with_title()
    table = read_text_table(text, "utf-8", "en")
    assert (table.header_row, len(table.header), table.header[0], table.header[-1]) == (2, 19, "REF_DATE", "DECIMALS")
    assert len(table.rows) == 135
    assert table.problems == []
    assert (table.skipped_above, table.skipped_below) == ([1], [])
    result = read(text.encode(), "14100287.csv", plan, indicator="employment")
    # A year's mean of months 1-12 is 4000 + 10 * (y - 2012) + 6.5 thousand; 2023 has three months only.
    assert figures(result) == {
        ("employment", y, "Québec"): (4000 + 10 * (y - 2012) + 6.5) * 1000 for y in range(2012, 2023)
    }
    assert messages(result)[0] == (
        "Row 1 above the header (row 2) was skipped: 'Labour force characteristics by province, monthly (x 1,000)'."
    )
    assert any("2023" in m for m in messages(result)[1:]), messages(result)


def test_notes_above_and_footnotes_below_are_skipped_and_said(plan: Plan) -> None:
    text = (
        "Emplois des coopératives par région\n"
        "Note : données du CQCM, compilées en 2021\n"
        "\n"
        "année,indicateur,région,valeur\n"
        "2019,Emplois,Montréal,30000\n"
        "2020,Emplois,Montréal,31500\n"
        "2020,Emplois,Estrie,4200\n"
        "\n"
        "Footnotes:\n"
        '1,"Source: CQCM, enquête annuelle"\n'
        "Symbol legend:\n"
        '"..","not available for a specific reference period"\n'
    )
    result = read(text.encode(), "f.csv", plan)
    assert figures(result) == {("jobs", 2019, "Montréal"): 30000, ("jobs", 2020, "Montréal"): 31500,
                               ("jobs", 2020, "Estrie"): 4200}  # fmt: skip
    assert messages(result) == [
        "Rows 1-3 above the header (row 4) were skipped, from 'Emplois des coopératives par région'.",
        "Rows 9-12 below the figures (footnotes) were skipped, from 'Footnotes:'.",
    ]
    french = read(text.encode(), "f.csv", plan, lang="fr")
    assert messages(french) == [
        "Les lignes 1 à 3, au-dessus de l'en-tête (ligne 4), ont été ignorées, à partir de "
        "« Emplois des coopératives par région ».",
        "Les lignes 9 à 12, sous les chiffres (des notes de bas de page), ont été ignorées, à partir de "
        "« Footnotes: ».",
    ]
    french_only(french)


def test_one_title_row_and_one_source_line_are_said_one_row_each(plan: Plan) -> None:
    text = "Emplois par région\nyear,indicator,value\n2019,jobs,5\n2020,jobs,6\nSource : Statistique Canada\n"
    result = read(text.encode(), "f.csv", plan)
    assert figures(result) == {("jobs", 2019, "Québec"): 5, ("jobs", 2020, "Québec"): 6}
    assert messages(result) == [
        "Row 1 above the header (row 2) was skipped: 'Emplois par région'.",
        "Row 5 below the figures (a footnote) was skipped: 'Source : Statistique Canada'.",
    ]
    assert messages(read(text.encode(), "f.csv", plan, lang="fr")) == [
        "La ligne 1, au-dessus de l'en-tête (ligne 2), a été ignorée : « Emplois par région ».",
        "La ligne 5, sous les chiffres (une note de bas de page), a été ignorée : « Source : Statistique Canada ».",
    ]


def test_a_ragged_row_in_the_middle_is_an_error_naming_the_row_taken_as_header(plan: Plan) -> None:
    text = "Emplois par région\nyear,indicator,value\n2019,jobs,5\n2020,jobs,6,7\n2021,jobs,8\n"
    result = read(text.encode(), "f.csv", plan)
    assert [(p.row, p.message) for p in result.errors] == [
        (4, "This row has 4 cells but the header has 3 (row 2 was taken as the header). Remove the extra cells, "
            "or add a header for them (a comma or semicolon inside a value must be quoted).")
    ]  # fmt: skip
    french = read(text.encode(), "f.csv", plan, lang="fr")
    assert "(la ligne 2 a été prise comme en-tête)" in french.errors[0].message
    french_only(french)


def test_a_file_without_title_rows_reads_as_before() -> None:
    table = read_text_table("year,indicator,value\n2019,jobs,5\n", "utf-8", "en")
    assert (table.header, table.header_row, table.skipped_above, table.skipped_below) == (
        ["year", "indicator", "value"], 1, [], [],
    )  # fmt: skip


# ------------------------------------------------------------------ month and quarter columns


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("2023-01", ("2023", "01")),
        ("2023-1", ("2023", "01")),
        ("2023M01", ("2023", "01")),
        ("2023-12-01", ("2023", "12")),  # a workbook's date cell on the month's first day
        ("janv. 2023", ("2023", "01")),
        ("janvier 2023", ("2023", "01")),
        ("févr. 2023", ("2023", "02")),
        ("août 2023", ("2023", "08")),
        ("Jan 2023", ("2023", "01")),
        ("September 2023", ("2023", "09")),
        ("déc. 2023", ("2023", "12")),
        ("2023-Q1", ("2023", "Q1")),
        ("T1 2023", ("2023", "Q1")),
        ("Q4 2023", ("2023", "Q4")),
        ("2023", None),
        ("2023-13", None),
        ("2017-18", None),
        ("2017/2018", None),
        ("Montréal 2023", None),
    ],
)
def test_month_and_quarter_headers(header: str, expected: tuple[str, str] | None) -> None:
    assert month_or_quarter(header) == expected


def test_a_month_header_is_a_year_column_with_its_period(plan: Plan) -> None:
    meaning = understand("juil. 2023 (k)", plan)
    assert (meaning.kind, meaning.year, meaning.period, meaning.scale.factor) == ("year_column", "2023", "07", 1000.0)


MONTHS = [f"2023-{m:02d}" for m in range(1, 13)]


def test_twelve_month_columns_reshape_into_figures_with_their_period(plan: Plan) -> None:
    text = "région," + ",".join(MONTHS) + "\nQuébec," + ",".join(str(4000 + m) for m in range(12)) + "\n"
    shaped = reshape(read_text_table(text, "utf-8", "en"), plan, "employment", "en")
    assert shaped.errors == []
    assert shaped.layout == "wide"
    got = [(f.year.value if f.year else None, f.period, f.value.value) for f in shaped.figures]
    assert got == [("2023", f"{m + 1:02d}", str(4000 + m)) for m in range(12)]


def test_twelve_months_make_the_year_by_the_indicators_mean(plan: Plan) -> None:
    """employment's rule is the mean: (4000 + 4001 + ... + 4011) / 12 = 4005.5."""
    text = "région," + ",".join(MONTHS) + "\nQuébec," + ",".join(str(4000 + m) for m in range(12)) + "\n"
    result = read(text.encode(), "f.csv", plan, indicator="employment")
    assert figures(result) == {("employment", 2023, "Québec"): 4005.5}
    assert result.detected.periods  # the Upload page offers how months make a year
    yearly = read(b"region,2022,2023\nQuebec,4000,4100\n", "y.csv", plan, indicator="employment")
    assert figures(yearly) and not yearly.detected.periods


def test_eleven_months_make_no_year_and_say_so(plan: Plan) -> None:
    text = "région," + ",".join(MONTHS[:11]) + "\nQuébec," + ",".join(str(4000 + m) for m in range(11)) + "\n"
    result = read(text.encode(), "f.csv", plan, indicator="employment")
    assert not result.ok
    assert any("2023" in w.message and "December" in w.message for w in result.warnings), messages(result)
    french = read(text.encode(), "f.csv", plan, lang="fr", indicator="employment")
    assert any("décembre" in w.message for w in french.warnings), messages(french)


def test_quarter_columns_in_french_make_the_year(plan: Plan) -> None:
    """Four quarters of employment, mean: (4100 + 4200 + 4300 + 4400) / 4 = 4250."""
    text = "région;T1 2022;T2 2022;T3 2022;T4 2022\nQuébec;4100;4200;4300;4400\n"
    shaped = reshape(read_text_table(text, "utf-8", "fr"), plan, "employment", "fr")
    assert [f.period for f in shaped.figures] == ["Q1", "Q2", "Q3", "Q4"]
    assert figures(read(text.encode(), "f.csv", plan, indicator="employment")) == {("employment", 2022, "Québec"): 4250}


# ------------------------------------------------------------------ workbooks


def workbook(*sheets: tuple[str, Sequence[Sequence[object]]], merged: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if merged and title == sheets[-1][0]:
            sheet.merge_cells(merged)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


COVER: tuple[str, list[list[object]]] = (
    "Lisez-moi",
    [
        ["Emplois des coopératives du Québec"],
        ["Ce classeur contient les emplois par région, compilés par le CQCM."],
        ["Préparé le", "2021-03-01"],
    ],
)
FIGURES: tuple[str, list[list[object]]] = (
    "Données",
    [
        ["Tableau 1 : emplois par région"],
        [],
        ["Année", "Indicateur", "Région", "Valeur"],
        [2019, "Emplois", "Montréal", 30000],
        [2020, "Emplois", "Montréal", 31500],
        [],
        ["Source : CQCM"],
    ],
)


def test_a_cover_sheet_is_passed_over_for_the_sheet_of_figures(plan: Plan) -> None:
    result = read(workbook(COVER, FIGURES), "emplois.xlsx", plan)
    assert figures(result) == {("jobs", 2019, "Montréal"): 30000, ("jobs", 2020, "Montréal"): 31500}
    assert result.detected.sheet == "Données"
    assert messages(result) == [
        "Rows 1 and 2 above the header (row 3) were skipped, from 'Tableau 1 : emplois par région'.",
        "Row 7 below the figures (a footnote) was skipped: 'Source : CQCM'.",
    ]
    french_only(read(workbook(COVER, FIGURES), "emplois.xlsx", plan, lang="fr"))


def test_sheet_still_forces_the_sheet_read(plan: Plan) -> None:
    result = read(workbook(COVER, FIGURES), "emplois.xlsx", plan, sheet="Lisez-moi")
    assert not result.ok
    assert result.detected.sheet == "Lisez-moi"
    assert result.errors[0].message.startswith("The file does not say which indicator its figures are for.")


def test_no_sheet_with_figures_is_refused_naming_the_sheets(plan: Plan) -> None:
    notes: tuple[str, list[list[object]]] = (
        "Notes",
        [["Définitions"], ["Un emploi est compté à temps plein.", "Voir le guide"]],
    )
    data = workbook(COVER, notes)
    assert messages(read(data, "emplois.xlsx", plan)) == [
        "No sheet of the workbook holds figures ('Lisez-moi', 'Notes'): none has a header with a value "
        "column, year columns or indicator columns. Choose the sheet to read with --sheet NAME, or add a header "
        "such as year, indicator, value."
    ]
    french = read(data, "emplois.xlsx", plan, lang="fr")
    assert messages(french)[0].startswith("Aucune feuille du classeur ne contient de chiffres (« Lisez-moi », « Notes")
    french_only(french)


def test_a_merged_header_cell_gets_a_workbooks_advice_not_a_csvs(plan: Plan) -> None:
    """`Valeur` merged over C1:D1 leaves column D without a header; the figures sit in D."""
    rows: list[list[object]] = [
        ["Année", "Indicateur", "Valeur", None],
        [2019, "Emplois", None, 5],
        [2020, "Emplois", None, 6],
    ]
    data = workbook(("Feuil1", rows), merged="C1:D1")
    result = read(data, "f.xlsx", plan)
    assert {p.row for p in result.errors if p.row} == {2, 3}
    advice = result.errors[0].message
    assert advice.startswith("This row fills 4 columns but the header has 3 (row 1 was taken as the header).")
    assert "merged header cell" in advice
    assert "comma" not in advice and "quote" not in advice
    french = read(data, "f.xlsx", plan, lang="fr")
    assert "cellule d'en-tête fusionnée" in french.errors[0].message
    assert "virgule" not in french.errors[0].message and "guillemets" not in french.errors[0].message
    french_only(french)


# ------------------------------------------------------------------ delimiters


def test_a_comma_file_whose_first_line_has_no_comma_stays_a_comma_file(plan: Plan) -> None:
    text = "Emplois\nyear,indicator,value\n2019,jobs,5\n2020,jobs,6\n"
    assert sniff_delimiter(text) == ","
    assert figures(read(text.encode(), "f.csv", plan)) == {("jobs", 2019, "Québec"): 5, ("jobs", 2020, "Québec"): 6}


@pytest.mark.parametrize(
    ("text", "delimiter", "header"),
    [
        ("valeur\n5\n6\n", ",", ["valeur"]),
        ("Montréal, QC\nvaleur\n5\n", ",", ["Montréal", "QC"]),
        ("year\tindicator\tvalue\n2019\tjobs\t5\n", "\t", ["year", "indicator", "value"]),
        ("année;valeur\n2019;33,4\n2020;35\n", ";", ["année", "valeur"]),
    ],
)
def test_a_delimiter_that_splits_no_row_never_wins(text: str, delimiter: str, header: list[str]) -> None:
    assert sniff_delimiter(text) == delimiter
    assert read_text_table(text, "utf-8", "en").header == header


# ------------------------------------------------------------------ encodings

BIG5_TEXT = "year,indicator,value,source\n2019,jobs,5,中華民國統計資訊網\n2020,jobs,6,中華民國統計資訊網\n"
GREEK_TEXT = "year,indicator,value,source\n2019,jobs,5,Ελληνική Στατιστική Αρχή\n"


@pytest.mark.parametrize(
    ("data", "seen", "sample"),
    [
        (BIG5_TEXT.encode("big5"), "latin-1", "¤¤µØ¥Á°ê²Î­p¸ê°T"),
        (GREEK_TEXT.encode("iso-8859-7"), "latin-1", "ÅëëçíéêÞ Óôáôéóôé"),
    ],
)
def test_text_in_another_encoding_is_refused_with_the_encoding_seen(
    plan: Plan, data: bytes, seen: str, sample: str
) -> None:
    english = read(data, "f.csv", plan)
    assert [(p.row, p.column, p.kind) for p in english.errors] == [(None, None, "encoding")]  # a page's field answers
    message = english.errors[0].message
    assert f"The file's text reads as garbled in {seen} ('{sample[:10]}" in message
    assert "--encoding NAME" in message
    french = read(data, "f.csv", plan, lang="fr")
    assert f"Le texte du fichier est illisible en {seen} (« {sample[:10]}" in french.errors[0].message
    assert "--encoding NOM" in french.errors[0].message


@pytest.mark.parametrize("name", ["test_latin1.csv"])
def test_a_real_latin1_file_still_passes(name: str) -> None:
    corpus = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "csvkit-examples" / name
    assert decode(corpus.read_bytes(), "en")[1] == "latin-1"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_french_text_in_cp1252_or_latin1_passes(plan: Plan, encoding: str) -> None:
    text = (
        "année;indicateur;région;valeur;source\n"
        "2019;Emplois;Montérégie;4200;« Enquête » créée par l'Société coopérative\n"
        "2020;Emplois;Gaspésie;300;Cœur du Québec, données agréées\n"
    )
    data = text.replace("œ", "oe").encode(encoding) if encoding == "latin-1" else text.encode(encoding)
    result = read(data, "f.csv", plan)
    assert figures(result) == {("jobs", 2019, "Montérégie"): 4200, ("jobs", 2020, "Gaspésie–Îles-de-la-Madeleine"): 300}
    assert result.detected.encoding == encoding


def test_a_forced_encoding_reads_the_file_right(plan: Plan) -> None:
    result = read(BIG5_TEXT.encode("big5"), "f.csv", plan, encoding="big5")
    assert figures(result) == {("jobs", 2019, "Québec"): 5, ("jobs", 2020, "Québec"): 6}
    assert set(result.figures["source"]) == {"中華民國統計資訊網"}
    assert result.detected.encoding == "big5"


def test_an_unknown_or_wrong_forced_encoding_is_named(plan: Plan) -> None:
    unknown = read(b"year,indicator,value\n2019,jobs,5\n", "f.csv", plan, encoding="klingon")
    assert messages(unknown) == [
        "'klingon' is not an encoding name planmetrics knows. Use a name such as utf-8, cp1252, latin-1, big5, "
        "iso-8859-7, shift_jis or koi8-r."
    ]
    wrong = read(BIG5_TEXT.encode("big5"), "f.csv", plan, lang="fr", encoding="utf-8")
    assert [p.kind for p in (*unknown.errors, *wrong.errors)] == ["encoding", "encoding"]
    assert messages(wrong) == [
        "Le fichier ne peut pas être lu en utf-8 : la ligne 2 contient des octets qui ne sont pas du texte utf-8. "
        "Choisissez un autre --encoding, ou enregistrez le fichier de nouveau en CSV UTF-8."
    ]


def test_the_command_line_refuses_big5_then_reads_it_with_encoding(tmp_path: Path) -> None:
    db = str(tmp_path / "big5.duckdb")
    assert run_cli("--db", db, "init").returncode == 0
    path = tmp_path / "emplois-big5.csv"
    path.write_bytes(BIG5_TEXT.encode("big5"))
    before = Store(db).current_figures().to_dict("records")
    refused = run_cli("--db", db, "import", str(path), "--json")
    assert refused.returncode == 2, refused.stderr
    assert "--encoding" in json.dumps(json.loads(refused.stdout), ensure_ascii=False)
    assert Store(db).current_figures().to_dict("records") == before
    done = run_cli("--db", db, "import", str(path), "--encoding", "big5", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    current = Store(db).current_figures()
    imported = current[current["source"] == "中華民國統計資訊網"]
    assert sorted(zip(imported["year"], imported["value"], strict=True)) == [(2019, 5.0), (2020, 6.0)]
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_a_file_converted_to_utf8_twice_is_refused_not_read_garbled(plan: Plan) -> None:
    text = "année,indicateur,région,valeur\n2019,Emplois,Montréal,5\n"
    twice = text.encode("utf-8").decode("cp1252").encode("utf-8")  # `année` now reads `annÃ©e`
    assert messages(read(twice, "f.csv", plan)) == [
        "The file's text reads as garbled ('annÃ©e,indicateur,rÃ'): it was converted to UTF-8 twice, each "
        "accented letter now two. Save it again from the original file, as CSV UTF-8."
    ]
    french = read(twice, "f.csv", plan, lang="fr")
    assert messages(french)[0].startswith("Le texte du fichier est illisible (« annÃ©e,indicateur,rÃ »)")
    assert figures(read(text.encode("utf-8"), "f.csv", plan)) == {("jobs", 2019, "Montréal"): 5}


def test_two_rows_set_aside_are_rows_9_and_10_not_9_to_10(plan: Plan) -> None:
    text = "Emplois\nCQCM\nyear,indicator,value\n2019,jobs,5\n2020,jobs,6\nSource : CQCM\nNote : provisoire\n"
    assert messages(read(text.encode(), "f.csv", plan)) == [
        "Rows 1 and 2 above the header (row 3) were skipped, from 'Emplois'.",
        "Rows 6 and 7 below the figures (footnotes) were skipped, from 'Source : CQCM'.",
    ]
    french = read(text.encode(), "f.csv", plan, lang="fr")
    assert messages(french) == [
        "Les lignes 1 et 2, au-dessus de l'en-tête (ligne 3), ont été ignorées, à partir de « Emplois ».",
        "Les lignes 6 et 7, sous les chiffres (des notes de bas de page), ont été ignorées, à partir de "
        "« Source : CQCM ».",
    ]
    french_only(french)


# ------------------------------------------------------------------ big files: the header refused at once


@pytest.mark.parametrize(
    ("head", "lang", "encoding"),
    [
        ("valeur\n", "fr", "utf-8"),  # no year column, no indicator: the finding's 40 MB file, made small
        ("Emplois des coopératives\nNote : CQCM\nannée;région;note\n", "fr", "utf-8"),  # no value column
        ("Emplois des coopératives – « CQCM »\nannée;région;note\n", "fr", "cp1252"),  # the same, in cp1252
        ("year,region,value\n", "en", "utf-8"),  # no indicator (and no --indicator)
    ],
)
def test_a_big_file_whose_header_is_refused_is_refused_from_its_start(
    plan: Plan, head: str, lang: str, encoding: str
) -> None:
    delimiter = ";" if ";" in head else ","
    body = "".join(f"{2000 + n % 20}{delimiter}{1000 + n}{delimiter}é\n" for n in range(120_000))
    if head.startswith("valeur"):
        body = "1234567\n" * 150_000
    data = (head + body).encode(encoding)
    assert len(data) > fast.FAST_MIN_BYTES  # the real threshold: a big file
    table = refused_header(data, plan, None, lang)
    assert table is not None and table.rows == []  # refused from its start, no row read
    quick = read(data, "big.csv", plan, lang=lang)
    whole = read(data, "big.csv", plan, lang=lang, encoding=encoding)  # a forced encoding: every row read
    assert not quick.ok
    header_refusals = [p for p in whole.errors if p.row is None]
    assert quick.errors == tuple(header_refusals) and quick.errors
    assert quick.warnings == whole.warnings
    assert quick.detected == whole.detected
    if lang == "fr":
        french_only(quick)


@pytest.mark.parametrize(
    "head",
    [
        "year,indicator,value\n",  # a header that holds figures: read whole
        STATCAN_COLUMNS + "\n",  # a StatCan header: its own reader says what it lacks
        "valeur\n" + "x," * 40_000 + "\n",  # a start too short to place the header as the whole file would
    ],
)
def test_a_header_that_fits_or_cannot_be_placed_is_left_to_the_full_read(plan: Plan, head: str) -> None:
    data = head.encode() + b"2019,jobs,5\n" * 100_000
    assert refused_header(data, plan, None, "en") is None


def test_quote_troubles_past_those_listed_are_not_all_worded(plan: Plan) -> None:
    """2,000 cells whose second line reads as a row: the first 499 are listed (rows 2-500), then a note that
    the quotes from row 501 on were not checked; nothing more about quotes."""
    text = "id,note\n" + "".join(f'{n},"first line {n}\nsecond line, with a comma"\n' for n in range(2000))
    result = read(text.encode(), "multi.csv", plan)
    quoted = [p for p in result.errors if p.value and p.value.startswith('"first line')]
    assert [p.row for p in quoted] == list(range(2, 501))
    assert quoted[0].column == "note" and quoted[0].value == '"first line 0'
    note = next(p for p in result.errors if p.row == 501)
    assert note.message.startswith("From row 501 on, the quotes were not checked")
    french = read(text.encode(), "multi.csv", plan, lang="fr")
    assert any(p.message.startswith("À partir de la ligne 501, les guillemets") for p in french.errors)


def test_a_big_file_converted_to_utf8_twice_is_refused_too(plan: Plan) -> None:
    """The fast path reads a big UTF-8 file without decoding it: it looks at the start for `annÃ©e` first."""
    rows = "".join(f"{2000 + n % 20},Emplois,Montréal,{n}\n" for n in range(60_000))
    twice = ("année,indicateur,région,valeur\n" + rows).encode("utf-8").decode("cp1252").encode("utf-8")
    assert len(twice) > fast.FAST_MIN_BYTES
    assert fast.read_fast(twice, fast.Validator(plan, "en", "", ""), None) is None
    assert messages(read(twice, "big.csv", plan))[0].startswith(
        "The file's text reads as garbled ('annÃ©e,indicateur,rÃ'): it was converted to UTF-8 twice"
    )


# ------------------------------------------------------------------ what is no table of figures, in our words


def test_a_zip_named_xlsx_is_said_an_archive_with_its_files(plan: Plan) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notes.txt", "notes")
        zipped.writestr("figures.csv", "year,indicator,value\n2019,jobs,5\n")
    french = read(archive.getvalue(), "emplois.xlsx", plan, lang="fr")
    assert messages(french) == [
        "Ce fichier est une archive zip (notes.txt, figures.csv), pas un classeur Excel. Décompressez-la et "
        "importez le classeur ou le fichier CSV qu'elle contient."
    ]
    french_only(french)


def test_a_truncated_workbook_is_said_damaged_or_incomplete(plan: Plan) -> None:
    whole = workbook(FIGURES)
    for lang, start in (
        ("en", "This workbook is damaged or incomplete"),
        ("fr", "Ce classeur est endommagé ou incomplet"),
    ):
        result = read(whole[: len(whole) // 2], "emplois.xlsx", plan, lang=lang)
        assert len(result.errors) == 1 and result.errors[0].message.startswith(start)
    french_only(read(whole[: len(whole) // 2], "emplois.xlsx", plan, lang="fr"))


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><table><tr><td>année</td><td>valeur</td></tr><tr><td>2019</td><td>5</td></tr></table></body></html>",
        '\ufeff<?xml version="1.0"?>\n<!DOCTYPE html>\n<html><table><tr><td>year</td></tr></table></html>',
        "\n  <TABLE border=1><TR><TD>year</TD><TD>value</TD></TR></TABLE>",
    ],
)
def test_a_web_page_saved_as_xls_is_refused_as_a_web_page(plan: Plan, page: str) -> None:
    french = read(page.encode(), "tableau.xls", plan, lang="fr")
    assert messages(french) == [
        "Ce fichier est une page web (HTML), pas un tableau de chiffres : le navigateur a enregistré la page qui "
        "montre le tableau, pas le tableau lui-même. Ouvrez-le dans Excel et enregistrez-le en .xlsx ou en .csv, "
        "ou téléchargez de nouveau les chiffres en CSV."
    ]
    assert [p.kind for p in french.errors] == [""]  # no encoding would read it: the page offers no field
    french_only(french)


def test_a_text_that_mentions_html_is_no_web_page(plan: Plan) -> None:
    text = "year,indicator,value,source\n2019,jobs,5,<html> in a source\n"
    assert figures(read(text.encode(), "f.xls", plan)) == {("jobs", 2019, "Québec"): 5}


def test_a_4000_character_header_cell_is_shortened_in_the_refusal(plan: Plan) -> None:
    text = "année," + "x" * 4000 + "\n2019,5\n"
    result = read(text.encode(), "f.csv", plan, lang="fr")
    assert not result.ok
    said = " ".join(messages(result))
    assert "x" * 60 not in said and "x" * 58 + "…" in said  # 59 characters and an ellipsis, as `shorten` cuts
    assert len(said) < 1000


def test_conflicts_past_those_described_are_said_once_with_their_rows(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repeats, "WORDED_CONFLICTS", 2)
    rows = "".join(f"2018,jobs,s{i},{i}\n2018,jobs,s{i},{i + 1}\n" for i in range(5))
    result = read_figures(f"year,indicator,sector,value\n{rows}".encode(), "twice.csv", plan, lang="fr")
    messages = [p.message for p in result.errors]
    assert len(messages) == 3, messages
    assert messages[0].startswith("Deux valeurs différentes pour Emplois 2018 (Ensemble du Québec, s0,")
    assert messages[1].startswith("Deux valeurs différentes pour Emplois 2018 (Ensemble du Québec, s1,")
    assert messages[2].startswith("Un chiffre donné une seconde fois avec une autre valeur, comme les 2 décrits")
    assert result.errors[2].row == 7 and messages[2].endswith("(aussi aux lignes 9, 11)")  # s2, s3, s4: listed once
