"""The command line of docs/contract.md: `planmetrics COMMAND [options]`.

Exit codes: 0 done; 2 the input or request was refused (nothing changed); 1 anything else, in one line
(a traceback only with --debug). Common options are accepted before or after the command's name.

- `parser`: the commands and their options;
- `commands`: one function a command;
- `text`: what is printed, as JSON or for a person.

Imports `config`, `errors` and the cli package's own modules (which import the rest).
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable, Sequence

from planmetrics import config
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
    cmd_user,
)
from planmetrics.cli.parser import COMMON_DEFAULTS, build_parser
from planmetrics.cli.text import print_problems, refusal_json
from planmetrics.errors import PlanmetricsError

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
    "import": cmd_import,
    "rollback": cmd_rollback,
    "correct": cmd_correct,
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # usage errors (exit 2) and --help (exit 0) return like any command
        return int(exc.code or 0)
    for name, default in COMMON_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, default)
    args.lang = args.lang or config.default_lang()
    try:
        return HANDLERS[args.command](args)
    except PlanmetricsError as exc:
        if args.debug:
            traceback.print_exc()
        if args.json:
            print(json.dumps(refusal_json(exc), ensure_ascii=False, indent=2))
        print(f"planmetrics: {exc}", file=sys.stderr)
        print_problems(exc)
        return exc.exit_code
    except Exception as exc:
        if args.debug:
            raise
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(
            f"planmetrics: unexpected error: {first_line} (run again with --debug for details)",
            file=sys.stderr,
        )
        return 1
