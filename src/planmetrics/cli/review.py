"""The networks' review on the command line: `approve`, `return`, `lock`, `unlock` (a reviewer's or an
admin's), `submissions`, and the users (`user add`, `user remove`, `users`), as JSON or said for a person in
`--lang` with labels, not ids.

Who acts is `acting`: the user `--by` names (an unknown name a plain label with a plan-team editor's rights),
or without `--by` the operator as admin under the system user's name (`accounts.on_command_line`); the other
commands that record who did something ask it here too. Imports `accounts`, `config`, `errors`, `i18n`,
`plan`, `store`, `words` and the cli package's `text`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from typing import Any

from planmetrics import accounts, config, i18n
from planmetrics.accounts import Actor
from planmetrics.cli.text import count, emit, review_said, table
from planmetrics.errors import RefusedError
from planmetrics.plan import Plan, choose_plan, load_plans
from planmetrics.store import Store, review, users
from planmetrics.words import say


def acting(store: Store, args: argparse.Namespace) -> Actor:
    """Who the command acts as: `--by NAME` as the store knows it, else the operator (admin, system user)."""
    return accounts.on_command_line(store, getattr(args, "by", None), getpass.getuser())


def batch_id(text: str) -> int:
    if not str(text).isdigit():
        raise RefusedError("cli.not_batch_id", "store.see_history", batch=repr(text))
    return int(text)


def _as_reviewer(args: argparse.Namespace) -> tuple[Store, Actor]:
    """The database and a reviewer or admin acting on it; anyone else refused before anything is read."""
    store = Store(config.db_path(args.db))
    actor = acting(store, args)
    accounts.require_reviewer(actor)
    return store, actor


def _done(batch: int | None, *, reviews: int | None = None, year: int | None = None, state: str) -> dict[str, Any]:
    """The JSON every review command prints: the event's batch, what it is about, the state it left."""
    return {
        "ok": True,
        "batch": str(batch),
        "reviews": None if reviews is None else str(reviews),
        "year": year,
        "state": state,
    }


def cmd_approve(args: argparse.Namespace) -> int:
    store, actor = _as_reviewer(args)
    submitted = batch_id(args.batch)
    result = review.approve(store, submitted, by=actor.name)
    payload = _done(result.batch, reviews=submitted, state="approved")
    payload |= {"inserted": result.inserted, "restated": result.restated, "unchanged": result.unchanged}
    lang = args.lang
    human = say(
        "cli.review.approved",
        lang,
        batch=submitted,
        recorded=result.batch,
        inserted=count(result.inserted, lang),
        restated=count(result.restated, lang),
        unchanged=count(result.unchanged, lang),
    )
    emit(args, payload, human)
    return 0


def cmd_return(args: argparse.Namespace) -> int:
    store, actor = _as_reviewer(args)
    submitted = batch_id(args.batch)
    event = review.return_submission(store, submitted, by=actor.name, reason=args.reason)
    reason = args.reason.strip()
    payload = _done(event, reviews=submitted, state="returned") | {"reason": reason}
    emit(args, payload, say("cli.review.returned", args.lang, batch=submitted, recorded=event, reason=reason))
    return 0


def cmd_lock(args: argparse.Namespace) -> int:
    store, actor = _as_reviewer(args)
    event = review.lock_year(store, args.year, by=actor.name, reason=args.reason)
    reason = (args.reason or "").strip() or None
    payload = _done(event, year=args.year, state="locked") | {"reason": reason}
    emit(args, payload, say("cli.review.locked", args.lang, year=args.year, recorded=event))
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    store, actor = _as_reviewer(args)
    event = review.unlock_year(store, args.year, by=actor.name, reason=args.reason)
    reason = args.reason.strip()
    payload = _done(event, year=args.year, state="unlocked") | {"reason": reason}
    emit(args, payload, say("cli.review.unlocked", args.lang, year=args.year, recorded=event, reason=reason))
    return 0


# ------------------------------------------------------------------ the list of submissions


def _network_asked(plan: Plan, text: str | None) -> str | None:
    """`--network` as an id of the plan's networks (its id, label or alias); anything else refused."""
    if text is None:
        return None
    found = plan.match("network", text)
    if found is None:
        known = ", ".join(n.id for n in plan.networks) or "—"
        raise RefusedError("accounts.unknown_network", "accounts.unknown_network.advice", network=text, known=known)
    return found


