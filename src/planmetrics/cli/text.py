"""What the command line prints: JSON on request, else tables and sentences for a person in the reader's
language, with labels where the JSON has ids; refusals with the rows and columns they name, or the figures of a
locked year they met.

Imports `errors`, `i18n`, `importing`, `plan`, `words`, and `cards` for `progress` (inside the function: pandas).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from planmetrics import i18n, importing
from planmetrics.errors import LockedYearError, PlanmetricsError
from planmetrics.importing import ImportOutcome
from planmetrics.plan import Plan, choose_plan, load_plans
from planmetrics.words import has, say


def emit(args: argparse.Namespace, payload: object, human: str) -> None:
    """The payload as JSON with --json, else the human-readable text."""
    write_out(json.dumps(payload, ensure_ascii=False, indent=2) if args.json else human)


def write_out(text: str) -> None:
    """`text` on stdout, sent at once. A reader that closed the pipe (`planmetrics progress | head -1`) has read
    all it wanted: the rest goes nowhere and the command ends as it would have, quietly (docs/contract.md)."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        stdout_closed()


def stdout_closed() -> None:
    """Points stdout at the null device, so what is left in its buffer does not fail again when Python exits
    (which would print "Exception ignored ... BrokenPipeError" and exit 120)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # a stdout that is no file (a test's capture) has no pipe
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


def table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def count(value: int, lang: str) -> str:
    return i18n.format_number(value, lang)


# ------------------------------------------------------------------ labels for ids


def target_label(plan: Plan, target_id: str, lang: str) -> str:
    """A target's label; a tracked indicator (judged by its trend, no numeric target) by its own label."""
    return plan.target_label(target_id, lang)


def chart_label(plan: Plan, name: str, lang: str) -> str:
    """What a person calls the chart `planmetrics export NAME` draws."""
    if has(f"cli.chart.{name}"):
        return say(f"cli.chart.{name}", lang)
    return target_label(plan, name, lang)


# ------------------------------------------------------------------ tables


def status_text(progress: Any, lang: str) -> str:
    """The status word, and the target year's figure it awaits once the as-of year has reached that year; a
    status the plan team set, said so with the computed one beside it."""
    word = i18n.status_word(progress.status, lang)
    if progress.override is not None:
        return say("cli.progress.overridden", lang, status=word, computed=i18n.status_word(progress.computed, lang))
    if progress.awaiting_year is None:
        return word
    return say("cli.progress.awaiting", lang, status=word, ty=progress.awaiting_year)


def progress_text(plan: Plan, assessment: Any, messages: list[str], lang: str) -> str:
    columns = ("target", "status", "latest", "year", "progress", "expected", "pace")
    rows = [[say(f"cli.progress.{c}", lang) for c in columns]]
    for t in assessment.targets:
        unit = plan.indicator(t.indicator).unit
        pace = (
            i18n.format_value(t.required_pace, unit, lang)
            if t.kind == "increase_by"
            else i18n.format_percent(t.required_pace, lang)
        )
        rows.append(
            [
                target_label(plan, t.id, lang),
                status_text(t, lang),
                i18n.format_value(t.latest, unit, lang),
                str(t.latest_year or "—"),
                i18n.format_percent(t.progress, lang, 0),
                i18n.format_value(t.expected, unit, lang),
                pace if t.required_pace is not None else "—",
            ]
        )
    title = say("cli.progress.title", lang, plan=plan.short_title.get(lang), as_of=assessment.as_of)
    notes = "\n".join(f"* {m}" for m in [*override_notes(plan, assessment, lang), *messages])
    return f"{title}\n\n{table(rows)}\n\n{notes}"


def override_notes(plan: Plan, assessment: Any, lang: str) -> list[str]:
    """For each status the plan team set: the target, who set it, when and why, the computed status, and
    whether newer figures came since (the card's lines, `cards.override_lines`)."""
    from planmetrics import cards  # noqa: PLC0415 - pandas: only once an assessment was read

    return [
        say("cli.progress.override_note", lang, target=target_label(plan, t.id, lang), said=" · ".join(lines))
        for t in assessment.targets
        if (lines := cards.override_lines(t, lang))
    ]


