"""A network editor's submission and the locked years, honoured by every reader (issue 18).

`ReadOptions.network`: a row with no network (no network column, an empty cell, a total's spelling) is the
submitting network's; a row naming another network, of the plan or not, is refused at its row and network column.
`ReadOptions.locked_years`: a row in a locked year is refused at its row and its year's column (a wide file's year
header, a month column's header, a StatCan table's `REF_DATE`). On the fast path (a file over 1 MiB) a clean
submission gets its network there; a file breaking either rule is read by the careful path, which names the rows.

The shipped plan's networks are read by hand: `desjardins` is "Mouvement Desjardins" / "Desjardins Group",
`sollio` "Sollio Groupe Coopératif" / "Sollio Cooperative Group" (alias "La Coop fédérée").
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from bench.real_files import xlsx_bytes
from planmetrics.ingest import ReadOptions, ReadResult, fast, read_figures
from planmetrics.plan import Plan

from .conftest import run_cli

OTHER_EN = (
    "This row holds a figure of Sollio Cooperative Group, another network: a file you submit may hold only figures "
    "of Desjardins Group. Remove the rows of other networks from the file, or ask the plan team to import them."
)
OTHER_FR = (
    "Cette ligne porte un chiffre de Sollio Groupe Coopératif, un autre réseau : un fichier que vous soumettez ne "
    "peut contenir que des chiffres de Mouvement Desjardins. Retirez du fichier les lignes des autres réseaux, ou "
    "demandez à l'équipe du plan de les importer."
)
LOCKED_EN = (
    "2019 is approved and locked by the plan team: its figures can no longer change. Leave 2019 out of the file, "
    "or ask a reviewer to unlock 2019 if its figures must change."
)
LOCKED_FR = (
    "L'année 2019 est approuvée et verrouillée par l'équipe du plan : ses chiffres ne peuvent plus changer. "
    "Retirez 2019 du fichier, ou demandez à un réviseur de déverrouiller 2019 si ses chiffres doivent changer."
)


def read(text: str, plan: Plan, lang: str = "en", **options: object) -> ReadResult:
    chosen = ReadOptions(**options)  # type: ignore[arg-type]
    return read_figures(text.encode("utf-8"), "figures.csv", plan, lang=lang, options=chosen)


def by_key(result: ReadResult) -> dict[tuple[str, int, str, str], float]:
    assert result.ok, result.errors
    return {
        (r["indicator"], int(r["year"]), r["region"], r["network"]): float(r["value"])
        for r in result.figures.to_dict("records")
    }


def where(result: ReadResult) -> list[tuple[int | None, str | None, str | None]]:
    return [(p.row, p.column, p.value) for p in result.errors]


# ------------------------------------------------------------------ a network's submission, careful path


def test_a_file_without_a_network_column_is_the_submitting_networks(plan: Plan) -> None:
    result = read("year,indicator,value\n2018,jobs,5\n2019,members,7\n", plan, network="desjardins")
    assert by_key(result) == {
        ("jobs", 2018, "Québec", "desjardins"): 5.0,
        ("members", 2019, "Québec", "desjardins"): 7.0,
    }
    assert result.warnings == ()


def test_her_networks_label_empty_cells_and_totals_are_hers(plan: Plan) -> None:
    text = (
        "année,indicateur,réseau,valeur\n"
        "2016,jobs,Mouvement Desjardins,1\n"
        "2017,jobs,desjardins,2\n"
        "2018,jobs,,3\n"
        "2019,jobs,tous les réseaux,4\n"
        "2020,jobs,Fédération des caisses Desjardins du Québec,5\n"
    )
    result = read(text, plan, "fr", network="desjardins")
    assert by_key(result) == {("jobs", year, "Québec", "desjardins"): float(year - 2015) for year in range(2016, 2021)}
    assert result.detected.network_column
    assert result.warnings == ()


def test_without_a_submission_the_same_file_keeps_its_totals(plan: Plan) -> None:
    """The plan team's direct import: the total stays the total (the rule is the submission's alone)."""
    result = read("year,indicator,network,value\n2018,jobs,,3\n2019,jobs,Sollio Groupe Coopératif,4\n", plan)
    assert by_key(result) == {("jobs", 2018, "Québec", "all"): 3.0, ("jobs", 2019, "Québec", "sollio"): 4.0}


@pytest.mark.parametrize(("lang", "message"), [("en", OTHER_EN), ("fr", OTHER_FR)])
def test_one_row_of_another_network_refuses_the_file_at_its_row(plan: Plan, lang: str, message: str) -> None:
    text = (
        "year,indicator,réseau,value\n"
        "2017,jobs,Mouvement Desjardins,1\n"
        "2018,jobs,,2\n"
        "2019,jobs,La Coop fédérée,3\n"  # row 4: Sollio's, by its alias
    )
    result = read(text, plan, lang, network="desjardins")
    assert where(result) == [(4, "réseau", "La Coop fédérée")]
    assert result.errors[0].message == message
    assert result.rows == 0


def test_every_row_of_other_networks_is_listed(plan: Plan) -> None:
    """Sollio twice (rows 3 and 5, one problem naming both rows) and an unknown network (row 4), said as written."""
    text = (
        "year,indicator,network,value\n"
        "2016,jobs,Desjardins Group,1\n"
        "2017,jobs,Sollio Cooperative Group,2\n"
        "2018,jobs,Caisse X,3\n"
        "2019,jobs,Sollio Cooperative Group,4\n"
    )
    english = read(text, plan, "en", network="desjardins")
    assert where(english) == [(3, "network", "Sollio Cooperative Group"), (4, "network", "Caisse X")]
    assert english.errors[0].message == f"{OTHER_EN} (also rows 5)"
    assert english.errors[1].message == (
        "This row names the network 'Caisse X', which is not Desjardins Group: a file you submit may hold only "
        "figures of Desjardins Group. For your network's figures, write Desjardins Group or leave the cell empty; "
        "remove the rows of other networks, or ask the plan team to import them."
    )
    french = read(text, plan, "fr", network="desjardins")
    assert french.errors[1].message.startswith(
        "Cette ligne nomme le réseau « Caisse X », qui n'est pas Mouvement Desjardins : un fichier que vous "
        "soumettez ne peut contenir que des chiffres de Mouvement Desjardins."
    )
    assert english.warnings == ()  # an unknown name is refused, not kept under its name with a warning


def test_a_wide_file_of_another_network_is_refused_at_each_row(plan: Plan) -> None:
    text = "network,indicator,2018,2019\nMouvement Desjardins,jobs,1,2\nSollio Groupe Coopératif,jobs,3,4\n"
    result = read(text, plan, "fr", network="desjardins")
    # one row, two figures: the same problem once, at row 3
    assert where(result) == [(3, "network", "Sollio Groupe Coopératif")]
    assert result.errors[0].message == OTHER_FR


def test_a_workbook_without_network_column_is_hers(plan: Plan) -> None:
    data = xlsx_bytes([["année", "indicateur", "valeur"], [2018, "jobs", 5], [2019, "jobs", 6]])
    result = read_figures(data, "réseau.xlsx", plan, lang="fr", options=ReadOptions(network="sollio"))
    assert by_key(result) == {("jobs", 2018, "Québec", "sollio"): 5.0, ("jobs", 2019, "Québec", "sollio"): 6.0}


# ------------------------------------------------------------------ locked years, careful path


@pytest.mark.parametrize(("lang", "message"), [("en", LOCKED_EN), ("fr", LOCKED_FR)])
def test_a_long_files_row_in_a_locked_year_is_refused_at_its_year_cell(plan: Plan, lang: str, message: str) -> None:
    text = "year,indicator,value\n2018,jobs,5\n2019,jobs,6\n2020,jobs,7\n"
    result = read(text, plan, lang, locked_years=(2019,))
    assert where(result) == [(3, "year", "2019")]
    assert result.errors[0].message == message
    assert result.rows == 0


def test_every_row_of_locked_years_is_named(plan: Plan) -> None:
    text = "year,indicator,value\n2017,jobs,4\n2018,jobs,5\n2019,jobs,6\n2017,members,7\n2019,members,8\n"
    result = read(text, plan, "en", locked_years=(2017, 2019))
    assert where(result) == [(2, "year", "2017"), (4, "year", "2019")]
    assert result.errors[0].message.startswith("2017 is approved and locked by the plan team")
    assert result.errors[0].message.endswith("(also rows 5)")
    assert result.errors[1].message == f"{LOCKED_EN} (also rows 6)"


def test_a_wide_files_locked_year_is_refused_at_its_column(plan: Plan) -> None:
    text = "indicateur,2018,2019\njobs,5,6\nmembers,7,8\n"
    result = read(text, plan, "fr", locked_years=(2019,))
    assert where(result) == [(2, "2019", "2019")]
    assert result.errors[0].message == f"{LOCKED_FR} (aussi aux lignes 3)"


def test_a_month_columns_locked_year_is_refused_at_each_months_column(plan: Plan) -> None:
    text = "indicator,2018-12,2019-01,2019-02\nemployment,10,11,12\n"
    result = read(text, plan, "en", locked_years=(2019,))
    assert where(result) == [(2, "2019-01", "2019"), (2, "2019-02", "2019")]
    assert {p.message for p in result.errors} == {LOCKED_EN}


STATCAN_HEADER = (
    "REF_DATE,GEO,DGUID,UOM,UOM_ID,SCALAR_FACTOR,SCALAR_ID,VECTOR,COORDINATE,VALUE,STATUS,SYMBOL,TERMINATED,DECIMALS\n"
)


def _monthly_statcan(years: range) -> str:
    """Quebec's employment, one row a month: 1,000 persons in January, one more each month."""
    rows = [
        f"{year}-{month:02d},Quebec,2016A000224,Persons,249,units,0,v1,1,{999 + month},,,,0\n"
        for year in years
        for month in range(1, 13)
    ]
    return STATCAN_HEADER + "".join(rows)


