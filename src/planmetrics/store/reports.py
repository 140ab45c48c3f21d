"""Reports issued to a board, as the store keeps them: the report's row, the statuses and total figures it
showed, and what came after it (figures whose current value is another, commentary, batches).

A report is issued in one transaction, with the newest batch and commentary it was built from, so that "since"
is read by id, not by clock; it is refused if a batch came in after it was built, and a file already issued for
the plan (same sha256) is the report recorded then. Each function takes a `Store` and works through one of its
connections. Imports only the store's own modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import duckdb

from planmetrics.store.database import Generation, Store
from planmetrics.store.schema import now

if TYPE_CHECKING:
    import pandas as pd

_REPORT_COLUMNS = "id, issued_at, issued_by, as_of, lang, file_name, sha256, last_batch, last_comment"


class IssuedRow(NamedTuple):
    """A report's row: ids as the store keeps them (integers), the time in UTC."""

    id: int
    issued_at: dt.datetime
    by: str | None
    as_of: int | None
    lang: str
    file_name: str
    sha256: str
    last_batch: int
    last_comment: int

    def to_json(self) -> dict[str, Any]:
        """`planmetrics reports --json`'s object (docs/contract.md): ids as strings, the time in ISO 8601."""
        return {
            "report": str(self.id),
            "issued_at": self.issued_at.replace(tzinfo=dt.UTC).isoformat(),
            "by": self.by,
            "as_of": self.as_of,
            "lang": self.lang,
            "file_name": self.file_name,
            "sha256": self.sha256,
        }


class RestatedRow(NamedTuple):
    """A figure the report showed whose current value is another, or none (`after` None), and the batch that
    changed it (an import or correction after the report, or the rollback that undid the report's figure)."""

    indicator: str
    year: int
    region: str
    sector: str
    network: str
    before: float
    after: float | None
    batch: int | None


class CommentRow(NamedTuple):
    target: str
    year: int
    by: str | None
    body: str


class Since(NamedTuple):
    """What came after a report: its statuses, the figures now other, new commentary, the batches after it."""

    report: IssuedRow
    statuses: dict[str, str]
    restated: list[RestatedRow]
    comments: list[CommentRow]
    batches: list[int]


def newest(store: Store) -> tuple[Generation, int]:
    """The database's generation and its newest commentary's id (0: none), through one connection: what a report
    about to be built is built from."""
    return store._generation_and(
        lambda con: int(con.execute("SELECT coalesce(max(id), 0) FROM comments").fetchall()[0][0])
    )


def issue(
    store: Store,
    *,
    plan_id: str,
    by: str | None,
    as_of: int | None,
    lang: str,
    file_name: str,
    sha256: str,
    statuses: Mapping[str, str],
    figures: pd.DataFrame,
    last_batch: int,
    last_comment: int,
) -> tuple[IssuedRow | None, bool]:
    """Record a report as issued, with the statuses (target id → status id) and total figures (the key's
    columns and `value`) it showed and the newest batch and commentary it was built from, in one transaction.
    Returns the new row and False; the row already recorded and True when the plan has a report with that
    sha256; None and False when the newest batch is no longer `last_batch` (nothing recorded). Changes no
    figure."""
    columns = ["indicator", "year", "region", "sector", "network", "value"]
    rows: list[list[Any]] = [
        [str(i), int(y), str(r), str(s), str(n), float(v)] for i, y, r, s, n, v in figures[columns].to_numpy().tolist()
    ]
    with store._transaction() as con:
        same = con.execute(
            "SELECT min(id) FROM reports WHERE plan_id = ? AND sha256 = ?", [plan_id, sha256]
        ).fetchall()[0][0]
        if same is not None:
            return _report(con, int(same)), True
        if int(con.execute("SELECT coalesce(max(id), 0) FROM batches").fetchall()[0][0]) != last_batch:
            return None, False
        new_id = int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM reports").fetchall()[0][0])
        con.execute(
            f"INSERT INTO reports ({_REPORT_COLUMNS}, plan_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [new_id, now(), by, as_of, lang, file_name, sha256, last_batch, last_comment, plan_id],
        )
        if statuses:
            con.executemany(
                "INSERT INTO report_statuses VALUES (?, ?, ?)", [[new_id, t, s] for t, s in statuses.items()]
            )
        if rows:
            con.executemany(
                "INSERT INTO report_figures VALUES (?, ?, ?, ?, ?, ?, ?, NULL)", [[new_id, *r] for r in rows]
            )
            # The batch each figure came from: the current row with that key and that value.
            con.execute(
                "UPDATE report_figures r SET batch = c.batch FROM current c WHERE r.report = ?"
                " AND c.indicator = r.indicator AND c.year = r.year AND c.region = r.region"
                " AND c.sector = r.sector AND c.network = r.network AND c.value = r.value",
                [new_id],
            )
        found = _report(con, new_id)
    assert found is not None
    return found, False