HISTORY_COLUMNS = (
    "batch", "kind", "state", "created_at", "by", "network", "file", "inserted", "restated", "unchanged",
    "rolled_back", "review",
)  # fmt: skip
EVENTS = ("approval", "return", "lock", "unlock")  # batches that record a review or a lock


def kind_word(kind: str, lang: str) -> str:
    """A batch's kind in words (`kind.*`); a kind of a newer planmetrics, as written."""
    return say(f"kind.{kind}", lang) if has(f"kind.{kind}") else kind


def history_text(plan: Plan, batches: list[dict[str, Any]], lang: str) -> str:
    """The batches as a table: a submission's state, network and review, what a review or lock is about."""
    if not batches:
        return say("cli.history.empty", lang)
    review_columns = ("state", "network", "review")
    rows = [[say(f"cli.review.col.{c}" if c in review_columns else f"cli.history.{c}", lang) for c in HISTORY_COLUMNS]]
    for b in batches:
        event = b["kind"] in EVENTS or b["kind"] in ("rollback", "restore", "override")
        rows.append(
            [
                b["batch"],
                kind_word(b["kind"], lang),
                "" if event else say(f"cli.review.state.{b['state']}", lang),
                i18n.moment(b["created_at"]),
                b["by"] or "—",
                "" if b["network"] is None else plan.label_of("network", b["network"], lang),
                b["file_name"] or "—",
                count(b["inserted"], lang),
                count(b["restated"], lang),
                count(b["unchanged"], lang),
                say("cli.history.yes", lang) if b["rolled_back"] else "",
                _override_said(plan, b, lang)
                if b["kind"] == "override"
                else _event_said(b, lang)
                if b["kind"] in EVENTS
                else review_said(b, lang),
            ]
        )
    return table(rows)


def _event_said(batch: dict[str, Any], lang: str) -> str:
    """What an approval, return, lock or unlock did: `renvoie le lot 5 : chiffres incomplets`."""
    said = say(f"cli.review.event.{batch['kind']}", lang, batch=batch["reviews"], year=batch["year"])
    reason = batch["reason"]
    return say("cli.review.because", lang, what=said, reason=reason) if reason else said


def _override_said(plan: Plan, batch: dict[str, Any], lang: str) -> str:
    """What a status set or cleared by the plan team did: `fixe le statut de « … » à « Atteint » : raison`."""
    target = target_label(plan, batch["target"] or "—", lang)
    status = batch["override_status"]
    said = (
        say("cli.history.override_cleared", lang, target=target)
        if status is None
        else say("cli.history.override_set", lang, target=target, status=i18n.status_word(status, lang))
    )
    reason = batch["reason"]
    return say("cli.review.because", lang, what=said, reason=reason) if reason else said


def review_said(batch: dict[str, Any], lang: str) -> str:
    """Who reviewed a submission, when and why: `approuvé par rita le 2026-12-01 10:00`; "" before a review."""
    if batch.get("reviewed_by") is None and batch.get("reviewed_at") is None:
        return ""
    state = say(f"cli.review.state.{batch['state']}", lang)
    when = i18n.moment(batch["reviewed_at"]) if batch.get("reviewed_at") else "—"
    said = say("cli.review.reviewed", lang, state=state, by=batch.get("reviewed_by") or "—", at=when)
    reason = batch.get("review_reason")
    return say("cli.review.because", lang, what=said, reason=reason) if reason else said


def _verb(outcome: ImportOutcome, verb: str) -> str:
    """`submitted` for an import committed as a submission (not a duplicate of an earlier one)."""
    committed = outcome.batch is not None and outcome.batch.duplicate_of is None
    return "submitted" if verb == "imported" and committed and outcome.state == "submitted" else verb


