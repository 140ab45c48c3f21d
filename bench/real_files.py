"""Real-world and nasty files as a manager might drop them: the public corpora (../shared/corpora) and files
written here that no importer expects (binary garbage, a picture or an archive under a spreadsheet's name, a
truncated workbook, 1,000 and 2,000-column files, a 40 MB one-column file, 200,000 quoted multiline cells,
UTF-16 without a BOM, Big5, a StatCan header with no rows, whole StatCan tables, exports of `planmetrics data`
read back...). Each one goes through the
real command line, `planmetrics import FILE --json --dry-run` on a throwaway database; its exit code, whether
its answer is JSON and its time are printed, slowest first.

    python -m bench.real_files            # every file, one process at a time, times as a person waits
    python -m bench.real_files --only big # the big ones

`tests/test_real_files.py` runs the same files and asserts the exit codes; timings belong here.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from PIL import Image

from bench.statcan_table import dguid

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"

STATCAN_HEADER = (
    "REF_DATE", "GEO", "DGUID", "North American Industry Classification System (NAICS)", "UOM", "UOM_ID",
    "SCALAR_FACTOR", "SCALAR_ID", "VECTOR", "COORDINATE", "VALUE", "STATUS", "SYMBOL", "TERMINATED", "DECIMALS",
)  # fmt: skip
PROVINCES = (
    "Canada", "Newfoundland and Labrador", "Prince Edward Island", "Nova Scotia", "New Brunswick", "Quebec",
    "Ontario", "Manitoba", "Saskatchewan", "Alberta", "British Columbia",
)  # fmt: skip
STALLED = -1  # the exit code said for a run stopped at its timeout
FIGURES = "year,indicator,region,value\n2018,jobs,Québec,116000\n2019,jobs,Québec,118500\n"


@dataclass(frozen=True)
class Case:
    """One file to import: its name, how it is written, the options beside it, whether it is a big one."""

    name: str
    write: Callable[[Path], object]
    options: tuple[str, ...] = ()
    big: bool = False


def corpora_files() -> list[Path]:
    return sorted(
        p
        for p in CORPORA.rglob("*")
        if p.is_file() and p.suffix.lower() not in {".json", ".md"} and p.name != "LICENSE"
    )


# ------------------------------------------------------------------ files written here


def _bytes(data: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data)


def xlsx_bytes(rows: Sequence[Sequence[object]], *, sheets: int = 1) -> bytes:
    """A workbook of these rows on its last sheet (after `sheets - 1` sheets of notes), as bytes."""
    book = Workbook()
    for n in range(sheets - 1):
        book.active.title = f"Notes {n}"  # type: ignore[union-attr]
        book.create_sheet()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _figure_rows(count: int) -> list[list[object]]:
    return [
        ["year", "indicator", "region", "value"],
        *([2000 + n % 20, "jobs", "Québec", 1000 + n] for n in range(count)),
    ]


def _png() -> bytes:
    noise = random.Random(17).randbytes(120 * 120 * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (120, 120), noise).save(out, format="PNG")
    return out.getvalue()


def _zip_of_text() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "Not a workbook: an archive of notes.\n" * 100)
        archive.writestr("figures.csv", FIGURES)
    return out.getvalue()


def _sheet_of(megabytes: int) -> bytes:
    """An .xlsx of 600 KB whose one sheet unzips to `megabytes` MB (under the expansion cap: no zip bomb), one
    4,000-character cell a row."""
    out = io.BytesIO()
    Workbook().save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    book = io.BytesIO()
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * 4000 + b"</t></is></c></row>"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, source.read(info))
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            sheet.write(b"<sheetData>")
            for _ in range(megabytes * 1024 * 1024 // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return book.getvalue()


def _dimension_lie() -> bytes:
    """A workbook of two cells whose sheet declares the whole grid (A1:XFD1048576) as its dimension."""
    data = xlsx_bytes(_figure_rows(1))
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b'<dimension ref="A1:D2"/>', b'<dimension ref="A1:XFD1048576"/>')
            archive.writestr(info, part)
    return out.getvalue()


def _wide(columns: int, header: Callable[[int], str]) -> str:
    names = ",".join(header(n) for n in range(columns))
    rows = [f"jobs,Québec,{','.join(str(1000 + n) for n in range(columns))}" for _ in range(3)]
    return "\n".join([f"indicator,region,{names}", *rows]) + "\n"


def _month(n: int) -> str:
    return f"{1850 + n // 12}-{n % 12 + 1:02d}"


def _statcan(rows_per_month: int, months: int, *, status: str = "A") -> str:
    industries = [f"Industry {n} [{100 + n}]" for n in range(max(1, rows_per_month // len(PROVINCES)))]
    lines = [",".join(f'"{h}"' for h in STATCAN_HEADER)]
    for m in range(months):
        for place in PROVINCES:
            for n, industry in enumerate(industries):
                value = 1000 + (m * 7 + n) % 500
                lines.append(
                    f'"{2015 + m // 12}-{m % 12 + 1:02d}","{place}","{dguid(place)}","{industry}","Persons","249",'
                    f'"units ","0","v{n}","1.{n}","{value}","{status}","","",""'
                )
    return "\n".join(lines) + "\n"


def _multiline_cells(count: int) -> str:
    return "id,note\n" + "".join(f'{n},"first line of note {n}\nsecond line, with a comma"\n' for n in range(count))


def _one_column(megabytes: int) -> bytes:
    line = b"1234567\n"
    return b"valeur\n" + line * (megabytes * 1024 * 1024 // len(line))


def _export(rows: int) -> str:
    """What `planmetrics data -o` writes: French sources, quality grades, and the derived column with the two
    rows of coop_job_share it computed."""
    regions = ("Montréal", "Estrie", "Capitale-Nationale", "Outaouais", "Bas-Saint-Laurent")
    lines = ["\ufeffindicator,year,region,sector,network,value,unit,flag,source,source_fr,quality,derived"]
    for n in range(rows):
        network, grade = f"net{n // 100}", "ABCD "[n % 5].strip()
        lines.append(
            f"jobs,{2000 + n % 20},{regions[n // 20 % 5]},all,{network},{1000 + n % 9000},jobs,,"
            f'"Net {network}, report","Réseau {network}, rapport",{grade},'
        )
    lines += [
        f"coop_job_share,{year},Québec,all,all,0.027,percent,,computed by planmetrics: Jobs / Employment in Quebec,"
        f"calculé par planmetrics : Emplois / Emploi au Québec,,true"
        for year in (2018, 2019)
    ]
    return "\n".join(lines) + "\n"


def _mixed_endings() -> bytes:
    lines = ["year,indicator,region,value", *(f"{2000 + n},jobs,Québec,{1000 + n}" for n in range(20))]
    ends = ("\r\n", "\n", "\r")
    return "".join(line + ends[n % 3] for n, line in enumerate(lines)).encode("utf-8")


def _gzip() -> bytes:
    return gzip.compress(FIGURES.encode("utf-8"))


def _html_table() -> bytes:
    return (
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>année</td><td>indicateur</td>"
        "<td>région</td><td>valeur</td></tr><tr><td>2019</td><td>emplois</td><td>Québec</td><td>1000</td></tr>"
        "</table></body></html>"
    ).encode()


QUEBEC = "Qu\u00e9bec"
NAICS = "North American Industry Classification System (NAICS)=Industry 3"
EMPLOYMENT = ("--indicator", "employment")
STATCAN_LINE = ",".join(f'"{h}"' for h in STATCAN_HEADER) + "\n"
ODD_NUMBERS = "year,indicator,region,value\n" + "".join(
    f"{2016 + n},jobs,{QUEBEC},{v}\n" for n, v in enumerate(("1e308", "nan", "inf", "-0", "9" * 23))
)
FORMULAS = f"year,indicator,region,value,source\n2019,jobs,{QUEBEC},=1+1,\"=cmd|' /C calc'!A0\"\n"
FRENCH = "ann\u00e9e,indicateur,r\u00e9gion,valeur\n2019,emplois,Qu\u00e9bec,1000\n"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n" + bytes(range(256)) * 200


def _truncated_xlsx() -> bytes:
    whole = xlsx_bytes(_figure_rows(500))
    return whole[: len(whole) // 2]


def _text(write: Callable[[], str], encoding: str = "utf-8") -> Callable[[Path], object]:
    return lambda path: path.write_text(write(), encoding=encoding)


def _made(write: Callable[[], bytes]) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(write())


def _cases() -> Iterator[Case]:
    yield Case("garbage.csv", _bytes(random.Random(17).randbytes(300_000)))
    yield Case("garbage.xlsx", _bytes(b"PK\x03\x04" + random.Random(18).randbytes(100_000)))
    yield Case("picture.csv", _made(_png))
    yield Case("picture.xlsx", _made(_png))
    yield Case("archive.xlsx", _made(_zip_of_text))
    yield Case("truncated.xlsx", _made(_truncated_xlsx))
    yield Case("empty_workbook.xlsx", _made(lambda: xlsx_bytes([])))
    yield Case("notes_then_figures.xlsx", _made(lambda: xlsx_bytes(_figure_rows(30), sheets=40)))
    yield Case("dimension_lie.xlsx", _made(_dimension_lie))
    yield Case("workbook_named.csv", _made(lambda: xlsx_bytes(_figure_rows(30))))
    yield Case("old_xls_named.xlsx", _made((CORPORA / "csvkit-examples" / "dummy.xls").read_bytes))
    yield Case("html_table.xls", _bytes(_html_table()))
    yield Case("gzip.csv", _made(_gzip))
    yield Case("pdf.csv", _bytes(PDF))
    yield Case("empty.csv", _bytes(b""))
    yield Case("bom_only.csv", _bytes(b"\xef\xbb\xbf"))
    yield Case("newlines_only.csv", _bytes(b"\n" * 100_000))
    yield Case("nul_bytes.csv", _bytes(b"\x00" * 100_000))
    yield Case("nul_in_figures.csv", _bytes(FIGURES.replace("116000", "116\x00000").encode()))
    yield Case("one_long_line.csv", _bytes(b"1," * 5_000_000))
    yield Case("unclosed_quote.csv", _bytes(f'year,indicator,region,value\n"2019,jobs,{QUEBEC},1\n'.encode() * 50_000))
    yield Case("utf16_no_bom.csv", _bytes(FIGURES.encode("utf-16-le")))
    yield Case("utf16be_no_bom.csv", _bytes(FIGURES.encode("utf-16-be")))
    yield Case("utf32.csv", _bytes(FIGURES.encode("utf-32")))
    yield Case("mixed_endings.csv", _bytes(_mixed_endings()))
    yield Case("big5.csv", _bytes("年度,指標,地區,數值\n2019,就業,魁北克,1000\n2020,就業,魁北克,1100\n".encode("big5")))
    yield Case("shift_jis.csv", _bytes("年,指標,地域,値\n2019,雇用,ケベック,1000\n".encode("shift_jis")))
    yield Case("greek.csv", _bytes("έτος,δείκτης,περιοχή,τιμή\n2019,θέσεις,Κεμπέκ,1000\n".encode("iso-8859-7")))
    yield Case("cp1252_semicolons.csv", _bytes(FRENCH.replace(",", ";").replace("1000", "1 234,5").encode("cp1252")))
    yield Case("mojibake.csv", _bytes(FRENCH.encode().decode("latin-1").encode()))  # UTF-8 read as Latin-1, saved
    yield Case("formulas.csv", _bytes(FORMULAS.encode()))
    yield Case("odd_numbers.csv", _bytes(ODD_NUMBERS.encode()))
    yield Case("header_only.csv", _bytes(b"year,indicator,region,value\n"))
    yield Case("statcan_header_only.csv", _bytes(STATCAN_LINE.encode("utf-8-sig")))
    yield Case("statcan_no_rows.csv", _bytes(STATCAN_LINE.encode()), EMPLOYMENT)
    yield Case("columns_1000.csv", _text(lambda: _wide(1000, lambda n: f"c{n}")))
    yield Case("years_1000.csv", _text(lambda: _wide(1000, lambda n: str(1000 + n))))
    yield Case("months_2000.csv", _text(lambda: _wide(2000, _month)))
    yield Case("months_2000.xlsx", _made(lambda: xlsx_bytes([r.split(",") for r in _wide(2000, _month).splitlines()])))
    yield Case("statcan_14100355.csv", _text(lambda: _statcan(220, 60), "utf-8-sig"))
    yield Case(
        "statcan_14100355_where.csv", _text(lambda: _statcan(220, 60), "utf-8-sig"), (*EMPLOYMENT, "--where", NAICS)
    )
    yield Case("statcan_status_x.csv", _text(lambda: _statcan(11, 24, status="x")), EMPLOYMENT)
    yield Case("export_33k.csv", _text(lambda: _export(33_000)), big=True)
    yield Case("export_300k.csv", _text(lambda: _export(300_000)), big=True)
    yield Case("multiline_200k.csv", _text(lambda: _multiline_cells(200_000)), big=True)
    yield Case("one_column_40mb.csv", _made(lambda: _one_column(40)), big=True)
    yield Case(
        "statcan_200k_rows.csv",
        _text(lambda: _statcan(880, 228), "utf-8-sig"),
        (*EMPLOYMENT, "--where", NAICS),
        big=True,
    )
    yield Case("sheet_400mb.xlsx", _made(lambda: _sheet_of(400)), big=True)


CASES = list(_cases())


# ------------------------------------------------------------------ running one


@dataclass(frozen=True)
class Outcome:
    """What the command line did with one file: exit code, its stdout parsed (None when it is not JSON), stderr,
    seconds."""

    code: int
    answer: object
    stderr: str
    seconds: float


def run_import(db: Path, path: Path, options: tuple[str, ...] = (), timeout: float = 120) -> Outcome:
    """`planmetrics --db DB import PATH --json --dry-run [OPTIONS]` in a process of its own, timed."""
    started = time.perf_counter()
    try:
        command = ["-m", "planmetrics", "--db", str(db), "import", str(path), "--json", "--dry-run", *options]
        done = subprocess.run(
            [sys.executable, *command], capture_output=True, text=True, check=False, cwd=ROOT, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return Outcome(STALLED, None, f"stalled: no answer within {timeout:.0f} s", time.perf_counter() - started)
    seconds = time.perf_counter() - started
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError:
        answer = None
    return Outcome(done.returncode, answer, done.stderr, seconds)


def fresh_db(folder: Path) -> Path:
    db = folder / "throwaway.duckdb"
    subprocess.run(
        [sys.executable, "-m", "planmetrics", "--db", str(db), "init", "--empty"], check=True, cwd=ROOT,
        capture_output=True,
    )  # fmt: skip
    return db


def _said(outcome: Outcome) -> str:
    if not isinstance(outcome.answer, dict):
        return "not JSON"
    errors = outcome.answer.get("errors") or []
    first = errors[0].get("message", "") if errors and isinstance(errors[0], dict) else ""
    return ("ok" if outcome.answer.get("ok") else "refused: ") + str(first)[:70].replace("\n", " ")


def _wanted(case: Case, only: str | None) -> bool:
    return {None: True, "written": True, "big": case.big, "small": not case.big}.get(only, False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("big", "small", "corpora", "written"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = fresh_db(folder)
        runs: list[tuple[str, int, Outcome]] = []
        if args.only in (None, "small", "corpora"):  # the corpora are small files
            for path in corpora_files():
                runs.append((f"{path.parent.name}/{path.name}", path.stat().st_size, run_import(db, path)))
        for case in CASES:
            if not _wanted(case, args.only):
                continue
            path = folder / case.name
            case.write(path)
            runs.append((case.name, path.stat().st_size, run_import(db, path, case.options)))
            path.unlink()
    print(f"{'file':44} {'bytes':>11} {'exit':>4} {'s':>6}  answer")
    for name, size, outcome in sorted(runs, key=lambda r: -r[2].seconds):
        print(f"{name:44} {size:>11,} {outcome.code:>4} {outcome.seconds:>6.2f}  {_said(outcome)}")


if __name__ == "__main__":
    main()
