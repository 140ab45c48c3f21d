"""Whole Statistics Canada tables as managers download them, written here row by row, and the yearly figures they
give: several series chosen with --where, other places set aside, months and quarters made into years (a year
lacking a period skipped), statuses, units, declared tables, derived rows. Every number is worked out by hand
in the comment beside it."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from planmetrics import config
from planmetrics.ingest import ReadOptions, ReadResult, read_figures
from planmetrics.ingest.results import Cell, RawFigure
from planmetrics.ingest.statcan_arrow import read_big_statcan
from planmetrics.ingest.validate import Validator
from planmetrics.plan import Plan, parse_plan

from .conftest import ROOT

NAICS = "North American Industry Classification System (NAICS)"
HEADER = (
    "REF_DATE", "GEO", "DGUID", NAICS, "Sex", "UOM", "UOM_ID", "SCALAR_FACTOR", "SCALAR_ID", "VECTOR",
    "COORDINATE", "VALUE", "STATUS", "SYMBOL", "TERMINATED", "DECIMALS",
)  # fmt: skip
FRENCH = (
    "PÉRIODE DE RÉFÉRENCE", "GÉO", "DGUID", "Système de classification des industries de l'Amérique du Nord (SCIAN)",
    "Sexe", "UNITÉ DE MESURE", "IDENTIFICATEUR D'UNITÉ DE MESURE", "FACTEUR SCALAIRE", "IDENTIFICATEUR SCALAIRE",
    "VECTEUR", "COORDONNÉES", "VALEUR", "STATUT", "SYMBOLE", "TERMINÉ", "DÉCIMALES",
)  # fmt: skip
TOTAL = "Total, all industries [00-91N]"
QC = ("Québec", "all", "all")


# Each place's DGUID as Statistics Canada writes it (vintage 2016, geography type, the place's id).
DGUIDS = {
    "Canada": "2016A000011124", "Newfoundland and Labrador": "2016A000210", "Prince Edward Island": "2016A000211",
    "Nova Scotia": "2016A000212", "New Brunswick": "2016A000213", "Quebec": "2016A000224", "Québec": "2016A000224",
    "Ontario": "2016A000235", "Manitoba": "2016A000246", "Saskatchewan": "2016A000247", "Alberta": "2016A000248",
    "British Columbia": "2016A000259", "Atlantic provinces": "2016A000001",
}  # fmt: skip


def line(cells: Iterable[str]) -> str:
    return ",".join(f'"{c}"' for c in cells) + "\n"


def row(
    period: str, geo: str, value: str, *, industry: str = TOTAL, status: str = "", symbol: str = "",
    uom: str = "Persons", scalar: str = "3", sex: str = "Both sexes", dguid: str | None = None,
) -> tuple[str, ...]:  # fmt: skip
    factor = {"0": "units", "3": "thousands", "6": "millions"}[scalar]
    place = DGUIDS.get(geo, "") if dguid is None else dguid
    return (period, geo, place, industry, sex, uom, "249", factor, scalar, "v1", "1.1", value, status, symbol, "",
            "1")  # fmt: skip


def table(rows: Iterable[tuple[str, ...]], header: tuple[str, ...] = HEADER, extra: str = "") -> bytes:
    head = line((*header, extra) if extra else header)
    return (head + "".join(line((*r, "45.5") if extra else r) for r in rows)).encode("utf-8")


def read(data: bytes, plan: Plan, name: str = "14100355.csv", lang: str = "en", **options: object) -> ReadResult:
    return read_figures(data, name, plan, lang=lang, options=ReadOptions(**options))  # type: ignore[arg-type]


def figures(result: ReadResult) -> dict[tuple[str, int, str, str, str], float]:
    assert result.ok, result.errors
    return {
        (r["indicator"], int(r["year"]), r["region"], r["sector"], r["network"]): float(r["value"])
        for r in result.figures.to_dict("records")
    }


def column(result: ReadResult, name: str) -> dict[tuple[str, int, str], object]:
    return {(r["indicator"], int(r["year"]), r["region"]): r[name] for r in result.figures.to_dict("records")}


def messages(problems: Iterable[object]) -> str:
    return "\n".join(p.message for p in problems)  # type: ignore[attr-defined]


def months(year: int, last: int = 12) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(1, last + 1)]


# Québec's total employment: 4000.0 + m thousands in month m of 2018 (mean 4006.5), 2019 up to June only;
# construction, Ontario and Canada beside it.
WHOLE = table(
    [row(p, "Quebec", f"{4000 + int(p[-2:])}.0") for p in months(2018) + months(2019, 6)]
    + [row(p, "Quebec", "250.0", industry="Construction [23]") for p in months(2018) + months(2019, 6)]
    + [row(p, g, "7000.0", industry=i) for g in ("Canada", "Ontario") for i in (TOTAL, "Construction [23]")
       for p in months(2018) + months(2019, 6)]
)  # fmt: skip
CHOICE = ((NAICS, "Total, all industries"),)


def test_several_series_are_refused_with_the_command_to_run(plan: Plan) -> None:
    result = read(WHOLE, plan, indicator="employment")
    assert [(p.row, p.column, p.kind) for p in result.errors] == [(None, None, "series")]  # the page's boxes answer it
    message = result.errors[0].message
    assert f"'{NAICS}' (2 values: 'Total, all industries [00-91N]', 'Construction [23]')" in message
    assert f'planmetrics import 14100355.csv --indicator employment --where "{NAICS}=Total, all industries"' in message
    assert "Sex" not in message  # one member: nothing to choose
    assert [(s.dimension, s.members, s.chosen, s.as_sector) for s in result.series] == [
        (NAICS, (TOTAL, "Construction [23]"), None, False),
        ("Sex", ("Both sexes",), "Both sexes", False),
    ]
    assert result.rows == 0


def test_one_where_imports_quebecs_yearly_employment(plan: Plan) -> None:
    result = read(WHOLE, plan, indicator="employment", where=(("naics", "TOTAL, all industries"),))
    assert figures(result) == {("employment", 2018, *QC): 4_006_500}  # (4001 + ... + 4012) / 12 thousands
    assert result.rows == 1
    assert result.detected.layout == "statcan" and result.detected.table == "14100355"
    assert [s.chosen for s in result.series] == [TOTAL, "Both sexes"]
    said = messages(result.warnings)
    # 2 places x 2 industries x 18 months set aside, every place named once
    assert "72 rows for 2 places that are not regions of the plan were set aside: Canada; Ontario." in said
    assert "Employment in Quebec 2019 was not imported: no figure for July to December" in said


def test_the_refusal_and_the_warnings_in_french(plan: Plan) -> None:
    result = read(WHOLE, plan, lang="fr", indicator="emploi")
    message = result.errors[0].message
    assert message.startswith("Ce tableau contient plusieurs séries : choisissez une valeur")
    assert f'--indicator emploi --where "{NAICS}=Total, all industries"' in message
    done = read(WHOLE, plan, lang="fr", indicator="emploi", where=CHOICE)
    said = messages(done.warnings)
    assert "72 lignes de 2 lieux qui ne sont pas des régions du plan ont été mises de côté : Canada ; Ontario." in said
    assert "Emploi au Québec 2019 n'a pas été importé, faute de chiffre pour : juillet à décembre (manquant" in said
    for english in ("rows", "were", "missing", "series"):
        assert english not in said


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (((NAICS, "Manufacturing"),), "'Manufacturing' is not a value of column"),
        ((("Industry", "Total"),), "'Industry' is not a column of this table's series. Its series columns are: 'North"),
    ],
)  # fmt: skip
def test_an_unknown_column_or_value_names_what_the_table_has(
    plan: Plan, where: tuple[tuple[str, str], ...], expected: str
) -> None:
    result = read(WHOLE, plan, indicator="employment", where=where)
    assert expected in messages(result.errors)
    assert result.rows == 0


def test_a_month_missing_or_suppressed_skips_its_year_only(plan: Plan) -> None:
    # 2017: 100..111 (mean 105.5); 2018: May suppressed (x); 2016: March absent from the file
    rows = [row(p, "Quebec", str(100 + i), scalar="0") for i, p in enumerate(months(2017))]
    rows += [row(p, "Quebec", "" if p.endswith("05") else "120", status="x" if p.endswith("05") else "", scalar="0")
             for p in months(2018)]  # fmt: skip
    rows += [row(p, "Quebec", "90", scalar="0") for p in months(2016) if not p.endswith("03")]
    result = read(table(rows), plan, indicator="employment")
    assert figures(result) == {("employment", 2017, *QC): 105.5}
    said = messages(result.warnings)
    assert "Employment in Quebec 2016 was not imported: no figure for March" in said
    assert "Employment in Quebec 2018 was not imported: no figure for May" in said
    assert result.skipped_missing == 1


def test_quarters_are_summed_for_revenue_or_the_last_taken(plan: Plan) -> None:
    # revenue, millions of dollars: 2018 quarters 10, 20, 30, 40 (sum 100 M$, last 40 M$); 2019 two quarters only
    quarters = ["2018-01", "2018-04", "2018-07", "2018-10", "2019-01", "2019-04"]
    rows = [row(p, "Quebec", str(10 * (i + 1)), uom="Dollars", scalar="6") for i, p in enumerate(quarters)]
    result = read(table(rows), plan, indicator="revenue")
    assert figures(result) == {("revenue", 2018, *QC): 100_000_000}
    assert "Revenue 2019 was not imported: no figure for Q3, Q4" in messages(result.warnings)
    last = read(table(rows), plan, indicator="revenue", annual="last")
    assert figures(last) == {("revenue", 2018, *QC): 40_000_000}
    written = table(row(f"2018-Q{q}", "Quebec", str(q), uom="Dollars", scalar="6") for q in range(1, 5))
    assert figures(read(written, plan, indicator="revenue", annual="mean")) == {("revenue", 2018, *QC): 2_500_000}


def test_a_yearly_table_written_with_january_and_a_fiscal_year(plan: Plan) -> None:
    rows = [row("2017-01", "Quebec", "4100", scalar="3"), row("2018-01", "Quebec", "4200", scalar="3"),
            row("2018/2019", "Quebec", "4300", scalar="3")]  # fmt: skip
    assert figures(read(table(rows), plan, indicator="employment")) == {
        ("employment", 2017, *QC): 4_100_000,
        ("employment", 2018, *QC): 4_200_000,
        ("employment", 2019, *QC): 4_300_000,
    }


def test_french_headers_monthly(plan: Plan) -> None:
    rows = [row(p, "Québec", "10", scalar="0", sex="Les deux sexes") for p in months(2020)]
    rows += [row(p, "Québec", "12", scalar="0", sex="Les deux sexes") for p in months(2021, 4)]
    result = read(table(rows, FRENCH), plan, lang="fr", indicator="employment")
    assert figures(result) == {("employment", 2020, *QC): 10}
    assert "Emploi au Québec 2021 n'a pas été importé, faute de chiffre pour : mai à décembre (manquant" in messages(
        result.warnings
    )


def test_a_canada_only_table_is_refused_with_its_geographies(plan: Plan) -> None:
    rows = [row(str(y), g, "19000") for y in (2018, 2019) for g in ("Canada", "Atlantic provinces")]
    for lang, expected in [
        ("en", "its geographies are Canada; Atlantic provinces. The plan covers Québec and its regions"),
        ("fr", "ses géographies sont Canada ; Atlantic provinces. Le plan couvre le Québec et ses régions"),
    ]:
        result = read(table(rows), plan, lang=lang, indicator="employment")
        assert [(p.row, p.column) for p in result.errors] == [(None, "GEO")]
        assert expected in result.errors[0].message
        assert "empty" not in result.errors[0].message and "vide" not in result.errors[0].message


CMA, ER = "2016S0503", "2016S0500"  # a DGUID's census metropolitan areas, economic regions


def test_a_metropolitan_area_is_never_the_region_of_its_name(plan: Plan) -> None:
    # The Montréal census metropolitan area (about twice the island, the administrative region) is set aside
    # like the Québec and Sherbrooke ones; the province is the whole of Québec.
    rows = [row("2019", g, v, dguid=d) for g, v, d in (("Montréal, Quebec", "2200", CMA + "462"),
            ("Québec, Quebec", "450", CMA + "421"), ("Sherbrooke, Quebec", "110", CMA + "433"),
            ("Quebec", "4300", "2016A000224"), ("Toronto, Ontario", "3300", CMA + "535"))]  # fmt: skip
    for lang, expected in [
        ("en", "4 rows for 4 metropolitan areas were set aside: Montréal, Quebec; Québec, Quebec; Sherbrooke, Quebec;"
               " Toronto, Ontario. Metropolitan areas are not regions of the plan"),
        ("fr", "4 lignes de 4 régions métropolitaines ont été mises de côté : Montréal, Quebec ; Québec, Quebec ;"
               " Sherbrooke, Quebec ; Toronto, Ontario. Les régions métropolitaines ne sont pas des régions du plan"),
    ]:  # fmt: skip
        result = read(table(rows), plan, lang=lang, indicator="employment")
        assert figures(result) == {("employment", 2019, *QC): 4_300_000}
        assert expected in messages(result.warnings)


def test_an_economic_region_is_the_plans_region_of_its_name(plan: Plan) -> None:
    rows = [row("2019", g, v, dguid=d) for g, v, d in (("Montréal, Quebec", "1100", ER + "2440"),
            ("Gaspésie--Îles-de-la-Madeleine, Quebec", "35", ER + "2410"),
            ("Côte-Nord and Nord-du-Québec, Quebec", "50", ER + "2480"),
            ("Quebec", "4300", "2016A000224"))]  # fmt: skip
    result = read(table(rows), plan, indicator="employment")
    assert figures(result) == {
        ("employment", 2019, "Montréal", "all", "all"): 1_100_000,
        ("employment", 2019, "Gaspésie–Îles-de-la-Madeleine", "all", "all"): 35_000,
        ("employment", 2019, *QC): 4_300_000,
    }
    # two of the plan's regions in one economic region: none of them
    said = "1 row for a place that is not a region of the plan was set aside: Côte-Nord and Nord-du-Québec, Quebec."
    assert said in messages(result.warnings)


def test_a_place_in_quebec_without_its_dguid_is_set_aside(plan: Plan) -> None:
    rows = [row("2019", g, v, dguid="") for g, v in (("Montréal, Quebec", "2200"), ("Québec, Quebec", "450"),
                                                     ("Quebec", "4300"))]  # fmt: skip
    result = read(table(rows), plan, lang="fr", indicator="employment")
    assert figures(result) == {("employment", 2019, *QC): 4_300_000}
    said = messages(result.warnings)
    assert "2 lignes de 2 lieux du Québec ont été mises de côté : Montréal, Quebec ; Québec, Quebec. Sans la colonne" \
        " DGUID du tableau, une région ne se distingue pas d'une région métropolitaine" in said  # fmt: skip


def test_a_table_of_metropolitan_areas_only_is_refused_as_such(plan: Plan) -> None:
    rows = [row("2019", "Montréal, Quebec", "2200", dguid=CMA + "462"), row("2020", "Montréal, Quebec", "2210",
            dguid=CMA + "462")]  # fmt: skip
    result = read(table(rows), plan, indicator="employment")
    assert [(p.row, p.column) for p in result.errors] == [(None, "GEO")]
    assert "its geographies are Montréal, Quebec. Metropolitan areas are not regions of the plan: download the" \
        " table by economic region" in result.errors[0].message  # fmt: skip


def test_statuses_flags_and_quality_grades(plan: Plan) -> None:
    # 2018 monthly: one E month (approximate) and grades A, B and one C: the year is C; yearly 2015 B, 2016 E
    rows = [row(p, "Quebec", "10", scalar="0", status="E" if p.endswith("07") else "C" if p.endswith("03") else
                "B" if p.endswith("01") else "A") for p in months(2018)]  # fmt: skip
    result = read(table(rows), plan, indicator="employment")
    assert column(result, "flag") == {("employment", 2018, "Québec"): "approximate"}
    assert column(result, config.QUALITY) == {("employment", 2018, "Québec"): "C"}
    yearly = [
        row("2015", "Quebec", "9", scalar="0", status="B"),
        row("2016", "Quebec", "9", scalar="0", status="E"),
        row("2017", "Quebec", "", scalar="0", status="F"),
        row("2014", "Quebec", "9", scalar="0", symbol="p"),
    ]
    done = read(table(yearly), plan, indicator="employment")
    assert column(done, config.QUALITY) == {
        ("employment", 2014, "Québec"): None, ("employment", 2015, "Québec"): "B", ("employment", 2016, "Québec"): None
    }  # fmt: skip
    assert column(done, "flag")[("employment", 2016, "Québec")] == "approximate"
    assert column(done, "flag")[("employment", 2014, "Québec")] == "preliminary"
    assert done.skipped_missing == 1


@pytest.mark.parametrize(
    ("uom", "indicator", "expected"),
    [
        ("Percent", "jobs", "Column 'UOM' says this table is in percent ('Percent'), but Jobs is counted in"),
        ("Dollars", "employment", "Column 'UOM' says this table is in dollars ('Dollars')"),
        ("2002=100", "revenue", "Column 'UOM' says this table is an index ('2002=100')"),
        ("Persons", "cpi", "Column 'UOM' says this table counts 'Persons', but Consumer price index is counted in"),
    ],
)
def test_a_unit_that_is_not_the_indicators_is_refused(plan: Plan, uom: str, indicator: str, expected: str) -> None:
    result = read(table([row("2019", "Quebec", "5.5", uom=uom, scalar="0")]), plan, indicator=indicator)
    assert [(p.row, p.column, p.value) for p in result.errors] == [(2, "UOM", uom)]
    assert expected in result.errors[0].message


def test_a_percentage_table_imports_as_a_fraction_for_a_percent_indicator(plan: Plan) -> None:
    text = SHIPPED.replace(
        '[[indicators]]\nid = "cpi"', '[[indicators]]\nid = "rate"\norientation = 1\nunit = "percent"\n'
        'direction = "none"\nlabel = { en = "Rate", fr = "Taux" }\n\n[[indicators]]\nid = "cpi"'
    )  # fmt: skip
    with_rate = parse_plan(text, "rate.toml")
    result = read(table([row("2019", "Quebec", "62.5", uom="Percent", scalar="0")]), with_rate, indicator="rate")
    assert figures(result) == {("rate", 2019, *QC): pytest.approx(0.625)}


def test_each_sector_from_a_dimension(plan: Plan) -> None:
    industries = ("Total, all industries", "Agriculture [111-112]", "Retail", "Construction [23]")
    rows = [row("2019", "Quebec", str(100 * (i + 1)), industry=n, scalar="0") for i, n in enumerate(industries)]
    result = read(table(rows), plan, indicator="jobs", as_sector="naics")
    assert figures(result) == {
        ("jobs", 2019, "Québec", "all", "all"): 100,
        ("jobs", 2019, "Québec", "agri_food", "all"): 200,
        ("jobs", 2019, "Québec", "retail", "all"): 300,
    }
    assert f"Values of column '{NAICS}' that are not sectors of the plan were set aside with their rows (1):" \
        " 'Construction [23]'." in messages(result.warnings)  # fmt: skip
    assert [s.as_sector for s in result.series] == [True, False]
    none = [row("2019", "Quebec", "5", industry=n, scalar="0") for n in ("Mining [21]", "Utilities [22]")]
    refused = read(table(none), plan, indicator="jobs", as_sector=NAICS)
    assert "No value of column" in refused.errors[0].message and "Financial services" in refused.errors[0].message


SHIPPED = (ROOT / "data" / "plans" / "cqcm-2020.toml").read_text(encoding="utf-8")
DECLARED = f"""
[[statcan_tables]]
product = "14-10-0355-01"
indicator = "employment"
where = {{ "{NAICS}" = "Total, all industries" }}
"""


def test_a_declared_table_imports_with_no_options() -> None:
    declared = parse_plan(SHIPPED + DECLARED, "declared.toml")
    result = read(WHOLE, declared, name="14100355-eng.csv")
    assert figures(result) == {("employment", 2018, *QC): 4_006_500}
    assert result.detected.table == "14100355"
    other = read(WHOLE, declared, name="download.csv", table="14-10-0355")
    assert figures(other) == {("employment", 2018, *QC): 4_006_500}
    sums = read(WHOLE, declared, name="14100355.csv", annual="sum")
    assert figures(sums) == {("employment", 2018, *QC): 48_078_000}  # 4001 + ... + 4012 = 48,078 thousands


def test_a_users_column_after_the_table_is_ignored_and_said(plan: Plan) -> None:
    result = read(table([row("2019", "Quebec", "4300")], extra="Lat"), plan, indicator="employment")
    assert figures(result) == {("employment", 2019, *QC): 4_300_000}
    assert "were ignored: 'Lat'" in messages(result.warnings)
    assert [s.dimension for s in result.series] == [NAICS, "Sex"]


LONG = (
    "year,indicator,region,sector,network,value,unit,flag,source,derived\n"
    "2018,jobs,Québec,all,all,116000,jobs,,CQCM,\n"
    "2018,employment,Québec,all,all,4000000,persons,,StatCan,\n"
    "2018,coop_job_share,Québec,all,all,0.029,percent,,planmetrics,oui\n"
    "2019,Part des emplois coopératifs,Québec,all,all,0.03,percent,,,\n"
    "2019,jobs,Québec,all,all,117000,jobs,,CQCM,x\n"
)


def test_derived_rows_are_skipped_and_said(plan: Plan) -> None:
    result = read_figures(LONG.encode(), "export.csv", plan, lang="en")
    assert figures(result) == {("jobs", 2018, *QC): 116_000, ("employment", 2018, *QC): 4_000_000}
    said = messages(result.warnings)
    assert "2 figures of Co-operative and mutualist share of Quebec jobs were skipped: planmetrics computes it from" \
        " Jobs, Employment in Quebec." in said  # fmt: skip
    assert "1 row of Jobs marked as computed was skipped" in said


def test_a_big_long_file_with_derived_rows_reaches_the_validator(plan: Plan) -> None:
    body = "".join(f"{y},jobs,Québec,agri_food,n{n},{n},jobs,,CQCM\n" for y in range(2000, 2021) for n in range(3000))
    data = ("year,indicator,region,sector,network,value,unit,flag,source\n" + body
            + "2018,coop_job_share,Québec,all,all,0.029,percent,,\n").encode()  # fmt: skip
    assert len(data) > 1 << 20
    result = read_figures(data, "big.csv", plan)
    assert result.ok and result.rows == 21 * 3000
    assert "1 figure of Co-operative and mutualist share of Quebec jobs was skipped" in messages(result.warnings)


def test_a_quality_column_of_a_long_file(plan: Plan) -> None:
    text = "year,indicator,value,quality\n2018,jobs,116000,b\n2019,jobs,117000,\n2020,jobs,118000,Z\n"
    result = read_figures(text.encode(), "q.csv", plan)
    assert [(p.row, p.column, p.value) for p in result.errors] == [(4, "quality", "Z")]
    assert "Write A, B, C or D" in result.errors[0].message
    fine = read_figures(text.replace(",Z", ",D").encode(), "q.csv", plan)
    assert column(fine, config.QUALITY) == {
        ("jobs", 2018, "Québec"): "B", ("jobs", 2019, "Québec"): None, ("jobs", 2020, "Québec"): "D"
    }  # fmt: skip


def test_a_big_whole_table_reads_as_the_small_one(plan: Plan) -> None:
    """The same rows past a megabyte (the Arrow path) give the same figures and warnings, row numbers included."""
    filler = [row(p, "Ontario", "7000.0", industry=f"Industry {i} [{i}]") for i in range(450)
              for p in months(2018) + months(2019, 6)]  # fmt: skip
    big = WHOLE + b"".join(line(r).encode() for r in filler)
    assert len(big) > 1 << 20 and read_big_statcan(big) is not None
    result = read(big, plan, indicator="employment", where=CHOICE)
    assert figures(result) == {("employment", 2018, *QC): 4_006_500}
    assert "8,172 rows for 2 places" in messages(result.warnings)  # 72 + 450 industries x 18 months
    percent = big.replace(b'"Persons"', b'"Percent"', 1)
    refused = read(percent, plan, indicator="employment", where=CHOICE)
    assert [(p.row, p.column) for p in refused.errors] == [(2, "UOM")]


def test_the_bench_table_imports_in_one_where(plan: Plan) -> None:
    """The benchmark's table (bench/statcan_table.py: Canada and the first five provinces, 19 industries,
    monthly from 1976 to September 2025): Québec's yearly employment with one --where."""
    from bench.statcan_table import whole_table  # noqa: PLC0415

    data = whole_table(12)
    result = read(data, plan, indicator="employment", where=((NAICS, "Total employed, all industries"),))
    assert result.ok, result.errors
    years = {year for (_, year, *_rest) in figures(result)}
    assert years == set(range(1976, 2025))  # 2025 stops in September: skipped and said
    assert "2025 was not imported" in messages(result.warnings)


