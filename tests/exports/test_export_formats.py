"""XLSX, Parquet and JSON: the same tables, typed, with their provenance."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from exporting import (
    Dataset,
    build_dataset,
    descriptor,
    inspector,
    query,
    regulator,
    run_export,
    unzip,
)
from factories import create_review
from openpyxl.utils.escape import unescape
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.errors import InvalidInput
from outcomes.exports import sheetxml, spreadsheet
from outcomes.exports.models import ExportRecord
from outcomes.exports.query import ExportFormat
from outcomes.frameworks.models import FrameworkVersion

TABLES = [
    "places",
    "services",
    "items",
    "reviews",
    "answers",
    "barrier_citations",
    "national_asks",
    "responses",
]


@pytest.fixture
def dataset(db: Session, frameworks: dict[str, FrameworkVersion]) -> Dataset:
    return build_dataset(db, frameworks)


def test_xlsx_has_a_sheet_per_table_and_an_about_sheet(db: Session, dataset: Dataset) -> None:
    record, data = run_export(db, inspector(db), query(every_revision=True), ExportFormat.XLSX)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)

    assert book.sheetnames == ["About", *TABLES]
    for table in TABLES:
        assert book[table].max_row == record.row_counts[table] + 1  # and a header row
    reviews = list(book["reviews"].iter_rows(values_only=True))
    header = reviews[0]
    first = dict(zip(header, reviews[1], strict=True))
    assert first["review_id"] == dataset.family_hub.id
    assert first["period_start"].date() == date(2025, 4, 1)
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row[0]}
    assert about["row_counts: answers"] == str(record.row_counts["answers"])
    assert about["disclosure: rule"] == "small-counts-2"
    assert json.loads(about["query"])["every_revision"] is True
    assert "single quote" in about["spreadsheet_safety"]
    assert ("answers", "value_number", "number") in {
        row[:3] for row in book["About"].iter_rows(values_only=True)
    }


def test_xlsx_refuses_more_rows_than_a_sheet_holds_before_writing(
    db: Session, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 56)
    refusal = "The items table has 57 rows, more than the 56 an Excel sheet can hold"
    with pytest.raises(InvalidInput, match=refusal) as refused:
        run_export(db, inspector(db), query(), ExportFormat.XLSX)
    assert "CSV data package or Parquet" in str(refused.value)
    assert refused.value.field == "format"
    assert db.scalar(select(ExportRecord)) is None


def test_xlsx_refuses_text_longer_than_a_cell_holds(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    create_review(db, version=frameworks["1.0.0"], answers={"what_we_learned": "x" * 40_000})
    with pytest.raises(InvalidInput, match="longer than the 32,767 characters") as refused:
        run_export(db, inspector(db), query(), ExportFormat.XLSX)
    assert refused.value.field == "format"


def test_parquet_files_are_typed_and_reproducible(db: Session, dataset: Dataset) -> None:
    actor = inspector(db)
    _, first = run_export(db, actor, query(), ExportFormat.PARQUET)
    _, second = run_export(db, actor, query(), ExportFormat.PARQUET)
    first_files, second_files = unzip(first), unzip(second)

    assert set(first_files) == {f"{table}.parquet" for table in TABLES} | {"datapackage.json"}
    for table in TABLES:
        assert first_files[f"{table}.parquet"] == second_files[f"{table}.parquet"], table
    reviews = pq.read_table(io.BytesIO(first_files["reviews.parquet"]))
    assert reviews.schema.field("period_start").type == pa.date32()
    assert reviews.schema.field("submitted_at").type == pa.timestamp("ms", tz="UTC")
    assert reviews.schema.field("review_id").type == pa.int64()
    answers = pq.read_table(io.BytesIO(first_files["answers.parquet"])).to_pylist()
    levels = {(row["review_id"], row["item_id"]): row["value_level"] for row in answers}
    assert levels[(dataset.neighbourhood.id, "holistic")] == 4
    resources = descriptor(first)["resources"]
    assert {resource["format"] for resource in resources} == {"parquet"}


def test_json_holds_every_table_its_schemas_and_provenance(db: Session, dataset: Dataset) -> None:
    record, data = run_export(db, regulator(db), query(include_feedback=True), ExportFormat.JSON)
    document = json.loads(data)

    assert list(document["tables"]) == [*TABLES, "feedback"]
    for table, rows in document["tables"].items():
        assert len(rows) == record.row_counts[table]
    assert document["provenance"]["row_counts"] == record.row_counts
    assert document["schemas"]["answers"]["primaryKey"] == [
        "review_id",
        "revision_number",
        "item_id",
    ]
    review = document["tables"]["reviews"][0]
    assert review["period_start"] == "2025-04-01"
    assert review["submitted_at"].endswith("Z")


# Text XML cannot hold as it is, or that Excel would read as something else: Excel reads
# each back as it was.
ODD_TEXTS = [
    "fish & chips <b>bold</b> >",
    " leading and trailing spaces ",
    "windows\r\nlines and a lone\rreturn",
    "a bell\x07, a form feed\x0c and an escape\x1b",
    "_x0041_ is how Excel writes an A",
    "=SUM(A1:A2)",
    "\ttab first",
    "non-characters \ufffe\uffff gone",
    "x" * 32_767,
]


def _as_csv_text(value: object, field_type: str) -> str:
    """A cell openpyxl read, written as the CSV of the same export writes it."""
    if value is None:
        return ""
    if isinstance(value, str):
        # What Excel shows: openpyxl leaves its escapes (_x000D_, _x005F_) as they are.
        return unescape(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if field_type == "date":
            return value.date().isoformat()
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


def test_every_xlsx_cell_is_the_csv_value_of_the_same_export(
    db: Session, frameworks: dict[str, FrameworkVersion], dataset: Dataset
) -> None:
    """The workbook (its XML written by Outcomes) read back by openpyxl holds, cell by
    cell, what the data package's CSV holds, less only the characters XML cannot."""
    items = ["relational_evidence", "changed_for_people", "what_we_tried", "what_we_learned"]
    for start in range(0, len(ODD_TEXTS), len(items)):
        answers: dict[str, object] = dict(zip(items, ODD_TEXTS[start:], strict=False))
        answers["homes_kept"] = 12.5
        create_review(db, version=frameworks["1.0.0"], answers=answers)
    actor = regulator(db)
    export_query = query(every_revision=True, include_feedback=True)
    _, package = run_export(db, actor, export_query)
    _, workbook = run_export(db, actor, export_query, ExportFormat.XLSX)
    files = unzip(package)
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    schemas = {r["name"]: r["schema"] for r in descriptor(package)["resources"]}

    assert book.sheetnames == ["About", *TABLES, "feedback"]
    seen_odd = set()
    for name in [*TABLES, "feedback"]:
        types = [field["type"] for field in schemas[name]["fields"]]
        expected = list(csv.reader(io.StringIO(files[f"{name}.csv"].decode(), newline="")))
        sheet = book[name]
        assert sheet.max_row == len(expected)
        assert [cell.font.b for cell in sheet[1]] == [True] * len(types)
        assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
        for line, row in zip(expected, sheet.iter_rows(values_only=True), strict=True):
            read = [_as_csv_text(value, kind) for value, kind in zip(row, types, strict=True)]
            assert read == line, name
            seen_odd.update(text for text in line if text.lstrip("'") in ODD_TEXTS)
    assert len(seen_odd) == len(ODD_TEXTS)
    assert book.properties.title == "Outcomes learning reviews dataset"
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row[0]}
    assert _as_csv_text(book.properties.created, "datetime") == about["generated_at"]
    assert book["answers"].freeze_panes == "A2"


