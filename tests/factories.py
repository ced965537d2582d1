"""Test factories: plain functions with keyword defaults, as in GOV.UK Notify."""

from __future__ import annotations

import itertools
from datetime import date

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.accounts.passwords import hash_password
from outcomes.db import utcnow
from outcomes.frameworks.models import FrameworkVersion
from outcomes.places.models import Place, kind_for_code
from outcomes.reviews.models import (
    Answer,
    BarrierCitation,
    ConsentScope,
    Review,
    ReviewRevision,
    ReviewStatus,
)
from outcomes.services.models import Service

PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = hash_password(PASSWORD)  # hashing is slow on purpose: do it once
_sequence = itertools.count(1)


def create_place(
    db: Session,
    *,
    code: str | None = None,
    name: str | None = None,
    parent: Place | None = None,
    superseded_by: Place | None = None,
) -> Place:
    number = next(_sequence)
    code = code or f"E08{900000 + number:06d}"
    place = Place(
        code=code,
        name=name or f"Testshire {number}",
        kind=kind_for_code(code),
        parent=parent,
        superseded_by=superseded_by,
    )
    db.add(place)
    db.flush()
    return place


def create_user(
    db: Session,
    *,
    role: Role = Role.SERVICE_MANAGER,
    email: str | None = None,
    places: list[Place] | None = None,
    active: bool = True,
) -> User:
    number = next(_sequence)
    if role is Role.SERVICE_MANAGER and places is None:
        places = [create_place(db)]
    user = User(
        email=email or f"person{number}@example.gov.uk",
        display_name=f"Person {number}",
        role=role,
        password_hash=_PASSWORD_HASH,
        places=places or [],
        active=active,
    )
    db.add(user)
    db.flush()
    return user


def create_service(
    db: Session,
    *,
    place: Place | None = None,
    name: str | None = None,
    service_area: str = "early_help",
) -> Service:
    service = Service(
        place=place or create_place(db),
        name=name or f"Service {next(_sequence)}",
        service_area=service_area,
        partners=["NHS"],
    )
    db.add(service)
    db.flush()
    return service


def sign_in(client: FlaskClient, user: User, password: str = PASSWORD) -> None:
    response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)


def create_review(
    db: Session,
    *,
    version: FrameworkVersion,
    service: Service | None = None,
    period_start: date = date(2025, 4, 1),
    period_end: date = date(2025, 6, 30),
    submitted: bool = True,
    answers: dict[str, object] | None = None,
    citations: list[tuple[str, str | None]] | None = None,
    consent: ConsentScope | None = None,
    author: User | None = None,
) -> Review:
    """A review with one revision holding ``answers`` (item id -> value), stored straight
    into the tables, as a report or an export would find it."""
    service = service or create_service(db)
    author = author or create_user(db, places=[service.place])
    review = Review(
        service=service,
        framework_id=version.framework_id,
        framework_version=version,
        period_start=period_start,
        period_end=period_end,
        status=ReviewStatus.SUBMITTED if submitted else ReviewStatus.DRAFT,
        created_by=author,
    )
    revision = ReviewRevision(review=review, number=1, created_by=author)
    kinds = {item.item_id: item.kind for item in version.items}
    for item_id, value in (answers or {}).items():
        answer = Answer(item_id=item_id)
        match kinds[item_id]:
            case "rubric":
                answer.value_level = value
            case "number":
                answer.value_number = value
            case "text":
                answer.value_text = value
                answer.consent_scope = consent
            case _:
                answer.value_choices = list(value)  # type: ignore[call-overload]
        revision.answers.append(answer)
    for barrier_id, ask in citations or []:
        revision.citations.append(
            BarrierCitation(item_id="national_barriers", barrier_id=barrier_id, ask=ask)
        )
    db.add_all([review, revision])
    db.flush()
    if submitted:
        revision.submitted_at = utcnow()
        revision.submitted_by = author
        review.first_submitted_at = revision.submitted_at
        review.current_revision = revision
        db.flush()
    return review