def _stamp(moment: dt.datetime | None) -> str | None:
    """A stored UTC time as JSON keeps it (ISO 8601 with its offset), like `history --json`."""
    return None if moment is None else moment.replace(tzinfo=dt.UTC).isoformat()


def submission_json(found: review.Submission) -> dict[str, Any]:
    return {
        "batch": str(found.batch),
        "state": found.state,
        "network": found.network,
        "by": found.created_by,
        "created_at": _stamp(found.created_at),
        "file_name": found.file_name,
        "years": list(found.years),
        "rows": found.rows,
        "rolled_back": found.rolled_back,
        "reviewed_by": found.reviewed_by,
        "reviewed_at": _stamp(found.reviewed_at),
        "review_reason": found.review_reason,
    }


def network_label(plan: Plan, network: str | None, lang: str) -> str:
    """A submission's or a user's network by its label; none is the plan team."""
    return say("cli.review.plan_team", lang) if network is None else plan.label_of("network", network, lang)


def submissions_text(plan: Plan, found: list[dict[str, Any]], lang: str) -> str:
    if not found:
        return say("cli.review.no_submissions", lang)
    columns = ("batch", "state", "network", "by", "created_at", "years", "rows", "review")
    rows = [[say(f"cli.review.col.{c}", lang) for c in columns]]
    for s in found:
        rows.append(
            [
                s["batch"],
                say(f"cli.review.state.{s['state']}", lang),
                network_label(plan, s["network"], lang),
                s["by"] or "—",
                i18n.moment(s["created_at"]),
                ", ".join(str(y) for y in s["years"]) or "—",
                count(s["rows"], lang),
                review_said(s, lang),
            ]
        )
    return table(rows)


def cmd_submissions(args: argparse.Namespace) -> int:
    plan = choose_plan(load_plans(), args.plan)
    store = Store(config.db_path(args.db))
    network = _network_asked(plan, args.network)
    found = [submission_json(s) for s in review.submissions(store, state=args.state, network=network)]
    emit(args, found, submissions_text(plan, found, args.lang))
    return 0


# ------------------------------------------------------------------ users


def _password(store: Store, name: str, lang: str) -> str:
    """The new user's password: $PLANMETRICS_PASSWORD, else asked on a terminal (never without one), once the
    database is known to be there."""
    password = os.environ.get("PLANMETRICS_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise RefusedError("cli.no_password", "cli.no_password.advice")
    users.has_users(store)  # a missing database is said before the password is asked for
    return getpass.getpass(say("cli.password_prompt", lang, name=name))


def user_json(found: users.User) -> dict[str, Any]:
    """A user as `users --json` lists it: never the password's hash."""
    return {
        "name": found.name,
        "role": found.role,
        "network": found.network,
        "added_at": _stamp(found.added_at),
        "added_by": found.added_by,
    }


def cmd_user(args: argparse.Namespace) -> int:
    plan = choose_plan(load_plans(), args.plan)
    store = Store(config.db_path(args.db))
    lang = args.lang
    if args.user_command == "remove":
        if not users.remove_user(store, args.name):
            raise RefusedError("cli.review.no_user", "cli.review.no_user.advice", name=args.name)
        emit(args, {"ok": True, "removed": args.name}, say("cli.review.user_removed", lang, name=args.name))
        return 0
    password = _password(store, args.name, lang)
    network = None if args.network is None else (plan.match("network", args.network) or args.network)
    replaced = accounts.add_user(
        store, plan, args.name, password, role=args.role, network=network, by=getpass.getuser()
    )
    key = "cli.review.user_replaced" if replaced else "cli.review.user_added"
    role = say(f"cli.review.role.{args.role}", lang)
    human = say(key, lang, name=args.name, role=role, network=network_label(plan, network, lang))
    payload = {"ok": True, "user": args.name, "role": args.role, "network": network, "replaced": replaced}
    emit(args, payload, human)
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    plan = choose_plan(load_plans(), args.plan)
    found = users.users(Store(config.db_path(args.db)))
    lang = args.lang
    if not found:
        human = say("cli.review.no_users", lang)
    else:
        rows = [[say(f"cli.review.col.{c}", lang) for c in ("name", "role", "network", "added_at")]]
        for u in found:
            role = say(f"cli.review.role.{u.role}", lang) if u.role in accounts.ROLES else u.role
            added = i18n.moment(_stamp(u.added_at) or "") or "—"
            rows.append([u.name, role, network_label(plan, u.network, lang), added])
        human = table(rows)
    emit(args, [user_json(u) for u in found], human)
    return 0
