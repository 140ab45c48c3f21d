"""Numbers as people type them (CONTRACT.md): each spelling, in its context, and the value a person expects."""

from __future__ import annotations

import pytest

from planmetrics.ingest.numbers import (
    NotANumber,
    Number,
    decide_decimal,
    header_scale,
    is_missing,
    parse_number,
)


def stored(text: str, decimal: str = "") -> float:
    """The value a cell stands for, its own units applied (what the importer stores without other context)."""
    number = parse_number(text, decimal)
    assert isinstance(number, Number), number
    return float(number.value * number.scale.multiplier)


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("116000", "", 116_000),
        ("116,000", "", 116_000),
        ("116,000", ".", 116_000),
        ("116 000", "", 116_000),
        ("116\u00a0000", "", 116_000),
        ("116\u202f000", "", 116_000),
        ("33,4", "", 33.4),
        ("33,4", ",", 33.4),
        ("33.4", "", 33.4),
        ("1.234,5", "", 1234.5),
        ("1,234.5", "", 1234.5),
        ("1,234,567", "", 1_234_567),
        ("1.234.567", "", 1_234_567),
        ("1 234,5", "", 1234.5),
        ("1 234 567.25", "", 1_234_567.25),
        ("0,125", "", 0.125),
        ("1234,567", "", 1234.567),
        ("7 %", "", 0.07),
        ("7%", "", 0.07),
        ("7,5 %", ",", 0.075),
        ("$45B", "", 45e9),
        ("45 G$", "", 45e9),
        ("45 milliards $", "", 45e9),
        ("45 milliards de dollars", "", 45e9),
        ("33,4 M$", "", 33.4e6),
        ("33.4 MM$", "", 33.4e6),
        ("12 k$", "", 12_000),
        ("2,5 Md$", "", 2.5e9),
        ("2 thousand", "", 2_000),
        ("3 thousands", "", 3_000),
        ("8.8 million", "", 8.8e6),
        ("8,8 millions", "", 8.8e6),
        ("4 mille", "", 4_000),
        ("5 milliers", "", 5_000),
        ("39 billion", "", 39e9),
        ("1 milliard", "", 1e9),
        ("116K", "", 116_000),
        ("45 $", "", 45),
        ("CAD 45", "", 45),
        ("45 dollars", "", 45),
        ("$ 1,5 M", ",", 1.5e6),
        ("-5", "", -5),
        ("−5", "", -5),
        ("-$5", "", -5),
        ("  95000  ", "", 95_000),
    ],
)
def test_spellings_people_type(text: str, decimal: str, expected: float) -> None:
    assert stored(text, decimal) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        # A lone group of three after the mark reads two ways: the file's decimal mark decides.
        ("1,234", ",", 1.234),
        ("1,234", ".", 1234),
        ("1,234", "", 1234),  # no decimal mark known: the comma groups thousands (116,000)
        ("1.234", ",", 1234),
        ("1.234", ".", 1.234),
        ("1.234", "", 1.234),
    ],
)
def test_ambiguous_numbers_follow_the_decimal_mark(text: str, decimal: str, expected: float) -> None:
    number = parse_number(text, decimal)
    assert isinstance(number, Number)
    assert number.ambiguous
    assert number.value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "reason", "word"),
    [
        ("environ 120 000", "word", "environ"),
        ("about 5", "word", "about"),
        ("5 jobs", "word", "jobs"),
        ("5 €", "word", "€"),
        ("45 G", "word", "g"),  # G is a billion only next to $
        ("7 % $", "word", "%"),
        ("5 M milliards", "word", "milliards"),
        ("abc", "word", "abc"),
        ("5 to 6", "several", None),
        ("2018-01", "several", None),
        ("1,23,4", "grouping", None),
        ("12 34", "grouping", None),
        ("1.234,56,7", "grouping", None),
        ("=1+2", "several", None),
        ("9" * 150, "too_long", None),
    ],
)
def test_refusals(text: str, reason: str, word: str | None) -> None:
    result = parse_number(text)
    assert isinstance(result, NotANumber)
    assert result.reason == reason
    if word is not None:
        assert result.word == word


@pytest.mark.parametrize("text", ["", " ", "..", "...", "x", "X", "F", "n.d.", "N/A", "NA", "na", "-", "—"])
def test_missing_markers(text: str) -> None:
    assert is_missing(text)


@pytest.mark.parametrize("text", ["0", "5", "-5", "E", "p", "none"])
def test_not_missing(text: str) -> None:
    assert not is_missing(text)


@pytest.mark.parametrize(
    ("unit", "factor", "currency", "percent"),
    [
        ("G$", 1e9, True, False),
        ("$M", 1e6, True, False),
        ("k$", 1e3, True, False),
        ("%", 1.0, False, True),
        ("en milliers de dollars", 1e3, True, False),
        ("in $ millions", 1e6, True, False),
        ("millions", 1e6, False, False),
    ],
)
def test_header_units(unit: str, factor: float, currency: bool, percent: bool) -> None:
    scale, unknown = header_scale(unit)
    assert (scale.factor, scale.currency, scale.percent) == (factor, currency, percent)
    assert unknown == []


def test_header_unit_not_understood_is_reported() -> None:
    scale, unknown = header_scale("FTE")
    assert scale.factor == 1.0
    assert unknown == ["FTE"]


@pytest.mark.parametrize(
    ("cells", "delimiter", "mark", "reason"),
    [
        (["1,234", "33,4"], ",", ",", "evidence"),
        (["1,234", "1,234,567"], ",", ".", "evidence"),
        (["1,234", "12.5"], ";", ".", "evidence"),
        (["1,234", "5"], ";", ",", "semicolon"),
        (["1,234", "5"], ",", ".", "default"),
        (["116000", "5"], ";", "", "none"),
        (["1.234,5"], ",", ",", "evidence"),
    ],
)
def test_decimal_mark_decided_from_the_whole_column(cells: list[str], delimiter: str, mark: str, reason: str) -> None:
    decision = decide_decimal(cells, delimiter)
    assert (decision.mark, decision.reason) == (mark, reason)
