"""The command line's grammar: every command, its arguments, and the options common to all.

Imports nothing from planmetrics (argparse only), so that building the parser costs nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

BY_HELP = "who does it: a user's name acts as that user, another name is a label (default: the system user)"
REVIEWER_HELP = "the reviewer or admin who does it (default: the system user, as admin)"

COMMON_DEFAULTS: dict[str, Any] = {
    "db": None,
    "plan": None,
    "lang": None,
    "json": False,
    "debug": False,
}


def _add_common(parser: argparse.ArgumentParser) -> None:
    """Common options; SUPPRESS lets a value given before the command survive the sub-parser."""
    group = parser.add_argument_group("common options")
    group.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="database file (default: $PLANMETRICS_DB, else data/planmetrics.duckdb)",
    )
    group.add_argument("--plan", default=argparse.SUPPRESS, help="plan id (default: the newest plan)")
    group.add_argument(
        "--lang",
        choices=["fr", "en"],
        default=argparse.SUPPRESS,
        help="language of messages (default: from $LANG)",
    )
    group.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="machine-readable output on stdout",
    )
    group.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="full tracebacks")


class UsageError(Exception):
    """The command line was not understood: argparse's message, said to the person by the caller (exit 2)."""

    def __init__(self, prog: str, usage: str, message: str) -> None:
        super().__init__(message)
        self.prog = prog
        self.usage = usage
        self.message = message


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise UsageError(self.prog, self.format_usage(), message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="planmetrics", description="Progress of the CQCM strategic plan, from yearly figures.")
    _add_common(parser)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_figure_commands(commands)
    _add_file_commands(commands)
    _add_review_commands(commands)
    _add_accountability_commands(commands)
    for sub in commands.choices.values():
        _add_common(sub)
    return parser


def _add_figure_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    """The commands that read or change the figures: init, progress, history, import, rollback, correct."""
    init = commands.add_parser("init", help="create or upgrade the database, load the shipped figures once")
    init.add_argument("--empty", action="store_true", help="never load figures")

    progress = commands.add_parser("progress", help="the status of every target")
    progress.add_argument("--as-of", type=int, dest="as_of", metavar="YEAR")

    commands.add_parser("history", help="the batches, newest first")

    figure = commands.add_parser("figure", help="every version of one figure, newest first")
    figure.add_argument("indicator")
    figure.add_argument("year", type=int)
    figure.add_argument("--region")
    figure.add_argument("--sector")
    figure.add_argument("--network")

    imp = commands.add_parser("import", help="validate a file of yearly figures and commit it as one batch")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="report what would change; change nothing")
    imp.add_argument("--source", help="source text for figures whose file has no source column")
    imp.add_argument("--by", help=BY_HELP)
    imp.add_argument("--sheet", help="the Excel sheet to read (default: the first with data)")
    imp.add_argument("--indicator", help="the indicator of a file that names none (e.g. a StatCan table)")
    imp.add_argument(
        "--where",
        action="append",
        metavar="DIMENSION=MEMBER",
        help="a StatCan table's series: the member kept of one dimension (repeatable)",
    )
    imp.add_argument("--as-sector", dest="as_sector", metavar="DIMENSION", help="a StatCan dimension taken as sectors")
    imp.add_argument("--annual", choices=("mean", "sum", "last"), help="how months or quarters make a year")
    imp.add_argument("--table", help="the StatCan table's product id (e.g. 14-10-0201), when the file name lacks it")
    imp.add_argument("--encoding", help="the text encoding to read the file in (e.g. cp1252, big5)")

    rollback = commands.add_parser("rollback", help="undo one batch")
    rollback.add_argument("batch")
    rollback.add_argument("--by", help=BY_HELP)

    correct = commands.add_parser("correct", help="correct one figure, with a reason")
    correct.add_argument("indicator")
    correct.add_argument("year")
    correct.add_argument("value")
    correct.add_argument("--reason", required=True)
    correct.add_argument("--region")
    correct.add_argument("--sector")
    correct.add_argument("--network")
    correct.add_argument("--by", help=BY_HELP)


