"""Reading a dealer's spreadsheet: CSV in UTF-8 (with or without BOM), GBK /
GB18030 or UTF-16, or XLSX; headers in English or Chinese. Problems with the
file as a whole (encoding, missing columns) are one clear validation error on
the file; problems of single rows are left to the import, row by row."""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zipfile import BadZipFile

from saas.errors import ValidationFailed

MAX_ROWS = 100_000

# Canonical column -> accepted headers (compared after `_header_key`). The
# README's import template lists the same names.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "customer name", "姓名", "客户姓名", "客户名称", "客户名", "名字", "联系人"),
    "phone": ("phone", "mobile", "phone number", "手机", "手机号", "手机号码", "电话", "联系电话",
              "电话号码", "联系方式"),
    "wechat": ("wechat", "微信", "微信号"),
    "gender": ("gender", "sex", "性别"),
    "city": ("city", "城市", "所在城市"),
    "model": ("model", "vehicle model", "intended model", "意向车型", "车型"),
    "source": ("source", "source channel", "channel", "来源", "线索来源", "客户来源", "来源渠道",
               "渠道"),
    "grade": ("grade", "intent grade", "level", "级别", "意向级别", "客户级别", "意向等级"),
    "note": ("note", "notes", "remark", "remarks", "备注"),
}  # fmt: skip
REQUIRED = ("name", "phone")
LABELS = {"name": "姓名/name", "phone": "手机/phone"}
MAX_CELL = 500


def _header_key(header: str) -> str:
    """'手机号(必填)*' and 'Phone Number' compare as '手机号' and 'phonenumber'."""
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", header.lower())
    return re.sub(r"[\s*＊:：_\-]", "", text)


_ALIASES = {_header_key(a): name for name, aliases in COLUMNS.items() for a in aliases}


@dataclass
class ParsedFile:
    """Data rows as {"row": spreadsheet row number, column: text}; blank cells
    and wholly blank rows are left out."""

    rows: list[dict[str, object]]
    columns: dict[str, str]  # canonical column -> the header as written in the file
    ignored: list[str] = field(default_factory=list)


def parse_file(file_name: str, content: bytes, path: str = "content") -> ParsedFile:
    if content.startswith(b"PK\x03\x04"):
        table = _xlsx_rows(content, path)
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationFailed.one(
            path, "this is an old Excel .xls file: save it as .xlsx or as CSV and send that"
        )
    elif file_name.lower().endswith(".xlsx"):
        raise ValidationFailed.one(path, "this .xlsx file is damaged or not an Excel workbook")
    else:
        table = _csv_rows(decode_text(content, path))
    return _rows_of(table, path)


def decode_text(content: bytes, path: str = "content") -> str:
    """UTF-8 (a BOM is dropped), UTF-16 with its BOM, else GB18030 (a superset
    of GBK and GB2312, what Chinese Excel saves as 'CSV')."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise ValidationFailed.one(
        path,
        "the file is not text in UTF-8 or GBK/GB18030 (nor an .xlsx workbook): "
        "in Excel use 'Save as' > 'CSV UTF-8' or .xlsx",
    )


def _csv_rows(text: str) -> list[list[object]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _xlsx_rows(content: bytes, path: str) -> list[list[object]]:
    # openpyxl takes about 0.1 s to import; only XLSX uploads need it.
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError):
        raise ValidationFailed.one(
            path, "this .xlsx file is damaged or not an Excel workbook"
        ) from None
    try:
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed as a number: 13800138000.0
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value).replace("\x00", "").strip()[:MAX_CELL]


def _rows_of(table: list[list[object]], path: str) -> ParsedFile:
    header_at = next((i for i, r in enumerate(table) if any(_cell(v) for v in r)), None)
    if header_at is None:
        raise ValidationFailed.one(path, "the file is empty: put the column headers in row 1")
    headers = [_cell(v) for v in table[header_at]]
    positions: dict[str, list[int]] = {}
    columns: dict[str, str] = {}
    ignored = []
    for index, header in enumerate(headers):
        name = _ALIASES.get(_header_key(header))
        if name is None:
            if header:
                ignored.append(header)
            continue
        positions.setdefault(name, []).append(index)
        columns.setdefault(name, header)
    missing = [LABELS[n] for n in REQUIRED if n not in positions]
    if missing:
        found = ", ".join(h for h in headers if h) or "none"
        raise ValidationFailed.one(
            path,
            f"missing required column(s) {' and '.join(missing)} in the header row "
            f"(found: {found}); see the import template in the README",
        )
    rows: list[dict[str, object]] = []
    for offset, raw in enumerate(table[header_at + 1 :], start=header_at + 2):
        cells = [_cell(v) for v in raw]
        row: dict[str, object] = {}
        for name, indexes in positions.items():
            value = next((cells[i] for i in indexes if i < len(cells) and cells[i]), "")
            if value:
                row[name] = value
        if row:
            rows.append({"row": offset, **row})
    if not rows:
        raise ValidationFailed.one(path, "the file has headers but no rows to import")
    if len(rows) > MAX_ROWS:
        raise ValidationFailed.one(
            path, f"{len(rows)} rows: at most {MAX_ROWS} per file; split it into several files"
        )
    return ParsedFile(rows, columns, ignored)
