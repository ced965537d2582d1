"""Writing the import template as XLSX (with a sheet describing each column) or CSV."""

from __future__ import annotations

import csv
import io

from outcomes.imports.columns import Column, template_columns
from outcomes.reviews.pinned import PinnedDefinition

REVIEWS_SHEET = "Reviews"
COLUMNS_SHEET = "Columns"
GUIDE_HEADER = ("Column", "Question", "Required", "What to write")


def guide_rows(columns: list[Column]) -> list[tuple[str, str, str, str]]:
    return [(c.name, c.label, "Yes" if c.required else "No", c.allowed) for c in columns]


def template_xlsx(definition: PinnedDefinition) -> bytes:
    # Imported where used: openpyxl is slow to import.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    columns = template_columns(definition)
    book = Workbook()
    reviews = book.active
    reviews.title = REVIEWS_SHEET
    reviews.append([c.name for c in columns])
    for cell in reviews[1]:
        cell.font = Font(bold=True)
    reviews.freeze_panes = "A2"
    guide = book.create_sheet(COLUMNS_SHEET)
    guide.append([f"{definition.label}: one row per review, one column per question."])
    guide.append(list(GUIDE_HEADER))
    for cell in guide[2]:
        cell.font = Font(bold=True)
    for row in guide_rows(columns):
        guide.append(list(row))
    for letter, width in zip("ABCD", (32, 48, 10, 80), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=3):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv(definition: PinnedDefinition) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([c.name for c in template_columns(definition)])
    return buffer.getvalue()


def guide_csv(definition: PinnedDefinition) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(GUIDE_HEADER)
    writer.writerows(guide_rows(template_columns(definition)))
    return buffer.getvalue()
