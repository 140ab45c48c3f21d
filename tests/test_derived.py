"""Derived indicators: `coop_job_share = jobs / employment` computed from the current figures (weakest flag,
no value on a zero divisor or a missing input), in the snapshot and `progress --json`, as of a year, in
`planmetrics data` (CSV en/fr, XLSX, rows marked `derived`), `figure` refused for it, and an issued report
recording its inputs' figures. Every number below is divided by hand."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from planmetrics import changes, config, derived, export, snapshots
from planmetrics.cli import main
from planmetrics.plan import Plan
from planmetrics.plan.formula import parse_formula
from planmetrics.store import Store

from .conftest import figure_rows, run_cli

# Québec's employment typed for the tests (persons), 2014-2020.
EMPLOYMENT = {2014: 4_100_000, 2015: 4_120_000, 2016: 4_150_000, 2017: 4_230_000, 2018: 4_300_000, 2019: 4_350_000}
EMPLOYMENT_CSV = "indicator,year,region,value,unit,source\n" + "".join(
    f'employment,{year},Québec,{value},persons,"Statistics Canada, table 14-10-0287"\n'
    for year, value in {**EMPLOYMENT, 2020: 4_150_000}.items()
)
# The shipped jobs totals are 100,000 (2014, approximate), 95,000 (2015) and 116,000 (2018): the shares by hand.
SHARE_2014, SHARE_2015, SHARE_2018 = 100_000 / 4_100_000, 95_000 / 4_120_000, 116_000 / 4_300_000


def frame(rows: list[tuple[str, int, float, str | None]], region: str = "Québec", sector: str = "all") -> pd.DataFrame:
    """Current figures as the store gives them (STORED_COLUMNS + batch), with flags."""
    figures = figure_rows([(i, y, v) for i, y, v, _ in rows], region=region, sector=sector)
    figures["flag"] = [f for *_, f in rows]
    figures[config.SOURCE_FR], figures[config.QUALITY], figures["batch"] = None, None, 1
    return figures


def shares(computed: pd.DataFrame) -> dict[tuple[int, str, str], float]:
    rows = computed[computed["indicator"] == "coop_job_share"]
    return {(r.year, r.region, r.sector): r.value for r in rows.itertuples()}


def test_a_share_is_computed_where_both_inputs_have_a_figure(plan: Plan) -> None:
    figures = pd.concat(
        [
            frame([("jobs", 2014, 100_000, None), ("employment", 2014, 4_000_000, None)]),
            frame([("jobs", 2015, 95_000, None)]),  # no employment in 2015: no share
            frame([("jobs", 2016, 10, None), ("employment", 2016, 0, None)]),  # a zero divisor: no share
            frame([("jobs", 2014, 30_000, None), ("employment", 2014, 1_200_000, None)], region="Montréal"),
            frame([("jobs", 2014, 24_300, None)], sector="agri_food"),  # no employment of the sector: none
        ],
        ignore_index=True,
    )
    computed = derived.with_derived(plan, figures)
    assert shares(computed) == {
        (2014, "Québec", "all"): pytest.approx(0.025),
        (2014, "Montréal", "all"): pytest.approx(0.025),
    }
    assert len(computed) == len(figures) + 2
    assert computed["derived"].tolist() == [False] * len(figures) + [True, True]


def test_a_derived_row_carries_its_unit_sources_and_no_batch(plan: Plan) -> None:
    figures = frame([("jobs", 2018, 116_000, None), ("employment", 2018, 4_300_000, None)])
    row = derived.with_derived(plan, figures).iloc[-1]
    assert (row["indicator"], row["unit"], row["value"]) == ("coop_job_share", "percent", pytest.approx(SHARE_2018))
    assert row["source"] == "computed by planmetrics: Jobs / Employment in Quebec"
    assert row["source_fr"] == "calculé par planmetrics : Emplois / Emploi au Québec"
    assert row["quality"] is None and pd.isna(row["batch"])
    assert derived.with_derived(plan, figures)["batch"].dtype == "Int64"


@pytest.mark.parametrize(
    ("jobs_flag", "employment_flag", "expected"),
    [
        (None, None, None),
        ("revised", None, "revised"),
        ("revised", "preliminary", "preliminary"),
        ("approximate", "preliminary", "approximate"),
        (None, "approximate", "approximate"),
    ],
)
def test_a_derived_figure_is_flagged_with_its_weakest_input(
    plan: Plan, jobs_flag: str | None, employment_flag: str | None, expected: str | None
) -> None:
    figures = frame([("jobs", 2018, 116_000, jobs_flag), ("employment", 2018, 4_300_000, employment_flag)])
    flag = derived.with_derived(plan, figures).iloc[-1]["flag"]
    assert flag == expected if expected else flag is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jobs / employment", 0.025),
        ("100 * jobs / employment", 2.5),
        ("(jobs - 20000) / (employment - 1000000)", 80_000 / 3_000_000),
        ("-jobs + employment * 2", 7_900_000),
        ("jobs / (employment - 4000000)", None),  # a zero divisor: no row
    ],
)
def test_every_row_computed_as_the_formula_computes_one(plan: Plan, text: str, expected: float | None) -> None:
    indicator = replace(plan.indicator("coop_job_share"), formula=parse_formula(text))
    figures = derived.with_derived(
        plan, frame([("jobs", 2014, 100_000, None), ("employment", 2014, 4_000_000, None)]), indicators=[]
    )
    rows = derived.derived_rows(plan, indicator, figures)
    one = parse_formula(text).evaluate({"jobs": 100_000, "employment": 4_000_000})
    assert one == (None if expected is None else pytest.approx(expected))
    assert rows["value"].tolist() == ([] if expected is None else [pytest.approx(expected)])


def test_a_formula_is_said_with_labels_and_the_parentheses_it_needs(plan: Plan) -> None:
    formula = parse_formula("100 * (jobs - employment) / -(jobs + 2.5)")
    assert derived.formula_text(plan, formula, "fr") == "100 * (Emplois - Emploi au Québec) / −(Emplois + 2,5)"
    assert derived.formula_text(plan, parse_formula("jobs - (employment - 1)"), "en") == (
        "Jobs - (Employment in Quebec - 1)"
    )


def test_reading_a_derived_indicator_reads_its_inputs(plan: Plan) -> None:
    assert derived.to_read(plan, ["coop_job_share"]) == ["coop_job_share", "jobs", "employment"]
    assert derived.stored_only(plan, ["revenue", "coop_job_share", "jobs"]) == ["revenue", "jobs", "employment"]


def test_a_stored_row_of_a_derived_indicator_gives_way_to_the_computed_one(plan: Plan) -> None:
    figures = frame(
        [("jobs", 2018, 116_000, None), ("employment", 2018, 4_300_000, None), ("coop_job_share", 2018, 0.5, None)]
    )
    assert shares(derived.with_derived(plan, figures)) == {(2018, "Québec", "all"): pytest.approx(SHARE_2018)}


# ------------------------------------------------------------------ through a real database and the command line


@pytest.fixture
def employed_db(tmp_path: Path) -> Path:
    """`planmetrics init` (the shipped figures), then Québec's employment 2014-2020 imported from a CSV."""
    db = tmp_path / "employment.duckdb"
    assert main(["--db", str(db), "init"]) == 0
    (tmp_path / "employment.csv").write_text(EMPLOYMENT_CSV, encoding="utf-8")
    assert main(["--db", str(db), "import", str(tmp_path / "employment.csv")]) == 0
    return db


