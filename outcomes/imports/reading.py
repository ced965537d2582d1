"""Reading a filled-in template (CSV or XLSX) into rows of text, within size limits."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from outcomes.errors import InvalidInput

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500


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
        raise InvalidInput(
            f"{filename} has more than {MAX_ROWS} reviews, the most one file can hold. "
            "Split it into smaller files.",
            field="file",
        )
    if not rows:
        raise InvalidInput(
            f"{filename} has no reviews in it: fill in a row under the column names.", field="file"
        )
    return Sheet([c for c in header if c], rows)


def _csv_rows(filename: str, data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"{filename} is not UTF-8 text. Save it as ‘CSV UTF-8’.", field="file"
        ) from None
    return list(csv.reader(io.StringIO(text, newline="")))


def _xlsx_rows(filename: str, data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # imported where used: it is slow to import

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InvalidInput(
            f"{filename} could not be opened as an Excel workbook. Save it as "
            "‘Excel Workbook (.xlsx)’.",
            field="file",
        ) from None
    try:
        sheet = book["Reviews"] if "Reviews" in book.sheetnames else book.worksheets[0]
        table: list[list[str]] = []
        filled = 0
        for row in sheet.iter_rows(values_only=True):
            cells = [_cell(value) for value in row]
            table.append(cells)
            filled += any(cell.strip() for cell in cells)
            if filled > MAX_ROWS + 1:
                break  # one past the limit (and the header) is enough to refuse the file
        return table
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
