"""Plan files (TOML) -> frozen dataclasses, checked on load.

A plan is data: indicators, targets, orientations, regions and sectors with their French and English
labels. Every problem in a file is reported at once, each naming its key and what to write instead.

- `model`: the frozen dataclasses and how names are matched;
- `sections`: each section of a file read and checked;
- `files`: parsing a file, loading the plans folder, choosing a plan and which one is the default.

Imports only `config` and `errors`.
"""

from planmetrics.plan.files import choose_plan, current_date, default_plan, load_plan, load_plans, parse_plan
from planmetrics.plan.model import (
    Direction,
    Indicator,
    Labels,
    Network,
    Obligation,
    Orientation,
    Plan,
    Region,
    Sector,
    Target,
    TargetKind,
    normalize_name,
)

__all__ = [
    "Direction",
    "Indicator",
    "Labels",
    "Network",
    "Obligation",
    "Orientation",
    "Plan",
    "Region",
    "Sector",
    "Target",
    "TargetKind",
    "choose_plan",
    "current_date",
    "default_plan",
    "load_plan",
    "load_plans",
    "normalize_name",
    "parse_plan",
]
