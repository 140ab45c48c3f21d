"""Big, clean long CSV files read at once: Arrow parses the grid, each distinct cell text is checked once.

Only what the careful path would accept without a single error takes this path, and it gives the very
same figures, warnings and counts: headers are read by `layouts`, every distinct text of a descriptive
column goes through the `Validator`'s own checks, numbers through `fastnum`. Anything else (an error, a
ragged row, a wide or StatCan layout, an unbalanced quote, text converted to UTF-8 twice at its start, ...)
returns None and the careful path reads the file, so its problems are reported exactly as before. The rows
the careful path skips as derived (an export's `derived` rows, a derived indicator's) are skipped here too,
with the same warning (`fastcodes.derived_rows`); sectors and networks the plan does not know are named in the
same warnings as there. The steps: `fastgrid` (bytes -> Arrow grid and
the header's roles), `fastcodes` (descriptive columns, checked), `fastnum` (the values), `fastfigures`
(the figures table). Imports the ingest helpers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from planmetrics.ingest import fastnum
from planmetrics.ingest.fastcodes import DESCRIBED, Coded, absent, blank_rows, derived_rows, distinct
from planmetrics.ingest.fastfigures import figures
from planmetrics.ingest.fastgrid import NotUtf8Error, grid_header, header_roles, sniffed_grid, text_head, utf8_bytes
from planmetrics.ingest.fastnum import NotFastError
from planmetrics.ingest.garbled import read_twice
from planmetrics.ingest.marks import derived_warnings
from planmetrics.ingest.numbers import DecimalDecision
from planmetrics.ingest.results import Problem
from planmetrics.ingest.sniff import MAX_CELL_CHARS, SNIFF_CHARS, WholeFileError, decode
from planmetrics.ingest.validate import Validator

__all__ = ["FAST_MIN_BYTES", "FastRead", "Validator", "read_fast"]

FAST_MIN_BYTES = 1 << 20  # smaller files are read cell by cell: it takes well under a second


@dataclass(frozen=True)
class FastRead:
    table: pa.Table  # the figures, their text columns as dictionaries
    encoding: str
    delimiter: str
    warnings: list[Problem]
    skipped_missing: int
    decision: DecimalDecision
    network_column: bool = False  # a column of the file was read as the figures' network


def read_fast(data: bytes, validator: Validator, indicator_id: str | None) -> FastRead | None:
    """The figures of a clean long UTF-8 file, or None when the careful path must read it.

    A UTF-8 file is never decoded into one big string: Arrow checks that every cell is valid UTF-8. Any other
    file (cp1252, UTF-16, ...) is decoded as the careful path decodes it, then handed to Arrow as UTF-8.
    """
    try:
        try:
            raw, encoding = utf8_bytes(data)
            head = text_head(raw)
            if read_twice(head) is not None:  # `annÃ©e`: the careful path decodes the whole text and refuses it
                raise NotFastError("converted to UTF-8 twice")
            quotes = data.count(b'"') if b'"' in data else 0  # looking for one is much quicker than counting
            delimiter, grid = sniffed_grid(raw, head, quotes, validator, indicator_id)
        except NotUtf8Error:
            text, encoding = decode(data, validator.lang)
            raw = pa.py_buffer(text.encode("utf-8"))
            delimiter, grid = sniffed_grid(raw, text[: SNIFF_CHARS + 1], text.count('"'), validator, indicator_id)
        return _read(grid, encoding, delimiter, validator, indicator_id)
    except (NotFastError, WholeFileError, pa.ArrowException, ValueError, LookupError, TypeError, ArithmeticError):
        return None


def _read(grid: Any, encoding: str, delimiter: str, validator: Validator, indicator_id: str | None) -> FastRead:
    header = grid_header(grid, validator.lang)
    shaped, meanings, roles = header_roles(header, delimiter, validator, indicator_id)
    body = grid.slice(1)
    value_index = roles["value"]
    texts = body.column(value_index).combine_chunks()
    if pa.types.is_dictionary(texts.type):  # the header at the start of the text named another column
        texts = texts.dictionary_decode()
    if len(texts) and pc.max(pc.binary_length(texts)).as_py() > MAX_CELL_CHARS:
        raise NotFastError("huge cell")
    described = {i: distinct(body.column(i), header[i]) for i in range(body.num_columns) if i != value_index}
    values = fastnum.split_values(texts)
    missing = fastnum.missing_rows(values)
    derived, skipped_derived = derived_rows(
        validator, _of(described, roles, "indicator"), _of(described, roles, "derived"), indicator_id, len(texts)
    )
    if derived.any():  # skipped before anything is checked, as the careful path skips them
        decision = fastnum.decide(values.filter(~missing), delimiter)  # their values count: as the careful path
        values, missing = values.filter(~derived), missing[~derived]
        described = {i: column.rows(~derived) for i, column in described.items()}
    skipped = int(missing.sum()) - blank_rows(described.values(), values, missing)
    if missing.all():
        raise NotFastError("no figures")
    if missing.any():
        values = values.filter(~missing)
        described = {i: column.rows(~missing) for i, column in described.items()}
    if not derived.any():
        decision = fastnum.decide(values, delimiter)
    nothing = absent(len(values.fast))
    columns = {role: described[roles[role]] if role in roles else nothing for role in (*DESCRIBED, "unit")}
    scale = meanings[value_index].scale
    table = figures(validator, columns, values, mark=decision.mark, header_scale=scale, indicator_id=indicator_id)
    warnings = [*shaped.warnings, *derived_warnings(skipped_derived, validator.plan, validator.lang)]
    warnings += validator.unknown_warnings()  # after the derived rows' warning, as `Validator.finish` says them
    return FastRead(table, encoding, delimiter, warnings, skipped, decision, "network" in roles)


def _of(described: dict[int, Coded], roles: dict[str, int], role: str) -> Coded | None:
    return described[roles[role]] if role in roles else None
