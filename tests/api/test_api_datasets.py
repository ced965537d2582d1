from __future__ import annotations

import io
import json
import zipfile

import pytest
from factories import create_review, create_service
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import web.api.datasets
from outcomes.accounts.models import Role
from outcomes.audit.models import AuditEvent
from outcomes.exports.models import ExportRecord
from outcomes.frameworks.models import FrameworkVersion
from outcomes.places.operations import get_place

API = "/api/v1"


def some_reviews(db: Session, frameworks: dict[str, FrameworkVersion]) -> None:
    for code in ("E08000010", "E08000037"):
        service = create_service(db, place=get_place(db, code))
        create_review(
            db,
            version=frameworks["2.0.0"],
            service=service,
            answers={"relational": 3, "people_supported": 40},
        )


def test_a_report_as_json(
    api: FlaskClient, token_for, db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    some_reviews(db, frameworks)
    response = api.get(
        f"{API}/reports?framework=public-service-reform", headers=token_for(role=Role.REGULATOR)
    )
    assert response.status_code == 200, response.json
    data = response.json
    assert {s["section"] for s in data["sections"]} >= {"principles", "coverage"}
    assert "rank" not in json.dumps(data).lower()
    assert (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "report.download")
        )
        == 1
    )
    missing = api.get(f"{API}/reports", headers=token_for(role=Role.REGULATOR))
    assert missing.status_code == 422 and missing.json["errors"][0]["field"] == "framework"


def test_an_export_as_a_data_package(
    api: FlaskClient, token_for, db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    some_reviews(db, frameworks)
    response = api.get(
        f"{API}/exports?framework=public-service-reform&format=datapackage",
        headers=token_for(role=Role.INSPECTOR),
    )
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    package = zipfile.ZipFile(io.BytesIO(response.data))
    descriptor = json.loads(package.read("datapackage.json"))
    assert {r["name"] for r in descriptor["resources"]} >= {"reviews", "answers"}
    [record] = db.scalars(select(ExportRecord)).all()
    assert record.format == "datapackage" and record.size_bytes == len(response.data)


def test_service_managers_do_not_export(
    api: FlaskClient, token_for, db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    response = api.get(
        f"{API}/exports?framework=public-service-reform",
        headers=token_for(role=Role.SERVICE_MANAGER),
    )
    assert response.status_code == 403


def test_a_report_holds_the_first_asks_with_their_count_unless_every_one_is_asked_for(
    api: FlaskClient,
    token_for,
    db: Session,
    frameworks: dict[str, FrameworkVersion],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(web.api.datasets, "JSON_ASKS", 1)
    for code in ("E08000010", "E08000037"):
        create_review(
            db,
            version=frameworks["2.0.0"],
            service=create_service(db, place=get_place(db, code)),
            answers={"relational": 3},
            citations=[("devolution", f"Pool budgets in {code}.")],
        )
    headers = token_for(role=Role.REGULATOR)

    def asks(query: str) -> dict[str, object]:
        response = api.get(f"{API}/reports?framework=public-service-reform{query}", headers=headers)
        assert response.status_code == 200, response.json
        barriers = next(s for s in response.json["sections"] if s["section"] == "barriers")
        table: dict[str, object] = barriers["tables"]["asks"]
        return table

    first = asks("")
    assert (len(first["rows"]), first["total"], first["complete"]) == (1, 2, False)  # type: ignore[arg-type]
    assert "all_asks=true" in str(first["note"])
    every = asks("&all_asks=true")
    assert (len(every["rows"]), every["total"], every["complete"]) == (2, 2, True)  # type: ignore[arg-type]
