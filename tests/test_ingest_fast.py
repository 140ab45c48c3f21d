"""The fast path for big long CSV files gives exactly what the careful path gives, or steps aside."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planmetrics.importing import import_bytes
from planmetrics.ingest import ReadOptions, ReadResult, fast, fastfigures, fastgrid, read_figures
from planmetrics.plan import Plan, load_plans
from planmetrics.store import Store

HEADER = "year,indicator,region,sector,network,value,unit,flag,source"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plans()[0]


def _spelled(rng: random.Random, number: float, delimiter: str) -> str:
    """A value as people type it: plain, decimal point or comma, thousands separators, spaces, markers."""
    whole = int(number)
    choices = [
        str(whole),
        f"{number:.1f}",
        f"-{number:.2f}",
        f"{whole:,}" if whole >= 1_000_000 else f"{number:.3f}",
        f"{whole:,}".replace(",", "\u00a0"),
        f"{whole:,}".replace(",", " ") + ",5",
        f" {whole} ",
        "..",
        "x",
        "",
    ]
    if delimiter == ";":
        choices += [f"{number:.1f}".replace(".", ","), f"{number:,.2f}".replace(",", " ").replace(".", ",")]
    else:
        choices += [f'"{number:,.2f}"', f'"{whole:,}"']
    text = rng.choice(choices)
    return f'"{text}"' if delimiter in text and not text.startswith('"') else text


def _rows(rng: random.Random, plan: Plan, delimiter: str, count: int) -> list[str]:
    indicators = [i.id for i in plan.indicators if i.unit not in {"dollars", "percent"}][:4]
    regions = [r.id for r in plan.regions][:5]
    rows = []
    for n in range(count):
        indicator = rng.choice([*indicators, indicators[0].upper()])
        region = rng.choice([*regions, "", " Québec "])
        sector = rng.choice(["all", "", "Tous les secteurs", f"sector {n % 7}"])
        flag = rng.choice(["", "", "p", "E", "révisé"])
        value = _spelled(rng, rng.uniform(1, 5_000_000), delimiter)
        year = 1950 + n % 100
        cells = [str(year), indicator, region, sector, f"net{n // 100}", value, "", flag, rng.choice(["", "src"])]
        rows.append(delimiter.join(cells))
    return rows


def _both(data: bytes, plan: Plan, monkeypatch: pytest.MonkeyPatch, **options: str) -> tuple[ReadResult, ReadResult]:
    monkeypatch.setattr(fast, "FAST_MIN_BYTES", 0)
    quick = read_figures(data, "big.csv", plan, **options)  # type: ignore[arg-type]
    taken = fast.read_fast(data, fast.Validator(plan, "en", "", ""), None)
    assert (taken is not None) == (quick.ok and not options.get("indicator")), "fast path taken only when clean"
    monkeypatch.setattr(fast, "FAST_MIN_BYTES", 1 << 60)
    careful = read_figures(data, "big.csv", plan, **options)  # type: ignore[arg-type]
    return quick, careful


def _same(quick: ReadResult, careful: ReadResult) -> None:
    # The fast path gives its text columns as categories (the same texts, without a million strings).
    texts = [c for c in quick.figures.columns if isinstance(quick.figures[c].dtype, pd.CategoricalDtype)]
    assert texts in (
        [],
        ["indicator", "region", "sector", "network", "unit", "source"],
        ["indicator", "region", "sector", "network", "unit", "source", "source_fr", "quality"],
    )
    pd.testing.assert_frame_equal(quick.figures.astype(careful.figures.dtypes.to_dict()), careful.figures)
    assert quick.errors == careful.errors
    assert quick.warnings == careful.warnings
    assert quick.skipped_missing == careful.skipped_missing
    assert quick.detected == careful.detected


@pytest.mark.parametrize(("delimiter", "encoding", "lang"), [(",", "utf-8", "en"), (";", "utf-8-sig", "fr")])
def test_fast_path_equals_careful_path(
    plan: Plan, monkeypatch: pytest.MonkeyPatch, delimiter: str, encoding: str, lang: str
) -> None:
    rng = random.Random(2014)
    lines = [HEADER.replace(",", delimiter), *_rows(rng, plan, delimiter, 4000), delimiter * 8, ""]
    data = "\r\n".join(lines).encode(encoding)
    quick, careful = _both(data, plan, monkeypatch, lang=lang)
    assert careful.ok, careful.errors[:3]
    assert len(careful.figures) > 1000
    assert careful.skipped_missing > 0
    _same(quick, careful)


def test_ambiguous_numbers_and_repeats(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [f"{2000 + n % 20},jobs,,,net{n // 20},{n % 900 + 100}.250" for n in range(3000)]
    rows += ["2001,jobs,,,net0,100.250", "2001,JOBS,,,net0,100.25"]  # the same figure again: kept once
    data = "\n".join(["year,indicator,region,sector,network,value (k$)", *rows]).encode()
    for text in (data, data.replace(b".250", b".5"), data.replace(b"(k$)", b"")):
        quick, careful = _both(text, plan, monkeypatch, lang="fr")
        _same(quick, careful)


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace("net1,", "net1,extra,", 1),  # a ragged row
        lambda text: text.replace(",jobs,", ",no such indicator,", 1),  # an unknown indicator
        lambda text: text.replace("2005,", "20x5,", 1),  # a bad year
        lambda text: text.replace(",net3,", ',net3,"', 1),  # an unbalanced quote
        lambda text: text + "\n2001,jobs,,,net0,999\n",  # a conflict
        lambda text: text.replace("value", "2018", 1),  # a wide layout
        lambda text: text + "\n2001,jobs," + "y" * 10_001 + ",,net0,..\n",  # a huge cell, in a skipped row
        lambda text: text + "\n2001,jobs,Nowhere,,net0,..\n",  # an unknown region, in a skipped row
        lambda text: text + "\n2001,jobs,region,,net0,5\n",  # a header's text as a cell
        lambda text: '"year",indicator,region,"sector\n(name)",network,value' + text[text.index("\n") :],
    ],
)
def test_anything_odd_is_read_by_the_careful_path(plan: Plan, monkeypatch: pytest.MonkeyPatch, change: object) -> None:
    rows = [f"{2000 + n % 20},jobs,,,net{n // 20},{n}" for n in range(2000)]
    text = "\n".join(["year,indicator,region,sector,network,value", *rows])
    data = change(text).encode()  # type: ignore[operator]
    quick, careful = _both(data, plan, monkeypatch)
    _same(quick, careful)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("cp1252", b""), ("latin-1", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b"")],
)
def test_other_encodings_are_read_by_the_careful_path(
    plan: Plan, monkeypatch: pytest.MonkeyPatch, encoding: str, prefix: bytes
) -> None:
    rows = [f"{2000 + n % 20},emplois,Montréal,,réseau {n // 20},{n},,,Fédération – « rapport »" for n in range(2000)]
    text = "\n".join(["année,indicateur,région,secteur,réseau,valeur,unité,note,source", *rows])
    data = prefix + text.encode(encoding, errors="replace")
    if prefix:  # after a UTF-8 byte-order mark, a byte that is not UTF-8: replaced, as the careful path does
        data = data.replace("Fédération".encode(), b"F\xe9d\xe9ration", 1)
    quick, careful = _both(data, plan, monkeypatch, lang="fr")
    assert careful.ok, careful.errors[:3]
    assert careful.detected.encoding == {"utf-8": "utf-8-sig"}.get(encoding, encoding)
    _same(quick, careful)


def test_fast_path_is_taken_for_a_clean_file(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    data = "\n".join(["year,indicator,value", *(f"{1900 + n % 200},jobs,{n}" for n in range(200))]).encode()
    monkeypatch.setattr(fast, "FAST_MIN_BYTES", 0)
    calls: list[bool] = []
    original = fast.read_fast

    def spy(*args: object, **kwargs: object) -> object:
        found = original(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(found is not None)
        return found

    monkeypatch.setattr(fast, "read_fast", spy)
    result = read_figures(data, "big.csv", plan)
    assert result.ok
    assert calls == [True]


def test_fast_and_careful_paths_store_the_same_figures(
    plan: Plan, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rng = random.Random(2020)
    data = "\n".join([HEADER, *_rows(rng, plan, ",", 20_000)]).encode("utf-8")
    assert len(data) > fast.FAST_MIN_BYTES  # the real threshold: this file takes the fast path
    taken: list[bool] = []
    original = fast.read_fast

    def spy(*args: object) -> object:
        found = original(*args)  # type: ignore[arg-type]
        taken.append(found is not None)
        return found

    monkeypatch.setattr(fast, "read_fast", spy)
    stored = []
    for name, threshold in (("fast", fast.FAST_MIN_BYTES), ("careful", 1 << 60)):
        monkeypatch.setattr(fast, "FAST_MIN_BYTES", threshold)
        store = Store(tmp_path / f"{name}.duckdb")
        store.migrate()
        outcome = import_bytes(store, plan, data, "big.csv")
        assert outcome.batch is not None and outcome.batch.inserted > 10_000
        figures = store.current_figures().drop(columns="batch")
        stored.append(figures.sort_values(["indicator", "region", "sector", "network", "year"], ignore_index=True))
    pd.testing.assert_frame_equal(stored[0], stored[1])
    assert taken == [True]  # asked once (the careful run never asks), and it answered


@pytest.mark.parametrize("guess", [None, 0, 3, 5])
def test_a_wrong_guess_of_the_value_column_gives_the_same_figures(plan: Plan, guess: int | None) -> None:
    """The value column is guessed from the start of the text to parse it as plain text; any guess is safe."""
    rows = [f"{2000 + n % 20},jobs,Montréal,,net{n // 20},{n}.5,,p," for n in range(2000)]
    data = "\n".join(["year,indicator,region,sector,network,value,unit,flag,source", *rows]).encode()
    validator = fast.Validator(plan, "en", "", "")
    guessed = fast.read_fast(data, validator, None)
    raw, _ = fastgrid.utf8_bytes(data)
    forced = fast._read(fastgrid.parse_grid(raw, ",", quotes=0, value_column=guess), "utf-8", ",", validator, None)
    assert guessed is not None
    assert forced.table.equals(guessed.table)
    assert guessed.table.num_rows == 2000
    assert forced.decision == guessed.decision


@pytest.mark.parametrize("room", [8, 10**12])  # counted in place, or sorted when the key space is huge
def test_repeated_keys_are_found_either_way(room: int) -> None:
    assert fastfigures.repeats(np.array([5, 3, 7, 5]), room)
    assert not fastfigures.repeats(np.array([5, 3, 7, 1]), room)


EXPORT_HEADER = "indicator,year,region,sector,network,value,unit,flag,source,source_fr,quality,derived"


def _export(rows: int) -> str:
    """What `planmetrics data` writes: French sources, quality grades (any case, or none), a `derived` column."""
    lines = [EXPORT_HEADER]
    for n in range(rows):
        grade = ("A", "b", "", "D", " c ")[n % 5]
        derived = ("", "false", "non")[n % 3]
        lines.append(
            f'jobs,{1950 + n % 70},Montréal,all,net{n // 70},{1000 + n},jobs,,"Net {n // 70}, report",'
            f'"Réseau {n // 70}, rapport",{grade},{derived}'
        )
    return "\n".join(lines) + "\n"


def _fast_and_careful(data: bytes, plan: Plan, monkeypatch: pytest.MonkeyPatch) -> tuple[ReadResult, ReadResult]:
    monkeypatch.setattr(fast, "FAST_MIN_BYTES", 0)
    quick = read_figures(data, "export.csv", plan, lang="fr")
    careful = read_figures(data, "export.csv", plan, lang="fr", options=ReadOptions(encoding="utf-8"))
    return quick, careful


def test_an_export_read_back_takes_the_fast_path(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _export(3000).encode()
    assert fast.read_fast(data, fast.Validator(plan, "fr", "", ""), None) is not None
    quick, careful = _fast_and_careful(data, plan, monkeypatch)
    assert careful.ok, careful.errors[:3]
    _same(quick, careful)
    first = careful.figures.iloc[:5]  # rows 2-6 of the file, in its order
    assert list(first["quality"].fillna("none")) == ["A", "B", "none", "D", "C"]
    assert first["source_fr"].iloc[0] == "Réseau 0, rapport"


def test_an_export_with_a_bad_grade_is_read_carefully(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _export(3000).replace(",b,", ",Z,", 1).encode()  # a grade that is none: the careful path says where
    assert fast.read_fast(data, fast.Validator(plan, "fr", "", ""), None) is None
    quick, careful = _fast_and_careful(data, plan, monkeypatch)
    _same(quick, careful)
    assert [(p.row, p.column, p.value) for p in careful.errors] == [(3, "quality", "Z")]


def test_an_exports_derived_rows_are_skipped_and_said_the_fast_way(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows marked derived (3 of them, one with a missing value) and 2 rows of coop_job_share, a derived
    indicator, without the mark: skipped, not counted as missing, one warning per indicator, as the careful
    path does."""
    text = _export(3000).replace(",A,\n", ",A,true\n", 3)  # grade A, no mark: n = 0, 15, 30 (rows 2, 17, 32)
    text = text.replace(",1015,jobs,", ",..,jobs,", 1)  # row 17's value is missing: still a derived row
    text += "coop_job_share,2018,Montréal,all,all,0.027,percent,,s,s,,\n" * 2
    data = text.encode()
    assert fast.read_fast(data, fast.Validator(plan, "fr", "", ""), None) is not None
    quick, careful = _fast_and_careful(data, plan, monkeypatch)
    _same(quick, careful)
    assert len(careful.figures) == 3000 - 3
    assert careful.skipped_missing == 0
    said = [p.message for p in careful.warnings]
    assert len(said) == 3 and "3" in said[0] and "2" in said[1]
    assert "43 réseaux" in said[2]  # net0-net42 are none of the plan's networks: kept, and said
