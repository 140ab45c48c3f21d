"""Numbers that cannot be absurd (issue 15, finding 9): digits other than 0-9 are refused with the character
named, a figure beyond its unit's bound in the plan file ([bounds]) is refused with the bound named, in both
languages, on the careful path, the fast path, a correction and the command line; nothing is committed."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from planmetrics import importing
from planmetrics.errors import PlanFileError
from planmetrics.ingest import fast, read_figures
from planmetrics.ingest.results import Cell, RawFigure
from planmetrics.ingest.validate import Validator
from planmetrics.plan import Plan, load_plans, parse_plan
from planmetrics.plan.model import DEFAULT_BOUNDS
from planmetrics.store import Store

from .conftest import ROOT, run_cli

SHIPPED_PATH = ROOT / "data" / "plans" / "cqcm-2020.toml"
SHIPPED = SHIPPED_PATH.read_text(encoding="utf-8")
HUGE = str(10**30)
FOREIGN = {
    "١٢٣": ("١", "ARABIC-INDIC DIGIT ONE, U+0661"),
    "１２３": ("１", "FULLWIDTH DIGIT ONE, U+FF11"),
    "१२३": ("१", "DEVANAGARI DIGIT ONE, U+0967"),
}


def _csv(value: str, indicator: str = "jobs", year: str = "2019") -> bytes:
    return f'year,indicator,region,value\n{year},{indicator},Québec,"{value}"\n'.encode()


def _with_bounds(table: str) -> str:
    """The shipped plan file with its [bounds] table replaced by `table`."""
    start = SHIPPED.index("[bounds]\n")
    end = SHIPPED.index("# ----", start)
    return SHIPPED[:start] + table + "\n\n" + SHIPPED[end:]


def _big_file(last: str, rows: int = 30_000) -> bytes:
    """A clean long CSV over a megabyte (so the fast path reads it), `last` the value of its last row."""
    lines = ["year,indicator,region,sector,network,value"]
    lines += [f"{2000 + n % 20},jobs,Québec,sector {n // 20},all,{1000 + n}" for n in range(rows)]
    lines.append(f"2019,jobs,Québec,sector last,all,{last}")
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) >= fast.FAST_MIN_BYTES
    return data


# ---------------------------------------------------------------- plausibility bounds


@pytest.mark.parametrize(
    ("lang", "bound"),
    [("en", "10,000,000"), ("fr", "10\u00a0000\u00a0000")],
)
def test_huge_jobs_refused_with_the_bound_named_careful_path(plan: Plan, lang: str, bound: str) -> None:
    read = read_figures(_csv(HUGE), "jobs.csv", plan, lang=lang)
    assert not read.ok and read.figures.empty
    (problem,) = read.errors
    assert (problem.row, problem.column, problem.value) == (2, "value", HUGE)
    assert bound in problem.message and "10^30" in problem.message
    assert ("Emplois" if lang == "fr" else "Jobs") in problem.message
    assert ("l'échelle" if lang == "fr" else "the scale") in problem.message
    if lang == "fr":
        assert not re.search(r"\b(the|beyond|allows|check)\b", problem.message)


def test_bound_is_inclusive_and_on_the_absolute_value(plan: Plan) -> None:
    limit = int(plan.bound("jobs"))
    assert read_figures(_csv(str(limit)), "jobs.csv", plan).figures["value"].tolist() == [limit]
    assert read_figures(_csv(f"-{limit}"), "jobs.csv", plan).ok
    assert not read_figures(_csv(f"-{limit + 1}"), "jobs.csv", plan).ok
    assert not read_figures(_csv(str(limit + 1)), "jobs.csv", plan).ok


@pytest.mark.parametrize(
    ("value", "lang", "named"),
    [
        ("20 000 G$", "en", "$10,000,000,000,000"),  # a scale typed wrong: 20 trillion of revenue
        ("20 000 G$", "fr", "10\u00a0000\u00a0000\u00a0000\u00a0000\u00a0$"),
        ("15 000 000 000 000", "en", "$10,000,000,000,000"),
    ],
)
def test_dollars_beyond_ten_trillion_refused(plan: Plan, value: str, lang: str, named: str) -> None:
    read = read_figures(_csv(value, indicator="revenue"), "revenue.csv", plan, lang=lang)
    assert not read.ok
    assert named in read.errors[0].message
    assert read_figures(_csv("47,5 G$", indicator="revenue"), "revenue.csv", plan, lang=lang).ok


@pytest.mark.parametrize(("lang", "bound"), [("en", "10,000,000"), ("fr", "10\u00a0000\u00a0000")])
def test_huge_jobs_refused_in_a_big_file_fast_path(plan: Plan, lang: str, bound: str) -> None:
    clean = _big_file("1234")
    assert fast.read_fast(clean, Validator(plan, lang, "", ""), None) is not None, "the fast path reads it"
    assert read_figures(clean, "big.csv", plan, lang=lang).ok
    data = _big_file(HUGE)
    taken = fast.read_fast(data, Validator(plan, lang, "", ""), None)
    assert taken is not None, "the fast path alone would have taken the huge figure"
    read = read_figures(data, "big.csv", plan, lang=lang)
    assert not read.ok and read.figures.empty
    (problem,) = read.errors
    assert (problem.row, problem.column, problem.value) == (30_002, "value", HUGE)
    assert bound in problem.message


def test_a_smaller_bound_in_the_plan_file_refuses_what_the_default_accepts(plan: Plan) -> None:
    strict = parse_plan(_with_bounds("[bounds]\njobs = 50_000"), "strict.toml")
    assert strict.bound("jobs") == 50_000 and strict.bound("dollars") == DEFAULT_BOUNDS["dollars"]
    assert read_figures(_csv("116 000"), "jobs.csv", plan).ok
    read = read_figures(_csv("116 000"), "jobs.csv", strict, lang="fr")
    assert not read.ok
    assert "50\u00a0000" in read.errors[0].message and "116\u00a0000" in read.errors[0].message


def test_plan_without_a_bounds_table_gets_the_defaults() -> None:
    bare = parse_plan(_with_bounds(""), "bare.toml")
    assert bare.bounds == ()
    assert bare.bound("jobs") == 10_000_000 and bare.bound("dollars") == 10**13
    assert all(bare.bound(i.unit) == DEFAULT_BOUNDS[i.unit] for i in bare.indicators)


def test_the_shipped_plan_writes_a_bound_for_every_unit_it_uses(plan: Plan) -> None:
    assert {unit for unit, _ in plan.bounds} == {i.unit for i in plan.indicators}
    assert plan.bound("jobs") == 10_000_000 and plan.bound("dollars") == 10**13


@pytest.mark.parametrize(
    ("table", "key", "words"),
    [
        ('bounds = "big"', "bounds", "must be a table written [bounds]"),
        ("[bounds]\njob = 10_000_000", "bounds.job", "no indicator of this plan is counted in 'job'"),
        ("[bounds]\njobs = -5", "bounds.jobs", "must be a positive number"),
        ("[bounds]\njobs = 0", "bounds.jobs", "must be a positive number"),
        ('[bounds]\njobs = "ten million"', "bounds.jobs", "must be a positive number"),
        ("[bounds]\njobs = true", "bounds.jobs", "must be a positive number"),
        ("[bounds]\njobs = inf", "bounds.jobs", "must be a positive number"),
        ("[bounds]\njobs = nan", "bounds.jobs", "must be a positive number"),
    ],
)
def test_a_malformed_bounds_table_is_a_plan_file_error(table: str, key: str, words: str) -> None:
    # A top-level key (`bounds = "big"`) must come before the file's first table.
    text = f"{table}\n{_with_bounds('')}" if table.startswith("bounds =") else _with_bounds(table)
    with pytest.raises(PlanFileError) as raised:
        parse_plan(text, "broken.toml")
    problems = raised.value.problems
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{key}: {words}")
    french = raised.value.problems_in("fr")[0]
    assert french.startswith(f"{key}: ") and ("doit être" in french or "aucun indicateur" in french)


def test_the_plans_folder_with_a_broken_bounds_table_is_refused(tmp_path: Path) -> None:
    (tmp_path / "cqcm-2020.toml").write_text(_with_bounds("[bounds]\njobs = -1\ncountries = 0"), encoding="utf-8")
    with pytest.raises(PlanFileError) as raised:
        load_plans(tmp_path)
    assert [p.split(":")[0] for p in raised.value.problems] == ["bounds.jobs", "bounds.countries"]


def test_a_figure_that_is_not_finite_is_refused(plan: Plan) -> None:
    for lang in ("en", "fr"):
        validator = Validator(plan, lang, "test", "")
        for value in (float("inf"), float("-inf"), float("nan")):
            raw = RawFigure(5, Cell("value", value), year=Cell("year", "2019"), indicator=Cell("indicator", "jobs"))
            validator.add(raw)
        assert not validator.figures
        assert len(validator.errors) == 3
        assert all(e.row == 5 and e.column == "value" for e in validator.errors)
        assert all(("fini" if lang == "fr" else "finite") in e.message for e in validator.errors)


# ---------------------------------------------------------------- digits other than 0-9


@pytest.mark.parametrize("value", list(FOREIGN))
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_digits_outside_ascii_are_refused_with_the_character_named(plan: Plan, value: str, lang: str) -> None:
    read = read_figures(_csv(value), "jobs.csv", plan, lang=lang)
    assert not read.ok
    (problem,) = read.errors
    char, name = FOREIGN[value]
    assert (problem.row, problem.column, problem.value) == (2, "value", value)
    assert f"« {char} »" in problem.message if lang == "fr" else f"'{char}'" in problem.message
    assert name in problem.message
    assert ("0 à 9" if lang == "fr" else "0 to 9") in problem.message


@pytest.mark.parametrize("value", ["١٢٣ 000", "12３", "1 ٢٣٤,5", "45 G$٣"])
def test_a_single_foreign_digit_among_ascii_ones_is_refused(plan: Plan, value: str) -> None:
    read = read_figures(_csv(value), "jobs.csv", plan)
    assert not read.ok and "U+" in read.errors[0].message


def test_a_year_in_foreign_digits_is_refused(plan: Plan) -> None:
    read = read_figures(_csv("5", year="٢٠١٩"), "jobs.csv", plan, lang="fr")
    assert not read.ok
    (problem,) = read.errors
    assert problem.column == "year" and "ARABIC-INDIC DIGIT TWO, U+0662" in problem.message


def test_a_year_column_header_in_foreign_digits_is_not_read_as_a_year(plan: Plan) -> None:
    read = read_figures("indicator,region,٢٠١٩\njobs,Québec,5\n".encode(), "wide.csv", plan)
    assert not read.ok and read.figures.empty
    (problem,) = read.errors
    assert problem.column == "٢٠١٩" and "ARABIC-INDIC DIGIT TWO, U+0662" in problem.message


def test_foreign_digits_in_a_big_file_are_refused_by_the_careful_path(plan: Plan) -> None:
    data = _big_file("１２３")
    read = read_figures(data, "big.csv", plan, lang="fr")
    assert not read.ok
    (problem,) = read.errors
    assert problem.row == 30_002 and "FULLWIDTH DIGIT ONE, U+FF11" in problem.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("117\u00a0000", 117_000),  # no-break space
        ("117\u202f000", 117_000),  # narrow no-break space
        ("−5", -5),  # the Unicode minus
        ("33,4 G$", 33.4e9),
        ("7 %", 0.07),
    ],
)
def test_what_french_files_hold_is_still_read(plan: Plan, value: str, expected: float) -> None:
    indicator = "revenue" if "$" in value else "jobs"
    if "%" in value:
        rates = parse_plan(_with_bounds("").replace('unit = "index"', 'unit = "percent"', 1), "percent.toml")
        read = read_figures(_csv(value, indicator="cpi"), "rate.csv", rates, lang="fr")
    else:
        read = read_figures(_csv(value, indicator=indicator), "fr.csv", plan, lang="fr")
    assert read.ok, read.errors
    assert read.figures["value"].tolist() == [pytest.approx(expected)]


# ---------------------------------------------------------------- a correction, the command line


def test_a_correction_beyond_the_bound_is_refused_and_nothing_committed(plan: Plan, store: Store) -> None:
    before = (store.history(), len(store.current_figures()))
    for value, named in ((HUGE, "10^30"), ("１２３", "U+FF11")):
        with pytest.raises(importing.FileRefusedError) as raised:
            importing.correct_figure(store, plan, indicator="jobs", year="2019", value=value, reason="typo", lang="fr")
        assert named in str(raised.value), (value, str(raised.value))
    assert (store.history(), len(store.current_figures())) == before


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=env)


def _state(db: str) -> tuple[object, object]:
    store = Store(db)
    return store.history(), store.current_figures().to_dict("records")


@pytest.mark.parametrize(
    ("value", "words"),
    [(HUGE, "10^30"), ("١٢٣", "ARABIC-INDIC DIGIT ONE, U+0661"), ("１２３", "U+FF11"), ("१२३", "U+0967")],
)
def test_import_json_refuses_with_exit_2_and_commits_nothing(db: str, tmp_path: Path, value: str, words: str) -> None:
    path = tmp_path / "absurd.csv"
    path.write_bytes(_csv(value))
    before = _state(db)
    done = _cli("--db", db, "import", str(path), "--json", "--lang", "fr")
    assert done.returncode == 2, done.stderr
    payload = json.loads(done.stdout)
    assert payload["ok"] is False
    (error,) = payload["errors"]
    assert (error["row"], error["column"]) == (2, "value")
    assert words in error["message"]
    assert _state(db) == before


def test_big_file_through_the_cli_refused_with_exit_2(db: str, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(_big_file(HUGE))
    before = _state(db)
    done = _cli("--db", db, "import", str(path), "--json")
    assert done.returncode == 2, done.stderr
    (error,) = json.loads(done.stdout)["errors"]
    assert error["row"] == 30_002 and "10,000,000" in error["message"]
    assert _state(db) == before


def test_correct_on_the_cli_refused_with_exit_2(db: str) -> None:
    before = _state(db)
    done = _cli("--db", db, "correct", "jobs", "2019", HUGE, "--reason", "typo", "--json")
    assert done.returncode == 2, done.stderr
    assert "10,000,000" in done.stdout
    assert _state(db) == before


def test_a_custom_bound_from_the_plans_folder_on_the_cli(db: str, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "cqcm-2020.toml").write_text(_with_bounds("[bounds]\njobs = 100_000"), encoding="utf-8")
    path = tmp_path / "jobs.csv"
    path.write_bytes(_csv("116 000"))
    env = {**os.environ, "PLANMETRICS_PLANS": str(plans)}
    done = _cli("--db", db, "import", str(path), "--dry-run", "--json", env=env)
    assert done.returncode == 2, done.stdout
    assert "100,000" in json.loads(done.stdout)["errors"][0]["message"]
    assert _cli("--db", db, "import", str(path), "--dry-run", "--json").returncode == 0