def test_a_statcan_tables_locked_year_is_refused_at_the_rows_of_its_months(plan: Plan) -> None:
    """2018's months are rows 2-13, 2019's rows 14-25: the problem at row 14, the eleven others named (ten listed)."""
    result = read(_monthly_statcan(range(2018, 2020)), plan, "en", indicator="employment", locked_years=(2019,))
    assert where(result) == [(14, "REF_DATE", "2019")]
    assert result.errors[0].message == f"{LOCKED_EN} (also rows 15, 16, 17, 18, 19, 20, 21, 22, 23, 24 and 1 more)"


def test_a_statcan_table_submitted_is_the_networks(plan: Plan) -> None:
    """No network column: the year's mean of its months (1,000 ... 1,011: 1,005.5) is the submitting network's."""
    result = read(_monthly_statcan(range(2018, 2019)), plan, "en", indicator="employment", network="desjardins")
    assert by_key(result) == {("employment", 2018, "Québec", "desjardins"): 1005.5}


def test_a_month_column_file_honours_the_annual_choice(plan: Plan) -> None:
    """`ReadOptions.annual` reaches the validator of a file with month columns (12 months of 1 summed: 12), and the
    French source stays empty as the file gives none."""
    months = ",".join(f"2018-{m:02d}" for m in range(1, 13))
    result = read(f"indicator,{months}\nemployment,{','.join(['1'] * 12)}\n", plan, "en", annual="sum")
    assert by_key(result) == {("employment", 2018, "Québec", "all"): 12.0}
    assert list(result.figures["source_fr"]) == [None]


