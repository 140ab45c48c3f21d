"""The command line of docs/contract.md: `planmetrics COMMAND [options]`.

Exit codes: 0 done; 2 the input or request was refused (nothing changed); 1 anything else, in one line
(a traceback only with --debug). Common options are accepted before or after the command's name.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from planmetrics import config, i18n, loading, queries
from planmetrics import store as store_module
from planmetrics.errors import PlanmetricsError, RefusedError
from planmetrics.loading import ImportOutcome
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

    imp = commands.add_parser("import", help="validate a file of yearly figures and commit it as one batch")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="report what would change; change nothing")
    imp.add_argument("--source", help="source text for figures whose file has no source column")
    imp.add_argument("--by", help="who imports (default: the system user)")
    imp.add_argument("--sheet", help="the Excel sheet to read (default: the first with data)")
    imp.add_argument("--indicator", help="the indicator of a file that names none (e.g. a StatCan table)")

    rollback = commands.add_parser("rollback", help="undo one batch")
    rollback.add_argument("batch")
    rollback.add_argument("--by", help="who rolls back (default: the system user)")

    correct = commands.add_parser("correct", help="correct one figure, with a reason")
    correct.add_argument("indicator")
    correct.add_argument("year")
    correct.add_argument("value")
    correct.add_argument("--reason", required=True)
    correct.add_argument("--region")
    correct.add_argument("--sector")
    correct.add_argument("--network")
    correct.add_argument("--by", help="who corrects (default: the system user)")

    backup = commands.add_parser("backup", help="a consistent copy of the database, while the dashboard runs")
    backup.add_argument("-o", "--output", required=True, type=Path)
    restore = commands.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("file", type=Path)

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

    data = commands.add_parser("data", help="the current figures as CSV or XLSX (imports back unchanged)")
    data.add_argument("-o", "--output", required=True, type=Path)
    data.add_argument("--csv-style", choices=["en", "fr"], default="en", help="en: comma; fr: semicolon, decimal comma")

    user = commands.add_parser("user", help="manage the editors who may change data")
    user_commands = user.add_subparsers(dest="user_command", required=True, parser_class=_Parser)
    user_add = user_commands.add_parser("add", help="add or replace an editor (password from $PLANMETRICS_PASSWORD)")
    user_add.add_argument("name")
    _add_common(user_add)

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
    store = Store(config.db_path(args.db))
    version = store.migrate()
    plans = load_plans()
    recorded = [p.id for p in plans if store.record_plan(p, Path(p.path).read_text(encoding="utf-8"))]
    result = None
    if not args.empty and not store.has_batch_of_kind("init"):
        result = loading.load_shipped_figures(store, choose_plan(plans, args.plan), args.lang)
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


def _who(args: argparse.Namespace) -> str:
    return str(args.by or getpass.getuser())


def _outcome_text(outcome: ImportOutcome, verb: str) -> str:
    data = outcome.to_json()
    lines = [
        f"{verb}: {data['rows']} figures read — {data['inserted']} new, {data['restated']} restated, "
        f"{data['unchanged']} unchanged, {data['skipped_missing']} missing cells skipped."
        + (f" Batch {data['batch']}." if data["batch"] else ""),
    ]
    lines += [f"warning: {w['message']}" for w in data["warnings"]]
    return "\n".join(lines)


def cmd_import(args: argparse.Namespace) -> int:
    store, plan, lang = _context(args)
    path: Path = args.file
    if not path.is_file():
        raise RefusedError(f"There is no file {path}.", "Check the path and try again.")
    limit = config.max_upload_bytes()
    if path.stat().st_size > limit:
        raise RefusedError(
            f"{path.name} is {path.stat().st_size / 1e6:.1f} MB, over the {limit / 2**20:.0f} MB limit.",
            "Split the file, or raise $PLANMETRICS_MAX_UPLOAD_MB.",
        )
    outcome = loading.import_bytes(
        store,
        plan,
        path.read_bytes(),
        path.name,
        dry_run=args.dry_run,
        by=_who(args),
        source=args.source,
        indicator=args.indicator,
        sheet=args.sheet,
        lang=lang,
    )
    _emit(args, outcome.to_json(), _outcome_text(outcome, "Dry run" if args.dry_run else "Imported"))
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    if not str(args.batch).isdigit():
        raise RefusedError(f"{args.batch!r} is not a batch id.", "See the batch ids with `planmetrics history`.")
    store = Store(config.db_path(args.db))
    result = store.rollback(int(args.batch), by=_who(args))
    payload = {"ok": True, "batch": str(result.batch), "rolls_back": str(args.batch), "restated": result.restated}
    _emit(args, payload, f"Batch {args.batch} rolled back (recorded as batch {result.batch}).")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    store, plan, lang = _context(args)
    outcome = loading.correct_figure(
        store,
        plan,
        indicator=args.indicator,
        year=args.year,
        value=args.value,
        reason=args.reason,
        region=args.region,
        sector=args.sector,
        network=args.network,
        by=_who(args),
        lang=lang,
    )
    _emit(args, outcome.to_json(), _outcome_text(outcome, "Corrected"))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    store = Store(config.db_path(args.db))
    batches = store_module.backup(store, args.output)
    _emit(
        args,
        {"ok": True, "backup": str(args.output), "batches": batches},
        f"Backup of {store.path} written to {args.output} ({batches} batches).",
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    store = Store(config.db_path(args.db))
    kept = store_module.restore(store, args.file)
    _emit(
        args,
        {"ok": True, "db": str(store.path), "previous": str(kept)},
        f"{store.path} restored from {args.file}; the previous file is kept as {kept}.",
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store, plan, lang = _context(args)
    output: Path = args.output
    fmt = args.format or output.suffix.lower().lstrip(".")
    if fmt not in {"png", "svg", "pdf", "html"}:
        raise RefusedError(
            f"{output.name}: choose --format png, svg, pdf or html.", "Or name the file .png, .svg, .pdf or .html."
        )
    from planmetrics import catalog, export_images  # noqa: PLC0415 - charts and Chromium only for this command
    from planmetrics.export_images import ImageFormat  # noqa: PLC0415

    assessment = queries.progress(store, plan, args.as_of)
    export_images.start(tabs=1)  # one chart: one browser tab starts quickest
    figure = catalog.build(args.chart, plan, store.current_figures(), assessment, lang)
    payload = export_images.to_html(figure) if fmt == "html" else export_images.to_image(figure, cast(ImageFormat, fmt))
    output.write_bytes(payload)
    _emit(
        args,
        {"ok": True, "file": str(output), "chart": args.chart, "format": fmt, "bytes": len(payload)},
        f"Chart {args.chart} written to {output} ({len(payload):,} bytes).",
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    store, plan, lang = _context(args)
    output: Path = args.output
    suffix = output.suffix.lower()
    if suffix not in {".pdf", ".pptx"}:
        raise RefusedError(f"{output.name}: a report is a .pdf or a .pptx file.", "Change the extension.")
    unknown = [t for t in args.targets or [] if t not in {t.id for t in plan.targets}]
    if unknown:
        raise RefusedError(
            f"Unknown target(s): {', '.join(unknown)}.", f"Use: {', '.join(t.id for t in plan.targets)}."
        )
    content = queries.report_content(
        store,
        plan,
        lang=lang,
        as_of=args.as_of,
        orientations=args.orientations,
        targets=args.targets,
        method=queries.method_text(lang),
    )
    from planmetrics import export_images, report_pdf, report_pptx  # noqa: PLC0415 - only for this command

    export_images.start(tabs=1)  # drawn once: a second tab would cost more to start than it saves
    payload = report_pdf.write_pdf(content) if suffix == ".pdf" else report_pptx.write_pptx(content)
    output.write_bytes(payload)
    _emit(args, {"ok": True, "file": str(output), "bytes": len(payload)}, f"Report written to {output}.")
    return 0


def cmd_data(args: argparse.Namespace) -> int:
    store = Store(config.db_path(args.db))
    output: Path = args.output
    suffix = output.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise RefusedError(f"{output.name}: the data export writes .csv or .xlsx files.", "Change the extension.")
    from planmetrics import export  # noqa: PLC0415 - spreadsheet writers only for this command

    figures = store.current_figures()
    payload = export.figures_xlsx(figures) if suffix == ".xlsx" else export.figures_csv(figures, args.csv_style)
    output.write_bytes(payload)
    _emit(
        args, {"ok": True, "file": str(output), "figures": len(figures)}, f"{len(figures)} figures written to {output}."
    )
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    password = os.environ.get("PLANMETRICS_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise RefusedError("No password given.", "Set $PLANMETRICS_PASSWORD, or run on a terminal to be asked.")
        password = getpass.getpass(f"Password for {args.name}: ")
    from planmetrics import auth  # noqa: PLC0415 - argon2 only for this command

    path = auth.add_editor(args.name, password)
    _emit(args, {"ok": True, "editor": args.name, "secrets": str(path)}, f"Editor {args.name} saved in {path}.")
    return 0


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


# ------------------------------------------------------------------ entry point


def _refusal_json(exc: PlanmetricsError) -> dict[str, Any]:
    if isinstance(exc, loading.FileRefusedError):
        return {"ok": False, "errors": exc.problems_json, "detected": loading.detected_json(exc.detected)}
    return {"ok": False, "errors": [{"row": None, "column": None, "value": None, "message": str(exc)}]}


def _print_problems(exc: PlanmetricsError) -> None:
    if isinstance(exc, loading.FileRefusedError):
        for problem in exc.problems_json:
            where = ", ".join(f"{name} {problem[name]}" for name in ("row", "column") if problem[name] is not None)
            print(f"  {where + ': ' if where else ''}{problem['message']}", file=sys.stderr)


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
            print(json.dumps(_refusal_json(exc), ensure_ascii=False, indent=2))
        print(f"planmetrics: {exc}", file=sys.stderr)
        _print_problems(exc)
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
