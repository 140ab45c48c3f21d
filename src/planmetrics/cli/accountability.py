"""Who owes what and the plan team's statuses on the command line: `completeness` (each network's duties for a
year and where they stand today, or on `$PLANMETRICS_TODAY`), `override` (a reviewer or admin sets a target's
status over the computed one, with a reason, or clears it, for one as-of year or every one) and `overrides`
(those in force), as JSON or said for a person in `--lang`, targets, networks and statuses by their words,
never their ids.

A target is named by its id, a tracked indicator's id (as `progress --json` lists them) or its label in either
language (matched as the importer matches names); a status by its id or its word in either language. Who may
set a status, which statuses a target's kind may take and the reason are checked by `status_overrides`, the
one home the Review page shares. `completeness_text`, `metrics`, `snapshots`, `status_overrides` and the plan's
words load pandas: imported inside the commands, so that every other command starts without it. Imports
`completeness`, `completeness_text`, `config`, `errors`, `i18n`, `metrics`, `plan`, `snapshots`,
`status_overrides`, `store`, `words` and the cli package's `review` and `text`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from planmetrics import config, i18n
from planmetrics.cli.review import acting
from planmetrics.cli.text import emit, status_text, table, target_label
from planmetrics.errors import RefusedError
from planmetrics.plan import Plan, choose_plan, load_plans, normalize_name
from planmetrics.store import Store
from planmetrics.words import say, separated


def _context(args: argparse.Namespace) -> tuple[Store, Plan, str]:
    return Store(config.db_path(args.db)), choose_plan(load_plans(), args.plan), args.lang


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
        "override.unknown_target",
        "override.unknown_target.advice",
        target=repr(text),
        known=lambda lang: separated([target_label(plan, c[0], lang) for c in _choices(plan)], lang),
    )


def _choices(plan: Plan) -> list[tuple[str, str, str, bool]]:
    """(id, English label, French label, tracked) for the numeric targets, then the tracked indicators."""
    return [
        *((t.id, t.label.en, t.label.fr, False) for t in plan.targets),
        *((i.id, i.label.en, i.label.fr, True) for i in plan.tracked_indicators()),
    ]


def resolve_status(text: str) -> str:
    """The status `text` names, by its id or its word in either language; anything else as typed (whether the
    target's kind may be given it is `status_overrides`' to say, listing those it may)."""
    from planmetrics.metrics import NUMERIC_STATUSES, TRACKED_STATUSES  # noqa: PLC0415 - pandas: see above

    wanted = normalize_name(text)
    for status in (*NUMERIC_STATUSES, *TRACKED_STATUSES, "no_data"):
        spellings = {status, status.replace("_", " "), *(i18n.status_word(status, lang) for lang in ("en", "fr"))}
        if text == status or wanted in {normalize_name(s) for s in spellings}:
            return status
    return text


# ------------------------------------------------------------------ override, overrides


def cmd_override(args: argparse.Namespace) -> int:
    from planmetrics import status_overrides  # noqa: PLC0415 - pandas: see the module's docstring

    store, plan, lang = _context(args)
    actor = acting(store, args)
    status_overrides.require_reviewer(actor)  # anyone else refused before anything is read
    target, _ = resolve_target(plan, args.target)
    if args.clear:
        batch = status_overrides.clear_status(store, plan, actor, target, as_of=args.as_of, reason=args.reason)
        payload = {"ok": True, "batch": str(batch), "target": target, "cleared": True, "as_of": args.as_of}
        emit(args, payload, _cleared_text(store, plan, target, year=args.as_of, batch=batch, lang=lang))
        return 0
    try:
        status = resolve_status(args.status)
        batch = status_overrides.set_status(store, plan, actor, target, status=status, reason=args.reason,
                                            as_of=args.as_of)  # fmt: skip
    except RefusedError as exc:
        if exc.message_key != "override.no_reason":
            raise
        raise RefusedError("override.no_reason", "cli.override.no_reason.advice") from exc  # says --reason
    found = status_overrides.entry(store, plan, batch)
    assert found is not None  # just written, in force
    payload = {
        "ok": True,
        "batch": str(batch),
        "target": target,
        "status": found.status,
        "computed_status": found.computed_status,
        "as_of": found.as_of,
    }
    human = say(
        "cli.override.set" if found.as_of is not None else "cli.override.set_always",
        lang,
        target=target_label(plan, target, lang),
        status=i18n.status_word(found.status, lang),
        computed=i18n.status_word(found.computed_status or "no_data", lang),
        as_of=found.as_of,
        batch=batch,
    )
    emit(args, payload, human)
    return 0


def _cleared_text(store: Store, plan: Plan, target: str, *, year: int | None, batch: int, lang: str) -> str:
    """What a clearing left: for one as-of year, the status shown as of that year now (a status set from an
    earlier year may hold it); for every year, the computed status as of the current default."""
    from planmetrics import snapshots  # noqa: PLC0415 - pandas: see the module's docstring

    label = target_label(plan, target, lang)
    now = snapshots.progress(store, plan, year)
    if year is not None:
        said = status_text(now.target(target), lang)
        return say("cli.override.cleared_from", lang, target=label, year=year, batch=batch, now=said)
    computed = i18n.status_word(now.target(target).computed, lang)
    key = "cli.override.cleared" if now.as_of is not None else "cli.override.cleared_no_year"
    return say(key, lang, target=label, batch=batch, computed=computed, as_of=now.as_of)


def cmd_overrides(args: argparse.Namespace) -> int:
    from planmetrics import snapshots, status_overrides  # noqa: PLC0415 - pandas: see the module's docstring

    store, plan, lang = _context(args)
    now = snapshots.progress(store, plan)  # each judged in the view it holds for, the current default's first
    listed = [
        {
            "target": held.override.target,
            "status": held.override.status,
            "computed_status": held.computed,
            "by": held.override.by,
            "at": held.override.at.replace(tzinfo=dt.UTC).isoformat(),
            "as_of": held.override.as_of,
            "reason": held.override.reason,
            "stale": held.stale,
            "batch": str(held.override.batch),
        }
        for held in status_overrides.in_force(store, plan, now)
    ]
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