def test_two_columns_to_choose_give_two_wheres(plan: Plan) -> None:
    rows = [row("2019", "Quebec", "10", industry=i, sex=s) for i in (TOTAL, "Utilities [22]")
            for s in ("Both sexes", "Males", "Females")]  # fmt: skip
    result = read(table(rows), plan, name="download.csv", indicator="employment")
    message = result.errors[0].message
    assert message.startswith("This table holds several series: choose one value in each of these 2 columns:")
    assert "'Sex' (3 values: 'Both sexes', 'Males', 'Females')" in message
    assert (
        f'planmetrics import download.csv --indicator employment --where "{NAICS}=Total, all industries"'
        ' --where "Sex=Both sexes"'
    ) in message
    half = read(table(rows), plan, name="download.csv", indicator="employment", where=(("sex", "males"),))
    assert "choose one value in column 'North American" in half.errors[0].message
    assert '--where Sex=Males --where "North American' in half.errors[0].message
    both = read(table(rows), plan, indicator="employment", where=(("Sex", "Females"), (NAICS, "Utilities")))
    assert figures(both) == {("employment", 2019, *QC): 10_000}


def test_months_of_any_layout_are_made_into_years_by_the_validator(plan: Plan) -> None:
    """A wide file's month columns (`2023-01`...) give raw figures with a period: the validator makes the year."""
    validator = Validator(plan, "en", "test", ".")

    def month(year: str, m: int, text: str) -> RawFigure:
        value = Cell(f"{year}-{m:02d}", text)
        return RawFigure(row=2, value=value, year=Cell("year", year), indicator_id="revenue", period=f"{m:02d}")

    for m in range(1, 13):
        validator.add(month("2023", m, str(m * 10)))
        validator.add(month("2024", m, ".." if m == 2 else str(m * 10)))
    validator.finish()
    # revenue is summed: 10 + 20 + ... + 120 = 780 dollars; 2024 lacks February
    assert [(f[0], f[1], f[5]) for f in validator.figures] == [("revenue", 2023, 780.0)]
    assert [w.message for w in validator.warnings] == [
        "Revenue 2024 was not imported: no figure for February (missing or suppressed), and a year is made only"
        " from all its"
        " periods."
    ]
    again = Validator(plan, "en", "test", ".")
    for period, text in (("01", "5"), ("01", "6")):
        again.add(
            RawFigure(row=4, value=Cell("2023-01", text), year=Cell("y", "2023"), indicator_id="jobs", period=period)
        )
    assert [(p.row, p.column) for p in again.errors] == [(4, "2023-01")]
    assert "Jobs 2023 (All of Quebec, all sectors, all networks) January" in again.errors[0].message


