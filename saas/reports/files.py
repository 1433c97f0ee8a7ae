"""Report and export files as people read them: XLSX for Excel and WPS, CSV
for other tools, written once by the worker.

Each XLSX sheet opens with a title row (the report, the sheet), a line with
the period, the store(s) and when it was generated in the store's time, then
the labelled header row, frozen, with an autofilter, repeated on every printed
page; columns are as wide as their content (measured on the first rows),
figures are numbers, percentages and dates carry their formats, and phones,
archive numbers and names are text cells (so `+8613901000001` keeps its `+`).
Pages print landscape, fitted to the width. A chart goes on a sheet of its
own, fitted to one page, with one measure per axis (a second measure on a
secondary axis) and only the rows it is about (no total, no median).

The CSV (UTF-8 with a BOM, CRLF) has the same labelled header and the same
rows as text, without the title lines, so tools can read it as a table.

Rows stream: the XLSX through openpyxl's write-only workbook (rows go to a
temporary file as they come), the CSV straight to its file, so a 200,000-row
export never holds its rows in memory. Every text goes through
`saas.spreadsheet.inert` (no cell ever becomes a formula).
"""

from __future__ import annotations

import csv
import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from saas.reports.labels import Language, label
from saas.spreadsheet import XML_ILLEGAL, inert

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Rows measured for the column widths (written before the first row, as a
# streaming sheet must).
SAMPLE_ROWS = 500
MIN_WIDTH, MAX_WIDTH = 6, 60
HEADER_ROW = 3  # title, heading line, header
SHEET_NAME_BAD = str.maketrans({c: "-" for c in "[]:*?/\\"})


class Kind(StrEnum):
    """How a column's values are written."""

    TEXT = "text"  # always a text cell: names, phones, archive numbers, codes
    WORD = "word"  # a vocabulary key (stage, status, metric), written as its label
    INT = "int"
    DECIMAL = "decimal"  # one decimal place
    PERCENT = "percent"  # a percentage figure: 85.3 is written as 85.3 %
    DATE = "date"
    DATETIME = "datetime"  # naive, already in the store's local time
    FLAG = "flag"  # True is written as the column's mark, False as nothing


FORMATS = {
    Kind.INT: "#,##0",
    Kind.DECIMAL: "#,##0.0",
    Kind.PERCENT: "0.0%",
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
}


@dataclass(frozen=True)
class Column:
    """A column: its key (the API's name, labelled in the file), how its values
    are written, and for a FLAG the word it shows for True."""

    key: str
    kind: Kind = Kind.TEXT
    heading: str | None = None  # the label, when the key alone does not make it
    mark: str = "yes"

    def title(self, language: Language) -> str:
        return self.heading if self.heading is not None else label(self.key, language)


@dataclass(frozen=True)
class Chart:
    """A chart of one sheet: categories from one column, bars for the columns
    of `primary` (one measure: same unit, same axis), and optionally one more
    measure as a line on a secondary axis; over the first `rows` data rows
    (None: all of them)."""

    title: str  # a label key or text
    categories: int
    primary: tuple[int, ...]
    secondary: int | None = None
    rows: int | None = None


@dataclass
class Sheet:
    """One sheet: rows may be a generator (an export streams from the database)."""

    name: str  # a label key or text
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    chart: Chart | None = None
    period: str | None = None  # overrides the heading's
    stores: str | None = None


@dataclass(frozen=True)
class Heading:
    """What the title lines of every sheet say."""

    report: str  # a label key
    period: str | None
    stores: str
    generated: datetime
    timezone: str = "Asia/Shanghai"


@dataclass
class Written:
    """A file written: what the database keeps about it."""

    format: str
    path: Path
    size_bytes: int = 0
    sha256: str = ""
    row_count: int = 0
    truncated: bool = False
    sheets: list[str] = field(default_factory=list)


def write_files(
    directory: Path,
    stem: str,
    heading: Heading,
    sheets: Sequence[Sheet],
    language: Language,
    *,
    max_rows: int,
    with_csv: bool = True,
) -> list[Written]:
    """Write `<stem>.xlsx` (every sheet) and, with `with_csv`, `<stem>.csv` (the
    first sheet) into `directory`, in one pass over the rows."""
    book = Book(directory, stem, heading, language, max_rows=max_rows, with_csv=with_csv)
    try:
        for sheet in sheets:
            book.open_sheet(sheet).close()
    except BaseException:
        book.abandon()
        raise
    return book.close()


class Book:
    """An XLSX (and the CSV of its first sheet) being written, sheet by sheet;
    a sheet's rows may arrive in chunks (`SheetStream.write`), as an export
    reads them from the database."""

    def __init__(
        self,
        directory: Path,
        stem: str,
        heading: Heading,
        language: Language,
        *,
        max_rows: int,
        with_csv: bool = True,
    ) -> None:

        directory.mkdir(parents=True, exist_ok=True)
        self.book = Workbook(write_only=True)
        self.heading, self.language, self.max_rows = heading, language, max_rows
        self.xlsx = Written("xlsx", directory / f"{stem}.xlsx")
        self.written = [self.xlsx]
        self.csv_file: IO[str] | None = None
        if with_csv:
            self.written.append(Written("csv", directory / f"{stem}.csv"))
            self.csv_file = self.written[1].path.open("w", encoding="utf-8-sig", newline="")
        self.current: SheetStream | None = None
        self.chart_sheets: list[Any] = []

    def open_sheet(self, sheet: Sheet) -> SheetStream:
        """Start a sheet with the rows `sheet` carries (its first rows size the
        columns); more may follow through the stream's `write`."""
        if self.current is not None:
            self.current.close()
        first = not self.xlsx.sheets
        csv_writer = csv.writer(self.csv_file) if first and self.csv_file is not None else None
        self.current = SheetStream(self, sheet, csv_writer, self.written if first else [])
        return self.current

    def close(self) -> list[Written]:
        if self.current is not None:
            self.current.close()
        if self.csv_file is not None:
            self.csv_file.close()
        # A workbook of several sheets (the weekly pack) reads its tables
        # first, then its charts, each still on a page of its own.
        sheets = self.book._sheets
        sheets.sort(key=lambda ws: any(ws is c for c in self.chart_sheets))
        self.book.save(self.xlsx.path)
        for w in self.written:
            w.size_bytes, w.sha256 = _digest(w.path)
        return self.written

    def abandon(self) -> None:
        """Drop what was written (the job failed)."""
        if self.csv_file is not None:
            self.csv_file.close()
        for w in self.written:
            w.path.unlink(missing_ok=True)


class SheetStream:
    """One sheet being written; `write` takes the next rows."""

    def __init__(self, book: Book, sheet: Sheet, csv_writer: Any, counts: list[Written]) -> None:
        self.book, self.sheet, self.csv_writer, self.counts = book, sheet, csv_writer, counts
        language = self.language = book.language
        self.title = _sheet_title(book.book, label(sheet.name, language))
        book.xlsx.sheets.append(self.title)
        ws = self.ws = book.book.create_sheet(self.title)
        self.columns = columns = list(sheet.columns)
        rows = list(sheet.rows)
        headers = [c.title(language) for c in columns]
        for n, (column, header) in enumerate(zip(columns, headers, strict=True)):
            texts = [_text(column, row[n], language) for row in rows[:SAMPLE_ROWS]]
            width = max([_width(header) + 3, *(_width(t) + 2 for t in texts)])
            letter = get_column_letter(n + 1)
            ws.column_dimensions[letter].width = min(max(width, MIN_WIDTH), MAX_WIDTH)
        # A streaming sheet writes its views and columns with its first row.
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        _landscape(ws, fit_height=0)
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

        heading = book.heading
        report, name = label(heading.report, language), label(sheet.name, language)
        title = report if name == report else f"{report} · {name}"
        ws.append([_styled(ws, title, bold=True, size=14)])
        ws.append([_styled(ws, _heading_line(heading, sheet, language), size=9)])
        ws.append([_styled(ws, h, bold=True, fill="DDEBF7") for h in headers])
        if csv_writer is not None:
            csv_writer.writerow([inert(h) for h in headers])
        self.count, self.truncated, self.closed = 0, False, False
        self.write(rows)

    def write(self, rows: Iterable[Sequence[Any]]) -> bool:
        """Append rows; False once the file holds REPORT_MAX_ROWS (stop sending)."""
        columns, language, ws = self.columns, self.language, self.ws
        for row in rows:
            if self.count == self.book.max_rows:
                self.truncated = True
                return False
            ws.append(_cells(ws, columns, row, language))
            if self.csv_writer is not None:
                self.csv_writer.writerow(
                    [_text(c, v, language) for c, v in zip(columns, row, strict=True)]
                )
            self.count += 1
        return True

    def close(self) -> None:

        if self.closed:
            return
        self.closed = True
        ws, language = self.ws, self.language
        last = get_column_letter(max(len(self.columns), 1))
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + self.count}"
        if self.truncated:
            note = label("rows_cut", language).format(n=f"{self.book.max_rows:,}")
            ws.append([])
            ws.append([_styled(ws, note, bold=True)])
        for w in self.counts:
            w.row_count, w.truncated = self.count, self.truncated
        if self.sheet.chart is not None and self.count:
            chart = _chart_sheet(self.book.book, ws, self.sheet, self.columns, self.count, language)
            if chart is not None:
                self.book.chart_sheets.append(chart)


