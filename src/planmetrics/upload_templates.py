"""Ready-to-fill upload templates (CSV and XLSX, French or English headers), in the long layout.

Imports `config`, `plan`.
"""

from __future__ import annotations

import io

import pandas as pd

from planmetrics import config
from planmetrics.plan import Plan

HEADERS = {
    "en": ["year", "indicator", "region", "sector", "network", "value", "unit", "flag", "source"],
    "fr": ["année", "indicateur", "région", "secteur", "réseau", "valeur", "unité", "note", "source"],
}


def template_frame(plan: Plan, lang: str) -> pd.DataFrame:
    """One row per indicator of the plan, for the whole of Quebec; year and value left to fill in."""
    region = plan.label_of("region", config.TOTAL_REGION, lang)
    rows = [["", i.label.get(lang), region, "", "", "", i.unit, "", ""] for i in plan.indicators if i.tracked]
    return pd.DataFrame(rows, columns=HEADERS["fr" if lang == "fr" else "en"])


def template_csv(plan: Plan, lang: str) -> bytes:
    """UTF-8 with BOM (Excel opens it right); `;` for French Excel, `,` otherwise."""
    return template_frame(plan, lang).to_csv(index=False, sep=";" if lang == "fr" else ",").encode("utf-8-sig")


def template_xlsx(plan: Plan, lang: str) -> bytes:
    buffer = io.BytesIO()
    template_frame(plan, lang).to_excel(buffer, index=False, sheet_name="figures" if lang == "en" else "données")
    return buffer.getvalue()