LFS = (
    "REF_DATE", "GEO", "DGUID", "Labour force characteristics", "Gender", "Age group", "Statistics", "Data type",
    "UOM", "UOM_ID", "SCALAR_FACTOR", "SCALAR_ID", "VECTOR", "COORDINATE", "VALUE", "STATUS", "SYMBOL", "TERMINATED",
    "DECIMALS",
)  # fmt: skip


def lfs_row(period: str, geo: str, what: str, value: str, statistic: str = "Estimate", uom: str = "") -> str:
    unit = uom or ("Percent" if what.endswith("rate") else "Persons in thousands")
    scalar = ("units", "0") if unit == "Percent" else ("thousands", "3")
    dimensions = (what, "Total - Gender", "15 years and over", statistic, "Seasonally adjusted")
    return line((period, geo, "2021A000224", *dimensions, unit, "428", *scalar, "v1", "6.3.1", value, "", "", "", "1"))


def test_the_labour_force_surveys_table_as_its_header_is_written(plan: Plan) -> None:
    """14-10-0287's own columns: five dimensions, two with several members here; the employment rate (percent)
    beside employment (persons in thousands) is never read once employment is chosen."""
    text = line(LFS) + "".join(
        lfs_row(p, g, what, v, statistic)
        for p in months(2025)
        for g in ("Quebec", "Ontario")
        for what, v in (("Employment", "4500.0"), ("Employment rate", "61.2"))
        for statistic in ("Estimate", "Standard error of estimate")
    )
    refused = read(text.encode(), plan, name="14100287.csv", indicator="employment")
    message = refused.errors[0].message
    assert "'Labour force characteristics' (2 values: 'Employment', 'Employment rate')" in message
    assert "'Statistics' (2 values: 'Estimate', 'Standard error of estimate')" in message
    assert '--where "Labour force characteristics=Employment" --where Statistics=Estimate' in message
    result = read(text.encode(), plan, name="14100287.csv", indicator="employment",
                  where=(("Labour force characteristics", "Employment"), ("statistics", "estimate")))  # fmt: skip
    assert figures(result) == {("employment", 2025, *QC): 4_500_000}
    assert [s.chosen for s in result.series] == [
        "Employment", "Total - Gender", "15 years and over", "Estimate", "Seasonally adjusted"
    ]  # fmt: skip
    rate = read(text.encode(), plan, name="14100287.csv", indicator="employment",
                where=(("Labour force characteristics", "Employment rate"), ("statistics", "estimate")))  # fmt: skip
    assert [(p.row, p.column, p.value) for p in rate.errors] == [(4, "UOM", "Percent")]


