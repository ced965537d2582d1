"""Finding 1: the API showed an amendment nobody had submitted to everyone who could read
the review. It now asks the same rule as the pages (outcomes.reviews.access) and records
the read of a draft in the audit trail, as the pages do."""

from __future__ import annotations

import pytest
from factories import create_user
from flask.testing import FlaskClient
from reviews.reviewing import file_review
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.audit.models import AuditEvent
from outcomes.frameworks.models import Framework
from outcomes.reviews.answers import AnswerInput, save_section
from outcomes.reviews.models import Review
from outcomes.reviews.submission import start_amendment
from outcomes.services.models import Service

API = "/api/v1"
SECRET = "Level changed in an amendment nobody has submitted"


@pytest.fixture
def amended(db: Session, manager: User, service: Service, framework: Framework) -> Review:
    """A submitted review whose manager has started an amendment and saved a new answer."""
    review = file_review(db, manager, service, framework)
    start_amendment(db, manager, review, reason=SECRET, lock_version=review.lock_version)
    save_section(
        db,
        manager,
        review,
        "principle-relational",
        {"relational": AnswerInput(value="1")},
        lock_version=review.lock_version,
    )
    return review


def draft_reads(db: Session, review: Review) -> list[AuditEvent]:
    return list(
        db.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "review.read_draft", AuditEvent.subject_id == str(review.id)
            )
        )
    )


@pytest.mark.parametrize("role", [Role.REGULATOR, Role.INSPECTOR, Role.SERVICE_MANAGER])
def test_people_who_may_not_read_the_draft_get_only_submitted_revisions(
    api: FlaskClient, token_for, db: Session, amended: Review, role: Role
) -> None:  # type: ignore[no-untyped-def]
    reader = create_user(db, role=role)  # a manager here works for another place
    response = api.get(f"{API}/reviews/{amended.id}", headers=token_for(reader))
    assert response.status_code == 200
    assert [r["number"] for r in response.json["revisions"]] == [1]
    assert SECRET not in response.get_data(as_text=True)
    assert response.json["revisions"][0]["answers"]["relational"] == {"level": 3}
    assert draft_reads(db, amended) == []


def test_the_draft_is_shown_to_its_place_and_an_admin_read_is_recorded(
    api: FlaskClient, token_for, db: Session, amended: Review, manager: User
) -> None:  # type: ignore[no-untyped-def]
    own = api.get(f"{API}/reviews/{amended.id}", headers=token_for(manager)).json
    assert [r["number"] for r in own["revisions"]] == [1, 2]
    assert own["revisions"][1]["answers"]["relational"] == {"level": 1}
    assert draft_reads(db, amended) == []  # the author reading their own draft

    admin = create_user(db, role=Role.ADMIN)
    read = api.get(f"{API}/reviews/{amended.id}", headers=token_for(admin)).json
    assert [r["number"] for r in read["revisions"]] == [1, 2]
    [event] = draft_reads(db, amended)
    assert event.actor_id == admin.id and event.after == {"revision": 2}
