"""A Frictionless data package: one CSV per table and ``datapackage.json``, zipped.

The CSV files hold no timestamps of their own making and rows come in a stable order,
so two exports of the same data and query have byte-identical CSV files; only
``datapackage.json`` differs, by its ``created`` time.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import IO, Any, cast

from sqlalchemy import ColumnElement, case, func, literal, literal_column, or_

from outcomes.exports.archive import FileFacts, HashingWriter, entry
from outcomes.exports.provenance import table_schema, timestamp
from outcomes.exports.rows import ExportSource, Line, table_lines, table_rows
from outcomes.exports.tables import Table
from outcomes.exports.withholding import neutralise_sql, neutralise_texts

Converter = Callable[[Any], Any]
LINE_END = "\r\n"
# What makes csv.writer quote a text.
_QUOTED_CHARACTERS = ('"', ",", "\r", "\n")


def _boolean(value: bool) -> str:
    return "true" if value else "false"


def csv_converters(table: Table) -> tuple[list[int], list[tuple[int, Converter]]]:
    """The free-text fields, to make safe for spreadsheets; and the fields csv.writer
    cannot write as they are, with what to write instead.

    Everything else (ids, codes, whole and decimal numbers, dates, markers, None as an
    empty cell) csv.writer already writes as Table Schema reads it.
    """
    texts = [index for index, field in enumerate(table.fields) if field.free_text]
    converters: list[tuple[int, Converter]] = []
    for index, field in enumerate(table.fields):
        if field.type == "datetime":
            converters.append((index, timestamp))
        elif field.type == "boolean":
            converters.append((index, _boolean))
    return texts, converters


def write_csv(source: ExportSource, table: Table, out: IO[bytes]) -> int:
    """Write the table as UTF-8 CSV with a header row; return the number of rows."""
    texts, converters = csv_converters(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_END)
    writer.writerow(table.field_names)
    count = 0
    lines = table_lines(source, table, _csv_line(table), LINE_END.encode())
    if lines is not None:
        out.write(buffer.getvalue().encode("utf-8"))
        for block, size in lines:
            out.write(block)
            count += size
        return count
    for batch in table_rows(source, table):
        rows: list[Any] = [_converted(row, converters) for row in batch] if converters else batch
        if texts:
            neutralise_texts(rows, texts)
        writer.writerows(rows)
        count += len(batch)
        out.write(buffer.getvalue().encode("utf-8"))
        buffer.seek(0)
        buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))
    return count


def _csv_line(table: Table) -> Line:
    """A row's values (as text) as one line of CSV, made in SQL as ``write_csv`` makes it
    in Python: free text made safe for spreadsheets and quoted where csv.writer quotes it
    (a comma, a double quote or a line break in it), an empty cell for no value. Other
    values are ids, codes, numbers and markers, which hold none of those characters."""

    def line(values: Sequence[ColumnElement[str]], _: ColumnElement[str]) -> ColumnElement[str]:
        cells: list[ColumnElement[str]] = []
        for field, value in zip(table.fields, values, strict=True):
            if field.free_text:
                safe = neutralise_sql(value)
                value = case(
                    (_quoted(value), literal('"') + func.replace(safe, '"', '""') + '"'),
                    else_=safe,
                )
            cells.extend((literal_column("','"), value))
        # concat() writes NULL as nothing: an empty cell.
        return func.concat(*cells[1:])

    return line


def _quoted(text: ColumnElement[str]) -> ColumnElement[bool]:
    """Whether csv.writer quotes ``text``: it holds a double quote, a comma or a line
    break. Each is looked for on its own (``strpos``), which costs PostgreSQL a third of
    one regular expression for them all (it first turns the whole text into wide
    characters): this runs for every free text of a national export."""
    return or_(*(func.strpos(text, character) > 0 for character in _QUOTED_CHARACTERS))


def _converted(row: Sequence[Any], converters: list[tuple[int, Converter]]) -> list[Any]:
    values = list(row)
    for index, convert in converters:
        value = values[index]
        if value is not None:
            values[index] = convert(value)
    return values


def write_datapackage(
    out: IO[bytes],
    source: ExportSource,
    tables: tuple[Table, ...],
    provenance: dict[str, Any],
    generated_at: datetime,
) -> dict[str, int]:
    return write_package_zip(out, source, tables, provenance, generated_at, "csv", write_csv)


def write_package_zip(
    out: IO[bytes],
    source: ExportSource,
    tables: tuple[Table, ...],
    provenance: dict[str, Any],
    generated_at: datetime,
    file_format: str,
    write: Callable[[ExportSource, Table, IO[bytes]], int],
) -> dict[str, int]:
    """A zip of one ``file_format`` file per table, written by ``write``, and a descriptor."""
    counts: dict[str, int] = {}
    files: dict[str, FileFacts] = {}
    with zipfile.ZipFile(out, "w") as archive:
        for table in tables:
            path = f"{table.name}.{file_format}"
            with archive.open(entry(path), "w", force_zip64=True) as member:
                hashing = HashingWriter(member)
                # A HashingWriter is written to as a binary file, which is all writers do.
                counts[table.name] = write(source, table, cast(IO[bytes], hashing))
            files[path] = hashing.facts
        descriptor = package_descriptor(
            tables, provenance, counts, files, generated_at, file_format
        )
        archive.writestr(entry("datapackage.json"), json_bytes(descriptor))
    return counts


def package_descriptor(
    tables: tuple[Table, ...],
    provenance: dict[str, Any],
    counts: dict[str, int],
    files: dict[str, FileFacts],
    generated_at: datetime,
    file_format: str,
) -> dict[str, Any]:
    """``datapackage.json``: the tables' schemas, their files' checksums, the provenance."""
    resources = []
    for table in tables:
        path = f"{table.name}.{file_format}"
        resource: dict[str, Any] = {
            "name": table.name,
            "title": table.title,
            "description": table.description,
            "path": path,
            "format": file_format,
            "bytes": files[path].bytes,
            "hash": f"sha256:{files[path].sha256}",
            "schema": table_schema(table),
        }
        if file_format == "csv":
            resource |= {
                "profile": "tabular-data-resource",
                "mediatype": "text/csv",
                "encoding": "utf-8",
            }
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "outcomes-export",
        "title": "Outcomes learning reviews dataset",
        "created": timestamp(generated_at),
        "resources": resources,
        "provenance": provenance
        | {
            "row_counts": counts,
            "files": {
                path: {"sha256": facts.sha256, "bytes": facts.bytes}
                for path, facts in files.items()
            },
        },
    }


def json_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
