"""What an export withholds: small counts, text without consent, all text on request;
and text that a spreadsheet would run as a formula."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from exporting import Dataset, amend, build_dataset, inspector, query, run_export, unzip
from factories import create_review, create_service, create_user
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role
from outcomes.db import utcnow
from outcomes.disclosure import DisclosureRule
from outcomes.exports import datapackage, spreadsheet
from outcomes.exports.query import ExportFormat
from outcomes.exports.withholding import neutralise
from outcomes.frameworks.models import FrameworkVersion
from outcomes.reviews.models import ConsentScope, Feedback


@pytest.fixture
def dataset(db: Session, frameworks: dict[str, FrameworkVersion]) -> Dataset:
    return build_dataset(db, frameworks)


def _answers(data: bytes) -> pd.DataFrame:
    frame = pd.read_csv(io.BytesIO(unzip(data)["answers.csv"]), dtype=str, keep_default_na=False)
    return frame.set_index(["review_id", "item_id"])


def test_small_counts_of_people_are_written_as_c(db: Session, dataset: Dataset) -> None:
    _, data = run_export(db, inspector(db), query())
    answers = _answers(data)
    review = str(dataset.family_hub.id)

    assert answers.loc[(review, "people_supported"), "value_number"] == "[c]"
    assert answers.loc[(review, "people_supported"), "withheld"] == "suppressed"
    assert answers.loc[(review, "families_improved"), "value_number"] == "12"
    assert answers.loc[(review, "homes_kept"), "value_number"] == "0"  # 0 identifies nobody
    # 2.5 weeks is not a count of people, so it is never suppressed.
    assert answers.loc[(review, "weeks_to_help"), "value_number"] == "2.5"


def test_the_threshold_comes_from_the_rule(db: Session, dataset: Dataset) -> None:
    _, data = run_export(db, inspector(db), query(), rule=DisclosureRule(threshold=13))
    answers = _answers(data)

    assert answers.loc[(str(dataset.family_hub.id), "families_improved"), "value_number"] == "[c]"
    assert (
        json.loads(unzip(data)["datapackage.json"])["provenance"]["disclosure"]["threshold"] == 13
    )


def test_typed_formats_write_a_suppressed_count_as_null_with_its_reason(
    db: Session, dataset: Dataset
) -> None:
    actor = inspector(db)
    _, parquet = run_export(db, actor, query(), ExportFormat.PARQUET)
    _, workbook = run_export(db, actor, query(), ExportFormat.XLSX)
    _, document = run_export(db, actor, query(), ExportFormat.JSON)

    table = pq.read_table(io.BytesIO(unzip(parquet)["answers.parquet"])).to_pylist()
    row = next(
        r
        for r in table
        if r["review_id"] == dataset.family_hub.id and r["item_id"] == "people_supported"
    )
    assert (row["value_number"], row["withheld"]) == (None, "suppressed")

    sheet = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)["answers"]
    assert ("people_supported", "[c]", "suppressed") in {
        (cells[2], cells[5], cells[9]) for cells in sheet.iter_rows(values_only=True)
    }

    answers = json.loads(document)["tables"]["answers"]
    row = next(
        r
        for r in answers
        if r["review_id"] == dataset.family_hub.id and r["item_id"] == "people_supported"
    )
    assert (row["value_number"], row["withheld"]) == (None, "suppressed")


def test_text_appears_only_where_consent_allows_the_exporting_role(
    db: Session, dataset: Dataset
) -> None:
    _, for_inspector = run_export(db, inspector(db), query())
    _, for_admin = run_export(db, create_user(db, role=Role.ADMIN), query())
    family, neighbourhood = str(dataset.family_hub.id), str(dataset.neighbourhood.id)

    answers = _answers(for_inspector)
    # Shared with the place only: not for an inspection panel.
    assert answers.loc[(family, "story_of_change"), "value_text"] == "[not shared]"
    assert answers.loc[(family, "story_of_change"), "withheld"] == "not shared"
    assert answers.loc[(family, "story_of_change"), "consent_scope"] == "place"
    # Shared with regulators and inspection panels.
    assert answers.loc[(neighbourhood, "story_of_change"), "value_text"] == (
        "Neighbours started a lunch club."
    )
    # Text that carries no consent choice follows the submitted review's visibility.
    assert answers.loc[(family, "relational_evidence"), "value_text"] == (
        "People keep the same worker for a year."
    )
    # Administrators act for every place, so they read the place's own stories.
    assert _answers(for_admin).loc[(family, "story_of_change"), "value_text"] == (
        "A family told us how things changed."
    )


def test_an_ask_shared_with_the_place_only_is_not_exported_to_a_panel(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    review = create_review(
        db,
        version=frameworks["1.0.0"],
        answers={"national_barriers": ["devolution"]},
        citations=[("devolution", "Let us pool budgets locally.")],
    )
    review.revisions[0].citations[0].consent_scope = ConsentScope.PLACE
    db.flush()
    _, data = run_export(db, inspector(db), query())
    citations = pd.read_csv(io.BytesIO(unzip(data)["barrier_citations.csv"]), dtype=str)

    assert citations.to_dict("records") == [
        {
            "review_id": str(review.id),
            "revision_number": "1",
            "item_id": "national_barriers",
            "barrier_id": "devolution",
            "barrier_title": "Devolution and local control",
            "ask": "[not shared]",
            "consent_scope": "place",
            "withheld": "not shared",
        }
    ]


def test_redaction_replaces_every_free_text(db: Session, dataset: Dataset) -> None:
    db.add(
        Feedback(
            review=dataset.amended,
            revision_number=2,
            author=create_user(db, role=Role.REGULATOR),
            body="Thank you.",
        )
    )
    db.flush()
    _, data = run_export(
        db, OPERATOR, query(redact_text=True, include_feedback=True, every_revision=True)
    )
    files = unzip(data)
    answers = pd.read_csv(io.BytesIO(files["answers.csv"]), dtype=str, keep_default_na=False)
    texts = answers[answers.kind == "text"]

    assert len(texts) == 5
    assert set(texts.value_text) == {"[redacted]"}
    assert set(texts.withheld) == {"redacted"}
    assert b"[redacted]" in files["barrier_citations.csv"]
    assert b"Three-year settlements" not in files["barrier_citations.csv"]
    assert b"Corrected the count" not in files["reviews.csv"]
    assert b"Thank you" not in files["feedback.csv"]
    assert b"[redacted]" in files["feedback.csv"]
    # Numbers and levels are not text: they stay.
    assert "12" in set(answers.value_number)


def test_formula_text_is_neutralised_in_csv_and_xlsx_only(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    formula = '=HYPERLINK("http://example.com","Click")'
    service = create_service(db, name="@risk team")
    review = create_review(
        db,
        version=frameworks["1.0.0"],
        service=service,
        answers={"what_we_learned": formula, "what_we_tried": "-10% waiting", "homes_kept": -1},
    )
    actor = inspector(db)
    _, package = run_export(db, actor, query())
    _, workbook = run_export(db, actor, query(), ExportFormat.XLSX)
    _, parquet = run_export(db, actor, query(), ExportFormat.PARQUET)
    _, document = run_export(db, actor, query(), ExportFormat.JSON)

    answers = _answers(package)
    assert answers.loc[(str(review.id), "what_we_learned"), "value_text"] == "'" + formula
    assert answers.loc[(str(review.id), "what_we_tried"), "value_text"] == "'-10% waiting"
    assert answers.loc[(str(review.id), "homes_kept"), "value_number"] == "-1"  # a number
    assert b"'@risk team" in unzip(package)["services.csv"]

    book = openpyxl.load_workbook(io.BytesIO(workbook))
    values = {cell.value for row in book["answers"].iter_rows() for cell in row}
    assert "'" + formula in values
    assert formula not in values
    assert not any(
        cell.data_type == "f" for sheet in book for row in sheet.iter_rows() for cell in row
    )
    assert "'@risk team" in {cell.value for row in book["services"].iter_rows() for cell in row}

    rows = pq.read_table(io.BytesIO(unzip(parquet)["answers.parquet"])).to_pylist()
    assert formula in {row["value_text"] for row in rows}
    assert formula in {row["value_text"] for row in json.loads(document)["tables"]["answers"]}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        provenance = json.loads(archive.read("datapackage.json"))["provenance"]
    assert "single quote (')" in provenance["spreadsheet_safety"]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+44 20", "'+44 20"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Plain text", "Plain text"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(text: str, safe: str) -> None:
    assert neutralise(text) == safe


def test_the_tables_are_the_same_however_their_lines_are_made(
    db: Session, frameworks: dict[str, FrameworkVersion], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the database makes the CSV lines of the reviews, answers and barrier
    citations, and the spreadsheet rows of the answers and citations (and COPY escapes
    them on the way out); they are byte for byte the lines csv.writer and the rows
    outcomes.exports.sheetxml make of the same rows: with the text shown, withheld for
    want of consent, or redacted."""
    texts = [
        "two\nlines",
        "windows\r\nlines",
        "a\ttab, a comma",
        'a "quote"',
        "back\\slash and \\n written out",
        "=1+2\nthen more",
        "\r=carriage first",
        "-",
        "",
        "fish & chips <b>bold</b> >",
        " spaces around ",
        "a bell\x07, a unit separator\x1f and non-characters \ufffe\uffff",
        "_x0041_ is how Excel writes an A; _X0041_ is not",
        "ünïcödé → ✓",
    ]
    items = ["relational_evidence", "changed_for_people", "what_we_tried", "what_we_learned"]
    barriers = ["devolution", "workforce", "regulation", "other"]
    for start in range(0, len(texts), len(items)):
        answers: dict[str, object] = dict(zip(items, texts[start:], strict=False))
        answers["partners"] = ["nhs", "police"]
        answers["homes_kept"] = 12.5
        answers["people_supported"] = 3 if start else 40  # withheld, then not
        answers["national_barriers"] = barriers
        review = create_review(
            db,
            version=frameworks["1.0.0"],
            answers=answers,
            citations=list(zip(barriers, [*texts[start:], None, None, None], strict=False)),
        )
        # An ask the inspector may not read, and a time in the middle of a second.
        review.revisions[0].citations[-1].consent_scope = ConsentScope.PLACE
        review.revisions[0].acknowledged_at = utcnow().replace(microsecond=999_999)
        amended = amend(db, review, {"homes_kept": 13})
        amended.reason = texts[start]
    db.flush()
    actor = inspector(db)
    made_by_database = {
        (export_format, redact): run_export(
            db, actor, query(every_revision=True, redact_text=redact), export_format
        )[1]
        for export_format in (ExportFormat.DATAPACKAGE, ExportFormat.XLSX)
        for redact in (False, True)
    }
    monkeypatch.setattr(datapackage, "table_lines", lambda *arguments, **options: None)
    monkeypatch.setattr(spreadsheet, "table_lines", lambda *arguments, **options: None)
    for (export_format, redact), made in made_by_database.items():
        _, in_python = run_export(
            db, actor, query(every_revision=True, redact_text=redact), export_format
        )
        # Every file but those that hold the time of the export.
        files = {
            name: content
            for name, content in unzip(made).items()
            if name not in ("datapackage.json", "xl/worksheets/sheet1.xml", "docProps/core.xml")
        }
        assert files == {name: unzip(in_python)[name] for name in files}
    package = unzip(made_by_database[ExportFormat.DATAPACKAGE, False])
    lines = package["answers.csv"]
    assert b'"two\nlines"' in lines and b'"\'=1+2\nthen more"' in lines
    assert b"nhs;police" in lines and b",12.5," in lines
    asks = package["barrier_citations.csv"]
    assert b'"a\ttab, a comma"' in asks and b"[not shared],place,not shared" in asks
    assert b'"two\nlines"' in package["reviews.csv"]
    sheet = "xl/worksheets/sheet6.xml"  # About, places, services, items, reviews, answers
    rows = unzip(made_by_database[ExportFormat.XLSX, False])[sheet]
    assert b"fish &amp; chips &lt;b&gt;" in rows and b"_x005F_x0041_ is" in rows
    assert b"_x0007_" in rows and b"_xFFFE__xFFFF_" in rows and b"'=1+2\nthen" in rows
    assert b"<v>12.5</v>" in rows and b'<t xml:space="preserve">[c]</t>' in rows
