"""Reading a filled-in template (CSV or XLSX) into rows of text, within size limits."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from outcomes.errors import InvalidInput

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500  # reviews in one file
# Rows the sheet may hold, blank ones included, and columns: far more than any template
# needs (one column per question), far less than a hostile file can claim.
MAX_SHEET_ROWS = 2 * MAX_ROWS
MAX_COLUMNS = 1000
# What the workbook's parts may grow to when unzipped: a few KB can claim gigabytes.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024

Table = list[list[str]]


@dataclass(frozen=True)
class Sheet:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as the spreadsheet shows it, values)


def read_sheet(filename: str, data: bytes) -> Sheet:
    if len(data) > MAX_BYTES:
        raise InvalidInput(
            f"{filename} is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it into smaller "
            "files, each with fewer rows.",
            field="file",
        )
    name = filename.lower()
    if name.endswith(".csv"):
        table = _csv_rows(filename, data)
    elif name.endswith(".xlsx"):
        table = _xlsx_rows(filename, data)
    else:
        raise InvalidInput(f"{filename} must be a CSV or XLSX file", field="file")
    if not table or not any(cell.strip() for cell in table[0]):
        raise InvalidInput(
            f"{filename} is empty. Use the template: its first row names the columns.", field="file"
        )
    header = [cell.strip() for cell in table[0]]
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are common at the end of a spreadsheet
        rows.append(
            (
                number,
                {
                    header[i]: cells[i] if i < len(cells) else ""
                    for i in range(len(header))
                    if header[i]
                },
            )
        )
    if len(rows) > MAX_ROWS:
        raise _too_many_reviews(filename)
    if not rows:
        raise InvalidInput(
            f"{filename} has no reviews in it: fill in a row under the column names.", field="file"
        )
    return Sheet([c for c in header if c], rows)


def _bounded(filename: str, rows: Iterable[Sequence[object]]) -> Table:
    """The rows as text, read one at a time and refused as soon as there are more rows
    (blank ones count), more columns or more reviews than a file may hold, so that
    neither time nor memory depends on what a file claims."""
    table: Table = []
    filled = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_SHEET_ROWS:
            raise InvalidInput(
                f"{filename} has more than {MAX_SHEET_ROWS:,} rows, counting blank ones. "
                "Delete the blank rows under your reviews, or split the file.",
                field="file",
            )
        if len(row) > MAX_COLUMNS and any(value not in (None, "") for value in row[MAX_COLUMNS:]):
            raise _too_wide(filename)
        cells = [_cell(value) for value in row[:MAX_COLUMNS]]
        while cells and not cells[-1]:
            cells.pop()  # a sheet pads every row to its widest: keep what was typed
        table.append(cells)
        filled += bool(cells)
        if filled > MAX_ROWS + 1:  # one past the limit (and the header) is enough
            raise _too_many_reviews(filename)
    return table


def _too_many_reviews(filename: str) -> InvalidInput:
    return InvalidInput(
        f"{filename} has more than {MAX_ROWS} reviews, the most one file can hold. "
        "Split it into smaller files.",
        field="file",
    )


def _too_wide(filename: str) -> InvalidInput:
    return InvalidInput(
        f"{filename} has more than {MAX_COLUMNS:,} columns. Use the template: it has one "
        "column per question. Delete any columns after its last one.",
        field="file",
    )


def _csv_rows(filename: str, data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"{filename} is not UTF-8 text. Save it as ‘CSV UTF-8’.", field="file"
        ) from None
    return _bounded(filename, csv.reader(io.StringIO(text, newline="")))


def _xlsx_rows(filename: str, data: bytes) -> Table:
    from openpyxl import load_workbook  # imported where used: it is slow to import

    unreadable = InvalidInput(
        f"{filename} could not be opened as an Excel workbook. Save it as "
        "‘Excel Workbook (.xlsx)’.",
        field="file",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
        if unzipped > MAX_UNZIPPED_BYTES:
            raise InvalidInput(
                f"{filename} would take more than {MAX_UNZIPPED_BYTES // (1024 * 1024)} MB "
                "once opened. Copy your reviews into a fresh template and upload that.",
                field="file",
            )
        # read_only streams the sheet row by row instead of building it in memory.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise unreadable from None
    try:
        sheet = book["Reviews"] if "Reviews" in book.sheetnames else book.worksheets[0]
        # What the sheet claims to span counts as well: refuse it before reading a row.
        if (sheet.max_row or 0) > MAX_SHEET_ROWS or (sheet.max_column or 0) > MAX_COLUMNS:
            raise InvalidInput(
                f"{filename} says its sheet spans {sheet.max_row or 0:,} rows and "
                f"{sheet.max_column or 0:,} columns, more than {MAX_SHEET_ROWS:,} rows and "
                f"{MAX_COLUMNS:,} columns. Copy your reviews into a fresh template and upload "
                "that.",
                field="file",
            )
        # The bounds stop the reader padding rows to whatever width a file claims.
        rows = sheet.iter_rows(
            max_row=MAX_SHEET_ROWS + 1, max_col=MAX_COLUMNS + 1, values_only=True
        )
        try:
            return _bounded(filename, rows)
        except (KeyError, ValueError, TypeError, SyntaxError, zipfile.BadZipFile):
            raise unreadable from None  # a broken sheet (SyntaxError covers bad XML)
    finally:
        book.close()


def _cell(value: object) -> str:
    """Cells as the text a person typed: whole numbers without '.0', dates as 2025-04-01."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
