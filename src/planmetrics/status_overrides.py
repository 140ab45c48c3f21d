"""Setting and clearing a status over the computed one, in one place for the command line and the Review page,
and the statuses in force, each beside the target's progress in the view it holds for.

`set_status` refuses anyone but a reviewer or an administrator before anything is read, then a target the plan
does not hold, a status a target of its kind may not be given (`no_data` among them) and an empty reason; it
keeps beside the status what the method computes for the target as of the year chosen (the computed status and
the figure judged, to tell a newer figure later). `clear_status` shows the computed status again, for one
as-of year or every one. Refusals are the house's errors, a target by its label and a status by its words,
said in the reader's language. Imports `accounts`, `errors`, `i18n`, `metrics`, `plan`, `snapshots`, `store`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from planmetrics import accounts, i18n, snapshots
from planmetrics.accounts import Actor
from planmetrics.errors import RefusedError
from planmetrics.metrics import NUMERIC_STATUSES, TRACKED_STATUSES, Assessment, TargetProgress, settable_statuses
from planmetrics.plan import Plan
from planmetrics.store import Store, overrides
from planmetrics.store.database import Generation
from planmetrics.store.overrides import EVERY_YEAR, Override
from planmetrics.words import separated

__all__ = ["EVERY_YEAR", "InForce", "clear_status", "entry", "in_force", "set_status"]


def set_status(
    store: Store, plan: Plan, actor: Actor, target_id: str, *, status: str, reason: str | None, as_of: int | None
) -> int:
    """`actor` sets the status shown for a target in views as of `as_of` and later (None: the year `progress`
    judges by default; none when there is no figure: every year), with a reason. The override's batch id."""
    require_reviewer(actor)
    if as_of is None:
        as_of = snapshots.progress(store, plan).as_of
    judged = _target(snapshots.progress(store, plan, as_of), plan, target_id)
    allowed = settable_statuses(judged.kind)
    if status not in allowed:
        raise RefusedError(
            "override.bad_status", "override.bad_status.advice", status=partial(_status_said, status),
            target=partial(plan.target_label, target_id), allowed=partial(_listed, allowed),
        )  # fmt: skip
    if not (reason or "").strip():
        raise RefusedError("override.no_reason", "override.no_reason.advice")
    return overrides.set_override(
        store, plan.id, target_id, status=status, reason=reason or "", by=actor.name, as_of=as_of,
        computed_status=judged.computed, latest_year=judged.latest_year, latest=judged.latest,
    )  # fmt: skip


def clear_status(
    store: Store,
    plan: Plan,
    actor: Actor,
    target_id: str,
    *,
    as_of: int | overrides.EveryYear | None = None,
    reason: str | None = None,
) -> int:
    """`actor` shows a target's computed status again: for every as-of year (`as_of` None), or the status set
    from `as_of` alone (`EVERY_YEAR`: the one set for every year). The clearing's batch id; refused, naming the
    target by its label, when no status is set for it (from that year)."""
    require_reviewer(actor)
    try:
        return overrides.clear_override(store, plan.id, target_id, by=actor.name, reason=reason, as_of=as_of)
    except RefusedError as exc:
        if exc.message_key not in ("override.none", "override.none_from"):
            raise
        values = {**exc.values, "target": partial(plan.target_label, target_id)}
        raise RefusedError(exc.message_key, exc.advice_key, **values) from exc


def require_reviewer(actor: Actor) -> None:
    """Setting and clearing a status are a reviewer's or an administrator's (`accounts.require_reviewer`),
    refused as such (not as a review of a submission)."""
    try:
        accounts.require_reviewer(actor)
    except RefusedError as exc:
        raise RefusedError("override.not_reviewer", "accounts.not_reviewer.advice", name=actor.name or "—") from exc


def entry(store: Store, plan: Plan, batch: int) -> Override | None:
    """The status in force that batch set (its as-of year, the computed status kept); None once replaced."""
    return next((o for o in overrides.overrides(store, plan.id) if o.batch == batch), None)


# ------------------------------------------------------------------ the statuses in force


@dataclass(frozen=True)
class InForce:
    """A status set and in force, with the target's progress in the view it holds for (None: a target the plan
    no longer holds)."""

    override: Override
    progress: TargetProgress | None

    @property
    def computed(self) -> str | None:
        return None if self.progress is None else self.progress.computed

    @property
    def stale(self) -> bool | None:
        """Newer figures arrived since it was set (None: a target the plan no longer holds)."""
        if self.progress is None:
            return None
        found = self.progress.override
        return found.stale if found is not None else snapshots.is_stale(self.override, self.progress)


def in_force(store: Store, plan: Plan, shown: Assessment, *, generation: Generation | None = None) -> list[InForce]:
    """The statuses set and in force, in the order they were set, each with its target's progress in the view it
    holds for: `shown` when it is the one `shown` applies, else the view as of its own year (one set for every
    year that a later one covers in `shown`: the year before the first later one's)."""
    found = overrides.overrides(store, plan.id)
    listed = []
    for each in found:
        progress = next((t for t in shown.targets if t.id == each.target), None)
        if progress is not None and (progress.override is None or progress.override.batch != each.batch):
            progress = _target_or_none(snapshots.progress(store, plan, _own_year(each, found), generation=generation),
                                       each.target)  # fmt: skip
        listed.append(InForce(each, progress))
    return listed


def _own_year(each: Override, found: list[Override]) -> int | None:
    if each.as_of is not None:
        return each.as_of
    later = [o.as_of for o in found if o.target == each.target and o.as_of is not None]
    return min(later) - 1 if later else None


# ------------------------------------------------------------------ said for a person


def _target(view: Assessment, plan: Plan, target_id: str) -> TargetProgress:
    found = _target_or_none(view, target_id)
    if found is None:
        raise RefusedError(
            "override.unknown_target", "override.unknown_target.advice", target=repr(target_id),
            known=partial(_known, plan, [t.id for t in view.targets]),
        )  # fmt: skip
    return found


def _target_or_none(view: Assessment, target_id: str) -> TargetProgress | None:
    return next((t for t in view.targets if t.id == target_id), None)


def _known(plan: Plan, ids: list[str], lang: str) -> str:
    """The targets and tracked indicators by their labels, one after the other (`a; b`, French `a ; b`): a
    label may hold a comma."""
    return separated((plan.target_label(t, lang) for t in ids), lang)


def _status_said(status: str, lang: str) -> str:
    """A status in words; a text that is no status of ours, as typed."""
    return i18n.status_word(status, lang) if status in (*NUMERIC_STATUSES, *TRACKED_STATUSES, "no_data") else status


def _listed(statuses: tuple[str, ...], lang: str) -> str:
    return ", ".join(i18n.status_word(s, lang) for s in statuses)