def _chart_sheet(
    book: Workbook,
    data: WriteOnlyWorksheet,
    sheet: Sheet,
    columns: list[Column],
    count: int,
    language: Language,
) -> WriteOnlyWorksheet | None:
    """The chart on a sheet of its own, fitted to one landscape page."""
    spec = sheet.chart
    assert spec is not None
    rows = count if spec.rows is None else min(spec.rows, count)
    if rows == 0:
        return None
    first, last = HEADER_ROW + 1, HEADER_ROW + rows
    chart = BarChart()
    chart.type = "col"
    chart.title = label(spec.title, language)
    for column in spec.primary:
        chart.add_data(
            Reference(data, min_col=column + 1, min_row=HEADER_ROW, max_row=last),
            titles_from_data=True,
        )
    categories = Reference(data, min_col=spec.categories + 1, min_row=first, max_row=last)
    chart.set_categories(categories)
    # No title on the category axis: its labels (stores, stages, people) say
    # it, and LibreOffice would repeat it above a chart with a secondary axis.
    chart.y_axis.title = (
        columns[spec.primary[0]].title(language) if len(spec.primary) == 1 else None
    )
    chart.y_axis.number_format = _axis_format(columns[spec.primary[0]].kind)
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    if spec.secondary is not None:
        line = LineChart()
        line.add_data(
            Reference(data, min_col=spec.secondary + 1, min_row=HEADER_ROW, max_row=last),
            titles_from_data=True,
        )
        line.set_categories(categories)
        line.x_axis = chart.x_axis  # one category axis, shared
        for series in line.series:
            series.smooth = False  # a straight line between the figures, not a curve
        line.y_axis.axId = 200
        line.y_axis.title = columns[spec.secondary].title(language)
        line.y_axis.number_format = _axis_format(columns[spec.secondary].kind)
        line.y_axis.crosses = "max"
        line.y_axis.majorGridlines = None
        line.y_axis.delete = False
        chart += line
    chart.width, chart.height = 24, 14  # cm: inside a landscape A4 page's margins
    ws = book.create_sheet(_sheet_title(book, f"{label('chart', language)} {data.title}"))
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    _landscape(ws, fit_height=1)
    ws.add_chart(chart, "A1")
    return ws


