"""A place's own system files a review through the API alone, as the API reference says."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from factories import create_review, create_service, create_user
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.accounts.tokens import TokenScope
from outcomes.audit.models import AuditEvent
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import get_framework
from outcomes.places.operations import get_place
from outcomes.reviews.filing import start_review
from outcomes.reviews.models import Review, ReviewStatus
from outcomes.reviews.periods import quarter_containing, utc_today

API = "/api/v1"


def answer_for(item: dict[str, Any], definition: dict[str, Any]) -> dict[str, Any]:
    """An answer that keeps each kind's rules, worked out from the version's definition."""
    match item["kind"]:
        case "rubric":
            return {"value": 3}
        case "number":
            return {"value": 12}
        case "choice":
            return {"value": item["options"][0]["id"]}
        case "multichoice":
            return {"choices": [item["options"][0]["id"]]}
        case "barriers":
            first = definition["barriers"][0]["id"]
            return {"asks": {first: "Settle funding for three years."}, "consent": "regulators"}
    answer: dict[str, Any] = {"value": f"Our answer to {item['label']}"}
    if item.get("consent"):
        answer["consent"] = "regulators"
    return answer


@pytest.fixture
def wigan(db: Session, frameworks: dict[str, FrameworkVersion]):  # type: ignore[no-untyped-def]
    place = get_place(db, "E08000010")
    return (
        place,
        create_service(db, place=place, name="Family hubs"),
        create_user(db, places=[place]),
    )


def test_file_update_and_submit_a_review_through_the_api(
    api: FlaskClient, token_for, wigan, db: Session
) -> None:  # type: ignore[no-untyped-def]
    _, service, manager = wigan
    write = token_for(manager, scope=TokenScope.WRITE)
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
    review_id, etag = created.json["id"], created.headers["ETag"]
    assert created.json["version"] == "2.0.0" and created.json["status"] == "draft"

    definition = api.get(
        f"{API}/frameworks/public-service-reform/versions/2.0.0", headers=write
    ).json["definition"]
    answers = {
        item["id"]: answer_for(item, definition)
        for item in definition["items"]
        if item.get("required")
    }
    updated = api.patch(
        f"{API}/reviews/{review_id}", headers=write | {"If-Match": etag}, json={"answers": answers}
    )
    assert updated.status_code == 200, updated.json
    assert updated.headers["ETag"] != etag
    stale = api.patch(
        f"{API}/reviews/{review_id}",
        headers=write | {"If-Match": etag},
        json={"answers": {"relational": {"value": 1}}},
    )
    assert stale.status_code == 409 and stale.content_type == "application/problem+json"
    assert api.post(f"{API}/reviews/{review_id}/submit", headers=write).status_code == 428

    submitted = api.post(
        f"{API}/reviews/{review_id}/submit", headers=write | {"If-Match": updated.headers["ETag"]}
    )
    assert submitted.status_code == 200, submitted.json
    assert submitted.json["status"] == "submitted" and submitted.json["current_revision"] == 1

    regulator = token_for(role=Role.REGULATOR, scope=TokenScope.WRITE)
    found = api.get(
        f"{API}/reviews?framework=public-service-reform&places=E08000010", headers=regulator
    ).json
    assert [r["id"] for r in found["items"]] == [review_id]
    # Filtered by the status a review shows: "submitted", acknowledged or not.
    for status, ids in (("submitted", [review_id]), ("draft", [])):
        listed = api.get(f"{API}/reviews?status={status}", headers=write)
        assert [r["id"] for r in listed.json["items"]] == ids, listed.json
    read = api.get(f"{API}/reviews/{review_id}", headers=regulator).json
    assert read["revisions"][0]["answers"]["relational"] == {"level": 3}
    posted = api.post(
        f"{API}/reviews/{review_id}/feedback",
        headers=regulator,
        json={"body": "What made the difference in the hubs?"},
    )
    assert posted.status_code == 201
    thread = api.get(f"{API}/reviews/{review_id}/feedback", headers=write).json["items"]
    assert thread[0]["body"] == "What made the difference in the hubs?"
    reply = api.post(
        f"{API}/reviews/{review_id}/feedback",
        headers=write,
        json={"body": "Trusted key workers.", "reply_to": thread[0]["id"]},
    )
    assert reply.status_code == 201

    report = api.get(
        f"{API}/reports?framework=public-service-reform&places=E08000010", headers=regulator
    )
    assert report.status_code == 200
    coverage = next(s for s in report.json["sections"] if s["section"] == "coverage")
    filed = [
        row
        for table in coverage["tables"].values()
        for row in table["rows"]
        if row.get("service") == "Family hubs"
    ]
    assert filed, coverage


def draft(api: FlaskClient, token_for, wigan):  # type: ignore[no-untyped-def]
    """A write token for Wigan's manager, and the draft it starts through the API."""
    _, service, manager = wigan
    write = token_for(manager, scope=TokenScope.WRITE)
    created = api.post(
        f"{API}/reviews",
        headers=write,
        json={"service_id": service.id, "framework": "public-service-reform"},
    )
    return write, created


