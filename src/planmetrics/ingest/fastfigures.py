"""The fast path's last step: the figures table from the checked columns and the value column.

Values in storage units (the number as written times its cell's, unit's or header's scale), one row per
figure key (a repeat with the same value is dropped, another value is a conflict: `NotFastError`), text
columns as Arrow dictionaries that DuckDB reads as they are. Imports `config` and the ingest helpers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from planmetrics import config
from planmetrics.ingest import fastnum
from planmetrics.ingest.arrays import from_numpy, from_texts
from planmetrics.ingest.fastcodes import NO_VALUE, Coded, describe
from planmetrics.ingest.fastnum import NotFastError, ValueColumn
from planmetrics.ingest.results import Problem, Scale
from planmetrics.ingest.validate import Validator

CONFLICT_TOLERANCE = 1e-9  # as `Validator._is_repeat`


def figures(
    v: Validator,
    columns: dict[str, Coded],
    values: ValueColumn,
    *,
    mark: str,
    header_scale: Scale,
    indicator_id: str | None,
) -> pa.Table:
    """The figures of the kept rows, in `config.STORED_COLUMNS` order."""
    outputs = describe(v, columns, indicator_id)
    indicators = columns["indicator"]
    ids = [found for found, _ in outputs["indicator"]]
    numbers = _values(v, columns, values, mark=mark, header_scale=header_scale, outputs=outputs)
    keep = _first_of_each_key(columns, outputs, numbers)
    arrays = {
        "indicator": _text(ids, indicators.codes[keep]),
        "year": from_numpy(columns["year"].mapped(outputs["year"], np.int64)[keep]),
        "value": from_numpy(numbers[keep]),
        "unit": _text([v.plan.indicator(i).unit for i in ids], indicators.codes[keep]),
    }
    for role in ("region", "sector", "network", "flag", "source", config.SOURCE_FR, config.QUALITY):
        arrays[role] = _text(outputs[role], columns[role].codes[keep])
    return pa.Table.from_arrays([arrays[name] for name in config.STORED_COLUMNS], names=config.STORED_COLUMNS)


def _text(distinct: list[str | None], codes: np.ndarray) -> Any:
    """A text column as a dictionary and codes: no million strings built, and DuckDB reads it as it is.

    Two spellings may give the same text (` Québec ` and `Québec`): the dictionary holds the distinct results,
    sorted, so the column sorts as its texts would. None (no flag) is a missing value.
    """
    dictionary = sorted({text for text in distinct if text is not None})
    position: dict[str | None, int] = {text: i for i, text in enumerate(dictionary)}
    per_row = np.asarray([position.get(text, -1) for text in distinct], dtype=np.int32)[codes]
    indices = from_numpy(np.maximum(per_row, 0), absent=per_row < 0)
    return pa.DictionaryArray.from_arrays(indices, from_texts(dictionary))


def _values(
    v: Validator,
    columns: dict[str, Coded],
    values: ValueColumn,
    *,
    mark: str,
    header_scale: Scale,
    outputs: dict[str, list[Any]],
) -> np.ndarray:
    """Each row's value in storage units: the number as written times its cell's or its context's scale."""
    slow = fastnum.slow_numbers(values, mark)
    as_written = values.per_slow([n.value for n in slow], 0.0, float)
    written = np.where(values.fast, fastnum.fast_numbers(values, mark), as_written)
    explicit = values.per_slow([n.scale.explicit for n in slow], False, bool)
    indicators, units = columns["indicator"], columns["unit"]
    width = len(units.cells)
    combo = indicators.codes * width + units.codes
    multiplier = np.zeros(len(indicators.cells) * width, dtype=np.float64)
    for code in np.flatnonzero(np.bincount(combo, minlength=len(multiplier))):  # the pairs that occur
        found, label = outputs["indicator"][code // width]
        scale = header_scale.combine(label).combine(outputs["unit"][code % width])
        multiplier[code] = _fitting(v, found, scale).multiplier
    multiplier = multiplier[combo]
    for row in np.flatnonzero(explicit):
        scale = slow[values.codes[row]].scale
        multiplier[row] = _fitting(v, outputs["indicator"][indicators.codes[row]][0], scale).multiplier
    result: np.ndarray = written * multiplier
    return result


def _fitting(v: Validator, indicator: str, scale: Scale) -> Scale:
    problems: list[Problem] = []
    if not v._unit_fits(0, NO_VALUE, "", indicator=indicator, scale=scale, problems=problems):
        raise NotFastError("unit")
    return scale


def _first_of_each_key(columns: dict[str, Coded], outputs: dict[str, list[Any]], values: np.ndarray) -> np.ndarray:
    """True for the first row of each figure key; a later row with another value is a conflict (fallback)."""
    key = np.zeros(len(values), dtype=np.int64)
    room = 1
    for role in ("indicator", "year", "region", "sector", "network"):
        numbers: dict[Any, int] = {}  # one number per distinct output: two spellings of a region are one
        distinct = [o[0] if role == "indicator" else o for o in outputs[role]]
        component = np.asarray([numbers.setdefault(o, len(numbers)) for o in distinct], dtype=np.int64)
        room *= max(1, len(numbers))
        if room >= 1 << 62:
            raise NotFastError("too many keys")
        key = key * max(1, len(numbers)) + component[columns[role].codes]
    if not repeats(key, room):
        return np.ones(len(key), dtype=bool)
    _, first_rows, groups = np.unique(key, return_index=True, return_inverse=True)
    first = np.zeros(len(key), dtype=bool)
    first[first_rows] = True
    expected = values[first_rows][groups.ravel()]
    if (np.abs(expected - values) > CONFLICT_TOLERANCE * np.maximum(1.0, np.abs(expected))).any():
        raise NotFastError("conflict")
    return first


def repeats(key: np.ndarray, room: int) -> bool:
    """Whether a key occurs twice: counted in place when the keys are few, else found by sorting them."""
    if room <= 4 * len(key) + (1 << 20):
        return bool(np.bincount(key, minlength=room).max() > 1)
    ordered = np.sort(key)
    return bool((ordered[1:] == ordered[:-1]).any())