def test_one_place_set_aside_is_said_as_one(plan: Plan) -> None:
    rows = [row("2019", "Quebec", "4300"), row("2019", "Canada", "19000"), row("2020", "Canada", "19100")]
    result = read(table(rows), plan, lang="fr", indicator="employment")
    assert figures(result) == {("employment", 2019, *QC): 4_300_000}
    assert "2 lignes d'un lieu qui n'est pas une région du plan ont été mises de côté : Canada." in messages(
        result.warnings
    )


def test_a_table_saved_as_a_workbook_with_numeric_cells(plan: Plan) -> None:
    import io  # noqa: PLC0415

    import openpyxl  # noqa: PLC0415

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["REF_DATE", "GEO", "DGUID", "UOM", "SCALAR_FACTOR", "SCALAR_ID", "VECTOR", "VALUE", "STATUS"])
    sheet.append([2018, "Quebec", "2016A000224", "Persons", "thousands", 3, "v1", 4300.5, None])
    sheet.append([2019, "Quebec", "2016A000224", "Persons", "thousands", 3, "v1", 4400, "A"])
    data = io.BytesIO()
    book.save(data)
    result = read(data.getvalue(), plan, name="14100355.xlsx", indicator="employment")
    assert figures(result) == {("employment", 2018, *QC): 4_300_500, ("employment", 2019, *QC): 4_400_000}
    assert column(result, config.QUALITY) == {("employment", 2018, "Québec"): None, ("employment", 2019, "Québec"): "A"}