def _add_file_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    """The commands that write or read files: backup, restore, export, report, data."""
    backup = commands.add_parser("backup", help="a consistent copy of the database, while the dashboard runs")
    backup.add_argument("-o", "--output", required=True, type=Path)
    restore = commands.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("file", type=Path)
    restore.add_argument("--by", help=BY_HELP)

    chart = commands.add_parser("export", help="one chart, as on its page, as png, svg, pdf or html")
    chart.add_argument("chart", help="overview, jobs, jobs_montreal, revenue, benefits, or an indicator id")
    chart.add_argument("--format", choices=["png", "svg", "pdf", "html"], default=None)
    chart.add_argument("-o", "--output", required=True, type=Path)
    chart.add_argument("--as-of", type=int, dest="as_of", metavar="YEAR")

    report = commands.add_parser("report", help="the progress report, as PDF or PPTX")
    report.add_argument("-o", "--output", required=True, type=Path)
    report.add_argument("--as-of", type=int, dest="as_of", metavar="YEAR")
    report.add_argument("--orientation", type=int, action="append", dest="orientations", metavar="N")
    report.add_argument("--target", action="append", dest="targets", metavar="ID")
    report.add_argument("--issue", action="store_true", help="record the report as issued to the board")
    report.add_argument("--by", help="who issues it (default: the system user)")

    commands.add_parser("reports", help="the issued reports, newest first")
    changes = commands.add_parser("changes", help="what changed since an issued report (default: the last)")
    changes.add_argument("--since", metavar="REPORT", help="an issued report's number (planmetrics reports)")
    changes.add_argument("--as-of", type=int, dest="as_of", metavar="YEAR")

    data = commands.add_parser("data", help="the current figures as CSV or XLSX (imports back unchanged)")
    data.add_argument("-o", "--output", required=True, type=Path)
    data.add_argument("--csv-style", choices=["en", "fr"], default="en", help="en: comma; fr: semicolon, decimal comma")


def _add_review_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    """The networks' review (approve, return, lock, unlock, submissions) and the users who may change data."""
    approve = commands.add_parser("approve", help="approve a submission: its figures count from now on")
    approve.add_argument("batch")
    approve.add_argument("--by", help=REVIEWER_HELP)
    send_back = commands.add_parser("return", help="return a submission with a reason: its figures never count")
    send_back.add_argument("batch")
    send_back.add_argument("--reason", required=True)
    send_back.add_argument("--by", help=REVIEWER_HELP)
    lock = commands.add_parser("lock", help="close a year: any change touching its figures is refused")
    lock.add_argument("year", type=int)
    lock.add_argument("--reason")
    lock.add_argument("--by", help=REVIEWER_HELP)
    unlock = commands.add_parser("unlock", help="open a locked year again, with a reason")
    unlock.add_argument("year", type=int)
    unlock.add_argument("--reason", required=True)
    unlock.add_argument("--by", help=REVIEWER_HELP)
    submissions = commands.add_parser("submissions", help="the batches sent for review, newest first")
    submissions.add_argument("--state", choices=("submitted", "approved", "returned"))
    submissions.add_argument("--network", help="one network's (its id, label or alias)")

    user = commands.add_parser("user", help="add or remove a user who may change data")
    user_commands = user.add_subparsers(dest="user_command", required=True, parser_class=_Parser)
    user_add = user_commands.add_parser("add", help="add or replace a user (password from $PLANMETRICS_PASSWORD)")
    user_add.add_argument("name")
    user_add.add_argument("--role", default="editor", metavar="admin|reviewer|editor", help="default: editor")
    user_add.add_argument("--network", help="the network an editor submits for (none: the plan team)")
    user_remove = user_commands.add_parser("remove", help="remove a user")
    user_remove.add_argument("name")
    for sub in (user_add, user_remove):
        _add_common(sub)
    commands.add_parser("users", help="the users, their roles and networks")


def _add_accountability_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    """Who owes what (completeness) and the statuses the plan team sets over the computed ones (override)."""
    owed = commands.add_parser("completeness", help="each network's figures owed for a year and where they stand")
    owed.add_argument("--year", type=int, metavar="YEAR", help="default: the latest year with a figure")

    override = commands.add_parser("override", help="set a target's status over the computed one, with a reason")
    override.add_argument("target", help="a target's id or label (or a tracked indicator's)")
    action = override.add_mutually_exclusive_group(required=True)
    action.add_argument("--status", help="the status to show (its id or its word)")
    action.add_argument("--clear", action="store_true", help="show the computed status again")
    override.add_argument("--reason", help="why (required with --status)")
    override.add_argument(
        "--as-of", type=int, dest="as_of", metavar="YEAR",
        help="from this as-of year on (default: the current one); with --clear, the status set from it alone",
    )  # fmt: skip
    override.add_argument("--by", help=REVIEWER_HELP)

    commands.add_parser("overrides", help="the statuses set by the plan team, in force")