def test_xlsx_cells_take_the_type_of_their_value() -> None:
    """Values of every type the tables hold, and ones they should not, as XLSX cells."""
    letters = sheetxml.column_letters(28)
    assert letters[:3] == ["A", "B", "C"] and letters[25:] == ["Z", "AA", "AB"]
    row = (
        7,
        2.5,
        True,
        date(2025, 4, 1),
        datetime(2025, 4, 1, 12, 0, 0),
        "a & b",
        "",
        None,
        float("nan"),
        Decimal("1.5"),
    )
    xml = sheetxml.rows_xml([row], 3, letters)
    assert xml == (
        '<row r="3"><c r="A3"><v>7</v></c><c r="B3"><v>2.5</v></c>'
        '<c r="C3" t="b"><v>1</v></c><c r="D3" s="2"><v>45748</v></c>'
        '<c r="E3" s="3"><v>45748.5</v></c>'
        '<c r="F3" t="inlineStr"><is><t xml:space="preserve">a &amp; b</t></is></c>'
        '<c r="I3" t="e"><v>#NUM!</v></c><c r="J3"><v>1.5</v></c></row>'
    )


def test_xlsx_worksheets_are_reproducible(db: Session, dataset: Dataset) -> None:
    """Only the About sheet and the document properties hold the time of the export."""
    actor = inspector(db)
    first = unzip(run_export(db, actor, query(), ExportFormat.XLSX)[1])
    second = unzip(run_export(db, actor, query(), ExportFormat.XLSX)[1])
    timed = {"xl/worksheets/sheet1.xml", "docProps/core.xml"}
    assert list(first) == list(second)
    assert next(iter(first)) == "[Content_Types].xml"
    assert {name for name in first if first[name] != second[name]} <= timed