# ------------------------------------------------------------------ the fast path (a file over 1 MiB)

SOURCE = "Portrait des réseaux coopératifs du Québec : compilation annuelle" + " (détail)" * 20
LOCKED_ROW = 102  # the 101st row of figures, after the header


def _big_file(plan: Plan, *, network: str | None, odd_row: str | None = None) -> bytes:
    """Jobs and members for each year 1900-2018 and each region: 119 x 18 x 2 = 4,284 rows, over 1 MiB. With a
    network column, its cells turn through "Mouvement Desjardins", "desjardins", "" and "all". `odd_row` (cells
    after the year) is put in as row `LOCKED_ROW`, in 2019."""
    spellings = ["Mouvement Desjardins", "desjardins", "", "all"]
    header = "year,indicator,region,network,value,source" if network else "year,indicator,region,value,source"
    lines = []
    for year in range(1900, 2019):
        for region in (r.id for r in plan.regions):
            for indicator in ("jobs", "members"):
                cells = [str(year), indicator, region]
                cells += [spellings[len(lines) % 4]] if network else []
                lines.append(",".join([*cells, str(year - 1800), SOURCE]))
    if odd_row is not None:
        lines.insert(LOCKED_ROW - 2, f"2019,{odd_row},{SOURCE}")
    data = ("\n".join([header, *lines]) + "\n").encode("utf-8")
    assert len(data) > fast.FAST_MIN_BYTES
    return data


