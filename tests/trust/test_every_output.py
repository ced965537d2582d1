"""Data filed through the front doors (tests/frontdoor.py) reaches every output: every
report output (page, CSV zip, section XLSX, JSON, API) and every export (data package,
XLSX, Parquet, JSON; command line, page and API) succeeds on it, and the report's
principle, measure and barrier tables follow from the exported data package alone."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from factories import create_user, sign_in
from flask.testing import FlaskClient, FlaskCliRunner
from frictionless import validate
from frontdoor import (
    API_EXPORT_QUERY,
    EXPORT_QUERY,
    FORMATS,
    FRAMEWORK,
    REPORT_QUERY,
    FrontDoorData,
    bearer,
    export_bytes,
    strict_json,
)
from openpyxl import load_workbook
from recompute import from_package, from_report, package_tables
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.exports.query import ExportFormat
from outcomes.reports.build import build_report
from outcomes.reports.result import SECTIONS, TABLE_TITLES
from outcomes.reports.spec import ReportSpec
from outcomes.scope import ReviewScope

API = "/api/v1"


def test_the_data_went_in_through_the_front_doors(data: FrontDoorData) -> None:
    assert len(data.reviews) == 29 and len(data.drafts) == 1
    amended = [r for r in data.reviews if len(r.revisions) == 2]
    assert len(amended) == 1 and amended[0].current_revision.number == 2  # type: ignore[union-attr]


def test_every_report_output_on_the_page_and_as_files(
    client: FlaskClient, data: FrontDoorData
) -> None:
    assert data.regulator is not None
    sign_in(client, data.regulator)
    page = client.get(f"/reports/?{REPORT_QUERY}")
    assert page.status_code == 200
    assert "Blackpool" in page.get_data(as_text=True)

    archive = client.get(f"/reports/download/report.zip?{REPORT_QUERY}")
    assert archive.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(archive.data)).namelist()
    assert {f"{name}.csv" for name in TABLE_TITLES} <= {n.split("--")[-1] for n in names}

    for part in SECTIONS:
        workbook = client.get(f"/reports/download/section/{part.slug}.xlsx?{REPORT_QUERY}")
        assert workbook.status_code == 200, part.slug
        sheets = load_workbook(io.BytesIO(workbook.data), read_only=True).sheetnames
        assert sheets[0] == "About" and len(sheets) == 1 + len(part.tables)

    for name in TABLE_TITLES:
        table = client.get(f"/reports/download/{name}.csv?{REPORT_QUERY}")
        assert table.status_code == 200, name

    report = client.get(f"/reports/download/report.json?{REPORT_QUERY}")
    assert report.status_code == 200
    found = strict_json(report.data)
    assert found["context"]["disclosure"]["rule"] == "small-counts-2"  # type: ignore[index]


def test_the_report_through_the_api(client: FlaskClient, db: Session, data: FrontDoorData) -> None:
    assert data.inspector is not None
    response = client.get(f"{API}/reports?{REPORT_QUERY}", headers=bearer(db, data.inspector))
    assert response.status_code == 200, response.data[:300]
    found = strict_json(response.data)
    measures = next(s for s in found["sections"] if s["section"] == "principles")  # type: ignore[index]
    assert measures["tables"]["measures"]["rows"]


@pytest.mark.parametrize("export_format", FORMATS)
def test_every_export_format_from_the_page_and_the_api(
    client: FlaskClient, db: Session, data: FrontDoorData, export_format: str
) -> None:
    assert data.inspector is not None
    query = f"{EXPORT_QUERY}&format={export_format}"
    sign_in(client, data.inspector)
    page = client.post(f"/exports/download?{query}")
    assert page.status_code == 200, page.data[:300]
    api = client.get(
        f"{API}/exports?{API_EXPORT_QUERY}&format={export_format}",
        headers=bearer(db, data.inspector),
    )
    assert api.status_code == 200, api.data[:300]
    for body in (page.data, api.data):
        if export_format == "json":
            tables = strict_json(body)["tables"]  # type: ignore[index]
            assert len(tables["reviews"]) == 29
        elif export_format == "xlsx":
            assert "answers" in load_workbook(io.BytesIO(body), read_only=True).sheetnames
        else:
            assert "datapackage.json" in zipfile.ZipFile(io.BytesIO(body)).namelist()


@pytest.mark.parametrize("export_format", FORMATS)
def test_every_export_format_from_the_command_line(
    runner: FlaskCliRunner, data: FrontDoorData, tmp_path: Path, export_format: str
) -> None:
    output = tmp_path / f"export.{export_format}"
    result = runner.invoke(
        args=[
            "export",
            "--format",
            export_format,
            "--output",
            str(output),
            "--framework",
            FRAMEWORK,
        ]
    )
    assert result.exit_code == 0, result.output
    assert output.stat().st_size > 0


def test_the_package_is_valid_and_holds_what_was_filed(
    db: Session, data: FrontDoorData, tmp_path: Path
) -> None:
    package = export_bytes(db, data.inspector, ExportFormat.DATAPACKAGE)
    zipfile.ZipFile(io.BytesIO(package)).extractall(tmp_path)
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "note"])
    answers = package_tables(package)["answers"]
    texts = set(answers.value_text)
    # Odd text survives, neutralised where a spreadsheet would run it.
    assert "'=SUM(A1:A9) and +44 20 7946 0000" in texts
    assert "قال السكان إن الخدمة ساعدتهم" in texts
    assert any("👨‍👩‍👧‍👦" in text for text in texts)
    assert "[c]" in set(answers.value_number)


def test_the_report_follows_from_the_export(db: Session, data: FrontDoorData) -> None:
    """Principles, measures and barriers worked out from the data package alone equal the
    report's: the report publishes nothing the export withholds."""
    assert data.inspector is not None
    report = build_report(db, data.inspector, ReportSpec(ReviewScope(FRAMEWORK)))
    tables = package_tables(export_bytes(db, data.inspector, ExportFormat.DATAPACKAGE))
    recomputed, published = from_package(tables, "2.0.0"), from_report(report)
    assert published["principles"] and published["measures"] and published["barriers"]
    assert recomputed == published
    assert any(withheld for _, _, withheld in published["measures"].values())


def test_a_service_manager_reads_the_report_and_its_files(
    client: FlaskClient, data: FrontDoorData
) -> None:
    sign_in(client, data.managers["E08000010"])
    assert client.get(f"/reports/?{REPORT_QUERY}").status_code == 200
    assert client.get(f"/reports/download/report.json?{REPORT_QUERY}").status_code == 200


def test_an_administrator_exports_drafts_too(
    client: FlaskClient, db: Session, data: FrontDoorData
) -> None:
    admin = create_user(db, role=Role.ADMIN)
    sign_in(client, admin)
    response = client.post(f"/exports/download?{EXPORT_QUERY}&statuses=all&format=json")
    assert response.status_code == 200, response.data[:300]
    strict_json(response.data)
