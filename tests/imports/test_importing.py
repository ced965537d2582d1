from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from factories import create_service, create_user
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.errors import InvalidInput, PermissionDenied
from outcomes.frameworks.models import FrameworkVersion
from outcomes.imports.importing import ImportRejected, import_reviews, pinned_for
from outcomes.imports.template import template_csv, template_xlsx
from outcomes.places.operations import get_place
from outcomes.reviews.models import Review, ReviewStatus
from outcomes.reviews.values import revision_values

FORMULA = '=HYPERLINK("http://example.com")'


@pytest.fixture
def wigan(frameworks: dict[str, FrameworkVersion], db: Session):  # type: ignore[no-untyped-def]
    place = get_place(db, "E08000010")
    service = create_service(db, place=place, name="Family hubs")
    return place, service, create_user(db, places=[place]), frameworks["2.0.0"].framework


def csv_file(header: str, rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=next(csv.reader([header])))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def good_row(**overrides: str) -> dict[str, str]:
    row = {
        "service": "Family hubs",
        "period_start": "2025-04-01",
        "period_end": "2025-06-30",
        "relational": "3",
        "what_we_tried": FORMULA,
        "people_supported": "120",
        "partners": "nhs; vcse",
        "national_barriers": "multi_year_funding",
        "national_barriers:ask:multi_year_funding": "Three-year settlements, please.",
    }
    return row | overrides


def count_reviews(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Review)) or 0


def test_the_template_has_a_column_per_item_and_a_guide(db: Session, wigan) -> None:  # type: ignore[no-untyped-def]
    place, _, _, framework = wigan
    definition = pinned_for(db, framework, place)
    header = template_csv(definition).strip().split(",")
    assert header[:3] == ["service", "period_start", "period_end"]
    assert {item.id for item in definition.items} <= set(header)
    book = load_workbook(io.BytesIO(template_xlsx(definition)))
    assert book.sheetnames == ["Reviews", "Columns"]
    guide = {row[0]: row for row in book["Columns"].iter_rows(min_row=3, values_only=True)}
    assert guide["relational"][3].startswith("A level: 1 = ")


def test_a_good_file_becomes_drafts(db: Session, wigan) -> None:  # type: ignore[no-untyped-def]
    place, service, manager, framework = wigan
    header = template_csv(pinned_for(db, framework, place))
    rows = [good_row(), good_row(period_start="2025-07-01", period_end="2025-09-30")]
    reviews = import_reviews(db, manager, place, framework, "q.csv", csv_file(header, rows))
    assert [r.status for r in reviews] == [ReviewStatus.DRAFT, ReviewStatus.DRAFT]
    values = revision_values(reviews[0].working_revision)
    assert values["relational"] == {"level": 3}
    assert values["what_we_tried"]["text"] == FORMULA  # kept exactly as typed
    assert values["partners"]["choices"] == ["nhs", "vcse"]
    assert reviews[0].service == service and reviews[0].created_by == manager


