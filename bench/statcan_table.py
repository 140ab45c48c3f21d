"""A whole Statistics Canada table as a manager downloads it, clearly synthetic: monthly employment by industry
for Canada and every province (one row per month, place and industry), in StatCan's full-table CSV layout.
Also the shapes the tests write (a table's rows, a header in English or French). Never real data.

    python -m bench.statcan_table --mb 40          # writes bench/out/14100355.csv and times its import
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

HEADER_EN = (
    "REF_DATE", "GEO", "DGUID", "North American Industry Classification System (NAICS)", "Statistics",
    "Data type", "UOM", "UOM_ID", "SCALAR_FACTOR", "SCALAR_ID", "VECTOR", "COORDINATE", "VALUE", "STATUS",
    "SYMBOL", "TERMINATED", "DECIMALS",
)  # fmt: skip
HEADER_FR = (
    "PÉRIODE DE RÉFÉRENCE", "GÉO", "DGUID", "Système de classification des industries de l'Amérique du Nord (SCIAN)",
    "Statistiques", "Type de données", "UNITÉ DE MESURE", "IDENTIFICATEUR D'UNITÉ DE MESURE", "FACTEUR SCALAIRE",
    "IDENTIFICATEUR SCALAIRE", "VECTEUR", "COORDONNÉES", "VALEUR", "STATUT", "SYMBOLE", "TERMINÉ", "DÉCIMALES",
)  # fmt: skip
PLACES = (
    "Canada", "Newfoundland and Labrador", "Prince Edward Island", "Nova Scotia", "New Brunswick", "Quebec",
    "Ontario", "Manitoba", "Saskatchewan", "Alberta", "British Columbia",
)  # fmt: skip
CITIES = (
    "Montréal, Quebec", "Québec, Quebec", "Toronto, Ontario", "Ottawa-Gatineau, Ontario/Quebec",
    "Vancouver, British Columbia", "Calgary, Alberta", "Edmonton, Alberta", "Winnipeg, Manitoba",
    "Halifax, Nova Scotia", "Saskatoon, Saskatchewan", "Regina, Saskatchewan", "Victoria, British Columbia",
)  # fmt: skip
# Statistics Canada's DGUIDs (2016 vintage): A0000 the country, A0002 a province, S0503 a metropolitan area.
DGUIDS = {
    "Canada": "2016A000011124", "Newfoundland and Labrador": "2016A000210", "Prince Edward Island": "2016A000211",
    "Nova Scotia": "2016A000212", "New Brunswick": "2016A000213", "Quebec": "2016A000224", "Ontario": "2016A000235",
    "Manitoba": "2016A000246", "Saskatchewan": "2016A000247", "Alberta": "2016A000248",
    "British Columbia": "2016A000259", "Montréal, Quebec": "2016S0503462", "Québec, Quebec": "2016S0503421",
    "Toronto, Ontario": "2016S0503535", "Ottawa-Gatineau, Ontario/Quebec": "2016S0503505",
    "Vancouver, British Columbia": "2016S0503933", "Calgary, Alberta": "2016S0503825",
    "Edmonton, Alberta": "2016S0503835", "Winnipeg, Manitoba": "2016S0503602", "Halifax, Nova Scotia": "2016S0503205",
    "Saskatoon, Saskatchewan": "2016S0503725", "Regina, Saskatchewan": "2016S0503705",
    "Victoria, British Columbia": "2016S0503935",
}  # fmt: skip


def dguid(place: str) -> str:
    """A place's DGUID as Statistics Canada writes it (the province of Quebec's for a place not listed)."""
    return DGUIDS.get(place, DGUIDS["Quebec"])


INDUSTRIES = (
    "Total employed, all industries", "Goods-producing sector", "Agriculture [111-112, 1100, 1151-1152]",
    "Forestry, fishing, mining, quarrying, oil and gas [21, 113-114, 1153, 2100]", "Utilities [22]",
    "Construction [23]", "Manufacturing [31-33]", "Services-producing sector",
    "Wholesale and retail trade [41, 44-45]", "Transportation and warehousing [48-49]",
    "Finance, insurance, real estate, rental and leasing [52-53]",
    "Professional, scientific and technical services [54]",
    "Business, building and other support services [55-56]", "Educational services [61]",
    "Health care and social assistance [62]", "Information, culture and recreation [51, 71]",
    "Accommodation and food services [72]", "Other services (except public administration) [81]",
    "Public administration [91]",
)  # fmt: skip


def row(*cells: str, delimiter: str = ",") -> str:
    return delimiter.join(f'"{cell}"' for cell in cells) + "\n"


def table_rows(
    periods: Iterable[str], places: Sequence[str], industries: Sequence[str], value: float = 1000.0
) -> Iterable[tuple[str, ...]]:
    """One row per period, place and industry: employment in thousands, each a little above the one before."""
    for n, period in enumerate(periods):
        for p, place in enumerate(places):
            for i, industry in enumerate(industries):
                figure = value + n * 0.1 + p * 10 + i
                yield (
                    period, place, dguid(place), industry, "Estimate", "Seasonally adjusted",
                    "Persons", "249", "thousands", "3", f"v{2062811 + p * 100 + i}", f"{p + 1}.{i + 1}.1.1",
                    f"{figure:.1f}", "", "", "", "1",
                )  # fmt: skip


def months(first: int, last: int, last_month: int = 12) -> list[str]:
    return [f"{y}-{m:02d}" for y in range(first, last + 1) for m in range(1, 13) if y < last or m <= last_month]


def whole_table(megabytes: float) -> bytes:
    """A table of about that size: monthly from January 1976 to September 2025 (2025 incomplete), every
    industry, Canada, every province and as many cities (census metropolitan areas) as the size takes."""
    periods = months(1976, 2025, last_month=9)
    per_place = sum(len(row(*r)) for r in table_rows(periods[:12], PLACES[:1], INDUSTRIES)) * len(periods) / 12
    places = [*PLACES, *CITIES][: max(1, round(megabytes * 2**20 / per_place))]
    lines = [row(*HEADER_EN), *(row(*r) for r in table_rows(periods, places, INDUSTRIES))]
    return "".join(lines).encode("utf-8")


def main() -> None:
    from planmetrics.ingest import ReadOptions, read_figures  # noqa: PLC0415
    from planmetrics.plan import load_plans  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=40)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args()
    data = whole_table(args.mb)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "14100355.csv"
    path.write_bytes(data)
    plan = next(p for p in load_plans() if p.id == "cqcm-2020")
    options = ReadOptions(
        indicator="employment",
        where=(("North American Industry Classification System (NAICS)", "Total employed, all industries"),),
    )
    started = time.perf_counter()
    result = read_figures(data, path.name, plan, options=options)
    seconds = time.perf_counter() - started
    print(f"{path}: {len(data) / 2**20:.1f} MB read in {seconds:.2f} s: {result.rows} yearly figures, ok={result.ok}")
    for problem in (*result.errors, *result.warnings)[:5]:
        print("  ", problem.message[:300])


if __name__ == "__main__":
    main()
