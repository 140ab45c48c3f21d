"""NumPy and Arrow arrays to each other by their buffers, as the Arrow columnar format lays them out.

`pa.array`, `pa.scalar` and `Array.to_numpy` load pandas the first time they run (0.2 s here, and as much
again at exit): the fast path of `planmetrics import` converts through these instead, so importing a big CSV
never loads pandas. Only null-free arrays of the types below; imports nothing of ours.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

_NUMPY = {"int32": np.int32, "int64": np.int64, "double": np.float64}
_ARROW = {np.dtype(np.int32): pa.int32(), np.dtype(np.int64): pa.int64(), np.dtype(np.float64): pa.float64()}


def to_numpy(array: Any) -> np.ndarray:
    """A null-free Arrow array of int32, int64, double or booleans as NumPy (numbers: a read-only view)."""
    if array.null_count:
        raise ValueError("an array with missing values")
    data = array.buffers()[1]
    end = array.offset + len(array)
    if pa.types.is_boolean(array.type):
        bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8), count=end, bitorder="little")
        flags: np.ndarray = bits[array.offset :].view(bool)
        return flags
    values: np.ndarray = np.frombuffer(data, dtype=_NUMPY[str(array.type)])[array.offset : end]
    return values


def from_numpy(values: np.ndarray, absent: np.ndarray | None = None) -> Any:
    """A NumPy array of int32, int64, float64 or booleans as Arrow; `absent` marks the missing values."""
    validity = None if absent is None or not absent.any() else pa.py_buffer(np.packbits(~absent, bitorder="little"))
    if values.dtype == bool:
        data = pa.py_buffer(np.packbits(values, bitorder="little"))
        return pa.Array.from_buffers(pa.bool_(), len(values), [validity, data])
    contiguous = np.ascontiguousarray(values)
    return pa.Array.from_buffers(_ARROW[contiguous.dtype], len(contiguous), [validity, pa.py_buffer(contiguous)])


def from_texts(texts: list[str]) -> Any:
    """Python texts as an Arrow string array."""
    encoded = [text.encode("utf-8") for text in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    offsets[1:] = np.cumsum(np.asarray([len(e) for e in encoded], dtype=np.int64))
    return pa.StringArray.from_buffers(len(encoded), pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded)))
