"""What moved since a report was issued: statuses, restated figures, new commentary, the batches in between.

A board asks first what changed since its last meeting. An issued report keeps the statuses and figures it
showed (the store's `reports`); comparing them with what a report would show now gives `Changes`, which the
command line prints (`planmetrics changes`) and every report opens with once a report has been issued.
Imports `config`, `derived`, `errors`, `plan`, `store`, `snapshots`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from planmetrics import config, derived, snapshots
from planmetrics.errors import RefusedError
from planmetrics.plan import Plan
from planmetrics.store import Store
from planmetrics.store import reports as store_reports
from planmetrics.store.database import Generation


@dataclass(frozen=True)
class ReportBasis:
    """What a report was built from, read before its figures: the database's generation (its newest batch
    among them), the newest commentary's id, and the targets and tracked indicators it showed (their ids)."""

    generation: Generation
    last_comment: int
    targets: tuple[str, ...]

    @property
    def last_batch(self) -> int:
        return self.generation.batch


def report_basis(store: Store, targets: tuple[str, ...]) -> ReportBasis:
    """The basis of a report about to be built from `store`, showing `targets`."""
    generation, last_comment = store_reports.newest(store)
    return ReportBasis(generation, last_comment, targets)


@dataclass(frozen=True)
class IssuedReport:
    """A report as issued to a board: when, by whom, as of which year, in which language, which file."""

    id: str
    issued_at: str  # ISO 8601
    by: str | None
    as_of: int | None
    lang: str
    file_name: str
    sha256: str
    again: bool = False  # this file had been issued already: the report is the one recorded then


@dataclass(frozen=True)
class StatusChange:
    """A target whose status moved: its id and the status ids before (in the report) and after (now)."""

    target: str
    before: str
    after: str


@dataclass(frozen=True)
class Restatement:
    """A figure the report showed whose current value is another (or gone: `after` None), and the batch that
    changed it."""

    indicator: str
    year: int
    region: str
    sector: str
    network: str
    before: float
    after: float | None
    batch: str | None


@dataclass(frozen=True)
class NewComment:
    """Commentary written after the report was issued."""

    target: str
    year: int
    by: str | None
    body: str


@dataclass(frozen=True)
class Changes:
    """What moved since `since` (None when no report was ever issued: then everything else is empty), compared
    with a report made now as of `as_of` (None: no figure at all, or no report issued)."""

    since: IssuedReport | None
    as_of: int | None = None
    status_changes: tuple[StatusChange, ...] = ()
    restated: tuple[Restatement, ...] = ()
    comments: tuple[NewComment, ...] = ()
    batches: tuple[str, ...] = ()

    @property
    def anything(self) -> bool:
        return bool(self.status_changes or self.restated or self.comments)


# ------------------------------------------------------------------ issuing a report


def issue_report(
    store: Store,
    plan: Plan,
    *,
    as_of: int | None,
    lang: str,
    file_name: str,
    payload: bytes,
    by: str | None,
    basis: ReportBasis,
) -> IssuedReport:
    """Record a report as issued: its file's name and sha256, and what it showed, read from the same (cached)
    assessment the report was built from (`basis`): the status of each target it showed at its as-of year and
    those targets' total figures up to that year; its newest batch and commentary are the basis's. Refused
    (exit 2) when figures came in, were rolled back or restored after it was built. The same file issued
    again gives the report already recorded (`IssuedReport.again`). Changes no figure (no batch)."""
    if store.generation() != basis.generation:
        raise RefusedError("issuing.stale", "issuing.stale.advice", file=file_name)
    assessment, totals = snapshots.snapshot(store, plan, as_of, generation=basis.generation)
    shown = set(basis.targets)
    progress = [t for t in assessment.targets if t.id in shown]
    # A derived indicator's figures are recorded as the stored figures of its inputs: only those can be restated.
    indicators = derived.stored_only(plan, [t.indicator for t in progress])
    figures = totals if assessment.as_of is None else totals[totals["year"] <= assessment.as_of]
    figures = figures[figures["indicator"].isin(indicators) & ~figures[derived.DERIVED]]
    row, again = store_reports.issue(
        store,
        plan_id=plan.id,
        by=by,
        as_of=assessment.as_of,
        lang=lang,
        file_name=file_name,
        sha256=hashlib.sha256(payload).hexdigest(),
        statuses={t.id: t.status for t in progress},
        figures=figures[[*config.FIGURE_KEY, "value"]],
        last_batch=basis.last_batch,
        last_comment=basis.last_comment,
    )
    if row is None:
        raise RefusedError("issuing.stale", "issuing.stale.advice", file=file_name)
    return _issued(row, again=again)