def test_a_change_across_sections_is_one_save(  # type: ignore[no-untyped-def]
    api: FlaskClient, token_for, wigan, db: Session
) -> None:
    write, created = draft(api, token_for, wigan)
    url, etag = f"{API}/reviews/{created.json['id']}", created.headers["ETag"]
    first = api.patch(
        url,
        headers=write | {"If-Match": etag},
        json={"answers": {"relational": {"value": 3}, "people_supported": {"value": 12}}},
    )
    assert first.status_code == 200, first.json
    assert first.json["version_tag"] == created.json["version_tag"] + 1
    saves = db.query(AuditEvent).filter_by(action="review.save", subject_id=str(first.json["id"]))
    assert saves.count() == 1
    second = api.patch(
        url,
        headers=write | {"If-Match": first.headers["ETag"]},
        json={"answers": {"people_supported": {"value": 14}}},
    )
    assert second.json["revisions"][0]["answers"] == {
        "relational": {"level": 3},  # not named: kept
        "people_supported": {"number": 14},
    }
    assert saves.count() == 2


def test_answers_are_checked_field_by_field(api: FlaskClient, token_for, wigan) -> None:  # type: ignore[no-untyped-def]
    write, created = draft(api, token_for, wigan)
    bad = api.patch(
        f"{API}/reviews/{created.json['id']}",
        headers=write | {"If-Match": created.headers["ETag"]},
        json={
            "answers": {
                "relational": {"value": 9},
                "people_supported": {"value": "many"},
                "no_such_item": {"value": 1},
            }
        },
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json["errors"]} == {"no_such_item"}
    bad = api.patch(
        f"{API}/reviews/{created.json['id']}",
        headers=write | {"If-Match": created.headers["ETag"]},
        json={"answers": {"relational": {"value": 9}}},
    )
    assert [e["field"] for e in bad.json["errors"]] == ["relational"]


