"""How things look, in one place: the charts' palette and, for each status, its word, colours, icon and shape.

Colours are Okabe-Ito (safe with the common colour-vision deficiencies). A status is never shown by colour
alone: its word goes with it everywhere, and its marker shape and badge icon too. One `StatusLook` a status,
read by the charts (`colour`, `symbol`), the page badges (`badge`, `icon`), the report's summary table
(`fill`) and `i18n.status_word` (`word`). A figure's flag has its own marker shape (`flag_symbol`), and a
figure after the plan's target year its own grey (`AFTER_PLAN`). Imports nothing of ours, so every module can
use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

# Okabe-Ito. Lines and markers only; every text is INK or GREY (contrast >= 7:1 on white, WCAG AA and more).
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"
INK, GREY, GRID = "#1A1A1A", "#595959", "#E5E5E5"
# Figures after the target year: drawn beside the verdict, lighter than every colour that judges (METHOD.md).
AFTER_PLAN = "#A6A6A6"
# Streamlit's own Source Sans (SIL Open Font Licence), which the app serves to the page: charts on a page are
# in the page's font, fetched from nowhere else; an image (kaleido) falls back to the system's Arial.
FONT = "Source Sans, Source Sans Pro, Arial, sans-serif"

# The report's light fills behind a status word, one a colour family (dark text stays readable on each).
GREEN_FILL, ORANGE_FILL, VERMILLION_FILL, GREY_FILL = "#D8F0E6", "#FCEBC7", "#F8D9CC", "#EDEDED"

BadgeColour = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary"]


@dataclass(frozen=True)
class StatusLook:
    """How one status is shown: its word (a key of words/statuses.toml) and, with it, colour, icon and shape."""

    word: str
    colour: str  # bars and markers on charts
    badge: BadgeColour  # the page's badge
    icon: str  # the badge's Material icon
    symbol: str  # plotly marker symbol on charts
    fill: str  # the report's summary table, behind the word


# status, chart colour, badge colour, badge icon, marker symbol, report fill. The last three are a tracked
# indicator's direction: the report's summary lists numeric targets only, so their fills are not drawn today;
# they follow their colour's family (stable, blue on charts, is a neutral grey).
_TABLE: tuple[tuple[str, str, BadgeColour, str, str, str], ...] = (
    ("achieved", GREEN, "green", "verified", "star", GREEN_FILL),
    ("on_track", GREEN, "green", "check_circle", "circle", GREEN_FILL),
    ("needs_acceleration", ORANGE, "orange", "speed", "diamond", ORANGE_FILL),
    ("limited_progress", ORANGE, "orange", "warning", "square", ORANGE_FILL),
    ("deteriorating", VERMILLION, "red", "trending_down", "triangle-down", VERMILLION_FILL),
    ("missed", VERMILLION, "red", "cancel", "x", VERMILLION_FILL),
    ("no_data", GREY, "gray", "help", "circle-open", GREY_FILL),
    ("improving", GREEN, "green", "trending_up", "triangle-up", GREEN_FILL),
    ("stable", BLUE, "blue", "trending_flat", "circle", GREY_FILL),
    ("worsening", VERMILLION, "red", "trending_down", "triangle-down", VERMILLION_FILL),
)
STATUSES: MappingProxyType[str, StatusLook] = MappingProxyType(
    {
        status: StatusLook(f"status.{status}", colour, badge, f":material/{icon}:", symbol, fill)
        for status, colour, badge, icon, symbol, fill in _TABLE
    }
)


def status_look(status: str) -> StatusLook:
    """The look of a status (`metrics.Status`); a KeyError names a status the engine does not have."""
    return STATUSES[status]


@dataclass(frozen=True)
class DutyLook:
    """How a network's duty for a year is shown (never by colour alone): its word (words/completeness.toml), a
    glyph the report's PDF draws (Helvetica, else the standard Symbol and ZapfDingbats every PDF reader has:
    ↩ and ○ they lack, so a returned figure is ↵ and a missing one ❍), the page's Material icon, a light fill
    and a heatmap's ink."""

    word: str
    glyph: str
    icon: str
    fill: str


_DUTIES: tuple[tuple[str, str, str, str], ...] = (
    ("approved", "✓", "check_circle", GREEN_FILL),
    ("submitted", "…", "hourglass_top", GREY_FILL),
    ("returned", "↵", "undo", ORANGE_FILL),
    ("missing", "❍", "radio_button_unchecked", GREY_FILL),
    ("late", "!", "error", VERMILLION_FILL),
)
DUTIES: MappingProxyType[str, DutyLook] = MappingProxyType(
    {state: DutyLook(f"duty.{state}", glyph, f":material/{icon}:", fill) for state, glyph, icon, fill in _DUTIES}
)


def duty_look(state: str) -> DutyLook:
    """The look of a duty's state (`completeness.DutyState`)."""
    return DUTIES[state]


# A flagged figure's marker: white inside, outlined in its line's colour, one shape a flag (`config.FLAGS`), named
# in the legend. Hollow and smaller, it reads apart from the filled status marker it may sit on (whose word is
# written beside it). An unknown flag (kept as the file wrote it) takes a shape of its own.
_FLAG_SYMBOLS: MappingProxyType[str, str] = MappingProxyType(
    {"approximate": "diamond", "preliminary": "circle", "revised": "square"}
)
OTHER_FLAG_SYMBOL = "hexagon"


def flag_symbol(flag: str) -> str:
    """The plotly marker symbol of a flagged figure: one shape for each of approximate, preliminary, revised."""
    return _FLAG_SYMBOLS.get(flag, OTHER_FLAG_SYMBOL)
