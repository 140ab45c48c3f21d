"""NumPy and Arrow arrays converted by their buffers give what pyarrow's own conversions give."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from planmetrics.ingest.arrays import from_numpy, from_texts, to_numpy


@pytest.mark.parametrize(
    "array",
    [
        pa.array(np.arange(20, dtype=np.int32)),
        pa.array(np.arange(20, dtype=np.int64) * -3),
        pa.array(np.linspace(-1.5, 9.25, 20)),
        pa.array([n % 3 == 0 for n in range(20)]),
    ],
    ids=["int32", "int64", "double", "bool"],
)
@pytest.mark.parametrize(("start", "length"), [(0, 20), (3, 11), (9, 0)])  # slices begin inside a byte of bits
def test_to_numpy_reads_the_buffers_as_pyarrow_does(array: pa.Array, start: int, length: int) -> None:
    part = array.slice(start, length)
    np.testing.assert_array_equal(to_numpy(part), part.to_numpy(zero_copy_only=False))
    assert to_numpy(part).dtype == part.to_numpy(zero_copy_only=False).dtype


def test_to_numpy_refuses_missing_values() -> None:
    with pytest.raises(ValueError, match="missing"):
        to_numpy(pa.array([1, None], pa.int64()))


def test_from_numpy_with_missing_values_and_texts() -> None:
    values = np.array([4, 0, 7, 0, 9, 1, 2, 3, 5], dtype=np.int32)
    absent = values == 0
    assert from_numpy(values, absent).to_pylist() == [4, None, 7, None, 9, 1, 2, 3, 5]
    assert from_numpy(np.array([True, False, True])).to_pylist() == [True, False, True]
    assert from_numpy(np.array([0.5, -2.0])).type == pa.float64()
    assert from_texts(["Québec", "", "Gaspésie–Îles-de-la-Madeleine"]).to_pylist() == [
        "Québec",
        "",
        "Gaspésie–Îles-de-la-Madeleine",
    ]
    assert from_texts([]).to_pylist() == []
