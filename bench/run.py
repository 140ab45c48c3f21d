"""Every benchmark in one run, at 10 thousand, 100 thousand and 1 million figures: `make bench`.

Writes bench/results.json (the 1-million-row figures at the top level, with `rows`, and a `by_size` table)
and prints a readable table with the targets' ratios. Timings are medians of several runs; nothing here is
asserted by the test suite. The sizes below the largest are reference points (the targets are read at the
largest): they repeat the slow measures fewer times (`FEW`), so that the whole stays under 12 minutes. The
session benchmarks (`bench/sessions.py`: many sessions at once on one server, its memory after they have
gone) run once, at the largest size, and add their keys at the top level.

    python -m bench.run [--sizes 10000 100000 1000000] [--out bench/out] [--no-sessions]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from bench import sessions
from bench.generate import write
from bench.serve import CHROMIUM, CHROMIUM_ARGS, ROOT, rss_mb, start_streamlit
from planmetrics import config, metrics, snapshots
from planmetrics.plan import Plan, load_plans
from planmetrics.store import Store

RESULTS = ROOT / "bench" / "results.json"


@dataclass(frozen=True)
class Repeats:
    """How many times each slow measure is taken (each figure is the median of its runs)."""

    page: int = 5
    imports: int = 5
    png: int = 10
    pdf: int = 5


FULL = Repeats()
FEW = Repeats(page=3, imports=2, png=5, pdf=1)  # below the largest size


def median_ms(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def pandas_progress(db: Path, plan: Plan) -> metrics.Assessment:
    """The baseline: load every figure, pick current values in pandas, then the same engine."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        figures = con.execute("SELECT f.* FROM figures f JOIN batches b ON b.id = f.batch WHERE NOT b.rolled_back").df()
    finally:
        con.close()
    current = figures.sort_values("batch").drop_duplicates(config.FIGURE_KEY, keep="last")
    totals = current[(current["sector"] == config.TOTAL_SECTOR) & (current["network"] == config.TOTAL_NETWORK)]
    return metrics.assess(plan, totals, int(current["year"].max()))


def page_runs(db: Path, runs: int = 5) -> tuple[float, float]:
    """(overview run with its cache cleared, as after a new upload; a page with a single st.write), in ms."""
    import streamlit as st  # noqa: PLC0415 - only this measurement needs streamlit
    from streamlit.testing.v1 import AppTest  # noqa: PLC0415

    os.environ["PLANMETRICS_DB"] = str(db)

    def overview() -> None:
        st.cache_data.clear()
        snapshots.clear_cache()
        AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=120).run()

    def empty() -> None:
        AppTest.from_string("import streamlit as st\nst.write('planmetrics')", default_timeout=60).run()

    overview()  # warm the imports once, as a running server has them
    empty()
    return median_ms(overview, runs), median_ms(empty, runs)