def outcome_text(outcome: ImportOutcome, verb: str, lang: str) -> str:
    """What an import or a correction did; `verb` is `dry_run`, `imported` or `corrected`."""
    inserted, restated, unchanged = outcome.counts()
    line = say(
        "cli.outcome",
        lang,
        verb=say(f"cli.outcome.{_verb(outcome, verb)}", lang),
        rows=count(outcome.read.rows, lang),
        inserted=count(inserted, lang),
        restated=count(restated, lang),
        unchanged=count(unchanged, lang),
        skipped=count(outcome.read.skipped_missing, lang),
    )
    submitted = outcome.state == "submitted"
    if outcome.batch is None and submitted:
        line += " " + say("cli.review.would_submit", lang)
    elif outcome.batch is not None and submitted and outcome.batch.duplicate_of is None:
        line += " " + say("cli.review.submitted", lang, batch=outcome.batch.batch)
    elif outcome.batch is not None:
        line += " " + say("cli.outcome.batch", lang, batch=outcome.batch.batch)
    warnings = [w.message for w in outcome.read.warnings]  # said in `lang`: the file was read in it
    if outcome.batch is not None and outcome.batch.duplicate_of is not None:
        warnings.append(say("importing.duplicate", lang, batch=outcome.batch.duplicate_of))
    return "\n".join([line, *(say("cli.warning", lang, message=w) for w in warnings)])


# ------------------------------------------------------------------ refusals


LOCKED_KEY = ("indicator", "year", "region", "sector", "network")


def refusal_json(exc: PlanmetricsError) -> dict[str, Any]:
    """The refusal's JSON: a refused file's problems; a locked year's figures (the first ones) and their count."""
    if isinstance(exc, importing.FileRefusedError):
        return {"ok": False, "errors": exc.problems_json, "detected": importing.detected_json(exc.detected)}
    said = {"ok": False, "errors": [{"row": None, "column": None, "value": None, "message": str(exc)}]}
    if isinstance(exc, LockedYearError):
        figures = [dict(zip(LOCKED_KEY, figure, strict=True)) for figure in exc.figures]
        said |= {"error": str(exc), "years": exc.years, "figures": figures, "count": exc.count}
    return said


def print_refusal(exc: PlanmetricsError, lang: str, plan_id: str | None = None) -> None:
    """The refusal on stderr in the reader's language, then each problem of a refused file with its place, or
    each figure of a locked year by its labels."""
    print(say("cli.prefix", lang, prog="planmetrics", text=exc.text(lang)), file=sys.stderr)
    if isinstance(exc, importing.FileRefusedError):
        for problem in exc.result.errors:
            print(f"  {importing.describe(problem, lang)}", file=sys.stderr)
    if isinstance(exc, LockedYearError):
        for line in locked_lines(exc, lang, plan_id):
            print(f"  {line}", file=sys.stderr)


def locked_lines(exc: LockedYearError, lang: str, plan_id: str | None) -> list[str]:
    """The figures a locked year refused, each by its labels (the plan of `--plan`), and how many more."""
    try:
        plan = choose_plan(load_plans(), plan_id)
    except PlanmetricsError:  # the plan files themselves are refused: the figures as stored, rather than nothing
        lines = [", ".join(str(part) for part in figure) for figure in exc.figures]
    else:
        lines = [importing.figure_named(plan, figure, lang) for figure in exc.figures]
    if exc.count > len(exc.figures):
        lines.append(say("cli.review.locked_more", lang, count=count(exc.count - len(exc.figures), lang)))
    return lines


# argparse's own refusals (Python 3.11's wording), said again in the reader's language (English as argparse says it).
_USAGE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "cli.args.required"),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), "cli.args.unrecognized"),
    (
        re.compile(r"argument (?P<argument>\S+): invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)"),
        "cli.args.invalid_choice",
    ),
    (re.compile(r"argument (?P<argument>\S+): invalid (?P<kind>\w+) value: (?P<value>.+)"), "cli.args.invalid_value"),
    (re.compile(r"argument (?P<argument>\S+): expected one argument"), "cli.args.expected_one"),
)


def usage_error_text(message: str, lang: str) -> str:
    for pattern, key in _USAGE_ERRORS:
        found = pattern.fullmatch(message)
        if found:
            values = found.groupdict()
            if "kind" in values:
                kind = f"cli.args.type.{values['kind']}"
                values["kind"] = say(kind if has(kind) else "cli.args.type.other", lang)
            return say(key, lang, **values)
    return say("cli.args.other", lang, message=message)


def print_usage_error(prog: str, usage: str, message: str, lang: str) -> None:
    """A usage error as argparse prints it (usage line, then `prog: what is wrong`), in `lang`."""
    print(f"{say('cli.usage', lang)} {usage.strip().removeprefix('usage:').strip()}", file=sys.stderr)
    print(say("cli.prefix", lang, prog=prog, text=usage_error_text(message, lang)), file=sys.stderr)
