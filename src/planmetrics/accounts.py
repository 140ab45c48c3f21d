"""Who acts, and what each role may do: the rules of the networks' review, in one place for the command
line and the dashboard.

Roles: an `admin` does everything and manages users; a `reviewer` imports directly, approves and returns
submissions, locks and unlocks years; an `editor` of the plan team (no network) imports directly; an `editor`
with a network (a *network editor*) submits figures of that network only, which count once a reviewer other
than her approves them. Under the plan file's `review_all = true`, every import is a submission.

An `Actor` is whoever a change is recorded under. On the command line, `--by NAME` naming a user acts as
that user; an unknown name is a plain label with the plan team's editor's rights (the operator, with a shell,
stands behind it); no `--by` is the operator acting as admin under the system user's name. In the dashboard,
the signed-in user, read again from the store at every action; an app with no user is open, and its visitor
acts as admin under the name typed (the page says so). Imports `auth`, `errors`, `plan`, `store`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from planmetrics import auth
from planmetrics.errors import RefusedError
from planmetrics.plan import Plan
from planmetrics.store import BatchState, Store, users

Role = Literal["admin", "reviewer", "editor"]
ROLES: tuple[str, ...] = get_args(Role)


@dataclass(frozen=True)
class Actor:
    """Who a change is recorded under (`name`, None when an open app's visitor gave none), with the rights of
    `role` and, for a network editor, her `network`. `known`: a user of the store."""

    name: str | None
    role: str
    network: str | None = None
    known: bool = False

    @property
    def is_network_editor(self) -> bool:
        return self.role == "editor" and self.network is not None

    @property
    def reviews(self) -> bool:
        """May approve and return submissions and lock years."""
        return self.role in ("admin", "reviewer")


def as_user(found: users.User) -> Actor:
    return Actor(found.name, found.role, found.network, known=True)


def on_command_line(store: Store, by: str | None, system_user: str) -> Actor:
    """The command line's actor: the user `--by` names, a plain label for an unknown name, or (no `--by`) the
    operator as admin under the system user's name."""
    if by is None:
        return Actor(system_user, "admin")
    found = users.user(store, by)
    return as_user(found) if found is not None else Actor(by, "editor")


def signed_in(store: Store, name: str | None) -> Actor | None:
    """A signed-in name as the store knows it now (a user removed or whose role changed since counts at once);
    None for a name that is no user."""
    found = None if name is None else users.user(store, name)
    return None if found is None else as_user(found)


# ------------------------------------------------------------------------- what each may do


def import_state(actor: Actor, plan: Plan) -> tuple[BatchState, str | None]:
    """How an import by `actor` lands: a network editor's is a submission of her network; under `review_all`
    everyone's is a submission; else it counts at once (`direct`)."""
    if actor.is_network_editor:
        return "submitted", actor.network
    return ("submitted" if plan.review_all else "direct"), None


def require_reviewer(actor: Actor) -> None:
    """Approving, returning, locking and unlocking are a reviewer's or an admin's."""
    if not actor.reviews:
        raise RefusedError("accounts.not_reviewer", "accounts.not_reviewer.advice", name=actor.name or "—")


def require_admin(actor: Actor) -> None:
    if actor.role != "admin":
        raise RefusedError("accounts.not_admin", "accounts.not_admin.advice", name=actor.name or "—")


def require_plan_team(actor: Actor) -> None:
    """Corrections are the plan team's: a network editor submits files of her network instead."""
    if actor.is_network_editor:
        raise RefusedError("accounts.network_editor", "accounts.network_editor.advice", name=actor.name or "—")


def require_rollback(actor: Actor, batch_network: str | None) -> None:
    """Rolling back a network's batch is a reviewer's or an admin's; any batch, for a network editor, never;
    a batch of the plan team's, for the plan team's editors too."""
    if actor.reviews:
        return
    if actor.is_network_editor or batch_network is not None:
        raise RefusedError("accounts.not_reviewer", "accounts.rollback.advice", name=actor.name or "—")


# ------------------------------------------------------------------------- managing users


def add_user(
    store: Store, plan: Plan, name: str, password: str, *, role: str, network: str | None, by: str | None
) -> bool:
    """Add or replace a user: its name and password checked as for any sign-in, its role one of ROLES, its
    network (an editor's only) one of the plan's. True when a user of that name was replaced."""
    if role not in ROLES:
        raise RefusedError("accounts.bad_role", "accounts.bad_role.advice", role=role, roles=", ".join(ROLES))
    if network is not None:
        if role != "editor":
            raise RefusedError("accounts.network_for_editors", "accounts.network_for_editors.advice", role=role)
        if plan.network(network) is None:
            known = ", ".join(n.id for n in plan.networks) or "—"
            raise RefusedError("accounts.unknown_network", "accounts.unknown_network.advice", network=network,
                               known=known)  # fmt: skip
    digest = auth.hash_password(name, password)
    return users.put_user(store, name, role=role, network=network, digest=digest, by=by)


def carry_over_editors(store: Store) -> list[str]:
    """The editors of the secrets file of earlier planmetrics, added as plan-team editors with their
    password hashes, once: while the store has no user yet (a user removed since is not brought back by a
    later `init`); their names."""
    if users.has_users(store):
        return []
    added = []
    for name, digest in auth.editors().items():
        if users.user(store, name) is None:
            users.put_user(store, name, role="editor", network=None, digest=digest, by="planmetrics init")
            added.append(name)
    return added


def known_digests(store: Store) -> dict[str, str]:
    """Name -> argon2 hash of every user, for a sign-in."""
    return {u.name: u.digest for u in users.users(store)}
