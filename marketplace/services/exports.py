"""Tables to files: CSV (UTF-8 with a BOM, so Excel opens Chinese correctly) and Excel
workbooks (openpyxl). Plain data in: headers and rows of cells, already in the user's
language (the callers say them through marketplace/wording); bytes out.

Every export goes through here, so here is where text typed by users is made safe for a
spreadsheet (OWASP "CSV injection"): a text cell that begins with = + - @, a tab or a carriage
return gets a leading single quote, and Excel cells holding text are stored as plain strings,
never formulas. Numbers stay numbers: only text is neutralised.

Times are stored in UTC; a file shows them as the screen does, in the platform's time zone
(BABEL_DEFAULT_TIMEZONE, Asia/Shanghai), and a column holding times names that zone in its
header ("提交时间（UTC+08:00）"), since neither CSV nor Excel can carry a zone in the cell."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import has_app_context
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

BOM = "\ufeff"
# Excel's sheet titles: at most 31 characters, none of []:*?/\
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
# What a spreadsheet reads as the start of a formula (or that hides one after whitespace).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")


def export_zone() -> tzinfo:
    """The zone pages show times in (Flask-Babel's), or Asia/Shanghai outside an app."""
    if has_app_context():
        from flask_babel import get_timezone

        return get_timezone() or DEFAULT_ZONE
    return DEFAULT_ZONE


def local_time(value: datetime, zone: tzinfo) -> datetime:
    """A stored time (UTC; naive ones from SQLite are UTC too) as a naive local time in zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone).replace(tzinfo=None)


def zone_label(zone: tzinfo) -> str:
    """'UTC+08:00' for Asia/Shanghai: the offset now, which a reader can check at a glance."""
    offset = datetime.now(zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _localise(headers: Sequence[str], rows: Iterable[Sequence], zone: tzinfo | None):
    """Headers and rows with times moved to the local zone and their columns' headers naming it."""
    zone = zone or export_zone()
    rows = [list(row) for row in rows]
    timed: set[int] = set()
    for row in rows:
        for i, value in enumerate(row):
            if isinstance(value, datetime):
                row[i] = local_time(value, zone)
                timed.add(i)
    label = zone_label(zone)
    named = [
        (f"{h}（{label}）" if any(ord(c) > 0x2E7F for c in str(h)) else f"{h} ({label})")
        if i in timed
        else h
        for i, h in enumerate(headers)
    ]
    return named, rows


def neutralise(text: str) -> str:
    """The text as a spreadsheet will show it and never evaluate it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # Excel's own words; callers word yes/no themselves
    if isinstance(value, int | float | Decimal):
        return str(value)
    return neutralise(str(value))


def csv_bytes(
    headers: Sequence[str], rows: Iterable[Sequence], zone: tzinfo | None = None
) -> bytes:
    headers, rows = _localise(headers, rows, zone)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(str(h)) for h in headers])
    for row in rows:
        writer.writerow([_text_cell(cell) for cell in row])
    return (BOM + out.getvalue()).encode("utf-8")


def _xlsx_cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # already local (see _localise): Excel has no zones
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | date):
        return value
    return neutralise(str(value))


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]], zone: tzinfo | None = None
) -> bytes:
    """One worksheet per (title, headers, rows), header row bold and frozen."""
    book = Workbook()
    book.remove(book.active)
    for title, raw_headers, raw_rows in sheets:
        headers, rows = _localise(raw_headers, raw_rows, zone)
        sheet = book.create_sheet(str(title).translate(_SHEET_FORBIDDEN)[:31] or "Sheet")
        sheet.append([neutralise(str(h)) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E5E7EB")
            cell.alignment = Alignment(vertical="center")
        widths = [len(str(h)) * 2 + 2 for h in headers]
        for row in rows:
            values = [_xlsx_cell(v) for v in row]
            sheet.append(values)
            for i, value in enumerate(values):
                if isinstance(value, str):
                    # openpyxl guesses a formula from a leading "="; text is only ever text
                    sheet.cell(sheet.max_row, i + 1).data_type = "s"
                if isinstance(value, datetime):
                    sheet.cell(sheet.max_row, i + 1).number_format = "yyyy-mm-dd hh:mm"
                text = _text_cell(value)
                widths[i] = max(widths[i], min(60, sum(2 if ord(c) > 255 else 1 for c in text) + 2))
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
