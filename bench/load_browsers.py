"""Shared use, bounded: 10 browser sessions on the overview while `planmetrics import` runs from the command line.

Loopback only; it starts its own server on a fresh database and stops everything by itself. Checks that every
session renders without error, that the import commits, and that the sessions show the new figures after a
rerun; prints the time to first chart (median, p95) and the app's memory before and after.

    python -m bench.load_browsers [--sessions 10]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

from bench.serve import CHROMIUM, CHROMIUM_ARGS, ROOT, rss_mb, start_streamlit

NEW_FIGURE = "year,indicator,value,source\n2019,jobs,121500,SYNTHETIC load test\n"


def _first_chart(page: Page, started: float) -> float:
    page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=90_000)
    return time.monotonic() - started


def _errors(page: Page) -> int:
    return page.get_by_test_id("stException").count()


def run(sessions: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.duckdb"
        env = {**os.environ, "PLANMETRICS_DB": str(db), "PLANMETRICS_SECRETS": str(Path(tmp) / "none.toml")}
        cli = [sys.executable, "-m", "planmetrics", "--db", str(db)]
        subprocess.run([*cli, "init"], check=True, cwd=ROOT, env=env, capture_output=True)
        upload = Path(tmp) / "new.csv"
        upload.write_text(NEW_FIGURE, encoding="utf-8")
        url, server = start_streamlit(env)
        try:
            return _load(url, server.pid, sessions, [*cli, "import", str(upload), "--json"], env)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _load(url: str, pid: int, sessions: int, import_command: list[str], env: dict[str, str]) -> dict[str, object]:
    memory_before = rss_mb(pid)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = [browser.new_context(viewport={"width": 1300, "height": 900}).new_page() for _ in range(sessions)]
        importer = subprocess.Popen(
            import_command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        starts = []
        for page in pages:
            starts.append(time.monotonic())
            page.goto(url, wait_until="commit")
        times = [_first_chart(page, started) for page, started in zip(pages, starts, strict=True)]
        output, _ = importer.communicate(timeout=120)
        committed = importer.returncode == 0 and json.loads(output)["batch"] is not None
        errors = sum(_errors(page) for page in pages)
        for page in pages:  # a rerun, as after pressing R: the new figure shows everywhere
            page.reload()
        shows_new = sum(1 for page in pages if _shows(page, "121,500"))
        browser.close()
    ordered = sorted(times)
    return {
        "sessions": sessions,
        "first_chart_median_s": round(statistics.median(ordered), 2),
        "first_chart_p95_s": round(ordered[max(0, int(0.95 * len(ordered)) - 1)], 2),
        "render_errors": errors,
        "import_committed": committed,
        "sessions_showing_new_figure": shows_new,
        "app_rss_mb_before": round(memory_before, 1),
        "app_rss_mb_after": round(rss_mb(pid), 1),
    }


def _shows(page: Page, text: str) -> bool:
    try:
        page.get_by_text(text).first.wait_for(state="visible", timeout=120_000)
    except PlaywrightError:  # a session that does not show it is counted, not fatal
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=10)
    result = run(parser.parse_args().sessions)
    print(json.dumps(result, indent=2))
    ok = (
        result["render_errors"] == 0
        and result["import_committed"]
        and result["sessions_showing_new_figure"] == result["sessions"]
    )
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
