"""What moved since a report was issued: statuses, restated figures, new commentary, the batches in between.

A board asks first what changed since its last meeting. An issued report keeps the statuses and figures it
showed (the store's `reports`); comparing them with what a report would show now gives `Changes`, which the
command line prints (`planmetrics changes`) and every report opens with once a report has been issued.
Imports `config`, `plan`, `store`, `metrics`, `snapshots`.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    """What moved since `since` (None when no report was ever issued: then everything else is empty)."""

    since: IssuedReport | None
    status_changes: tuple[StatusChange, ...] = ()
    restated: tuple[Restatement, ...] = ()
    comments: tuple[NewComment, ...] = ()
    batches: tuple[str, ...] = ()

    @property
    def anything(self) -> bool:
        return bool(self.status_changes or self.restated or self.comments)