def test_a_choice_for_a_file_that_is_no_statcan_table_is_said_ignored(plan: Plan) -> None:
    result = read(b"year,indicator,value\n2018,jobs,116000\n", plan, name="f.csv", where=((NAICS, "Total"),))
    assert figures(result) == {("jobs", 2018, *QC): 116_000}
    assert "this file is not one, so they were ignored" in messages(result.warnings)


def test_a_table_known_by_its_product_id_is_its_figures_source(plan: Plan) -> None:
    where = (("naics", "TOTAL, all industries"),)
    result = read(WHOLE, plan, indicator="employment", where=where)
    assert column(result, "source") == {("employment", 2018, "Québec"): "Statistics Canada, table 14-10-0355"}
    assert column(result, "source_fr") == {("employment", 2018, "Québec"): "Statistique Canada, tableau 14-10-0355"}
    typed = read(WHOLE, plan, indicator="employment", where=where, source="LFS, my download")
    assert column(typed, "source") == {("employment", 2018, "Québec"): "LFS, my download"}
    assert column(typed, "source_fr") == {("employment", 2018, "Québec"): None}
    unnamed = read(WHOLE, plan, name="table.csv", indicator="employment", where=where)
    assert column(unnamed, "source") == {("employment", 2018, "Québec"): "table.csv"}  # no product id: its name


