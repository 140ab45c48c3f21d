"""The command line's issued reports: `report --issue [--by NAME]`, `reports`, and `changes` (what moved since
an issued report), as JSON or said for a person in `--lang` with labels, not ids, and formatted numbers.

`changes` loads pandas (through `snapshots`), so it is imported inside the functions that need it. Imports
`config`, `changes`, `figure_history`, `i18n`, `plan`, `store`, `words` and the cli package's `text`.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planmetrics import config, i18n
from planmetrics.cli.text import emit, table
from planmetrics.figure_history import restated_line
from planmetrics.plan import Plan, choose_plan, load_plans
from planmetrics.store import Store
from planmetrics.words import say

if TYPE_CHECKING:
    from planmetrics.changes import Changes, IssuedReport, ReportBasis


def issue_written(
    args: argparse.Namespace, store: Store, plan: Plan, output: Path, payload: bytes, *, basis: ReportBasis | None
) -> tuple[dict[str, Any], str]:
    """With `--issue`, the report just written recorded as issued (by `--by`, else the system user) with what
    it was built from (`basis`): the JSON fields and the sentence `report` adds. Refused (exit 2) when figures
    came in while it was drawn; the same file issued again is the report recorded then. Without it, nothing."""
    if not getattr(args, "issue", False) or basis is None:
        return {}, ""
    from planmetrics import changes  # noqa: PLC0415 - pandas: see the module's docstring

    by = str(getattr(args, "by", None) or getpass.getuser())
    issued = changes.issue_report(
        store, plan, as_of=args.as_of, lang=args.lang, file_name=output.name, payload=payload, by=by, basis=basis
    )
    key = "issuing.again" if issued.again else "issued.recorded"
    said = say(key, args.lang, report=issued.id, as_of=issued.as_of or "—", by=issued.by or "—")
    return {"issued": changes.report_json(issued), "already_issued": issued.again}, " " + said


def cmd_reports(args: argparse.Namespace) -> int:
    from planmetrics import changes  # noqa: PLC0415 - pandas: see the module's docstring

    plan = choose_plan(load_plans(), args.plan)
    found = changes.issued_reports(Store(config.db_path(args.db)), plan)
    emit(args, [changes.report_json(r) for r in found], reports_text(found, args.lang))
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from planmetrics import changes  # noqa: PLC0415 - pandas: see the module's docstring

    plan = choose_plan(load_plans(), args.plan)
    found = changes.changes_since(Store(config.db_path(args.db)), plan, args.as_of, args.since)
    emit(args, changes.changes_json(found), changes_text(plan, found, args.lang))
    return 0


# ------------------------------------------------------------------ said for a person


def _issued_on(report: IssuedReport) -> str:
    """The day and time a report was issued, on Québec's clock, as every time a person reads is written."""
    return i18n.moment(report.issued_at)


def reports_text(found: list[IssuedReport], lang: str) -> str:
    if not found:
        return f"{say('issued.none', lang)} {say('issued.none.advice', lang)}"
    columns = ("report", "issued_at", "by", "as_of", "lang", "file", "sha256")
    rows = [[say(f"issued.col.{c}", lang) for c in columns]]
    for r in found:
        rows.append(
            [
                r.id,
                _issued_on(r),
                r.by or "—",
                str(r.as_of or "—"),
                i18n.lang_name(r.lang, lang),
                r.file_name,
                r.sha256[:12] + "…",
            ]
        )
    return table(rows)


def changes_text(plan: Plan, found: Changes, lang: str) -> str:
    since = found.since
    if since is None:
        return f"{say('issued.none', lang)} {say('issued.none.advice', lang)}"
    lines = [
        say(
            "issued.since",
            lang,
            report=since.id,
            date=_issued_on(since),
            by=since.by or "—",
            as_of=since.as_of or "—",
            now=found.as_of or "—",
        )
    ]
    if found.status_changes:
        lines += ["", say("issued.statuses", lang)]
        lines += [
            "  "
            + say(
                "issued.status_moved",
                lang,
                target=plan.target_label(s.target, lang),
                before=i18n.status_word(s.before, lang),
                after=i18n.status_word(s.after, lang),
            )
            for s in found.status_changes
        ]
    if found.restated:
        lines += ["", say("issued.restated", lang)]
        for r in found.restated:
            where = (r.region, r.sector, r.network)
            line = restated_line(plan, r.indicator, r.year, where, (r.before, r.after), lang=lang, batch=r.batch)
            lines.append("  " + line)
    if found.comments:
        lines += ["", say("issued.comments", lang)]
        lines += [
            "  "
            + say(
                "issued.comment_line",
                lang,
                target=plan.target_label(c.target, lang),
                year=c.year,
                by=c.by or "—",
                body=c.body,
            )
            for c in found.comments
        ]
    if not found.anything:
        lines += ["", say("issued.nothing_moved", lang)]
    lines += [
        "",
        say("issued.batches", lang, batches=", ".join(found.batches))
        if found.batches
        else say("issued.no_batches", lang),
    ]
    return "\n".join(lines)
