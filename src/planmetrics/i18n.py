"""Numbers formatted for the reader's language, and the words built from the catalogue (`words`) that need
them: status and flag words, the plan checks' sentences, a place's and a source's text.

fr-CA: `116 000`, `33,4 G$`, `45 000 000 000 $`, `7,0 %` (no-break spaces); en-CA: `116,000`, `$33.4B`,
`$45,000,000,000`, `7.0%`; times on Québec's clock, dates in full. Imports `config`, `plan`, `look`, `words`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any
from zoneinfo import ZoneInfo

from planmetrics import config
from planmetrics.look import status_look
from planmetrics.plan import Plan
from planmetrics.words import has, say

NBSP = "\u00a0"
# The plan's people read times on Québec's clock (America/Montreal is an alias of this zone), wherever the
# machine runs: a report issued at 20:00 in Québec is dated that day, not the next one in UTC.
LOCAL_ZONE = ZoneInfo("America/Toronto")

# ------------------------------------------------------------------ numbers


def _group(integer_digits: str, separator: str) -> str:
    groups: list[str] = []
    while len(integer_digits) > 3:
        groups.insert(0, integer_digits[-3:])
        integer_digits = integer_digits[:-3]
    groups.insert(0, integer_digits)
    return separator.join(groups)


def format_number(value: float | None, lang: str, decimals: int = 0) -> str:
    """`116 000` / `116,000`; `33,4` / `33.4`. An em dash for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    grouped = _group(whole, NBSP if lang == "fr" else ",")
    sign = "−" if value < 0 and float(text) != 0 else ""
    if fraction:
        return f"{sign}{grouped}{',' if lang == 'fr' else '.'}{fraction}"
    return f"{sign}{grouped}"