def test_a_labour_force_table_is_taken_for_employment_without_indicator(plan: Plan) -> None:
    """The Labour Force Survey's characteristics hold `Employment`: the plan's `statcan` names of `employment`."""
    header = tuple("Labour force characteristics" if h == NAICS else h for h in HEADER)
    lfs = table(
        [row(p, "Quebec", f"{4000 + int(p[-2:])}.0", industry="Employment") for p in months(2018)]
        + [row(p, "Quebec", "200.0", industry="Unemployment") for p in months(2018)],
        header,
    )
    result = read(lfs, plan, name="14100287.csv", where=(("Labour force characteristics", "employment"),))
    assert figures(result) == {("employment", 2018, *QC): 4_006_500}


def test_two_values_for_one_column_or_a_value_of_the_sectors_column_are_refused(plan: Plan) -> None:
    twice = read(
        WHOLE, plan, indicator="employment", where=((NAICS, "Total, all industries"), ("naics", "Construction"))
    )
    assert [(p.row, p.column, p.value) for p in twice.errors] == [(None, NAICS, "Construction")]
    assert f"--where chooses two values of column '{NAICS}': 'Total, all industries' and 'Construction'." in (
        twice.errors[0].message
    )
    same = read(WHOLE, plan, indicator="employment", where=(CHOICE[0], ("naics", "total, ALL industries [00-91N]")))
    assert figures(same) == {("employment", 2018, *QC): 4_006_500}  # the same value twice is one choice
    sectors = read(WHOLE, plan, lang="fr", indicator="employment", as_sector="naics", where=((NAICS, "Construction"),))
    assert f"--where choisit « Construction » dans la colonne « {NAICS} », dont --as-sector prend les valeurs" in (
        messages(sectors.errors)
    )
    assert sectors.rows == 0


