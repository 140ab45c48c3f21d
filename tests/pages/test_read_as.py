"""The Upload page's "Read as" line, headless: the delimiter and the decimal mark each named, a tab by its
name, and what a file has none of said as such (a workbook has no delimiter, whole numbers no decimal mark),
never an empty pair of quotes. Real files through the page's own uploader, on a database made by `init`."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.pages.conftest import PageRunner, texts


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["year", "indicator", "value", "source"])
    sheet.append([2019, "jobs", 121500, "Federation 2019"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CASES = [
    (
        "en",
        "whole.csv",
        b"year,indicator,value,source\n2019,jobs,121500,Federation 2019\n",
        "Read as: encoding utf-8, delimiter “,”, no decimal mark, layout long (one figure a row).",
    ),
    (
        "fr",
        "entiers.csv",
        "année;indicateur;valeur;source\r\n2019;Emplois;121 500;Fédération 2019\r\n".encode("cp1252"),
        "Lu comme : encodage latin-1, séparateur « ; », sans marque décimale, format long (une donnée par ligne).",
    ),
    (
        "fr",
        "decimales.csv",
        "année;indicateur;valeur;source\r\n2019;Chiffre d'affaires (G$);47,5;Fédération 2019\r\n".encode("cp1252"),
        "Lu comme : encodage latin-1, séparateur « ; », marque décimale « , », format long (une donnée par ligne).",
    ),
    (
        "en",
        "tabs.tsv",
        b"year\tindicator\tvalue\tsource\n2019\tjobs\t121500.5\tFederation 2019\n",
        "Read as: encoding utf-8, tab delimiter, decimal mark “.”, layout long (one figure a row).",
    ),
    (
        "fr",
        "classeur.xlsx",
        _workbook(),
        "Lu comme : encodage xlsx, sans séparateur, sans marque décimale, format long (une donnée par ligne).",
    ),
]


@pytest.mark.parametrize(("lang", "name", "content", "said"), CASES, ids=[c[1] for c in CASES])
def test_the_read_as_line_names_each_mark_or_says_there_is_none(
    run_page: PageRunner, lang: str, name: str, content: bytes, said: str
) -> None:
    at = run_page("upload", lang=lang)  # no user configured: the page is open, as its warning says
    at.file_uploader[0].set_value((name, content, "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert said in shown.splitlines(), shown
    assert "« »" not in shown and "“”" not in shown