def _axis_format(kind: Kind) -> str:
    """An axis reads in round steps: 20%, not 20.0%."""
    return "0%" if kind is Kind.PERCENT else FORMATS.get(kind, "General")


def _landscape(ws: Any, *, fit_height: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = fit_height
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def _heading_line(heading: Heading, sheet: Sheet, language: Language) -> str:
    generated = heading.generated.astimezone(ZoneInfo(heading.timezone))
    parts = []
    period = sheet.period or heading.period
    if period:
        parts.append(f"{label('period', language)}: {period}")
    parts.append(f"{label('stores', language)}: {label(sheet.stores or heading.stores, language)}")
    parts.append(
        f"{label('generated', language)}: {generated:%Y-%m-%d %H:%M} ({heading.timezone}); "
        f"{label('local_times', language)}"
    )
    return " · ".join(parts)


def _sheet_title(book: Workbook, wanted: str) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the book."""
    base = wanted.translate(SHEET_NAME_BAD).strip("'")[:31] or "Sheet"
    taken = {ws.title for ws in book.worksheets}
    title, n = base, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def _styled(ws: Any, value: Any, *, bold: bool = False, size: float = 11, fill: str = "") -> Any:
    cell = WriteOnlyCell(ws, value=_clean(value))
    cell.font = Font(bold=bold, size=size)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)
    return cell


def _clean(value: Any) -> Any:
    return inert(XML_ILLEGAL.sub("", value)) if isinstance(value, str) else value


def _cells(ws: Any, columns: list[Column], row: Sequence[Any], language: Language) -> list[Any]:

    cells: list[Any] = []
    for column, value in zip(columns, row, strict=True):
        kind = column.kind
        if value is None:
            cells.append(None)
        elif kind is Kind.TEXT:
            # Text stays text (a phone keeps its +); a number given here stays a number.
            plain = isinstance(value, int | float) and not isinstance(value, bool)
            cells.append(value if plain else _clean(str(value)))
        elif kind is Kind.WORD:
            cells.append(_clean(label(str(value), language)))
        elif kind is Kind.FLAG:
            cells.append(label(column.mark, language) if value else None)
        elif kind in (Kind.INT,) and isinstance(value, int | float):
            cells.append(value)
        elif kind in FORMATS and isinstance(value, int | float | date):
            number = value / 100 if kind is Kind.PERCENT and not isinstance(value, date) else value
            cell = WriteOnlyCell(ws, value=number)
            cell.number_format = FORMATS[kind]
            cells.append(cell)
        else:
            cells.append(_clean(value) if isinstance(value, str) else str(value))
    return cells


def _text(column: Column, value: Any, language: Language) -> str:
    """The value as the CSV holds it (and as wide as the XLSX shows it)."""
    if value is None:
        return ""
    kind = column.kind
    if kind is Kind.WORD:
        return str(inert(label(str(value), language)))
    if kind is Kind.FLAG:
        return label(column.mark, language) if value else ""
    if kind is Kind.PERCENT and isinstance(value, int | float):
        return f"{value:.1f}%"
    if kind is Kind.DECIMAL and isinstance(value, int | float):
        return f"{value:.1f}"
    if kind is Kind.DATETIME and isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if kind is Kind.DATE and isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return str(inert(XML_ILLEGAL.sub("", value)))
    return str(value)


def _width(text: str) -> int:
    """Columns a text takes in a spreadsheet: Chinese characters count two."""
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def _digest(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def local(at: datetime | None, timezone: str) -> datetime | None:
    """A stored (UTC) time as the store's local wall-clock time, as cells hold
    it (to the second: a cell shows minutes)."""
    if at is None:
        return None
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(timezone)).replace(tzinfo=None, microsecond=0)