def test_a_derived_indicator_is_refused_and_a_file_of_derived_rows_says_why_nothing_is_left(plan: Plan) -> None:
    for lang, expected in [
        ("en", "Co-operative and mutualist share of Quebec jobs is computed by planmetrics from Jobs, Employment in"
               " Quebec: it is never imported. Import those instead."),
        ("fr", "L'indicateur Part des emplois coopératifs et mutualistes au Québec est calculé par planmetrics à partir"
               " des indicateurs Emplois, Emploi au Québec : il ne s'importe jamais. Importez plutôt ceux-ci."),
    ]:  # fmt: skip
        result = read(WHOLE, plan, lang=lang, indicator="coop_job_share", where=CHOICE)
        assert [(p.row, p.column, p.value, p.message) for p in result.errors] == [(None, None, "coop_job_share",
                                                                                   expected)]  # fmt: skip
    only = "year,indicator,value,derived\n2018,coop_job_share,0.029,true\n2019,coop_job_share,0.03,true\n"
    result = read_figures(only.encode(), "export.csv", plan)
    assert messages(result.errors) == (
        "No figure is left to import. 2 figures of Co-operative and mutualist share of Quebec jobs were skipped:"
        " planmetrics computes it from Jobs, Employment in Quebec."
    )


def test_a_weekly_or_daily_table_is_refused_once(plan: Plan) -> None:
    weekly = [row(f"2019-{m:02d}-{d:02d}", "Quebec", "100", scalar="0") for m in range(1, 13) for d in (5, 12, 19)]
    result = read(table(weekly), plan, indicator="employment")
    assert [(p.row, p.column) for p in result.errors] == [(None, "REF_DATE")]
    assert result.errors[0].message.startswith("This table is weekly (more than one date in a month)")
    assert "Download it monthly or yearly." in result.errors[0].message
    daily = [row(f"2019-01-{d:02d}", "Quebec", "100", scalar="0") for d in range(1, 29)]
    refused = read(table(daily), plan, lang="fr", indicator="employment")
    assert messages(refused.errors).startswith("Ce tableau est quotidien")
    dated = [row(f"2019-{m:02d}-01", "Quebec", str(m), scalar="0") for m in range(1, 13)]  # monthly, with a day
    assert figures(read(table(dated), plan, indicator="employment")) == {("employment", 2019, *QC): 6.5}  # 78 / 12