def _both_paths(data: bytes, plan: Plan, **options: object) -> tuple[ReadResult, ReadResult]:
    """The file read as it comes (the fast path when it can) and by the careful path (an encoding named)."""
    quick = read_figures(data, "big.csv", plan, lang="en", options=ReadOptions(**options))  # type: ignore[arg-type]
    careful_options = ReadOptions(encoding="utf-8", **options)  # type: ignore[arg-type]
    careful = read_figures(data, "big.csv", plan, lang="en", options=careful_options)
    return quick, careful


def _sorted(result: ReadResult) -> list[list[str]]:
    columns = ["indicator", "year", "region", "sector", "network", "value", "unit", "source"]
    return result.figures.sort_values(columns[:5])[columns].astype(str).values.tolist()


@pytest.mark.parametrize("network_column", [False, True])
def test_a_clean_big_submission_gets_its_network_on_the_fast_path(plan: Plan, network_column: bool) -> None:
    data = _big_file(plan, network="desjardins" if network_column else None)
    quick, careful = _both_paths(data, plan, network="desjardins", locked_years=(2019, 2020))
    assert isinstance(quick.staged, pa.Table)  # the fast path read it
    assert not isinstance(careful.staged, pa.Table)
    assert quick.ok and careful.ok, (quick.errors[:2], careful.errors[:2])
    assert quick.figures["network"].value_counts().to_dict() == {"desjardins": 4284}
    assert _sorted(quick) == _sorted(careful)
    montreal_2018 = quick.figures[(quick.figures["year"] == 2018) & (quick.figures["region"] == "Montréal")]
    assert sorted(zip(montreal_2018["indicator"], montreal_2018["value"], strict=True)) == [
        ("jobs", 218.0),
        ("members", 218.0),
    ]
    assert quick.detected.network_column is network_column
    assert quick.warnings == careful.warnings


def test_a_big_file_with_a_locked_years_row_is_refused_at_that_row(plan: Plan) -> None:
    data = _big_file(plan, network=None, odd_row="jobs,Montréal,5")
    quick, careful = _both_paths(data, plan, locked_years=(2019,))
    assert not isinstance(quick.staged, pa.Table)  # handed to the careful path, which names the row
    assert where(quick) == [(LOCKED_ROW, "year", "2019")]
    assert quick.errors[0].message == LOCKED_EN
    assert quick.errors == careful.errors
    assert quick.rows == 0


def test_a_big_submission_with_another_networks_row_is_refused_at_that_row(plan: Plan) -> None:
    data = _big_file(plan, network="desjardins", odd_row="jobs,Montréal,La Coop fédérée,5")
    quick, careful = _both_paths(data, plan, network="desjardins")
    assert not isinstance(quick.staged, pa.Table)
    assert where(quick) == [(LOCKED_ROW, "network", "La Coop fédérée")]
    assert quick.errors[0].message == OTHER_EN
    assert quick.errors == careful.errors


def test_a_big_direct_import_ignores_neither_rule_it_was_not_given(plan: Plan) -> None:
    """Without a submission or locks, the same file with its 2019 row of Sollio is read fast, Sollio's kept."""
    data = _big_file(plan, network="desjardins", odd_row="jobs,Montréal,La Coop fédérée,5")
    quick = read_figures(data, "big.csv", plan, lang="en")
    assert isinstance(quick.staged, pa.Table)
    counts = quick.figures["network"].value_counts().to_dict()
    assert counts == {"desjardins": 2142, "all": 2142, "sollio": 1}  # the four spellings turn: two of each id


# ------------------------------------------------------------------ the command line's `figure --network`


@pytest.mark.parametrize("written", ["Mouvement Desjardins", "Desjardins Group", "desjardins"])
def test_figure_finds_a_networks_figure_by_its_label(db: str, tmp_path: Path, written: str) -> None:
    path = tmp_path / "réseaux.csv"
    path.write_text("year,indicator,network,value\n2018,jobs,Mouvement Desjardins,5\n2018,jobs,,9\n")
    done = run_cli("--db", db, "import", str(path), "--json")
    assert done.returncode == 0, done.stderr
    found = run_cli("--db", db, "figure", "jobs", "2018", "--network", written, "--json")
    assert found.returncode == 0, found.stderr
    (version,) = json.loads(found.stdout)
    assert version["value"] == 5.0  # Desjardins' figure, not the total's 9
