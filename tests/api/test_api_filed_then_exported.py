"""A review filed and submitted through the API exports in every format (issue 10: the
JSON ``null`` that ``save_section`` stored for absent choices broke every export)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from factories import create_service, create_user
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.accounts.tokens import TokenScope
from outcomes.frameworks.models import FrameworkVersion
from outcomes.places.operations import get_place
from outcomes.reviews.models import Answer

API = "/api/v1"


def _file_through_the_api(api: FlaskClient, token_for, db: Session) -> int:  # type: ignore[no-untyped-def]
    place = get_place(db, "E08000010")
    service = create_service(db, place=place, name="Family hubs")
    write = token_for(create_user(db, places=[place]), scope=TokenScope.WRITE)
    created = api.post(
        f"{API}/reviews",
        headers=write,
        json={
            "service_id": service.id,
            "framework": "public-service-reform",
            "period_start": "2025-04-01",
            "period_end": "2025-06-30",
        },
    )
    assert created.status_code == 201, created.json
    answers = {
        item: {"value": 3}
        for item in ("relational", "strengths_based", "holistic", "preventative", "joined_up")
    }
    answers |= {"adaptive": {"value": 2}, "equitable": {"value": 4}}
    answers |= {item: {"value": f"Our {item}."} for item in ("changed_for_people",)}
    answers |= {
        item: {"value": "What we did."}
        for item in ("what_we_tried", "what_we_learned", "what_we_will_change", "who_benefited")
    }
    answers |= {"people_supported": {"value": 12}, "partners": {"choices": ["nhs"]}}
    updated = api.patch(
        f"{API}/reviews/{created.json['id']}",
        headers=write | {"If-Match": created.headers["ETag"]},
        json={"answers": answers},
    )
    assert updated.status_code == 200, updated.json
    submitted = api.post(
        f"{API}/reviews/{created.json['id']}/submit",
        headers=write | {"If-Match": updated.headers["ETag"]},
    )
    assert submitted.status_code == 200, submitted.json
    return created.json["id"]


@pytest.mark.parametrize("export_format", ["datapackage", "xlsx", "parquet", "json"])
def test_a_review_filed_through_the_api_exports_in_every_format(
    api: FlaskClient,
    token_for,  # type: ignore[no-untyped-def]
    db: Session,
    frameworks: dict[str, FrameworkVersion],
    export_format: str,
) -> None:
    review_id = _file_through_the_api(api, token_for, db)
    # Absent values are SQL NULL, whichever path wrote them.
    stored = db.execute(
        select(Answer.item_id, Answer.value_choices).where(Answer.value_choices.is_(None))
    ).all()
    assert stored and all(choices is None for _, choices in stored)

    response = api.get(
        f"{API}/exports?framework=public-service-reform&format={export_format}",
        headers=token_for(role=Role.INSPECTOR),
    )
    assert response.status_code == 200, response.data[:500]
    if export_format == "json":
        answers = json.loads(response.data)["tables"]["answers"]
        found = {row["item_id"]: row for row in answers if row["review_id"] == review_id}
        assert found["partners"]["value_choices"] == "nhs"
        assert found["relational"]["value_choices"] is None
    elif export_format == "datapackage":
        package = zipfile.ZipFile(io.BytesIO(response.data))
        answers = package.read("answers.csv").decode()
        assert f"{review_id},1,partners,multichoice" in answers
