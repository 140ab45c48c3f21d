"""What the progress engine hands over: statuses, one target's progress, plan checks, a whole assessment.

Frozen dataclasses; numbers stay in storage units. Imports nothing from planmetrics.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal[
    "achieved",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "deteriorating",
    "missed",
    "no_data",
    "improving",
    "stable",
    "worsening",
]
Severity = Literal["info", "warning"]

# The statuses the plan team may set over a computed one, by kind: a numeric target's verdicts, a tracked
# indicator's directions; never "no data" (a status set says what the plan team judges, not that a figure is
# missing).
NUMERIC_STATUSES: tuple[Status, ...] = (
    "achieved", "on_track", "needs_acceleration", "limited_progress", "deteriorating", "missed",
)  # fmt: skip
TRACKED_STATUSES: tuple[Status, ...] = ("improving", "stable", "worsening")


def settable_statuses(kind: str) -> tuple[Status, ...]:
    """The statuses that may be set for a target of this kind (`track`: a tracked indicator)."""
    return TRACKED_STATUSES if kind == "track" else NUMERIC_STATUSES


JSON_FIELDS = (
    "id",
    "indicator",
    "region",
    "kind",
    "target",
    "baseline",
    "baseline_year",
    "latest",
    "latest_year",
    "expected",
    "progress",
    "ratio",
    "status",
    "projected",
    "required_pace",
    "final",
    "awaiting_year",
)


@dataclass(frozen=True)
class StatusOverride:
    """The status the plan team set over the computed one: by whom, why, when (ISO 8601, UTC), from which as-of
    year on, and whether newer figures arrived since (`stale`: the figure judged now is not the one it saw)."""

    status: Status
    by: str | None
    reason: str
    at: str
    as_of: int | None
    stale: bool = False
    batch: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"by": self.by, "reason": self.reason, "at": self.at, "as_of": self.as_of, "stale": self.stale}


@dataclass(frozen=True)
class TargetProgress:
    """Where one target (or one tracked indicator) stands as of a year; fields as in CONTRACT.md (a value not
    known, or not defined for the kind, is None)."""

    id: str
    indicator: str
    region: str
    kind: str
    status: Status
    target: float | None = None
    baseline: float | None = None
    baseline_year: int | None = None
    latest: float | None = None
    latest_year: int | None = None
    expected: float | None = None
    progress: float | None = None
    ratio: float | None = None
    projected: float | None = None
    required_pace: float | None = None
    # Not part of the JSON contract: the observed annual growth (growth and level targets) or the
    # least-squares slope a year (tracked indicators), for pages and reports.
    observed_pace: float | None = None
    # The verdict is final (taken at the target year); or the target year whose figure it awaits.
    final: bool = False
    awaiting_year: int | None = None
    # The status the engine computed, when the plan team set `status` over it (`override`); None otherwise.
    computed_status: Status | None = None
    override: StatusOverride | None = None

    @property
    def computed(self) -> Status:
        """The status METHOD.md's rules give, whatever the plan team set."""
        return self.computed_status or self.status

    def to_json(self) -> dict[str, Any]:
        values = asdict(self)
        shown = JSON_FIELDS if self.kind != "track" else JSON_FIELDS[:-2]  # tracked indicators have no target year
        found = {name: values[name] for name in shown}
        found["computed_status"] = self.computed
        found["override"] = None if self.override is None else self.override.to_json()
        return found


@dataclass(frozen=True)
class Check:
    """A plan check shown to managers; `params` hold the numbers its message is written from."""

    id: str
    kind: Literal["growth_vs_level", "subtarget_within_parent", "jump"]
    severity: Severity
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Assessment:
    plan_id: str
    as_of: int | None
    baseline_year: int
    target_year: int
    targets: tuple[TargetProgress, ...]
    checks: tuple[Check, ...]

    def target(self, target_id: str) -> TargetProgress:
        return next(t for t in self.targets if t.id == target_id)
