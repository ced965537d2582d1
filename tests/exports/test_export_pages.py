"""The export page, the download and the export log, through the Flask test client."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import datetime

import pytest
from exporting import Dataset, build_dataset
from factories import create_user, sign_in
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.exports import spreadsheet
from outcomes.exports.models import ExportRecord
from outcomes.exports.operations import export_filename
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.models import FrameworkVersion
from outcomes.scope import ReviewScope

FILTERS = "framework=public-service-reform&revisions=latest&format=datapackage"


@pytest.fixture
def dataset(db: Session, frameworks: dict[str, FrameworkVersion]) -> Dataset:
    return build_dataset(db, frameworks)


def test_an_inspector_counts_then_downloads_a_data_package(
    client: FlaskClient, db: Session, dataset: Dataset
) -> None:
    inspector = create_user(db, role=Role.INSPECTOR)
    sign_in(client, inspector)

    form = client.get("/exports/").get_data(as_text=True)
    assert "Export a dataset" in form
    assert 'href="/exports/"' in form  # the navigation entry
    assert "Submitted reviews and drafts" not in form  # only administrators export drafts
    assert "See the export log" not in form
    # Inspectors may not read feedback, so the page does not offer it to them.
    assert "if you ask" not in form and "Include regulators" not in form

    counted = client.get(f"/exports/?{FILTERS}").get_data(as_text=True)
    assert "What this export holds" in counted
    assert '<th scope="row" class="govuk-table__header">Answers</th>' in counted
    assert db.scalar(select(ExportRecord)) is None  # counting is not exporting

    response = client.post(f"/exports/download?{FILTERS}")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="outcomes-public-service-reform-')
    data = response.get_data()
    assert "datapackage.json" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    record = db.scalar(select(ExportRecord))
    assert record is not None and record.user == inspector
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert int(response.headers["Content-Length"]) == len(data) == record.size_bytes


def test_the_count_matches_the_filters(client: FlaskClient, db: Session, dataset: Dataset) -> None:
    sign_in(client, create_user(db, role=Role.REGULATOR))
    page = client.get(
        f"/exports/?{FILTERS}&versions=2.0.0&service_areas=housing&include_feedback=y"
    ).get_data(as_text=True)

    assert "Public service reform learning review 2.0.0" in page
    assert "Public service reform learning review 1.0.0" not in page
    assert ">Feedback</th>" in page
    assert "if you ask, regulators' feedback" in page


def test_filters_nothing_matches_say_so(client: FlaskClient, db: Session, dataset: Dataset) -> None:
    sign_in(client, create_user(db, role=Role.INSPECTOR))
    page = client.get(f"/exports/?{FILTERS}&service_areas=community_safety").get_data(as_text=True)

    assert "No reviews match these filters" in page
    assert "Download the dataset" not in page


def test_bad_filters_are_shown_on_their_fields(
    client: FlaskClient, db: Session, dataset: Dataset
) -> None:
    sign_in(client, create_user(db, role=Role.INSPECTOR))
    backwards = client.get(
        f"/exports/?{FILTERS}&period_from=1&period_from=7&period_from=2025"
        "&period_to=30&period_to=6&period_to=2025"
    ).get_data(as_text=True)
    assert "There is a problem" in backwards
    assert 'href="#period_to-day"' in backwards  # a date links to its day box
    assert "The start of the period must be before its end" in backwards

    unknown = client.get(f"/exports/?{FILTERS}&codes=E08000010, X99999999").get_data(as_text=True)
    assert "There is no place with the code X99999999" in unknown
    assert 'href="#codes"' in unknown

    not_a_date = client.get(
        f"/exports/?{FILTERS}&period_from=31&period_from=2&period_from=2025"
    ).get_data(as_text=True)
    assert "Periods starting on or after must be a real date" in not_a_date


def test_a_workbook_too_large_for_excel_points_to_csv_or_parquet(
    client: FlaskClient, db: Session, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 5)
    sign_in(client, create_user(db, role=Role.INSPECTOR))
    response = client.post("/exports/download?framework=public-service-reform&format=xlsx")

    page = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert 'href="#format"' in page
    assert "Choose the CSV data package or Parquet format instead" in page
    assert db.scalar(select(ExportRecord)) is None


def test_service_managers_cannot_open_the_export_page(
    client: FlaskClient, db: Session, dataset: Dataset
) -> None:
    sign_in(client, create_user(db))
    assert client.get("/exports/").status_code == 403
    assert client.post(f"/exports/download?{FILTERS}").status_code == 403
    assert 'href="/exports/"' not in client.get("/").get_data(as_text=True)


def test_administrators_may_export_drafts(
    client: FlaskClient, db: Session, dataset: Dataset
) -> None:
    sign_in(client, create_user(db, role=Role.ADMIN))
    page = client.get("/exports/").get_data(as_text=True)
    assert "Submitted reviews and drafts" in page

    response = client.post(f"/exports/download?{FILTERS}&statuses=all")
    assert response.status_code == 200
    assert db.scalar(select(ExportRecord)).row_counts["reviews"] == 4


def test_the_log_is_for_administrators_and_regulators(
    app: Flask, client: FlaskClient, db: Session, dataset: Dataset
) -> None:
    inspector = create_user(db, role=Role.INSPECTOR)
    sign_in(client, inspector)
    client.post(f"/exports/download?{FILTERS}&versions=1.0.0")
    assert client.get("/exports/log").status_code == 403
    record = db.scalar(select(ExportRecord))
    assert client.get(f"/exports/log/{record.id}").status_code == 403

    regulator = app.test_client()
    sign_in(regulator, create_user(db, role=Role.REGULATOR))
    log = regulator.get("/exports/log").get_data(as_text=True)
    assert inspector.email in log
    assert f"Export {record.id}" in log
    detail = regulator.get(f"/exports/log/{record.id}").get_data(as_text=True)
    assert record.sha256 in detail
    assert "1.0.0" in detail
    assert "Latest only" in detail
    assert regulator.get("/exports/log/999999").status_code == 404


def test_a_parquet_zip_is_named_apart_from_a_data_package() -> None:
    query = ExportQuery(ReviewScope("public-service-reform"))
    made = datetime(2026, 11, 29, 18, 40, 5)
    names = {
        export_format: export_filename(
            ExportRecord(format=export_format.value, created_at=made), query
        )
        for export_format in (ExportFormat.DATAPACKAGE, ExportFormat.PARQUET)
    }
    assert names[ExportFormat.DATAPACKAGE] == "outcomes-public-service-reform-20261129-184005.zip"
    assert names[ExportFormat.PARQUET] == (
        "outcomes-public-service-reform-20261129-184005-parquet.zip"
    )
