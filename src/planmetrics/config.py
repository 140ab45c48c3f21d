"""Paths, limits and defaults. Environment variables override them; imports nothing of ours."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
PLANS_DIR = DATA_DIR / "plans"
FIGURES_DIR = DATA_DIR / "figures"
DEFAULT_DB = DATA_DIR / "planmetrics.duckdb"

TOTAL_REGION = "Québec"
TOTAL_SECTOR = "all"
TOTAL_NETWORK = "all"

# A figure is identified by these columns; a stored figure also has a value, unit, flag and source.
FIGURE_KEY = ["indicator", "year", "region", "sector", "network"]
FIGURE_COLUMNS = [*FIGURE_KEY, "value", "unit", "flag", "source"]
# The source's French text, where there is one (the shipped figures have it): stored and read back with the
# figures, optional in what is committed (a frame without it stores NULL: no French version).
SOURCE_FR = "source_fr"
# The source's own quality grade of a figure (Statistics Canada's A excellent to D acceptable), NULL where the
# source gives none: optional in what is committed, like `source_fr`.
QUALITY = "quality"
QUALITY_GRADES = ("A", "B", "C", "D")
STORED_COLUMNS = [*FIGURE_COLUMNS, SOURCE_FR, QUALITY]
# Weakest first: a figure computed from an approximate one is approximate; from a revised one, revised.
FLAGS = ("approximate", "preliminary", "revised")

# A figure that moves more than this from the year before is flagged for review (METHOD.md).
JUMP_THRESHOLD = 0.15
# Thresholds of the status scale (METHOD.md, after the UN SDG progress assessments).
ON_TRACK_RATIO = 0.95
NEEDS_ACCELERATION_RATIO = 0.60
# A `track` slope under this share of the mean a year reads as stable.
STABLE_SLOPE_SHARE = 0.005

LOCK_RETRY_SECONDS = 15.0


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database file: the explicit path, else `$PLANMETRICS_DB`, else `data/planmetrics.duckdb`."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("PLANMETRICS_DB")
    return Path(env) if env else DEFAULT_DB


def plans_dir() -> Path:
    env = os.environ.get("PLANMETRICS_PLANS")
    return Path(env) if env else PLANS_DIR


def max_upload_bytes() -> int:
    return int(float(os.environ.get("PLANMETRICS_MAX_UPLOAD_MB", "50")) * 1024 * 1024)


def default_lang() -> str:
    """`fr` when the environment's LANG starts with `fr`, else `en` (CONTRACT.md)."""
    return "fr" if os.environ.get("LANG", "").lower().startswith("fr") else "en"