def progress_of(db: Path, *extra: str) -> dict[str, object]:
    done = run_cli("--db", str(db), "--json", "progress", *extra)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    return next(t for t in payload["targets"] if t["id"] == "coop_job_share")


def test_progress_lists_the_share_as_a_tracked_indicator(employed_db: Path) -> None:
    share = progress_of(employed_db)
    assert (share["kind"], share["latest_year"], share["status"]) == ("track", 2018, "improving")
    assert share["latest"] == pytest.approx(SHARE_2018)  # 116,000 / 4,300,000: up from 2.44 % and 2.31 %


def test_the_share_as_of_a_year_is_made_of_figures_up_to_it(employed_db: Path) -> None:
    share = progress_of(employed_db, "--as-of", "2016")
    assert (share["latest_year"], share["latest"]) == (2015, pytest.approx(SHARE_2015))
    assert share["status"] == "worsening"  # 2.44 % then 2.31 %: down, and the plan wants it up


def test_with_the_shipped_figures_only_the_share_has_no_data(tmp_path: Path, plan: Plan) -> None:
    store = Store(tmp_path / "shipped.duckdb")
    assert main(["--db", str(store.path), "init"]) == 0
    share = snapshots.uncached_progress(store, plan).target("coop_job_share")
    assert (share.status, share.latest, share.latest_year) == ("no_data", None, None)


def test_staged_employment_moves_the_share_s_status(store: Store, plan: Plan) -> None:
    store.commit(figure_rows([("jobs", 2014, 100_000), ("jobs", 2018, 116_000)]), kind="init")
    staged = figure_rows([("employment", 2014, 4_100_000), ("employment", 2018, 4_300_000)])
    moved = snapshots.status_changes(store, plan, staged).set_index("target").loc["coop_job_share"]
    assert (moved["status_before"], moved["status_after"]) == ("no_data", "improving")


