"""Who owes what and the plan team's statuses on the command line: `completeness` (each network's duties for a
year and where they stand today, or on `$PLANMETRICS_TODAY`), `override` (a reviewer or admin sets a target's
status over the computed one, with a reason, or clears it) and `overrides` (those in force), as JSON or said
for a person in `--lang`, targets, networks and statuses by their words, never their ids.

A target is named by its id, a tracked indicator's id (as `progress --json` lists them) or its label in either
language (matched as the importer matches names); a status by its id or its word in either language, among
those of the target's kind. `completeness_text`, `snapshots` and the plan's words load pandas: imported inside
the commands. Imports `accounts`, `completeness`, `completeness_text`, `config`, `errors`, `i18n`, `plan`,
`snapshots`, `store`, `words` and the cli package's `review` and `text`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from planmetrics import accounts, config, i18n
from planmetrics.cli.review import acting
from planmetrics.cli.text import emit, table, target_label
from planmetrics.errors import RefusedError
from planmetrics.metrics import settable_statuses
from planmetrics.plan import Plan, choose_plan, load_plans, normalize_name
from planmetrics.store import Store, overrides
from planmetrics.words import say

# The statuses the plan team may set, by the target's kind (METHOD.md): never `no_data`.


def _context(args: argparse.Namespace) -> tuple[Store, Plan, str]:
    return Store(config.db_path(args.db)), choose_plan(load_plans(), args.plan), args.lang


def _listing(names: list[str], lang: str) -> str:
    """Names that may hold commas, one after the other: `a; b` (French `a ; b`)."""
    return (" ; " if lang == "fr" else "; ").join(names)


# ------------------------------------------------------------------ completeness


def default_year(store: Store, plan: Plan) -> int:
    """The year `completeness` judges without `--year`: the latest with any figure, as `progress` takes it;
    with no figure at all, last year."""
    from planmetrics import completeness, snapshots  # noqa: PLC0415 - pandas: see the module's docstring

    as_of = snapshots.progress(store, plan).as_of
    return as_of if as_of is not None else completeness.today_here().year - 1


def cmd_completeness(args: argparse.Namespace) -> int:
    from planmetrics import completeness, completeness_text  # noqa: PLC0415 - pandas: see the module's docstring

    store, plan, lang = _context(args)
    year = args.year if args.year is not None else default_year(store, plan)
    today = completeness.today_here()
    found = completeness.duties(store, plan, year, today)
    if not found:
        human = say("cli.completeness.nothing_owed", lang, year=year)
    else:
        reported = completeness.reported(plan, year, found)
        grid = completeness_text.grid(plan, found, lang)
        rows = [list(grid.columns), *(list(row) for row in grid.itertuples(index=False, name=None))]
        lines = [
            say("cli.completeness.title", lang, year=year, day=i18n.long_date(today, lang)),
            "",
            completeness_text.reported_line(plan, reported, lang),
            completeness_text.late_line(plan, reported, lang),
            "",
            table(rows),
        ]
        human = "\n".join(line for n, line in enumerate(lines) if line or n in (1, 4))
    emit(args, [d.to_json() for d in found], human)
    return 0


# ------------------------------------------------------------------ a target and a status, as a person names them


def resolve_target(plan: Plan, text: str) -> tuple[str, bool]:
    """The id of the target or tracked indicator `text` names (its id, or its label in either language), and
    whether it is a tracked indicator; anything else refused, naming the choices by their labels."""
    wanted = normalize_name(text)
    for target_id, en, fr, tracked in _choices(plan):
        if text == target_id or wanted in {normalize_name(target_id), normalize_name(en), normalize_name(fr)}:
            return target_id, tracked
    raise RefusedError(
        "cli.override.unknown_target",
        "cli.override.unknown_target.advice",
        target=repr(text),
        known=lambda lang: _listing([target_label(plan, c[0], lang) for c in _choices(plan)], lang),
    )


def _choices(plan: Plan) -> list[tuple[str, str, str, bool]]:
    """(id, English label, French label, tracked) for the numeric targets, then the tracked indicators."""
    return [
        *((t.id, t.label.en, t.label.fr, False) for t in plan.targets),
        *((i.id, i.label.en, i.label.fr, True) for i in plan.tracked_indicators()),
    ]


def resolve_status(plan: Plan, target: str, tracked: bool, text: str) -> str:
    """The status `text` names (its id or its word in either language) among those the target's kind may be
    given; anything else (`no_data` among them) refused, listing the allowed ones in words."""
    allowed = settable_statuses("track" if tracked else "numeric")
    wanted = normalize_name(text)
    for status in allowed:
        spellings = {status, status.replace("_", " "), *(i18n.status_word(status, lang) for lang in ("en", "fr"))}
        if text == status or wanted in {normalize_name(s) for s in spellings}:
            return status
    raise RefusedError(
        "cli.override.bad_status",
        "cli.override.bad_status.advice",
        status=repr(text),
        target=lambda lang: target_label(plan, target, lang),
        allowed=lambda lang: ", ".join(i18n.status_word(s, lang) for s in allowed),
    )


# ------------------------------------------------------------------ override, overrides


def cmd_override(args: argparse.Namespace) -> int:
    from planmetrics import snapshots  # noqa: PLC0415 - pandas: see the module's docstring

    store, plan, lang = _context(args)
    actor = acting(store, args)
    _as_reviewer(actor)  # anyone else refused before anything is read
    target, tracked = resolve_target(plan, args.target)
    label = target_label(plan, target, lang)
    if args.clear:
        if args.as_of is not None:
            raise RefusedError("cli.override.as_of_with_clear", "cli.override.as_of_with_clear.advice")
        batch = _cleared(store, plan, target, by=actor.name, reason=args.reason)
        now = snapshots.progress(store, plan)
        computed = i18n.status_word(now.target(target).computed, lang)
        key = "cli.override.cleared" if now.as_of is not None else "cli.override.cleared_no_year"
        human = say(key, lang, target=label, batch=batch, computed=computed, as_of=now.as_of)
        emit(args, {"ok": True, "batch": str(batch), "target": target, "cleared": True}, human)
        return 0
    status = resolve_status(plan, target, tracked, args.status)
    if not (args.reason or "").strip():  # the store refuses it too; said here for a status
        raise RefusedError("cli.override.no_reason", "cli.override.no_reason.advice")
    as_of = args.as_of if args.as_of is not None else snapshots.progress(store, plan).as_of
    judged = snapshots.progress(store, plan, as_of).target(target)  # what the method's rules give then
    batch = overrides.set_override(
        store,
        plan.id,
        target,
        status=status,
        reason=args.reason or "",
        by=actor.name,
        as_of=as_of,
        computed_status=judged.computed,
        latest_year=judged.latest_year,
        latest=judged.latest,
    )
    payload = {
        "ok": True,
        "batch": str(batch),
        "target": target,
        "status": status,
        "computed_status": judged.computed,
        "as_of": as_of,
    }
    human = say(
        "cli.override.set" if as_of is not None else "cli.override.set_always",
        lang,
        target=label,
        status=i18n.status_word(status, lang),
        computed=i18n.status_word(judged.computed, lang),
        as_of=as_of,
        batch=batch,
    )
    emit(args, payload, human)
    return 0


def _as_reviewer(actor: accounts.Actor) -> None:
    """Setting and clearing a status are a reviewer's or an admin's (`accounts.require_reviewer`), said so."""
    try:
        accounts.require_reviewer(actor)
    except RefusedError as exc:
        raise RefusedError("cli.override.not_reviewer", "accounts.not_reviewer.advice", name=actor.name or "—") from exc


def _cleared(store: Store, plan: Plan, target: str, *, by: str | None, reason: str | None) -> int:
    """The clearing's batch; a target with no status set refused by its label (the store names its id)."""
    try:
        return overrides.clear_override(store, plan.id, target, by=by, reason=reason)
    except RefusedError as exc:
        if exc.message_key != "override.none":
            raise
        raise RefusedError(
            "override.none", "override.none.advice", target=lambda lang: target_label(plan, target, lang)
        ) from exc


