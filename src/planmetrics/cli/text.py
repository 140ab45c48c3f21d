"""What the command line prints: JSON on request, else tables and sentences for a person; refusals with
the rows and columns they name.

Imports `errors`, `i18n`, `loading` and `plan`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from planmetrics import i18n, importing
from planmetrics.errors import PlanmetricsError
from planmetrics.importing import ImportOutcome
from planmetrics.plan import Plan


def emit(args: argparse.Namespace, payload: object, human: str) -> None:
    """The payload as JSON with --json, else the human-readable text."""
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(human)


def table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def progress_text(plan: Plan, assessment: Any, messages: list[str], lang: str) -> str:
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
    return f"{title}\n\n{table(rows)}\n\n{notes}"


def history_text(batches: list[dict[str, Any]]) -> str:
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
    return table(rows) if batches else "No batches yet."


def outcome_text(outcome: ImportOutcome, verb: str) -> str:
    data = outcome.to_json()
    lines = [
        f"{verb}: {data['rows']} figures read — {data['inserted']} new, {data['restated']} restated, "
        f"{data['unchanged']} unchanged, {data['skipped_missing']} missing cells skipped."
        + (f" Batch {data['batch']}." if data["batch"] else ""),
    ]
    lines += [f"warning: {w['message']}" for w in data["warnings"]]
    return "\n".join(lines)


def refusal_json(exc: PlanmetricsError) -> dict[str, Any]:
    if isinstance(exc, importing.FileRefusedError):
        return {"ok": False, "errors": exc.problems_json, "detected": importing.detected_json(exc.detected)}
    return {"ok": False, "errors": [{"row": None, "column": None, "value": None, "message": str(exc)}]}


def print_problems(exc: PlanmetricsError) -> None:
    if isinstance(exc, importing.FileRefusedError):
        for problem in exc.problems_json:
            where = ", ".join(f"{name} {problem[name]}" for name in ("row", "column") if problem[name] is not None)
            print(f"  {where + ': ' if where else ''}{problem['message']}", file=sys.stderr)
