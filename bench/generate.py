"""Clearly synthetic figures for benchmarks: every plan indicator, the 17 regions, ~20 sectors, networks,
2010-2025, written as a planmetrics database and as a long CSV. Never real data: every source says so.

    python -m bench.generate --rows 100000 --out bench/out
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np
import pandas as pd

from planmetrics import config
from planmetrics.plan import load_plans
from planmetrics.store import Store

YEARS = list(range(2010, 2026))
SECTORS = [config.TOTAL_SECTOR, *(f"synthetic_sector_{n:02d}" for n in range(1, 21))]
SOURCE = "SYNTHETIC benchmark data (bench/generate.py) - not real figures"


def synthetic_figures(rows: int, seed: int = 2014) -> pd.DataFrame:
    """About `rows` figures: whole series (all years) over indicator x region x sector x network cells."""
    plan = load_plans()[0]
    indicators = [i.id for i in plan.indicators]
    regions = [r.id for r in plan.regions]
    cells_needed = max(1, rows // len(YEARS))
    networks_needed = max(1, -(-cells_needed // (len(indicators) * len(regions) * len(SECTORS))))
    networks = [config.TOTAL_NETWORK, *(f"synthetic_network_{n:04d}" for n in range(1, networks_needed))]
    # Networks vary slowest and the total network and sector come first, so that every indicator and region
    # has its total series whatever the size.
    combos = itertools.product(networks, SECTORS, regions, indicators)
    cells = [(i, r, s, n) for n, s, r, i in itertools.islice(combos, cells_needed)]
    rng = np.random.default_rng(seed)
    base = rng.uniform(1_000, 100_000, len(cells))
    growth = rng.normal(0.03, 0.02, len(cells))
    frame = pd.DataFrame(cells, columns=["indicator", "region", "sector", "network"]).loc[
        np.repeat(np.arange(len(cells)), len(YEARS))
    ]
    steps = np.tile(np.arange(len(YEARS)), len(cells))
    frame["year"] = np.tile(YEARS, len(cells))
    frame["value"] = np.round(np.repeat(base, len(YEARS)) * (1 + np.repeat(growth, len(YEARS))) ** steps, 1)
    frame["unit"] = frame["indicator"].map({i.id: i.unit for i in plan.indicators})
    # Within the plan's bound for each unit (a share is at most its bound, 10 = 1000 %), so that every
    # synthetic file imports.
    frame["value"] = np.minimum(frame["value"], frame["unit"].map(plan.bound))
    frame["flag"] = None
    frame["source"] = SOURCE
    return frame[config.FIGURE_COLUMNS].reset_index(drop=True)


def write(rows: int, out: Path) -> tuple[Path, Path]:
    """The database (committed as one batch through the store) and the same figures as a long CSV."""
    out.mkdir(parents=True, exist_ok=True)
    figures = synthetic_figures(rows)
    db, csv = out / f"synthetic-{rows}.duckdb", out / f"synthetic-{rows}.csv"
    db.unlink(missing_ok=True)
    store = Store(db)
    store.migrate()
    store.commit(figures, kind="init", by="bench", file_name=csv.name)
    figures.to_csv(csv, index=False)
    return db, csv


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args()
    db, csv = write(args.rows, args.out)
    print(f"wrote {db} and {csv}")


if __name__ == "__main__":
    main()