# Starts the command, waits for it and prints its wall time (s) and peak resident memory (kB).
_RUNNER = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def timed_child(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(seconds, peak resident MB) of a child process, from the kernel's own accounting.

    A small Python process starts the child, not this one: Linux counts in a child's peak the memory of the
    process that started it (until the child's exec), and this one holds a million figures by now. Started
    from here, `planmetrics import` showed this process's 1160 MB instead of its own 690-810 MB.
    """
    runner = subprocess.run(
        [sys.executable, "-c", _RUNNER, *command], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if runner.returncode != 0:
        raise RuntimeError(f"{command[:4]} failed: {runner.stderr}")
    seconds, peak_kb = runner.stdout.split()
    return round(float(seconds), 2), round(int(peak_kb) / 1024, 1)


def import_costs(csv: Path, work: Path, runs: int = 5) -> dict[str, float]:
    """`planmetrics import` (a fresh process each run, into a new database) against DuckDB's own read_csv.

    DuckDB's figure is taken both in this process (the target's reference) and, like the import, in a fresh
    process, so the ratio can be read with and without the interpreter's start-up; the three are taken in
    turn, `runs` times, and each figure is the median of its runs.
    """
    db = work / "import.duckdb"
    env = {**os.environ, "PLANMETRICS_MAX_UPLOAD_MB": "2000"}
    cli = [sys.executable, "-m", "planmetrics", "--db", str(db)]
    target = work / "read_csv.duckdb"
    script = (
        "import duckdb, sys; "
        "duckdb.connect(sys.argv[1]).execute('CREATE TABLE f AS SELECT * FROM read_csv(?)', [sys.argv[2]])"
    )
    imports, in_process, fresh_process = [], [], []
    for _ in range(runs):  # one of each in turn, so that a change in the machine's speed touches all three
        for stale in (db, db.with_name(db.name + ".wal")):
            stale.unlink(missing_ok=True)
        subprocess.run([*cli, "init", "--empty"], check=True, cwd=ROOT, capture_output=True, env=env)
        imports.append(timed_child([*cli, "import", str(csv), "--by", "bench"], env))
        target.unlink(missing_ok=True)
        con = duckdb.connect(str(target))
        started = time.perf_counter()
        con.execute("CREATE TABLE figures AS SELECT * FROM read_csv(?)", [str(csv)])
        con.close()
        in_process.append(time.perf_counter() - started)
        target.unlink()
        fresh_process.append(timed_child([sys.executable, "-c", script, str(target), str(csv)])[0])
    target.unlink(missing_ok=True)
    return {
        "import_s": round(statistics.median(s for s, _ in imports), 2),
        "import_s_min": min(s for s, _ in imports),
        "import_s_max": max(s for s, _ in imports),
        "import_peak_rss_mb": max(peak for _, peak in imports),
        "duckdb_read_csv_s": round(statistics.median(in_process), 2),
        "duckdb_read_csv_process_s": round(statistics.median(fresh_process), 2),
    }


def export_costs(db: Path, plan: Plan, repeats: Repeats = FULL) -> dict[str, float]:
    from planmetrics import export_images  # noqa: PLC0415 - heavy, only here
    from planmetrics.charts import summaries  # noqa: PLC0415 - heavy, only here
    from planmetrics.report import content as report_content  # noqa: PLC0415 - heavy, only here
    from planmetrics.report import pdf as report_pdf  # noqa: PLC0415 - heavy, only here

    store = Store(db)
    assessment = snapshots.progress(store, plan)
    figure = summaries.build("jobs", plan, snapshots.snapshot(store, plan)[1], assessment, "en")
    export_images.to_image(figure, "png")  # the first export starts the browser
    png = median_ms(lambda: export_images.to_image(figure, "png"), runs=repeats.png)
    report = report_content.read_report(store, plan, lang="fr", method=report_content.method_text("fr"))
    report_pdf.write_pdf(report)  # warm
    pdf = median_ms(
        lambda: report_pdf.write_pdf(report_content.read_report(store, plan, lang="fr", method="")), runs=repeats.pdf
    )
    return {"png_export_warm_ms": png, "pdf_report_s": round(pdf / 1000, 2)}


def app_memory(db: Path) -> float:
    """Resident memory of `streamlit run` after it served the overview once, in MB."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    url, server = start_streamlit({**os.environ, "PLANMETRICS_DB": str(db)})
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=120_000)
            browser.close()
        return round(rss_mb(server.pid), 1)
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(rows: int, out: Path, plan: Plan, repeats: Repeats = FULL) -> dict[str, float]:
    db, csv = write(rows, out)
    store = Store(db)
    snapshots.progress(store, plan)  # warm
    result: dict[str, float] = {
        "rows": rows,
        "progress_ms": median_ms(lambda: snapshots.progress(store, plan), runs=7),
        "progress_uncached_ms": median_ms(lambda: snapshots.uncached_progress(store, plan), runs=7),
        "progress_pandas_ms": median_ms(lambda: pandas_progress(db, plan), runs=3),
    }
    result["overview_run_ms"], result["empty_page_run_ms"] = page_runs(db, repeats.page)
    result |= import_costs(csv, out, repeats.imports)
    result |= export_costs(db, plan, repeats)
    result["app_rss_mb"] = app_memory(db)
    return result


TARGETS: list[tuple[str, Callable[[dict[str, Any]], bool]]] = [
    ("progress_ms <= 50", lambda r: r["progress_ms"] <= 50),
    ("progress 10x faster than pandas", lambda r: r["progress_pandas_ms"] >= 10 * r["progress_ms"]),
    ("overview_run_ms <= 3x empty page", lambda r: r["overview_run_ms"] <= 3 * r["empty_page_run_ms"]),
    ("import_s <= 3x duckdb read_csv", lambda r: r["import_s"] <= 3 * r["duckdb_read_csv_s"]),
    ("import_peak_rss_mb <= 1500", lambda r: r["import_peak_rss_mb"] <= 1500),
    ("png_export_warm_ms <= 300", lambda r: r["png_export_warm_ms"] <= 300),
    ("pdf_report_s <= 4", lambda r: r["pdf_report_s"] <= 4),
    ("app_rss_mb <= 500", lambda r: r["app_rss_mb"] <= 500),
    ("sessions_p95_s overview 30 <= 2", lambda r: r["sessions_p95_s"]["overview"]["30"] <= 2),
    ("sessions_p95_s jobs 10 <= 2", lambda r: r["sessions_p95_s"]["jobs"]["10"] <= 2),
    (
        "rss_after_100_sessions_mb <= rss_one_session_mb + 150",
        lambda r: r["rss_after_100_sessions_mb"] <= r["rss_one_session_mb"] + 150,
    ),
]
SESSION_TARGETS = {name for name, _ in TARGETS if "session" in name}


