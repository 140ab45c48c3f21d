"""The importer's messages, read in French: no English word and no id, and the names they list are names
the importer accepts (a person can type what the message shows)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from planmetrics import config
from planmetrics.ingest import ReadOptions, ReadResult, read_figures
from planmetrics.plan import Plan, load_plans

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
CORPUS = sorted(
    p for p in CORPORA.rglob("*") if p.is_file() and p.suffix.lower() not in {".json", ".md"} and p.name != "LICENSE"
)
ENGLISH = re.compile(r"\b(the|and|found|nothing|row|column|problem|upload|per file|imported|fix)\b", re.IGNORECASE)
HEADER = b"year,indicator,region,sector,network,value,flag\n"


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["year", "indicator", "value"])
    book.active.append([2019, "jobs", 5])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Each file is wrong in one way a person makes (or is right but earns a warning); the cells are French or
# numbers, so that an English word in a message can only come from the message.
BAD_FILES: dict[str, tuple[bytes, dict[str, str]]] = {
    "year.csv": (HEADER + b"2O19,jobs,,,,4,\n1800,jobs,,,,5,\n", {}),
    "indicator.csv": (HEADER + b"2019,bidules,,,,4,\n2019,,,,,5,\n", {}),
    "region.csv": (HEADER + b"2019,jobs,Nulle part,,,4,\n", {}),
    "flag.csv": (HEADER + b"2019,jobs,,,,4,zz\n", {}),
    "number.csv": (HEADER + b"2019,jobs,,,,environ 5,\n2019,jobs,,,,5 pommes,\n", {}),
    "units.csv": (HEADER + b"2019,jobs,,,,5 $,\n2019,jobs,,,,5 %,\n", {}),
    "conflict.csv": (HEADER + b"2019,jobs,Montreal,all,all,4,\n2019,jobs,Montreal,,,5,\n", {}),
    "no-indicator.csv": (b"year,value\n2019,4\n", {}),
    "indicator-option.csv": (b"year,value\n2019,4\n", {"indicator": "bidules"}),
    "empty.csv": (b"", {}),
    "no-figures.csv": (b"year,indicator,value\n2019,jobs,..\n", {}),
    "two-years.csv": (b"year,year,indicator,value\n2019,2019,jobs,4\n", {}),
    "ignored.csv": (b"year,indicator,value,couleur\n2019,jobs,4,rouge\n", {}),
    "decimal.csv": (b"year,indicator,value\n2019,jobs,1.234\n", {}),
    "skipped.csv": (b"year,indicator,value\n2019,jobs,..\n2018,jobs,5\n", {}),
    "repeated.csv": (b"year,indicator,value\n" + b"2019,jobs,pas un nombre\n" * 30, {}),
    "hundreds.csv": (b"year,indicator,value\n" + b"".join(b"2019,jobs,z%d\n" % i for i in range(600)), {}),
    "no-year.csv": (b"indicator,value\njobs,5\n", {}),
    "no-value.csv": (b"year,indicator\n2019,jobs\n", {}),
    "ragged.csv": (b"year,indicator,value\n2019,jobs,4,5,6\n", {}),
    "not-a-workbook.xlsx": (b"PK\x03\x04abc", {}),
    "sheet.xlsx": (_workbook(), {"sheet": "Feuil9"}),
    "binary.csv": (bytes(range(256)) * 4, {}),
}


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plans()[0]


def _ids(plan: Plan) -> re.Pattern[str]:
    """The plan's ids that are not also a French label or alias, and the totals' `all`, as whole words."""
    french = {i.label.fr.casefold() for i in plan.indicators} | {
        a.casefold() for i in plan.indicators for a in i.aliases
    }
    ids = [i.id for i in plan.indicators if i.id.casefold() not in french] + [t.id for t in plan.targets]
    ids += [config.TOTAL_SECTOR, config.TOTAL_NETWORK]
    return re.compile(r"\b(" + "|".join(map(re.escape, sorted(set(ids), key=len, reverse=True))) + r")\b")


def _messages(result: ReadResult) -> list[tuple[str, str]]:
    """Each message with the file's own text it quotes taken out (a cell is shown as the file has it)."""
    return [
        (p.message, p.message.replace(p.value, "") if p.value else p.message)
        for p in (*result.errors, *result.warnings)
    ]


def _said_in_french(result: ReadResult, plan: Plan) -> None:
    ids = _ids(plan)
    for message, words in _messages(result):
        assert not ENGLISH.search(words), message
        assert not ids.search(words), message


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_every_message_about_a_bad_file_is_french(plan: Plan, name: str) -> None:
    data, options = BAD_FILES[name]
    result = read_figures(data, name, plan, lang="fr", options=ReadOptions(**options))  # type: ignore[arg-type]
    assert result.errors or result.warnings, name
    _said_in_french(result, plan)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("indicator", [None, "emplois"])
def test_every_message_about_the_corpora_is_french(plan: Plan, path: Path, indicator: str | None) -> None:
    _said_in_french(
        read_figures(path.read_bytes(), path.name, plan, lang="fr", options=ReadOptions(indicator=indicator)), plan
    )


def test_a_conflict_names_the_figure_by_its_labels(plan: Plan) -> None:
    data, _ = BAD_FILES["conflict.csv"]
    french = read_figures(data, "conflict.csv", plan, lang="fr").errors[0].message
    english = read_figures(data, "conflict.csv", plan, lang="en").errors[0].message
    assert "pour Emplois 2019 (Montréal, tous les secteurs, tous les réseaux) : 4 à la ligne 2 et 5 ici" in french
    assert "for Jobs 2019 (Montréal, all sectors, all networks): 4 in row 2 and 5 here" in english


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_names_a_message_lists_are_accepted(plan: Plan, lang: str) -> None:
    """An unknown indicator or region is answered with the plan's labels; each label, typed, is read."""
    indicators = {i.label.get(lang): i.id for i in plan.indicators if not i.derived}  # a derived one is computed
    regions = {r.label.get(lang): r.id for r in plan.regions}
    data, _ = BAD_FILES["indicator.csv"]
    unknown = read_figures(data, "f.csv", plan, lang=lang).errors[0].message
    assert all(label in unknown for label in indicators)
    rows = [f'2019,"{label}",,,,{n},' for n, label in enumerate(indicators)]
    rows += [f'2020,jobs,"{label}",,,{n},' for n, label in enumerate(regions)]
    read = read_figures(HEADER + "\n".join(rows).encode(), "f.csv", plan, lang=lang)
    assert read.ok, read.errors[:3]
    by_year = read.figures.groupby("year")
    assert sorted(by_year.get_group(2019)["indicator"]) == sorted(indicators.values())
    assert sorted(by_year.get_group(2020)["region"]) == sorted(regions.values())
