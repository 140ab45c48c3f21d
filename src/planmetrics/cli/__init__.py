"""The command line of docs/contract.md: `planmetrics COMMAND [options]`.

Exit codes: 0 done; 2 the input or request was refused (nothing changed); 1 anything else, in one line
(a traceback only with --debug); a full disk or a damaged database file, wherever it is met, is said as the
store's DatabaseError (exit 1, the refusal JSON on stdout with --json), never as an unexpected error. Common
options are accepted before or after the command's name. A reader that closes stdout early (`| head -1`)
changes neither: the command ends quietly with its own exit code.

- `parser`: the commands and their options;
- `commands`: one function a command;
- `review`: the networks' review (approve, return, lock, unlock, submissions), the users, who acts (`--by`);
- `accountability`: who owes what (`completeness`) and the plan team's statuses (`override`, `overrides`);
- `text`: what is printed, as JSON or for a person.

Imports `config`, `errors`, `words`, `store.failures` and the cli package's own modules (which import the rest).
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable, Sequence

from planmetrics import config
from planmetrics.cli.accountability import cmd_completeness, cmd_override, cmd_overrides
from planmetrics.cli.commands import (
    cmd_backup,
    cmd_correct,
    cmd_data,
    cmd_export,
    cmd_history,
    cmd_import,
    cmd_init,
    cmd_progress,
    cmd_report,
    cmd_restore,
    cmd_rollback,
)
from planmetrics.cli.figures import cmd_figure
from planmetrics.cli.issued import cmd_changes, cmd_reports
from planmetrics.cli.parser import COMMON_DEFAULTS, UsageError, build_parser
from planmetrics.cli.review import (
    cmd_approve,
    cmd_lock,
    cmd_return,
    cmd_submissions,
    cmd_unlock,
    cmd_user,
    cmd_users,
)
from planmetrics.cli.text import print_refusal, print_usage_error, refusal_json, stdout_closed, write_out
from planmetrics.errors import PlanmetricsError
from planmetrics.store import failures
from planmetrics.words import say

__all__ = ["HANDLERS", "build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]

HANDLERS: dict[str, Handler] = {
    "backup": cmd_backup,
    "restore": cmd_restore,
    "user": cmd_user,
    "data": cmd_data,
    "export": cmd_export,
    "report": cmd_report,
    "init": cmd_init,
    "progress": cmd_progress,
    "history": cmd_history,
    "figure": cmd_figure,
    "import": cmd_import,
    "rollback": cmd_rollback,
    "correct": cmd_correct,
    "reports": cmd_reports,
    "changes": cmd_changes,
    "approve": cmd_approve,
    "return": cmd_return,
    "lock": cmd_lock,
    "unlock": cmd_unlock,
    "submissions": cmd_submissions,
    "users": cmd_users,
    "completeness": cmd_completeness,
    "override": cmd_override,
    "overrides": cmd_overrides,
}


def main(argv: Sequence[str] | None = None) -> int:
    code = 0
    try:
        code = _run(list(sys.argv[1:] if argv is None else argv))
        # What is still buffered (argparse's --help) meets a closed pipe here rather than at exit.
        sys.stdout.flush()
    except BrokenPipeError:  # argparse's help writes to stdout itself; the commands write through write_out
        stdout_closed()
    return code


def _run(arguments: list[str]) -> int:
    try:
        args = build_parser().parse_args(arguments)
    except UsageError as exc:
        print_usage_error(exc.prog, exc.usage, exc.message, _asked_lang(arguments))
        return 2
    except SystemExit as exc:  # --help (exit 0) returns like any command
        return int(exc.code or 0)
    for name, default in COMMON_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, default)
    args.lang = args.lang or config.default_lang()
    try:
        return HANDLERS[args.command](args)
    except PlanmetricsError as exc:
        return _refused(exc, args)
    except Exception as exc:
        said = failures.said(exc, None)  # a full disk or a damaged file met outside the store's own operations
        if said is not None:
            return _refused(said, args)
        if args.debug:
            raise
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(say("cli.unexpected", args.lang, detail=first_line), file=sys.stderr)
        return 1


def _refused(exc: PlanmetricsError, args: argparse.Namespace) -> int:
    """A refusal said: on stderr in the reader's language, and as JSON on stdout with --json."""
    if args.debug:
        traceback.print_exc()
    if args.json:
        write_out(json.dumps(refusal_json(exc), ensure_ascii=False, indent=2))
    print_refusal(exc, args.lang, args.plan)
    return exc.exit_code


def _asked_lang(arguments: list[str]) -> str:
    """The language asked for on a command line that could not be parsed whole (else the default)."""
    for n, argument in enumerate(arguments):
        value = argument.removeprefix("--lang=") if argument.startswith("--lang=") else None
        if argument == "--lang" and n + 1 < len(arguments):
            value = arguments[n + 1]
        if value in {"fr", "en"}:
            return value
    return config.default_lang()