def issued(store: Store, plan_id: str) -> list[IssuedRow]:
    """A plan's issued reports, newest first."""
    with store._connect() as con:
        rows = con.execute(
            f"SELECT {_REPORT_COLUMNS} FROM reports WHERE plan_id = ? ORDER BY id DESC", [plan_id]
        ).fetchall()
    return [_row(r) for r in rows]


def since(store: Store, plan_id: str, report: int | None = None) -> Since | None:
    """What came after one of a plan's reports (by default its newest), read through one connection; None when
    there is no such report."""
    with store._connect() as con:
        if report is None:
            newest = con.execute("SELECT max(id) FROM reports WHERE plan_id = ?", [plan_id]).fetchall()[0][0]
            if newest is None:
                return None
            report = int(newest)
        found = _report(con, report, plan_id)
        if found is None:
            return None
        statuses = dict(
            con.execute(
                "SELECT target, status FROM report_statuses WHERE report = ? ORDER BY target", [found.id]
            ).fetchall()
        )
        return Since(found, statuses, _restated(con, found), _comments(con, found, plan_id), _batches(con, found))


def _restated(con: duckdb.DuckDBPyConnection, report: IssuedRow) -> list[RestatedRow]:
    rows = con.execute(
        """
        SELECT r.indicator, r.year, r.region, r.sector, r.network, r.value, c.value,
               CASE WHEN c.batch > ? THEN c.batch
                    -- a submission sent before the report and approved after it
                    WHEN (SELECT max(a.id) FROM batches a WHERE a.kind = 'approval' AND a.reviews = c.batch) > ?
                    THEN c.batch
                    ELSE (SELECT max(b.id) FROM batches b
                          WHERE b.kind = 'rollback' AND b.rolls_back = r.batch AND b.id > ?) END
        FROM report_figures r
        LEFT JOIN current c ON c.indicator = r.indicator AND c.year = r.year AND c.region = r.region
            AND c.sector = r.sector AND c.network = r.network
        WHERE r.report = ? AND (c.value IS NULL OR c.value <> r.value)
        ORDER BY r.indicator, r.year, r.region, r.sector, r.network
        """,
        [report.last_batch, report.last_batch, report.last_batch, report.id],
    ).fetchall()
    return [
        RestatedRow(
            str(r[0]),
            int(r[1]),
            str(r[2]),
            str(r[3]),
            str(r[4]),
            float(r[5]),
            None if r[6] is None else float(r[6]),
            None if r[7] is None else int(r[7]),
        )
        for r in rows
    ]


def _comments(con: duckdb.DuckDBPyConnection, report: IssuedRow, plan_id: str) -> list[CommentRow]:
    rows = con.execute(
        "SELECT target, year, created_by, body FROM comments WHERE plan_id = ? AND id > ? ORDER BY id",
        [plan_id, report.last_comment],
    ).fetchall()
    return [CommentRow(str(r[0]), int(r[1]), r[2], str(r[3])) for r in rows]


def _batches(con: duckdb.DuckDBPyConnection, report: IssuedRow) -> list[int]:
    # a submission awaiting review or returned changed nothing a board saw; its approval, if any, is listed
    rows = con.execute(
        "SELECT id FROM batches WHERE id > ? AND state NOT IN ('submitted', 'returned') ORDER BY id",
        [report.last_batch],
    ).fetchall()
    return [int(r[0]) for r in rows]


def _report(con: duckdb.DuckDBPyConnection, report: int, plan_id: str | None = None) -> IssuedRow | None:
    # the plan's condition written only when asked (a parameter tested for NULL has no type PostgreSQL can infer)
    of_plan = "" if plan_id is None else " AND plan_id = ?"
    params: list[Any] = [report] if plan_id is None else [report, plan_id]
    rows = con.execute(f"SELECT {_REPORT_COLUMNS} FROM reports WHERE id = ?{of_plan}", params).fetchall()
    return _row(rows[0]) if rows else None


def _row(r: tuple[Any, ...]) -> IssuedRow:
    return IssuedRow(int(r[0]), r[1], r[2], None if r[3] is None else int(r[3]), r[4], r[5], r[6], int(r[7]), int(r[8]))