def test_one_bad_row_stores_nothing_and_names_row_and_column(db: Session, wigan) -> None:  # type: ignore[no-untyped-def]
    place, _, manager, framework = wigan
    header = template_csv(pinned_for(db, framework, place))
    rows = [
        good_row(),
        good_row(
            period_start="2025-07-01",
            period_end="2025-09-30",
            relational="7",
            people_supported="lots",
            service="Nowhere",
        ),
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_reviews(db, manager, place, framework, "q.csv", csv_file(header, rows))
    where = {(p.row, p.column) for p in rejected.value.problems}
    assert where == {(3, "service"), (3, "relational"), (3, "people_supported")}
    assert "Nothing was stored" in str(rejected.value)
    assert count_reviews(db) == 0


def test_unknown_columns_duplicates_and_existing_reviews_are_refused(db: Session, wigan) -> None:  # type: ignore[no-untyped-def]
    place, _, manager, framework = wigan
    header = template_csv(pinned_for(db, framework, place))
    with pytest.raises(ImportRejected) as unknown:
        import_reviews(
            db,
            manager,
            place,
            framework,
            "q.csv",
            csv_file(header.strip() + ",favourite_colour", [good_row()]),
        )
    assert [(p.row, p.column) for p in unknown.value.problems] == [(1, "favourite_colour")]
    with pytest.raises(ImportRejected) as twice:
        import_reviews(
            db, manager, place, framework, "q.csv", csv_file(header, [good_row(), good_row()])
        )
    assert [(p.row, p.column) for p in twice.value.problems] == [(3, "period_start")]
    import_reviews(db, manager, place, framework, "q.csv", csv_file(header, [good_row()]))
    with pytest.raises(ImportRejected, match="1 problem"):
        import_reviews(db, manager, place, framework, "q.csv", csv_file(header, [good_row()]))
    assert count_reviews(db) == 1


def test_a_period_not_yet_started_is_refused_on_its_row(db: Session, wigan) -> None:  # type: ignore[no-untyped-def]
    place, _, manager, framework = wigan
    header = template_csv(pinned_for(db, framework, place))
    rows = [good_row(), good_row(period_start="2027-01-01", period_end="2027-03-31")]

    with pytest.raises(ImportRejected) as rejected:
        import_reviews(
            db, manager, place, framework, "q.csv", csv_file(header, rows), today=date(2026, 11, 29)
        )

    assert [str(p) for p in rejected.value.problems] == [
        "Row 3, column period_start: The period must start on or before today "
        "(29 November 2026): a review looks back on work done."
    ]
    assert count_reviews(db) == 0


def test_a_period_overlapping_another_review_is_refused_on_its_row(db: Session, wigan) -> None:  # type: ignore[no-untyped-def]
    place, _, manager, framework = wigan
    header = template_csv(pinned_for(db, framework, place))
    import_reviews(db, manager, place, framework, "q.csv", csv_file(header, [good_row()]))
    rows = [
        good_row(period_start="2025-07-01", period_end="2025-09-30"),  # beside it: fine
        good_row(period_start="2025-05-01", period_end="2025-07-31"),  # overlaps both
        good_row(period_start="2025-09-01", period_end="2025-10-31"),  # overlaps row 2's
    ]

    with pytest.raises(ImportRejected) as rejected:
        import_reviews(db, manager, place, framework, "more.csv", csv_file(header, rows))

    assert [str(p) for p in rejected.value.problems] == [
        "Row 3, column period_start: Row 2 is already a review of this service for July to "
        "September 2025, which overlaps this period. Keep one of the two, or change its period.",
        "Row 4, column period_start: Row 2 is already a review of this service for July to "
        "September 2025, which overlaps this period. Keep one of the two, or change its period.",
    ]
    # Row 3 also overlaps the stored review; the row above it is named first.
    assert count_reviews(db) == 1

    with pytest.raises(ImportRejected) as stored:
        import_reviews(db, manager, place, framework, "q.csv", csv_file(header, rows[1:2]))
    assert [str(p) for p in stored.value.problems] == [
        "Row 2, column period_start: Family hubs already has a review for April to June 2025 "
        "(Public service reform learning review), which overlaps this period. Choose a period "
        "that does not overlap it, or open that review."
    ]
    assert count_reviews(db) == 1


def test_only_the_places_service_managers_import(db: Session, wigan) -> None:  # type: ignore[no-untyped-def]
    place, _, _, framework = wigan
    header = template_csv(pinned_for(db, framework, place))
    for actor in (create_user(db), create_user(db, role=Role.REGULATOR)):
        with pytest.raises(PermissionDenied):
            import_reviews(db, actor, place, framework, "q.csv", csv_file(header, [good_row()]))


def test_size_and_format_limits(db: Session, wigan) -> None:  # type: ignore[no-untyped-def]
    place, _, manager, framework = wigan
    header = template_csv(pinned_for(db, framework, place))
    too_many = [good_row(period_start=f"2025-04-{d:02d}") for d in range(1, 29)] * 18
    with pytest.raises(InvalidInput, match="more than 500 reviews"):
        import_reviews(db, manager, place, framework, "q.csv", csv_file(header, too_many))
    with pytest.raises(InvalidInput, match="must be a CSV or XLSX file"):
        import_reviews(db, manager, place, framework, "q.pdf", b"%PDF")
    with pytest.raises(InvalidInput, match="could not be opened"):
        import_reviews(db, manager, place, framework, "q.xlsx", b"not a zip")


def test_an_xlsx_template_filled_in_imports(db: Session, wigan) -> None:  # type: ignore[no-untyped-def]
    place, _, manager, framework = wigan
    book = load_workbook(io.BytesIO(template_xlsx(pinned_for(db, framework, place))))
    sheet = book["Reviews"]
    header = [cell.value for cell in sheet[1]]
    row = good_row()
    sheet.append([row.get(name) for name in header])
    buffer = io.BytesIO()
    book.save(buffer)
    [review] = import_reviews(db, manager, place, framework, "q.xlsx", buffer.getvalue())
    assert revision_values(review.working_revision)["people_supported"] == {"number": 120}