def test_data_marks_the_derived_rows_in_csv(employed_db: Path, tmp_path: Path) -> None:
    for style, separator in (("en", ","), ("fr", ";")):
        output = tmp_path / f"data-{style}.csv"
        done = run_cli("--db", str(employed_db), "--json", "data", "-o", str(output), "--csv-style", style)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["derived"] == 3
        read = pd.read_csv(output, sep=separator, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert read.columns[-1] == "derived"
        computed = read[read["derived"] == "true"]
        assert set(read.loc[read["derived"] != "true", "derived"]) == {""}
        assert computed["indicator"].tolist() == ["coop_job_share"] * 3
        values = [float(v.replace(",", ".")) for v in computed["value"]]
        assert values == [pytest.approx(SHARE_2014), pytest.approx(SHARE_2015), pytest.approx(SHARE_2018)]
        assert computed["flag"].tolist() == ["approximate", "", ""]  # 2014's jobs figure is approximate


def test_data_marks_the_derived_rows_in_xlsx(employed_db: Path, tmp_path: Path) -> None:
    output = tmp_path / "data.xlsx"
    assert main(["--db", str(employed_db), "data", "-o", str(output)]) == 0
    sheet = openpyxl.load_workbook(io.BytesIO(output.read_bytes()))["figures"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "derived"
    marked = [r for r in rows[1:] if r[-1] == "true"]
    assert [(r[0], r[1]) for r in marked] == [("coop_job_share", y) for y in (2014, 2015, 2018)]
    assert marked[2][5] == pytest.approx(SHARE_2018)  # a number
    assert all(r[-1] is None for r in rows[1:] if r[0] != "coop_job_share")


def test_an_export_without_derived_rows_has_no_derived_column(plan: Plan) -> None:
    figures = derived.with_derived(plan, frame([("jobs", 2018, 116_000, None)]))
    assert export.figures_csv(figures).decode("utf-8-sig").splitlines()[0].split(",")[-1] == "quality"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "fr",
            "L’indicateur Part des emplois coopératifs et mutualistes au Québec est calculé par planmetrics"
            " à partir des indicateurs Emplois et Emploi au Québec",
        ),
        (
            "en",
            "Co-operative and mutualist share of Quebec jobs is computed by planmetrics from Jobs and"
            " Employment in Quebec",
        ),
    ],
)
def test_figure_of_a_derived_indicator_names_its_inputs(employed_db: Path, lang: str, said: str) -> None:
    done = run_cli("--db", str(employed_db), "--lang", lang, "figure", "coop_job_share", "2018")
    assert done.returncode == 2
    assert said in done.stderr
    assert "planmetrics figure jobs 2018" in done.stderr


def test_an_issued_report_records_the_share_s_inputs(employed_db: Path, plan: Plan) -> None:
    store = Store(employed_db)
    basis = changes.report_basis(store, ("jobs_net", "coop_job_share"))
    changes.issue_report(
        store, plan, as_of=None, lang="fr", file_name="board.pdf", payload=b"%PDF", by="alice", basis=basis
    )
    assert changes.changes_since(store, plan, None).restated == ()  # no share "gone": none was recorded
    store.commit(figure_rows([("employment", 2018, 4_000_000)]), kind="import")
    restated = changes.changes_since(store, plan, None).restated
    assert [(r.indicator, r.year, r.before, r.after) for r in restated] == [("employment", 2018, 4_300_000, 4_000_000)]


@pytest.mark.parametrize(("name", "style"), [("data.csv", "en"), ("data-fr.csv", "fr"), ("data.xlsx", "en")])
def test_data_then_import_changes_nothing(employed_db: Path, tmp_path: Path, name: str, style: str) -> None:
    output = tmp_path / name
    assert main(["--db", str(employed_db), "data", "-o", str(output), "--csv-style", style]) == 0
    done = run_cli("--db", str(employed_db), "--json", "import", str(output), "--dry-run")
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    stored = len(Store(employed_db).current_figures())  # 15 shipped figures and 7 of employment
    assert (outcome["inserted"], outcome["restated"], outcome["unchanged"]) == (0, 0, stored) == (0, 0, 22)
    assert any("3 figures of Co-operative" in w["message"] for w in outcome["warnings"])  # the derived rows


def test_the_report_draws_the_share_and_cites_its_source(employed_db: Path, plan: Plan) -> None:
    from planmetrics.report.content import method_text, read_report  # noqa: PLC0415 - the report's libraries

    report = read_report(Store(employed_db), plan, lang="fr", method=method_text("fr"))
    items = [c for s in report.sections for c in s.charts if c.key == "coop_job_share"]
    assert [c.kind for c in items] == ["track"]
    assert "2,7\u00a0%" in items[0].takeaway  # 116,000 / 4,300,000 in 2018
    assert any("calculé par planmetrics : Emplois / Emploi au Québec" in s for s in report.sources)
    assert "Indicateurs dérivés" in report.method