def cmd_overrides(args: argparse.Namespace) -> int:
    from planmetrics import snapshots  # noqa: PLC0415 - pandas: see the module's docstring

    store, plan, lang = _context(args)
    found = overrides.overrides(store, plan.id)
    now = snapshots.progress(store, plan)  # stale or not as of the current default
    judged = {t.id: t for t in now.targets}
    listed = []
    for o in found:
        progress = judged.get(o.target)
        stale = None
        if progress is not None:
            stale = progress.override.stale if progress.override is not None else snapshots.is_stale(o, progress)
        listed.append(
            {
                "target": o.target,
                "status": o.status,
                "computed_status": None if progress is None else progress.computed,
                "by": o.by,
                "at": o.at.replace(tzinfo=dt.UTC).isoformat(),
                "as_of": o.as_of,
                "reason": o.reason,
                "stale": stale,
                "batch": str(o.batch),
            }
        )
    emit(args, listed, overrides_text(plan, listed, now.as_of, lang))
    return 0


def overrides_text(plan: Plan, listed: list[dict[str, Any]], as_of: int | None, lang: str) -> str:
    if not listed:
        return say("cli.overrides.none", lang)
    columns = ("target", "status", "computed", "by", "at", "as_of", "stale", "reason")
    rows = [[say(f"cli.overrides.col.{c}", lang) for c in columns]]
    for o in listed:
        computed = o["computed_status"]
        rows.append(
            [
                target_label(plan, o["target"], lang),
                i18n.status_word(o["status"], lang),
                say("cli.overrides.not_judged", lang) if computed is None else i18n.status_word(computed, lang),
                o["by"] or "—",
                i18n.moment(o["at"]),
                say("cli.overrides.every_year", lang) if o["as_of"] is None else str(o["as_of"]),
                say("cli.history.yes", lang) if o["stale"] else "",
                o["reason"],
            ]
        )
    title = (
        say("cli.overrides.title", lang, as_of=as_of) if as_of is not None else say("cli.overrides.title_no_year", lang)
    )
    return f"{title}\n\n{table(rows)}"
