"""Numbers are finite and bounded at every entry point, no stored number makes a download
fail or a JSON output invalid, and exports follow the pages' rules about feedback."""

from __future__ import annotations

from datetime import date

import pytest
from factories import create_review, sign_in
from flask.testing import FlaskClient
from frontdoor import (
    API_EXPORT_QUERY,
    EXPORT_QUERY,
    FORMATS,
    FRAMEWORK,
    REPORT_QUERY,
    FrontDoorData,
    bearer,
    export_bytes,
    file_review,
    import_and_submit,
    strict_json,
)
from recompute import package_tables
from sqlalchemy.orm import Session

from outcomes.accounts.tokens import TokenScope, create_token
from outcomes.disclosure import DisclosureRule
from outcomes.errors import PermissionDenied
from outcomes.exports.operations import preview_export
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import get_framework, get_version
from outcomes.imports.importing import ImportRejected
from outcomes.reports.result import SECTIONS
from outcomes.reviews.answers import AnswerInput, InvalidAnswers
from outcomes.reviews.filing import start_review
from outcomes.scope import ReviewScope

TOO_BIG = "Residents volunteering alongside the service must be between 0 and 10,000,000"


@pytest.mark.parametrize("number", ["1e308", "10000001", "inf", "nan", "-1"])
def test_the_services_refuse_numbers_out_of_bounds(
    db: Session, data: FrontDoorData, number: str
) -> None:
    manager = data.managers["E08000010"]
    service = data.services[("E08000010", "housing")]
    with pytest.raises(InvalidAnswers) as refused:
        file_review(
            db,
            manager,
            service,
            (date(2025, 1, 1), date(2025, 3, 31)),
            {"residents_volunteering": AnswerInput(value=number)},
        )
    message = refused.value.errors["residents_volunteering"]
    assert message == TOO_BIG or message.endswith("must be a number, like 12")


def test_the_form_the_api_and_the_import_refuse_a_huge_count(
    client: FlaskClient, db: Session, data: FrontDoorData
) -> None:
    manager = data.managers["E08000010"]
    service = data.services[("E08000010", "housing")]
    framework = get_framework(db, FRAMEWORK)
    draft = start_review(
        db, manager, service, framework, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31)
    )
    sign_in(client, manager)
    form = client.post(
        f"/reviews/{draft.id}/sections/measures",
        data={"lock_version": draft.lock_version, "residents_volunteering": "100,000,000"},
    )
    assert form.status_code == 200 and TOO_BIG in form.get_data(as_text=True)

    _, secret = create_token(db, manager, name="test", scope=TokenScope.WRITE)
    headers = {"Authorization": f"Bearer {secret}", "If-Match": f'"{draft.lock_version}"'}
    api = client.patch(
        f"/api/v1/reviews/{draft.id}",
        headers=headers,
        json={"answers": {"residents_volunteering": {"value": 10**308}}},
    )
    assert api.status_code == 422, api.data[:300]
    assert TOO_BIG in api.get_data(as_text=True)

    huge = AnswerInput(value="1" + "0" * 308)
    with pytest.raises(ImportRejected) as refused:
        import_and_submit(
            db,
            manager,
            data.places["E08000010"],
            [(service, (date(2025, 4, 1), date(2025, 6, 30)), {"residents_volunteering": huge})],
        )
    assert TOO_BIG in {problem.message for problem in refused.value.problems}


@pytest.fixture
def insane_numbers(db: Session, data: FrontDoorData) -> FrontDoorData:
    """Numbers stored before they were checked: huge, infinite and (where the database
    keeps one) not a number, written straight into the tables."""
    version: FrameworkVersion = get_version(db, FRAMEWORK, "2.0.0")
    values = [1e308, 1e308, float("inf"), float("-inf")]
    if db.get_bind().dialect.name == "postgresql":
        values.append(float("nan"))
    for number, value in enumerate(values):
        create_review(
            db,
            version=version,
            service=data.services[("E08000037", "housing")],
            period_start=date(2024, 1 + number, 1),
            period_end=date(2024, 1 + number, 28),
            answers={"relational": 2, "people_supported": value, "weeks_to_help": value},
        )
    return data


def test_no_stored_number_breaks_a_download(
    client: FlaskClient, db: Session, insane_numbers: FrontDoorData
) -> None:
    data = insane_numbers
    assert data.regulator is not None
    sign_in(client, data.regulator)
    assert client.get(f"/reports/?{REPORT_QUERY}").status_code == 200
    report = client.get(f"/reports/download/report.json?{REPORT_QUERY}")
    assert report.status_code == 200
    strict_json(report.data)
    assert client.get(f"/reports/download/report.zip?{REPORT_QUERY}").status_code == 200
    for part in SECTIONS:
        section = client.get(f"/reports/download/section/{part.slug}.xlsx?{REPORT_QUERY}")
        assert section.status_code == 200, part.slug
    api = client.get(f"/api/v1/reports?{REPORT_QUERY}", headers=bearer(db, data.regulator))
    assert api.status_code == 200
    strict_json(api.data)
    for export_format in FORMATS:
        response = client.post(f"/exports/download?{EXPORT_QUERY}&format={export_format}")
        assert response.status_code == 200, export_format
        if export_format == "json":
            strict_json(response.data)
    answers = package_tables(export_bytes(db, data.inspector, ExportFormat.DATAPACKAGE))["answers"]
    assert not {"inf", "-inf", "nan", "1e+308"} & set(answers.value_number.str.lower())


def test_inspectors_cannot_export_feedback_but_regulators_can(
    client: FlaskClient, db: Session, data: FrontDoorData
) -> None:
    assert data.inspector is not None and data.regulator is not None
    with_feedback = ExportQuery(ReviewScope(framework=FRAMEWORK), include_feedback=True)
    with pytest.raises(PermissionDenied, match="cannot export it"):
        preview_export(db, data.inspector, with_feedback, rule=DisclosureRule())
    query = f"{EXPORT_QUERY}&format=json"
    api_query = f"{API_EXPORT_QUERY}&format=json&include_feedback=true"
    api = client.get(f"/api/v1/exports?{api_query}", headers=bearer(db, data.inspector))
    assert api.status_code == 403
    sign_in(client, data.inspector)
    assert "Include regulators" not in client.get(f"/exports/?{query}").get_data(as_text=True)
    page = client.post(f"/exports/download?{query}&include_feedback=y")  # not offered: ignored
    assert page.status_code == 200 and "feedback" not in strict_json(page.data)["tables"]  # type: ignore[index]
    allowed = client.get(f"/api/v1/exports?{api_query}", headers=bearer(db, data.regulator))
    assert allowed.status_code == 200 and "feedback" in strict_json(allowed.data)["tables"]  # type: ignore[index]