def issued_reports(store: Store, plan: Plan) -> list[IssuedReport]:
    """The plan's issued reports, newest first."""
    return [_issued(r) for r in store_reports.issued(store, plan.id)]


def _issued(row: store_reports.IssuedRow, *, again: bool = False) -> IssuedReport:
    payload = row.to_json()
    return IssuedReport(
        id=payload["report"],
        issued_at=payload["issued_at"],
        by=row.by,
        as_of=row.as_of,
        lang=row.lang,
        file_name=row.file_name,
        sha256=row.sha256,
        again=again,
    )


# ------------------------------------------------------------------ what changed since


def changes_since(store: Store, plan: Plan, as_of: int | None, since: str | None = None) -> Changes:
    """What moved between an issued report (`since`, a report id; by default the plan's last one) and a report
    made now as of `as_of` (None: the latest year with a figure). No report issued: `since` None, nothing else.
    An unknown report id is refused (exit 2)."""
    report_id: int | None = None
    if since is not None:
        if not str(since).strip().isdigit():
            raise RefusedError("issued.unknown_report", "issued.unknown_report.advice", report=since)
        report_id = int(str(since).strip())
    found = store_reports.since(store, plan.id, report_id)
    if found is None:
        if since is not None:
            raise RefusedError("issued.unknown_report", "issued.unknown_report.advice", report=since)
        return Changes(since=None)
    now = snapshots.progress(store, plan, as_of)
    moved = tuple(
        StatusChange(t.id, found.statuses[t.id], t.status)
        for t in now.targets
        if t.id in found.statuses and found.statuses[t.id] != t.status
    )
    return Changes(
        since=_issued(found.report),
        as_of=now.as_of,
        status_changes=moved,
        restated=tuple(
            Restatement(
                r.indicator,
                r.year,
                r.region,
                r.sector,
                r.network,
                r.before,
                r.after,
                None if r.batch is None else str(r.batch),
            )
            for r in found.restated
        ),
        comments=tuple(NewComment(c.target, c.year, c.by, c.body) for c in found.comments),
        batches=tuple(str(b) for b in found.batches),
    )


def report_json(report: IssuedReport) -> dict[str, Any]:
    """`planmetrics reports --json`'s object: ids as strings, years as integers."""
    return {
        "report": report.id,
        "issued_at": report.issued_at,
        "by": report.by,
        "as_of": report.as_of,
        "lang": report.lang,
        "file_name": report.file_name,
        "sha256": report.sha256,
    }


def changes_json(changes: Changes) -> dict[str, Any]:
    """`planmetrics changes --json`'s object (docs/contract.md): values in storage units, batch ids as strings."""
    return {
        "since": None if changes.since is None else report_json(changes.since),
        "as_of": changes.as_of,
        "status_changes": [{"id": s.target, "from": s.before, "to": s.after} for s in changes.status_changes],
        "restated": [
            {
                "indicator": r.indicator,
                "year": r.year,
                "region": r.region,
                "sector": r.sector,
                "network": r.network,
                "from": r.before,
                "to": r.after,
                "batch": r.batch,
            }
            for r in changes.restated
        ],
        "comments": [{"target": c.target, "year": c.year, "by": c.by, "body": c.body} for c in changes.comments],
        "batches": list(changes.batches),
    }
