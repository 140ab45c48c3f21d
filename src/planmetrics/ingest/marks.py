"""What a figure's row may say beside its value: its flag's spellings, the source's quality grade (A-D, any
case) and an export's `derived` cell (a row planmetrics computed, never imported again), and the warning for
the rows skipped as derived. Imports the ingest helpers, `i18n`, `plan` and `words`.
"""

from __future__ import annotations

from planmetrics.i18n import format_number
from planmetrics.ingest.messages import listing
from planmetrics.ingest.results import Cell, Problem
from planmetrics.plan import Plan, normalize_name
from planmetrics.words import say

GRADES = ("A", "B", "C", "D")
FLAG_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(
        (
            "e",
            "approx",
            "approximate",
            "approximatif",
            "approximative",
            "approximation",
            "environ",
            "estimate",
            "estimated",
            "estime",
            "estimee",
            "estimation",
        ),
        "approximate",
    ),
    **dict.fromkeys(
        ("p", "prelim", "preliminary", "preliminaire", "provisoire", "provisional"),
        "preliminary",
    ),
    **dict.fromkeys(("r", "rev", "revised", "revise", "revisee", "revision"), "revised"),
}

TRUE_WORDS = frozenset({"true", "yes", "oui", "vrai", "1", "x", "1.0"})


def grade_of(cell: Cell | None, row: int, lang: str, problems: list[Problem]) -> str | None:
    """The quality grade a cell holds (`b` is B), None for an empty cell; anything else is a problem."""
    text = str(cell.value).strip() if cell is not None else ""
    if cell is None or not text:
        return None
    grade = text.upper()
    if grade not in GRADES:
        problems.append(Problem(row, cell.column, text[:80], say("statcan.bad_quality", lang, value=text[:80])))
        return None
    return grade


def says_derived(cell: Cell | None) -> bool:
    """Whether an export's `derived` cell marks its row as computed (`true`, `oui`, `x`, `1`, ...)."""
    return cell is not None and normalize_name(str(cell.value)) in TRUE_WORDS


def derived_warnings(skipped: dict[str, int], plan: Plan, lang: str) -> list[Problem]:
    """One warning per derived indicator whose rows were skipped, naming what it is computed from."""
    warnings = []
    for indicator_id, count in skipped.items():
        known = next((i for i in plan.indicators if i.id == indicator_id), None)
        label = known.label.get(lang) if known else indicator_id
        inputs = (
            listing((plan.indicator_label(i, lang) for i in known.formula.inputs), lang=lang)
            if known is not None and known.formula is not None
            else ""
        )
        key = ("statcan.derived_skipped" if inputs else "statcan.derived_rows_skipped") + ("_one" if count == 1 else "")
        warnings.append(
            Problem(None, None, None, say(key, lang, count=format_number(count, lang), indicator=label, inputs=inputs))
        )
    return warnings
