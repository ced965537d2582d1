"""XLSX: one sheet per table and an About sheet with the provenance and the fields.

The workbook's XML is written here directly (``outcomes.exports.sheetxml``), a batch of
rows at a time, into the zip that an XLSX file is: memory holds one batch whatever the
size of the export, and no Python call is made for most cells. Text is always written
as text, never as a formula, a link or a number.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import IO, Any

from sqlalchemy import ColumnElement, and_, case, func, literal

from outcomes.errors import InvalidInput
from outcomes.exports import sheetxml
from outcomes.exports.archive import entry
from outcomes.exports.rows import ExportSource, Line, count_rows, table_lines, table_rows
from outcomes.exports.tables import Table
from outcomes.exports.withholding import MARKERS, neutralise_sql, neutralise_texts

# Excel's limit is 1,048,576 rows a sheet, one of which is the header.
MAX_ROWS = 1_048_575
TITLE = "Outcomes learning reviews dataset"
# Widths of the About sheet's columns, as Excel stores the widths 28 and 60.
_ABOUT_WIDTHS = ((1, 1, 28.7109375), (2, 4, 60.7109375))
# What the database writes in place of a text too long for a cell: a control character,
# which every text written escapes (as _x0001_), so it means nothing else in a row.
_TOO_LONG = "\x01"
# The types of the fields whose cells ``_row_xml`` makes in SQL.
_MADE_IN_SQL = ("string", "integer", "number")


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
    """The workbook: the About sheet first, then a sheet per table. Counted first, both to
    refuse what a sheet cannot hold and to give each sheet its size at its start.

    The parts that say what the file is come first in the zip (programs that guess a
    file's type look there); the About sheet, which holds the row counts, comes last."""
    expected = count_rows(source, tables)
    check_fits(expected)
    names = ["About", *(table.name for table in tables)]
    parts = {
        "[Content_Types].xml": sheetxml.content_types(len(names)),
        "_rels/.rels": sheetxml.ROOT_RELATIONSHIPS,
        "docProps/app.xml": sheetxml.APP_PROPERTIES,
        "docProps/core.xml": sheetxml.core_properties(TITLE, generated_at),
        "xl/workbook.xml": sheetxml.workbook(names),
        "xl/_rels/workbook.xml.rels": sheetxml.workbook_relationships(len(names)),
        "xl/styles.xml": sheetxml.STYLES,
    }
    counts: dict[str, int] = {}
    with zipfile.ZipFile(out, "w") as archive:
        for path, text in parts.items():
            archive.writestr(entry(path), text.encode("utf-8"))
        for number, table in enumerate(tables, 2):
            with archive.open(entry(f"xl/worksheets/sheet{number}.xml"), "w") as member:
                counts[table.name] = _write_sheet(member, source, table, expected[table.name])
        about = _about_rows(provenance | {"row_counts": counts}, tables)
        archive.writestr(entry("xl/worksheets/sheet1.xml"), about.encode("utf-8"))
    return counts


def _write_sheet(out: IO[bytes], source: ExportSource, table: Table, expected: int) -> int:
    """The table's rows under a bold header row; return how many there were. The sheet's
    size at its start is the count made before (readers take it as a hint)."""
    letters = sheetxml.column_letters(len(table.fields))
    start = sheetxml.sheet_start(expected + 1, len(letters), frozen_header=True, selected=False)
    out.write((start + sheetxml.bold_row_xml(table.field_names, letters)).encode("utf-8"))
    written = 0
    row_xml = _row_xml(table)
    lines = table_lines(source, table, row_xml, b"", numbered_from=2) if row_xml else None
    if lines is not None:
        for block, rows in lines:
            if _TOO_LONG.encode() in block:
                raise sheetxml.too_long()
            out.write(block)
            written += rows
        out.write(sheetxml.SHEET_END.encode("utf-8"))
        return written
    texts = [index for index, field in enumerate(table.fields) if field.free_text]
    for batch in table_rows(source, table):
        if texts:
            neutralise_texts(batch, texts)
        out.write(sheetxml.rows_xml(batch, written + 2, letters).encode("utf-8"))
        written += len(batch)
    out.write(sheetxml.SHEET_END.encode("utf-8"))
    return written


def _row_xml(table: Table) -> Line | None:
    """A row's values (as text) and position as the ``<row>`` element ``rows_xml`` makes
    of them, made in SQL: numbers as numbers (a withheld one as its marker, in text),
    text made safe for spreadsheets and escaped as ``sheetxml.text_xml`` escapes it, and
    no cell for no value (``||`` makes NULL of a cell with none; ``concat`` skips it).
    None for a table with dates, times or booleans, whose cells Python makes."""
    if any(field.type not in _MADE_IN_SQL for field in table.fields):
        return None
    letters = sheetxml.column_letters(len(table.fields))

    def line(values: Sequence[ColumnElement[str]], row: ColumnElement[str]) -> ColumnElement[str]:
        cells: list[ColumnElement[str]] = [literal('<row r="') + row + '">']
        for letter, field, value in zip(letters, table.fields, values, strict=True):
            start = literal(f'<c r="{letter}') + row
            text_cell = start + '" t="inlineStr"><is><t xml:space="preserve">'
            if field.type == "string":
                text = neutralise_sql(value) if field.free_text else value
                cells.append(text_cell + _text_xml_sql(func.nullif(text, "")) + "</t></is></c>")
            else:  # a number
                cells.append(
                    case(
                        (value.in_(MARKERS), text_cell + value + "</t></is></c>"),
                        else_=start + '"><v>' + value + "</v></c>",
                    )
                )
        cells.append(literal("</row>"))
        return func.concat(*cells)

    return line


# sheetxml's escapes in SQL: XML's characters, text that looks like Excel's escape, and
# control characters and non-characters as Excel's _xHHHH_ (PostgreSQL text has no NUL).
_NEEDS_WORK_SQL = r"[&<>\x01-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_"
_ESCAPED = [*range(0x01, 0x09), *range(0x0B, 0x20), 0xFFFE, 0xFFFF]


def _text_xml_sql(value: ColumnElement[str]) -> ColumnElement[str]:
    escaped = func.replace(
        func.replace(func.replace(value, "&", "&amp;"), "<", "&lt;"), ">", "&gt;"
    )
    escaped = func.regexp_replace(escaped, "_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", "g")
    for code in _ESCAPED:
        escaped = func.replace(escaped, func.chr(code), f"_x{code:04X}_")
    # length() reads the whole text; octet_length() first, which is at least as long.
    too_long = and_(
        func.octet_length(value) > sheetxml.MAX_CELL_TEXT,
        func.length(value) > sheetxml.MAX_CELL_TEXT,
    )
    return case(
        (too_long, _TOO_LONG),
        (value.regexp_match(_NEEDS_WORK_SQL), escaped),
        else_=value,
    )


def _about_rows(provenance: dict[str, Any], tables: tuple[Table, ...]) -> str:
    """Provenance as two columns (what, value), then every table's fields."""
    lines: list[tuple[str, str]] = []
    for key, value in provenance.items():
        if isinstance(value, dict) and key in ("row_counts", "missing_values", "disclosure"):
            lines.extend((f"{key}: {name or '(empty)'}", str(v)) for name, v in value.items())
        elif isinstance(value, list | dict):
            lines.append((key, json.dumps(value, ensure_ascii=False, sort_keys=True)))
        else:
            lines.append((key, str(value)))
    fields = [
        (table.name, field.name, field.type, field.description)
        for table in tables
        for field in table.fields
    ]
    letters = sheetxml.column_letters(4)
    heading = 3 + len(lines)  # the title, the provenance, an empty row
    return "".join(
        (
            sheetxml.sheet_start(
                heading + len(fields),
                len(letters),
                frozen_header=False,
                selected=True,
                widths=_ABOUT_WIDTHS,
            ),
            sheetxml.bold_row_xml([TITLE], letters),
            sheetxml.rows_xml(lines, 2, letters),
            sheetxml.bold_row_xml(["Sheet", "Field", "Type", "Description"], letters, heading),
            sheetxml.rows_xml(fields, heading + 1, letters),
            sheetxml.SHEET_END,
        )
    )