def test_a_month_given_twice_cites_the_row_of_that_month(plan: Plan) -> None:
    rows = [row(p, "Quebec", "10", scalar="0") for p in months(2019)] + [row("2019-03", "Quebec", "11", scalar="0")]
    result = read(table(rows), plan, indicator="employment")
    assert [(p.row, p.column, p.value) for p in result.errors] == [(14, "VALUE", "11")]
    assert "2019 (All of Quebec, all sectors, all networks) March: 10 in row 4 and 11 here" in result.errors[0].message


def test_the_refusal_gives_back_the_options_given(plan: Plan) -> None:
    result = read(WHOLE, plan, name="download.csv", indicator="Emploi au Québec", annual="last", table="14-10-0355",
                  encoding="utf-8")  # fmt: skip
    command = (f'planmetrics import download.csv --indicator "Emploi au Québec" --where "{NAICS}=Total, all'
               ' industries" --annual last --table 14-10-0355 --encoding utf-8')  # fmt: skip
    assert command in result.errors[0].message


def test_a_table_without_rows_or_any_figure_says_so(plan: Plan) -> None:
    empty = read(table([]), plan, lang="fr", indicator="employment")
    assert messages(empty.errors) == (
        "Ce tableau de Statistique Canada ne contient aucune ligne sous son en-tête : téléchargez-le de nouveau avec"
        " ses chiffres."
    )
    hidden = read(table([row(y, "Quebec", "", status="x") for y in ("2018", "2019")]), plan, lang="fr",
                  indicator="employment")  # fmt: skip
    assert messages(hidden.errors).startswith(
        "Toutes les valeurs de ce tableau de Statistique Canada sont manquantes ou confidentielles (2 lignes"
    )
    half = read(table([row(p, "Quebec", "10") for p in months(2019, 6)]), plan, indicator="employment")
    assert messages(half.errors).startswith(
        "No figure is left to import. Employment in Quebec 2019 was not imported: no figure for July to December"
    )
    one = read(table([row("2019", "Quebec", "4300"), row("2019", "Canada", "19000")]), plan, lang="fr",
               indicator="employment")  # fmt: skip
    assert "1 ligne d'un lieu qui n'est pas une région du plan a été mise de côté : Canada." in messages(one.warnings)
