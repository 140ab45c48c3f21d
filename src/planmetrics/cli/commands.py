"""The command line's commands: one function a command, each taking the parsed arguments and returning
its exit code.

Chart, report, spreadsheet and password libraries (`auth`, `charts`, `export`, `export_images`, `report`), and
`snapshots` (which loads pandas), are imported inside the commands that need them, so that `planmetrics import`
starts quickly. What a person reads is said in `--lang`, with labels where the JSON has ids. Who a change is
recorded under, and what that person may do, is asked of `accounts` (through the cli package's `review`).
Imports `accounts`, `config`, `errors`, `i18n`, `importing`, `ingest`, `plan`, `snapshots`, `store`, `words` and
the cli package's `text` and `review`.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import cast

from planmetrics import accounts, config, i18n, importing, ingest
from planmetrics import store as store_module
from planmetrics.cli.issued import issue_written
from planmetrics.cli.review import acting, batch_id
from planmetrics.cli.text import chart_label, count, emit, history_text, outcome_text, progress_text, target_label
from planmetrics.errors import RefusedError
from planmetrics.plan import Plan, choose_plan, load_plans
from planmetrics.store import Store
from planmetrics.words import say


def _context(args: argparse.Namespace) -> tuple[Store, Plan, str]:
    plan = choose_plan(load_plans(), args.plan)
    return Store(config.db_path(args.db)), plan, args.lang


def cmd_init(args: argparse.Namespace) -> int:
    store = Store(config.db_path(args.db))
    version = store.migrate()
    plans = load_plans()
    recorded = [p.id for p in plans if store.record_plan(p, Path(p.path).read_text(encoding="utf-8"))]
    result = None
    if not args.empty and not store.has_batch_of_kind("init"):
        result = importing.load_shipped_figures(store, choose_plan(plans, args.plan), args.lang)
    carried = accounts.carry_over_editors(store)
    payload = {
        "ok": True,
        "db": str(store.path),
        "schema_version": version,
        "plans_recorded": recorded,
        "batch": None if result is None else str(result.batch),
        "inserted": 0 if result is None else result.inserted,
        "users_carried_over": carried,
    }
    lang = args.lang
    human = [say("cli.init.ready", lang, path=store.path, version=version)]
    if recorded:
        titles = ", ".join(p.short_title.get(lang) for p in plans if p.id in recorded)
        human.append(say("cli.init.plans", lang, plans=titles))
    if result is not None:
        human.append(say("cli.init.loaded", lang, batch=result.batch, count=count(result.inserted, lang)))
    if carried:
        human.append(say("cli.review.carried_over", lang, names=", ".join(carried)))
    emit(args, payload, " ".join(human))
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from planmetrics import snapshots  # noqa: PLC0415 - pandas: see the module's docstring

    store, plan, lang = _context(args)
    assessment = snapshots.progress(store, plan, args.as_of)
    messages = [i18n.check_message(c.kind, c.params, plan, lang) for c in assessment.checks]
    emit(
        args,
        snapshots.progress_json(assessment, messages),
        progress_text(plan, assessment, messages, lang),
    )
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    store, plan, lang = _context(args)
    batches = store.history()
    emit(args, batches, history_text(plan, batches, lang))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    store, plan, lang = _context(args)
    path: Path = args.file
    if not path.is_file():
        raise RefusedError("store.no_file", "store.check_path", path=path)
    too_big = ingest.size_refusal(path.name, path.stat().st_size)  # before the file is read
    if too_big is not None:
        raise too_big
    actor = acting(store, args)
    state, network = accounts.import_state(actor, plan)  # a network editor's import is a submission of hers
    outcome = importing.import_bytes(
        store,
        plan,
        path.read_bytes(),
        path.name,
        dry_run=args.dry_run,
        by=actor.name,
        options=read_options(args),
        lang=lang,
        state=state,
        network=network,
    )
    emit(args, outcome.to_json(), outcome_text(outcome, "dry_run" if args.dry_run else "imported", lang))
    return 0


def read_options(args: argparse.Namespace) -> ingest.ReadOptions:
    """What `import` was told beside the file: `--where "DIMENSION=MEMBER"` split at its first `=`."""
    where = []
    for choice in args.where or ():
        dimension, equals, member = choice.partition("=")
        if not equals or not dimension.strip() or not member.strip():
            raise RefusedError("cli.bad_where", "cli.bad_where.advice", value=repr(choice))
        where.append((dimension.strip(), member.strip()))
    return ingest.ReadOptions(
        source=args.source,
        indicator=args.indicator,
        sheet=args.sheet,
        where=tuple(where),
        as_sector=args.as_sector,
        annual=args.annual,
        table=args.table,
        encoding=args.encoding,
    )


def cmd_rollback(args: argparse.Namespace) -> int:
    batch = batch_id(args.batch)
    store = Store(config.db_path(args.db))
    actor = acting(store, args)
    found = next((b for b in store.history() if b["batch"] == str(batch)), None)
    if found is not None and found["kind"] == "override":  # the store's refusal would speak of a review or lock
        raise RefusedError("override.rollback", "override.rollback.advice", batch=batch)
    # a batch that does not exist is the store's to refuse, after the rights
    accounts.require_rollback(actor, None if found is None else found["network"])
    result = store.rollback(batch, by=actor.name)
    payload = {"ok": True, "batch": str(result.batch), "rolls_back": str(args.batch), "restated": result.restated}
    emit(args, payload, say("cli.rolled_back", args.lang, batch=args.batch, recorded=result.batch))
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    store, plan, lang = _context(args)
    actor = acting(store, args)
    accounts.require_plan_team(actor)
    state, network = accounts.import_state(actor, plan)  # under `review_all`, a correction is sent for review too
    outcome = importing.correct_figure(
        store,
        plan,
        indicator=args.indicator,
        year=args.year,
        value=args.value,
        reason=args.reason,
        region=args.region,
        sector=args.sector,
        network=args.network,
        by=actor.name,
        lang=lang,
        state=state,
        batch_network=network,
    )
    emit(args, outcome.to_json(), outcome_text(outcome, "corrected", lang))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    store = Store(config.db_path(args.db))
    batches = store_module.backup(store, args.output)
    emit(
        args,
        {"ok": True, "backup": str(args.output), "batches": batches},
        say("backups.done_one", args.lang, db=store.path, file=args.output)
        if batches == 1
        else say("cli.backup_done", args.lang, db=store.path, file=args.output, count=count(batches, args.lang)),
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    store = Store(config.db_path(args.db))
    # The name as given: a restore works on a missing or damaged database, where no user can be looked up.
    kept = store_module.restore(store, args.file, by=args.by or getpass.getuser())
    history = store.history()  # the restore's own batch first, then the backup's
    emit(
        args,
        {
            "ok": True,
            "db": str(store.path),
            "previous": None if kept is None else str(kept),
            "batch": history[0]["batch"],
            "batches": len(history) - 1,
        },
        say("cli.restore_done", args.lang, db=store.path, file=args.file, kept=kept)
        if kept is not None
        else say("backups.restored_nothing_kept", args.lang, db=store.path, file=args.file),
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store, plan, lang = _context(args)
    output: Path = args.output
    fmt = args.format or output.suffix.lower().lstrip(".")
    if fmt not in {"png", "svg", "pdf", "html"}:
        raise RefusedError("cli.export_format", "cli.export_format.advice", file=output.name)
    from planmetrics import export_images, snapshots  # noqa: PLC0415 - charts and Chromium only here
    from planmetrics.charts import summaries  # noqa: PLC0415 - charts and Chromium only here
    from planmetrics.export_images import ImageFormat  # noqa: PLC0415

    assessment, totals = snapshots.snapshot(store, plan, args.as_of)  # charts draw the total figures only
    figure = summaries.build(args.chart, plan, totals, assessment, lang)
    if fmt == "html":  # plotly.js in a page: no browser needed
        payload = export_images.to_html(figure)
    else:
        export_images.start(tabs=1)  # one chart: one browser tab starts quickest
        payload = export_images.to_image(figure, cast(ImageFormat, fmt))
    output.write_bytes(payload)
    emit(
        args,
        {"ok": True, "file": str(output), "chart": args.chart, "format": fmt, "bytes": len(payload)},
        say(
            "cli.chart_written",
            lang,
            chart=chart_label(plan, args.chart, lang),
            file=output,
            size=count(len(payload), lang),
        ),
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    store, plan, lang = _context(args)
    output: Path = args.output
    suffix = output.suffix.lower()
    if suffix not in {".pdf", ".pptx"}:
        raise RefusedError("cli.report_format", "cli.change_extension", file=output.name)
    unknown = [t for t in args.targets or [] if t not in {t.id for t in plan.targets}]
    if unknown:
        raise RefusedError(
            "cli.unknown_targets",
            "cli.unknown_targets.advice",
            targets=", ".join(unknown),
            known=lambda lang: ", ".join(f"{t.id} ({target_label(plan, t.id, lang)})" for t in plan.targets),
        )
    from planmetrics.report import content as report_content  # noqa: PLC0415 - pandas: see the docstring

    content = report_content.read_report(
        store,
        plan,
        lang=lang,
        as_of=args.as_of,
        orientations=args.orientations,
        targets=args.targets,
        method=report_content.method_text(lang),
    )
    from planmetrics import export_images  # noqa: PLC0415 - only for this command
    from planmetrics.report import file as report_file  # noqa: PLC0415 - only for this command

    export_images.start(tabs=1)  # drawn once: a second tab would cost more to start than it saves
    payload = report_file.write_report(content, suffix.lstrip("."))
    output.write_bytes(payload)
    issued, said = issue_written(args, store, plan, output, payload, basis=content.basis)  # with --issue
    written = say("cli.report_written", lang, file=output) + said
    emit(args, {"ok": True, "file": str(output), "bytes": len(payload), **issued}, written)
    return 0


def cmd_data(args: argparse.Namespace) -> int:
    store = Store(config.db_path(args.db))
    output: Path = args.output
    suffix = output.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise RefusedError("cli.data_format", "cli.change_extension", file=output.name)
    from planmetrics import derived, export  # noqa: PLC0415 - spreadsheet writers only for this command

    # The derived indicators' rows too, marked (`derived`): the importer skips them, so data -> import is unchanged.
    figures = derived.with_derived(choose_plan(load_plans(), args.plan), store.current_figures())
    payload = export.figures_xlsx(figures) if suffix == ".xlsx" else export.figures_csv(figures, args.csv_style)
    output.write_bytes(payload)
    human = say("cli.data_written", args.lang, count=count(len(figures), args.lang), file=output)
    computed = int(figures[derived.DERIVED].sum())
    emit(args, {"ok": True, "file": str(output), "figures": len(figures), "derived": computed}, human)
    return 0