def test_the_same_rules_as_the_pages(
    api: FlaskClient, token_for, wigan, db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:  # type: ignore[no-untyped-def]
    _, service, manager = wigan
    elsewhere = token_for(create_user(db), scope=TokenScope.WRITE)
    refused = api.post(
        f"{API}/reviews",
        headers=elsewhere,
        json={"service_id": service.id, "framework": "public-service-reform"},
    )
    assert refused.status_code == 403
    read_only = token_for(manager, scope=TokenScope.READ)
    assert api.post(f"{API}/reviews", headers=read_only, json={}).status_code == 403
    draft = create_review(
        db, version=frameworks["2.0.0"], service=service, author=manager, submitted=False
    )
    regulator = token_for(role=Role.REGULATOR)
    assert api.get(f"{API}/reviews/{draft.id}", headers=regulator).status_code == 403
    duplicate = api.post(
        f"{API}/reviews",
        headers=token_for(manager, scope=TokenScope.WRITE),
        json={
            "service_id": service.id,
            "framework": "public-service-reform",
            "period_start": "2025-04-01",
            "period_end": "2025-06-30",
        },
    )
    assert duplicate.status_code == 409


def next_quarter() -> tuple[str, str]:
    """The quarter after the one under way, as the API writes dates: not started yet."""
    start, end = quarter_containing(quarter_containing(utc_today())[1] + timedelta(days=1))
    return start.isoformat(), end.isoformat()


def test_a_period_not_yet_started_or_overlapping_another_is_refused(
    api: FlaskClient, token_for, wigan, db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:  # type: ignore[no-untyped-def]
    _, service, manager = wigan
    write = token_for(manager, scope=TokenScope.WRITE)
    start, end = next_quarter()
    body = {"service_id": service.id, "framework": "public-service-reform"}
    today = utc_today()

    future = api.post(
        f"{API}/reviews", headers=write, json=body | {"period_start": start, "period_end": end}
    )

    assert future.status_code == 422 and future.content_type == "application/problem+json"
    message = (
        f"The period must start on or before today ({today.day} {today:%B %Y}): "
        "a review looks back on work done"
    )
    assert future.json["errors"] == [{"field": "period_start", "message": message}]
    assert db.query(Review).count() == 0

    draft = create_review(
        db, version=frameworks["2.0.0"], service=service, author=manager, submitted=False
    )
    overlapping = api.post(
        f"{API}/reviews",
        headers=write,
        json=body | {"period_start": "2025-05-01", "period_end": "2025-07-31"},
    )

    assert overlapping.status_code == 422
    assert overlapping.json["errors"] == [
        {
            "field": "period_start",
            "message": "Family hubs already has a review for April to June 2025 (Public "
            "service reform learning review), which overlaps this period. Choose a period that "
            "does not overlap it, or open that review.",
        }
    ]
    assert db.query(Review).all() == [draft]


def test_a_draft_of_a_period_not_yet_started_is_not_submitted(
    api: FlaskClient, token_for, wigan, db: Session
) -> None:  # type: ignore[no-untyped-def]
    _, service, manager = wigan
    start, end = quarter_containing(quarter_containing(utc_today())[1] + timedelta(days=1))
    # Made as a draft was before periods were checked: on a day within its period.
    draft = start_review(
        db,
        manager,
        service,
        get_framework(db, "public-service-reform"),
        period_start=start,
        period_end=end,
        today=start,
    )
    write = token_for(manager, scope=TokenScope.WRITE)

    refused = api.post(
        f"{API}/reviews/{draft.id}/submit",
        headers=write | {"If-Match": f'"{draft.lock_version}"'},
    )

    assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    [error] = refused.json["errors"]
    assert error["field"] == "period_start"
    assert error["message"].startswith(
        f"You cannot submit this review yet: its period, {start:%B} to {end:%B %Y}, starts on "
        f"1 {start:%B %Y}"
    )
    db.refresh(draft)
    assert draft.status is ReviewStatus.DRAFT and draft.current_revision is None


def test_oversized_bodies_are_refused(api: FlaskClient, token_for, wigan) -> None:  # type: ignore[no-untyped-def]
    _, _, manager = wigan
    response = api.post(
        f"{API}/reviews",
        headers=token_for(manager, scope=TokenScope.WRITE),
        data=b"{" + b" " * (6 * 1024 * 1024) + b"}",
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"


def test_a_body_over_the_apis_limit_is_a_413_problem_naming_the_limit(  # type: ignore[no-untyped-def]
    api: FlaskClient, token_for, wigan
) -> None:
    _, _, manager = wigan
    response = api.post(
        f"{API}/reviews",
        headers=token_for(manager, scope=TokenScope.WRITE),
        json={"service_id": 1, "framework": "x" * 5_000_000},
    )
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == 413
    assert "larger than 2 MB" in response.json["detail"]


@pytest.mark.parametrize(
    ("given", "missing"),
    [({"period_start": "2024-07-01"}, "end"), ({"period_end": "2024-09-30"}, "start")],
)
def test_half_a_period_is_refused_not_completed_with_the_current_quarter(
    api: FlaskClient, token_for, wigan, db: Session, given: dict[str, str], missing: str
) -> None:  # type: ignore[no-untyped-def]
    _, service, manager = wigan
    body = {"service_id": service.id, "framework": "public-service-reform", **given}

    refused = api.post(
        f"{API}/reviews", headers=token_for(manager, scope=TokenScope.WRITE), json=body
    )

    assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    assert refused.json["errors"] == [
        {
            "field": f"period_{missing}",
            "message": f"Give the {missing} of the period as well, or neither for the current "
            "quarter",
        }
    ]
    assert db.query(Review).count() == 0