def session_lines(result: dict[str, Any]) -> list[str]:
    """The session benchmarks' figures, said for a person reading the run."""
    p95s, cpu = result["sessions_p95_s"], result["session_cpu_s"]
    return [
        f"sessions at once, p95 from connect to script finished ({int(result['rows']):,} rows):",
        *(
            f"  {page}: "
            + ", ".join(f"{count} → {seconds} s" for count, seconds in by_count.items())
            + f"; server CPU {cpu[page]} s a session"
            for page, by_count in p95s.items()
        ),
        f"server memory: one overview session {result['rss_one_session_mb']} MB, both pages warm "
        f"{result['rss_warm_mb']} MB, peak {result['rss_peak_mb']} MB; after 100 sessions, "
        f"{result['session_ttl_s']} s and one more session {result['rss_after_100_sessions_mb']} MB "
        f"(+{result['rss_after_100_sessions_mb'] - result['rss_one_session_mb']:.1f} MB)",
    ]


def table(by_size: list[dict[str, float]]) -> str:
    keys = [k for k in by_size[0] if k != "rows"]
    lines = [
        "| measure | " + " | ".join(f"{int(r['rows']):,} rows" for r in by_size) + " |",
        "|---|" + "---:|" * len(by_size),
    ]
    lines += [f"| {k} | " + " | ".join(str(r[k]) for r in by_size) + " |" for k in keys]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--no-sessions", action="store_true", help="skip the session benchmarks (about 5 min)")
    args = parser.parse_args()
    plan = load_plans()[0]
    by_size = []
    # How long each part took, and how busy the machine was (other work on it slows every figure down)
    phase_s: dict[str, float] = {}
    load_before = os.getloadavg()
    for rows in args.sizes:
        print(f"measuring {rows:,} rows…", flush=True)
        started = time.monotonic()
        by_size.append(measure(rows, args.out, plan, FULL if rows == max(args.sizes) else FEW))
        phase_s[str(rows)] = round(time.monotonic() - started, 1)
    largest: dict[str, Any] = dict(by_size[-1])
    if not args.no_sessions:
        print(f"sessions on one server, {int(largest['rows']):,} rows…", flush=True)
        started = time.monotonic()
        largest |= sessions.measure(args.out / f"synthetic-{int(largest['rows'])}.duckdb", log=print)
        phase_s["sessions"] = round(time.monotonic() - started, 1)
    largest["phase_s"] = phase_s
    checks = {name: bool(test(largest)) for name, test in TARGETS if not (args.no_sessions and name in SESSION_TARGETS)}
    machine = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "load_average_before": [round(n, 2) for n in load_before],
        "load_average_after": [round(n, 2) for n in os.getloadavg()],
    }
    RESULTS.write_text(json.dumps({**largest, "by_size": by_size, "targets_met": checks, "machine": machine}, indent=2))
    print(table(by_size))
    print(
        "took "
        + ", ".join(f"{part} {seconds:.0f} s" for part, seconds in phase_s.items())
        + f"; load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after (1 min, {os.cpu_count()} cores)"
    )
    if not args.no_sessions:
        print("\n".join(session_lines(largest)))
    for name, met in checks.items():
        print(f"{'met ' if met else 'MISS'}  {name}")
    print(
        f"import: x{largest['import_s'] / largest['duckdb_read_csv_s']:.1f} DuckDB's read_csv in a running process, "
        f"x{largest['import_s'] / largest['duckdb_read_csv_process_s']:.1f} in a fresh process as the import is timed"
    )
    growth = by_size[-1]["import_s"] / max(by_size[0]["import_s"], 1e-9)
    print(
        f"import time x{growth:.0f} for x{by_size[-1]['rows'] / by_size[0]['rows']:.0f} rows; "
        f"progress time x{by_size[-1]['progress_ms'] / by_size[0]['progress_ms']:.1f}"
    )


if __name__ == "__main__":
    main()