def format_percent(fraction: float | None, lang: str, decimals: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percentage: 0.07 -> `7,0 %` / `7.0%`."""
    if fraction is None or math.isnan(fraction):
        return "—"
    number = format_number(fraction * 100, lang, decimals)
    if signed and fraction > 0:
        number = "+" + number
    return f"{number}{NBSP}%" if lang == "fr" else f"{number}%"


def _compact(value: float, lang: str) -> tuple[str, str]:
    """A short number and its scale word: 45e9 -> ('45', 'G'/'B'); 33.4e6 -> ('33,4', 'M')."""
    for size, fr_word, en_word in ((1e9, "G", "B"), (1e6, "M", "M"), (1e3, "k", "K")):
        if abs(value) >= size:
            scaled = value / size
            decimals = 0 if math.isclose(scaled, round(scaled), abs_tol=0.05) else 1
            return format_number(scaled, lang, decimals), fr_word if lang == "fr" else en_word
    return format_number(value, lang), ""


def format_money(value: float | None, lang: str, *, compact: bool = True) -> str:
    """Dollars: `33,4 G$` / `$33.4B` (compact) or `45 000 000 000 $` / `$45,000,000,000` (full)."""
    if value is None or math.isnan(value):
        return "—"
    if compact:
        number, scale = _compact(value, lang)
    else:
        number, scale = format_number(value, lang), ""
    if lang == "fr":
        return f"{number}{NBSP}{scale}$"
    sign = "−" if number.startswith("−") else ""
    return f"{sign}${number.removeprefix('−')}{scale}"


def format_count(value: float | None, lang: str, *, compact: bool = False) -> str:
    """A count of jobs, members...: `116 000`; compact `8,8 M` / `8.8M`."""
    if value is None or math.isnan(value):
        return "—"
    if compact and abs(value) >= 1e6:
        number, scale = _compact(value, lang)
        return f"{number}{NBSP}{scale}" if lang == "fr" else f"{number}{scale}"
    return format_number(value, lang)


def format_value(value: float | None, unit: str, lang: str, *, compact: bool = True) -> str:
    """A figure in its indicator's unit, for the reader's language."""
    if unit == "dollars":
        return format_money(value, lang, compact=compact)
    if unit in ("percent", "fraction"):
        return format_percent(value, lang)
    if unit == "index":
        return format_number(value, lang, 1)
    return format_count(value, lang, compact=compact)


def plotly_separators(lang: str) -> str:
    """Plotly's `layout.separators`: decimal mark then thousands separator."""
    return ", " if lang == "fr" else ".,"


# ------------------------------------------------------------------ words


def labelled(label: str, value: str, lang: str) -> str:
    """`Label: value`, with French typography's space before the colon (`Libellé : valeur`)."""
    return f"{label} : {value}" if lang == "fr" else f"{label}: {value}"


def status_word(status: str, lang: str) -> str:
    """A status as a reader says it: `On track` / `En bonne voie` (its word's key is in `look`)."""
    return say(status_look(status).word, lang)


def flag_word(flag: str | None, lang: str) -> str:
    if not flag:
        return ""
    return say(f"flag.{flag}", lang) if has(f"flag.{flag}") else flag


def source_text(source: object, source_fr: object, lang: str) -> str:
    """A figure's source as the reader reads it: its French text on a French page when it has one, else the
    source as stored ("" for none). Sources are written by people: text of the file, never translated here."""
    for text in (source_fr, source) if lang == "fr" else (source,):
        if isinstance(text, str) and text.strip():
            return text
    return ""


def check_message(kind: str, params: dict[str, Any], plan: Plan, lang: str) -> str:
    """The sentence a manager reads for a plan check (see metrics.Check)."""
    if kind == "growth_vs_level":
        p = params
        return say(
            "check.growth_vs_level",
            lang,
            growth=format_percent(p["growth"], lang),
            baseline=format_money(p["baseline"], lang),
            y0=p["baseline_year"],
            ty=p["target_year"],
            implied=format_money(p["implied_level"], lang),
            level=format_money(p["level"], lang),
            needed=format_percent(p["needed_growth"], lang),
            growth_label=plan.target(p["growth_target"]).label.get(lang),
            level_label=plan.target(p["level_target"]).label.get(lang),
        )
    if kind == "subtarget_within_parent":
        unit = params["unit"]
        key = "check.subtarget_ok" if params["child_value"] <= params["parent_value"] else "check.subtarget_over"
        return say(
            key,
            lang,
            child=plan.target(params["child"]).label.get(lang),
            parent=plan.target(params["parent"]).label.get(lang),
            child_value=format_value(params["child_value"], unit, lang, compact=False),
            parent_value=format_value(params["parent_value"], unit, lang, compact=False),
        )
    indicator = plan.indicator(params["indicator"])
    unit = indicator.unit
    return say(
        "check.jump",
        lang,
        indicator=indicator.label.get(lang),
        where=place_label(plan, params, lang),
        change=format_percent(params["change"], lang, signed=True),
        previous_year=params["year"] - 1,
        year=params["year"],
        previous=format_value(params["previous"], unit, lang),
        value=format_value(params["value"], unit, lang),
    )


def place_label(plan: Plan, params: dict[str, Any], lang: str) -> str:
    """Region, and sector or network when not the total, as a reader names them."""
    parts = [plan.label_of("region", params["region"], lang)]
    sector = params.get("sector", config.TOTAL_SECTOR)
    if sector != config.TOTAL_SECTOR:
        parts.append(plan.label_of("sector", sector, lang))
    network = params.get("network", config.TOTAL_NETWORK)
    if network != config.TOTAL_NETWORK:
        parts.append(plan.label_of("network", network, lang))
    return ", ".join(parts)


# ------------------------------------------------------------------ moments and dates


def local_time(iso: str) -> dt.datetime | None:
    """A stored ISO time (UTC, with or without its offset) on Québec's clock; None for a text that is no time."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(LOCAL_ZONE)


def moment(iso: str) -> str:
    """A stored time as tables and sentences show it, on Québec's clock: `2026-12-01 08:05`. The one way to say
    when a batch was written or a report issued; a text that is no time, as stored."""
    local = local_time(iso)
    return local.strftime("%Y-%m-%d %H:%M") if local else iso


def today() -> dt.date:
    """Today on Québec's clock (a report produced at 20:00 in Québec is dated that day, whatever the machine's)."""
    return dt.datetime.now(LOCAL_ZONE).date()


def long_date(day: dt.date, lang: str) -> str:
    """`December 1, 2026` / `1er décembre 2026`."""
    month = say(f"report.month.{day.month}", lang)
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day}{NBSP}{month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def long_date_of(iso: str, lang: str) -> str:
    """The day of a stored time, on Québec's clock, said in full; a text that is no time, as stored."""
    local = local_time(iso)
    return long_date(local.date(), lang) if local else iso


def lang_name(code: str, lang: str) -> str:
    """A report's language said in the reader's: `français`, `English`; a code we do not know, as stored."""
    return say(f"issued.lang.{code}", lang) if has(f"issued.lang.{code}") else code
