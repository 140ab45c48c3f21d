"""What one big upload costs the dashboard's server: a real `streamlit run`, a real Chromium (Playwright), an
editor who signs in and drops a whole sheet of figures (1,048,576 rows, Excel's last row: a header and
1,048,575 synthetic figures), sees its preview, then commits it.

The server's resident memory (/proc) is read before the file is dropped, every 0.1 s while it is read (its
peak), once the preview is shown and once the commit is said; the processes the server started (an upload's
worker among them) are counted apart, as `upload_worker_peak_mb`. It prints one `name value` line a figure:

- `upload_preview_s`: from the file given to the drop zone to the preview shown (the commit button there);
- `upload_rss_kept_mb`: the server's memory once the preview is shown, minus its memory before the upload;
- `upload_rss_after_commit_mb`: the same, once the commit is said; `upload_commit_s`: the click to that;
- `server_rss_peak_mb`, `upload_worker_peak_mb`: the highest the server, and its children together, reached.

The workbook is written here as Excel writes one (shared strings, a row a line, deflated), not through
openpyxl or XlsxWriter, which take several minutes for a million rows on this machine; `--rows` makes it
smaller. A separate script, not part of `make bench` (it takes a few minutes):

    python -m bench.upload_memory [--rows 1048575] [--out bench/out]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from playwright.sync_api import Page, expect, sync_playwright

from bench.generate import YEARS, synthetic_figures
from bench.serve import CHROMIUM, CHROMIUM_ARGS, ROOT, rss_mb, start_streamlit
from planmetrics.words import say

EXCEL_ROWS = 1_048_576  # a sheet's last row: the header and 1,048,575 figures
COLUMNS = ("year", "indicator", "region", "sector", "network", "value", "source")
PASSWORD = "correct-horse-battery"
_TEXT = frozenset({"indicator", "region", "sector", "network", "source"})


# ------------------------------------------------------------------ the workbook


def _column(n: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n]


def write_xlsx(rows: int, path: Path) -> Path:
    """A workbook of one sheet: the header and `rows` synthetic figures in the long layout, its text cells in the
    shared strings table as Excel writes them."""
    figures = synthetic_figures(rows + len(YEARS)).head(rows)
    strings: dict[str, int] = {}

    def shared(text: str) -> int:
        return strings.setdefault(text, len(strings))

    def cells(number: int, values: list[object]) -> str:
        parts = []
        for place, (name, value) in enumerate(zip(COLUMNS, values, strict=True)):
            ref = f"{_column(place)}{number}"
            if name in _TEXT or number == 1:
                parts.append(f'<c r="{ref}" t="s"><v>{shared(str(value))}</v></c>')
            else:
                parts.append(f'<c r="{ref}"><v>{value}</v></c>')
        return f'<row r="{number}">{"".join(parts)}</row>'

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START.format(last=f"G{len(figures) + 1}").encode())
            sheet.write(cells(1, list(COLUMNS)).encode())
            columns = [figures[name].tolist() for name in COLUMNS]
            for start in range(0, len(figures), 50_000):
                chunk = zip(*(column[start : start + 50_000] for column in columns), strict=True)
                lines = [cells(start + n + 2, list(row)) for n, row in enumerate(chunk)]
                sheet.write("".join(lines).encode())
            sheet.write(b"</sheetData></worksheet>")
        listed = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
        book.writestr("xl/sharedStrings.xml", _SHARED.format(count=len(strings), listed=listed))
    return path


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="figures" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1:{last}"/><sheetData>'
)
_SHARED = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" '
    'uniqueCount="{count}">{listed}</sst>'
)


# ------------------------------------------------------------------ the server's memory


def _children(pid: int) -> list[int]:
    """Every process under `pid` (its children, theirs...), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _rss(pid: int) -> float:
    try:
        return rss_mb(pid)
    except OSError:
        return 0.0


class Sampler:
    """The server's memory and its children's together, read every 0.1 s in a thread: the highest of each."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.server_peak = self.children_peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.server_peak = max(self.server_peak, _rss(self.pid))
            self.children_peak = max(self.children_peak, sum(_rss(child) for child in _children(self.pid)))
            self._stop.wait(0.1)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


# ------------------------------------------------------------------ the run


def _cli(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "planmetrics", *args], env=env, cwd=ROOT, check=True, capture_output=True)


def _sign_in(page: Page, url: str) -> None:
    page.goto(f"{url}/upload?lang=en")
    page.get_by_label(say("auth.name", "en")).fill("alice")
    page.get_by_role("textbox", name=say("auth.password", "en")).fill(PASSWORD)
    page.get_by_role("button", name=say("auth.submit", "en")).click()
    expect(page.get_by_test_id("stFileUploaderDropzoneInput")).to_be_attached(timeout=120_000)
    _settled(page)


def _settled(page: Page, timeout: float = 900_000) -> None:
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout)


def measure(workbook: Path, folder: Path) -> dict[str, float]:
    db = folder / "upload.duckdb"
    env = {**os.environ, "PLANMETRICS_DB": str(db), "PLANMETRICS_SECRETS": str(folder / "secrets.toml")}
    _cli(env, "init")
    _cli({**env, "PLANMETRICS_PASSWORD": PASSWORD}, "user", "add", "alice")
    url, server = start_streamlit(env)
    figures: dict[str, float] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="en-CA")
            _sign_in(page, url)
            before = _rss(server.pid)
            with Sampler(server.pid) as sampler:
                started = time.perf_counter()
                page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(workbook))
                confirm = page.get_by_role("button", name=say("upload.confirm", "en"))
                expect(confirm).to_be_visible(timeout=900_000)
                _settled(page)
                figures["upload_preview_s"] = time.perf_counter() - started
                shown = _rss(server.pid)
                started = time.perf_counter()
                confirm.click()
                expect(page.get_by_text("Committed as batch", exact=False)).to_be_visible(timeout=900_000)
                _settled(page)
                figures["upload_commit_s"] = time.perf_counter() - started
                committed = _rss(server.pid)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
    figures |= {
        "server_rss_before_mb": before,
        "server_rss_peak_mb": sampler.server_peak,
        "upload_rss_kept_mb": shown - before,
        "upload_rss_after_commit_mb": committed - before,
        "upload_worker_peak_mb": sampler.children_peak,
    }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=EXCEL_ROWS - 1, help="figures in the workbook (and a header)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    workbook = args.out / f"upload-{args.rows}.xlsx"
    started = time.perf_counter()
    if not workbook.exists():
        write_xlsx(args.rows, workbook)
    print(f"upload_rows {args.rows}")
    print(f"upload_file_mb {workbook.stat().st_size / 2**20:.1f}")
    print(f"upload_file_write_s {time.perf_counter() - started:.1f}")
    with tempfile.TemporaryDirectory(prefix="planmetrics-upload-bench-") as folder:
        for name, value in measure(workbook, Path(folder)).items():
            print(f"{name} {value:.1f}" if name.endswith("_mb") else f"{name} {value:.2f}")


if __name__ == "__main__":
    main()
