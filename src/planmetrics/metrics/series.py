"""Series of figures: the explicit total rows of an indicator by year, the rows that break a total down by
one dimension with each part's share of the total, and the arithmetic on them (growth, trend slope, constant
dollars).

Pure pandas on the current figures `store` hands over. Imports only `config`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from planmetrics import config

# Parts shown add up to their total when they are within this share of it (the rounding of reported figures).
ADDS_UP_TOLERANCE = 0.005

# The total of each dimension: a figure with every dimension at its total is the total itself.
TOTALS: dict[str, str] = {
    "region": config.TOTAL_REGION,
    "sector": config.TOTAL_SECTOR,
    "network": config.TOTAL_NETWORK,
}


def total_rows(figures: pd.DataFrame, indicator: str, region: str = config.TOTAL_REGION) -> pd.DataFrame:
    """The explicit total rows (sector `all`, network `all`) of one indicator and region, in year order."""
    rows = figures[
        (figures["indicator"] == indicator)
        & (figures["region"] == region)
        & (figures["sector"] == config.TOTAL_SECTOR)
        & (figures["network"] == config.TOTAL_NETWORK)
    ]
    return rows.sort_values("year")


def part_rows(
    figures: pd.DataFrame, dimension: str, *, indicator: str | None = None, as_of: int | None = None
) -> pd.DataFrame:
    """The rows that break a total down by `dimension` (sector, region or network): its parts, the other two
    dimensions at their totals; of one indicator and up to the as-of year when those are given."""
    rows = figures[figures[dimension] != TOTALS[dimension]]
    if indicator is not None:
        rows = rows[rows["indicator"] == indicator]
    for column, total in TOTALS.items():
        if column != dimension:
            rows = rows[rows[column] == total]
    return rows if as_of is None else rows[rows["year"] <= as_of]


@dataclass(frozen=True)
class PartShares:
    """One year's parts of a total, each with its share of the total figure (METHOD.md, "Shares and
    contributions"): `rows` are the parts with a `share` column (NaN without a total), `parts_sum` their sum."""

    rows: pd.DataFrame
    total: float | None
    parts_sum: float

    @property
    def adds_up(self) -> bool:
        """Whether the parts shown add up to the total (within the rounding of reported figures)."""
        return self.total is not None and abs(self.parts_sum - self.total) <= ADDS_UP_TOLERANCE * abs(self.total)


def part_shares(figures: pd.DataFrame, indicator: str, dimension: str, year: int) -> PartShares:
    """The parts of `indicator` by `dimension` in `year`, each divided by the total figure of the same indicator
    and year (region, sector and network at their totals), never by the sum of the parts shown."""
    rows = part_rows(figures, dimension, indicator=indicator)
    rows = rows[rows["year"] == year].copy()
    totals = total_series(figures, indicator)
    total = float(totals.loc[year]) if year in totals.index else None
    rows["share"] = rows["value"] / total if total else float("nan")
    return PartShares(rows, total, float(rows["value"].sum()))


def part_shares_of_years(figures: pd.DataFrame, parts: pd.DataFrame, indicator: str) -> pd.Series:
    """Each part's share of the total figure of its own year, for parts of any number of years at once (NaN
    where that year has no total): the rule of `part_shares`, without filtering the figures once a year."""
    totals = total_series(figures, indicator)
    of_year = parts["year"].map(totals).astype(float)
    return (parts["value"] / of_year.where(of_year != 0)).astype(float)


def total_series(figures: pd.DataFrame, indicator: str, region: str = config.TOTAL_REGION) -> pd.Series:
    """The explicit total values of one indicator and region, by year."""
    return total_rows(figures, indicator, region).set_index("year")["value"].astype(float)


def total_series_by_place(figures: pd.DataFrame, places: set[tuple[str, str]]) -> dict[tuple[str, str], pd.Series]:
    """The total series of the (indicator, region) pairs asked for, with one pass of numpy masks each."""
    totals = figures[(figures["sector"] == config.TOTAL_SECTOR) & (figures["network"] == config.TOTAL_NETWORK)]
    indicators, regions = totals["indicator"].to_numpy(dtype=object), totals["region"].to_numpy(dtype=object)
    years, values = totals["year"].to_numpy(), totals["value"].to_numpy(dtype=float)
    found = {}
    for indicator, region in places:
        mask = (indicators == indicator) & (regions == region)
        found[(indicator, region)] = pd.Series(values[mask], index=years[mask], dtype=float).sort_index()
    return found


def latest_point(series: pd.Series, as_of: int | None) -> tuple[int, float] | None:
    """The last (year, value) of the series up to `as_of`; None when there is none."""
    visible = series if as_of is None else series[series.index <= as_of]
    if visible.empty:
        return None
    return int(visible.index[-1]), float(visible.iloc[-1])


def cagr(start: float, end: float, years: int) -> float | None:
    """Compound annual growth from `start` to `end` over `years`; None where it is undefined."""
    if years <= 0 or start <= 0 or end < 0:
        return None
    return float((end / start) ** (1 / years) - 1)


def constant_dollars(nominal: pd.Series, price_index: pd.Series, base_year: int) -> pd.Series:
    """Nominal values in dollars of `base_year`: value * index(base) / index(year); years without an index drop."""
    if base_year not in price_index.index:
        return pd.Series(dtype=float)
    common = nominal.index.intersection(price_index.index)
    deflated: pd.Series = nominal.loc[common] * float(price_index.loc[base_year]) / price_index.loc[common]
    return deflated.astype(float)


def trend_slope(series: pd.Series) -> float:
    """Least-squares slope a year over the given points (years need not be consecutive)."""
    years = series.index.to_numpy(dtype=float)
    values = series.to_numpy(dtype=float)
    centred = years - years.mean()
    return float((centred * (values - values.mean())).sum() / (centred**2).sum())
