"""XLSX: one sheet per table and an About sheet with the provenance and the fields.

Written in xlsxwriter's constant-memory mode: each row goes to a temporary file as soon
as it is complete, so a sheet of a million rows costs no more memory than one of ten.
A row is written with one ``write_row``, which writes each value by its type, and the
workbook is told never to read text as a formula, a link or a number.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from outcomes.errors import InvalidInput
from outcomes.exports.rows import ExportSource, table_rows
from outcomes.exports.tables import Table
from outcomes.exports.withholding import neutralise_texts

# Excel's limit is 1,048,576 rows a sheet, one of which is the header.
MAX_ROWS = 1_048_575
MAX_CELL_TEXT = 32_767

# What write_row returns when xlsxwriter had to cut a text short.
_TRUNCATED = -2


def check_fits(counts: dict[str, int]) -> None:
    """Refuse, before anything is written, an export a spreadsheet could not hold."""
    for table, count in counts.items():
        if count > MAX_ROWS:
            raise InvalidInput(
                f"The {table} table has {count:,} rows, more than the {MAX_ROWS:,} an Excel "
                "sheet can hold. Choose the CSV data package or Parquet format instead, "
                "or narrow the filters.",
                field="format",
            )


def write_xlsx(
    out: IO[bytes],
    source: ExportSource,
    tables: tuple[Table, ...],
    provenance: dict[str, Any],
    generated_at: datetime,
) -> dict[str, int]:
    workbook = Workbook(
        out,
        {
            "constant_memory": True,
            "nan_inf_to_errors": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "remove_timezone": True,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    # xlsxwriter dates the workbook with the time it is closed unless told otherwise.
    workbook.set_properties({"title": "Outcomes learning reviews dataset", "created": generated_at})
    bold = workbook.add_format({"bold": True})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    about = workbook.add_worksheet("About")
    counts = {}
    try:
        for table in tables:
            sheet = workbook.add_worksheet(table.name)
            counts[table.name] = _write_sheet(sheet, source, table, bold, moment)
    except BaseException:
        _discard(workbook)
        raise
    _write_about(about, provenance | {"row_counts": counts}, tables, bold)
    workbook.close()
    return counts


def _discard(workbook: Workbook) -> None:
    """Close and remove the temporary files (one a sheet, in constant-memory mode) of a
    workbook that will not be finished."""
    for sheet in workbook.worksheets():
        if sheet.row_data_fh is not None:
            sheet.row_data_fh.close()
        if sheet.row_data_filename is not None:
            Path(sheet.row_data_filename).unlink(missing_ok=True)


def _write_sheet(
    sheet: Worksheet,
    source: ExportSource,
    table: Table,
    bold: Format,
    moment: Format,
) -> int:
    """Write the table's rows, one ``write_row`` each: xlsxwriter picks every value's
    own method by its type (text as text, never a formula or a link; dates and numbers
    typed; None left empty), so there is no Python call per cell here."""
    sheet.write_row(0, 0, table.field_names, bold)
    sheet.freeze_panes(1, 0)
    # Dates take the workbook's default date format; times of day need their own.
    sheet.add_write_handler(
        datetime,
        lambda sheet, row, column, value, _format: sheet.write_datetime(row, column, value, moment),
    )
    texts = [index for index, field in enumerate(table.fields) if field.free_text]
    row_number = 0
    for batch in table_rows(source, table):
        if texts:
            neutralise_texts(batch, texts)
        for row in batch:
            row_number += 1
            if sheet.write_row(row_number, 0, row) == _TRUNCATED:
                raise InvalidInput(
                    f"A text value is longer than the {MAX_CELL_TEXT:,} characters an Excel "
                    "cell can hold. Choose the CSV data package or Parquet format instead.",
                    field="format",
                )
    return row_number


def _write_about(
    sheet: Worksheet, provenance: dict[str, Any], tables: tuple[Table, ...], bold: Format
) -> None:
    """Provenance as two columns (what, value), then every table's fields."""
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 3, 60)
    lines: list[tuple[str, str]] = [("Outcomes learning reviews dataset", "")]
    for key, value in provenance.items():
        if isinstance(value, dict) and key in ("row_counts", "missing_values", "disclosure"):
            lines.extend((f"{key}: {name or '(empty)'}", str(v)) for name, v in value.items())
        elif isinstance(value, list | dict):
            lines.append((key, json.dumps(value, ensure_ascii=False, sort_keys=True)))
        else:
            lines.append((key, str(value)))
    row = 0
    for row, (name, value) in enumerate(lines):
        sheet.write_string(row, 0, name, bold if row == 0 else None)
        sheet.write_string(row, 1, value)
    row += 2
    sheet.write_row(row, 0, ["Sheet", "Field", "Type", "Description"], bold)
    for table in tables:
        for field in table.fields:
            row += 1
            sheet.write_row(row, 0, [table.name, field.name, field.type, field.description])
