"""The command line of docs/contract.md: `planmetrics COMMAND [options]`.

Exit codes: 0 done; 2 the input or request was refused (nothing changed); 1 anything else, in one line
(a traceback only with --debug). Common options are accepted before or after the command's name.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from planmetrics import config, i18n, queries
from planmetrics.errors import PlanmetricsError
from planmetrics.plan import Plan, choose_plan, load_plans
from planmetrics.store import Store

Handler = Callable[[argparse.Namespace], int]
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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="planmetrics", description="Progress of the CQCM strategic plan, from yearly figures.")
    _add_common(parser)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    init = commands.add_parser("init", help="create or upgrade the database, load the shipped figures once")
    init.add_argument("--empty", action="store_true", help="never load figures")

    progress = commands.add_parser("progress", help="the status of every target")
    progress.add_argument("--as-of", type=int, dest="as_of", metavar="YEAR")

    commands.add_parser("history", help="the batches, newest first")

    for sub in commands.choices.values():
        _add_common(sub)
    return parser


# ------------------------------------------------------------------ output


def _emit(args: argparse.Namespace, payload: object, human: str) -> None:
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(human)


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _context(args: argparse.Namespace) -> tuple[Store, Plan, str]:
    plan = choose_plan(load_plans(), args.plan)
    return Store(config.db_path(args.db)), plan, args.lang


# ------------------------------------------------------------------ commands


def cmd_init(args: argparse.Namespace) -> int:
    from planmetrics.loading import load_shipped_figures  # noqa: PLC0415 - only init needs the reader

    store = Store(config.db_path(args.db))
    version = store.migrate()
    plans = load_plans()
    recorded = [p.id for p in plans if store.record_plan(p, Path(p.path).read_text(encoding="utf-8"))]
    result = None
    if not args.empty and not store.has_batch_of_kind("init"):
        result = load_shipped_figures(store, choose_plan(plans, args.plan), args.lang)
    payload = {
        "ok": True,
        "db": str(store.path),
        "schema_version": version,
        "plans_recorded": recorded,
        "batch": None if result is None else str(result.batch),
        "inserted": 0 if result is None else result.inserted,
    }
    human = f"Database {store.path} ready (schema {version})."
    if recorded:
        human += f" Plan files recorded: {', '.join(recorded)}."
    if result is not None:
        human += f" Shipped public figures loaded as batch {result.batch} ({result.inserted} figures)."
    _emit(args, payload, human)
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    store, plan, lang = _context(args)
    assessment = queries.progress(store, plan, args.as_of)
    messages = [i18n.check_message(c.kind, c.params, plan, lang) for c in assessment.checks]
    _emit(
        args,
        queries.progress_json(assessment, messages),
        _progress_text(plan, assessment, messages, lang),
    )
    return 0


def _progress_text(plan: Plan, assessment: Any, messages: list[str], lang: str) -> str:
    head = ["target", "status", "latest", "year", "progress", "expected", "required pace"]
    rows = [head]
    for t in assessment.targets:
        unit = plan.indicator(t.indicator).unit
        pace = (
            i18n.format_value(t.required_pace, unit, lang)
            if t.kind == "increase_by"
            else i18n.format_percent(t.required_pace, lang)
        )
        rows.append(
            [
                t.id,
                i18n.status_word(t.status, lang),
                i18n.format_value(t.latest, unit, lang),
                str(t.latest_year or "—"),
                i18n.format_percent(t.progress, lang, 0),
                i18n.format_value(t.expected, unit, lang),
                pace if t.required_pace is not None else "—",
            ]
        )
    title = f"{plan.short_title.get(lang)} — as of {assessment.as_of}"
    notes = "\n".join(f"* {m}" for m in messages)
    return f"{title}\n\n{_table(rows)}\n\n{notes}"


def cmd_history(args: argparse.Namespace) -> int:
    store = Store(config.db_path(args.db))
    batches = store.history()
    rows = [["batch", "kind", "created_at", "by", "file", "+new", "restated", "same", "rolled back"]]
    for b in batches:
        rows.append(
            [
                b["batch"],
                b["kind"],
                b["created_at"],
                b["by"] or "—",
                b["file_name"] or "—",
                str(b["inserted"]),
                str(b["restated"]),
                str(b["unchanged"]),
                "yes" if b["rolled_back"] else "",
            ]
        )
    _emit(args, batches, _table(rows) if batches else "No batches yet.")
    return 0


HANDLERS: dict[str, Handler] = {"init": cmd_init, "progress": cmd_progress, "history": cmd_history}


# ------------------------------------------------------------------ entry point


def _refusal_json(exc: PlanmetricsError) -> dict[str, Any]:
    errors = getattr(exc, "problems_json", None) or [{"row": None, "column": None, "value": None, "message": str(exc)}]
    return {"ok": False, "errors": errors}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
            print(json.dumps(_refusal_json(exc), ensure_ascii=False, indent=2))
        print(f"planmetrics: {exc}", file=sys.stderr)
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
