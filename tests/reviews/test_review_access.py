"""Who may do what with a review: role × place × the review's state, as a matrix."""

from __future__ import annotations

import pytest
from factories import create_place, create_review, create_service, create_user
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.db import utcnow
from outcomes.errors import Conflict, PermissionDenied
from outcomes.frameworks.models import FrameworkVersion
from outcomes.reviews.access import Action, allowed_actions, may_start, require
from outcomes.reviews.models import Review, ReviewRevision

A = Action
WHO = ("admin", "own place", "other place", "regulator", "inspector")
STATES = ("draft", "submitted", "amending", "acknowledged")

READERS = {A.READ, A.READ_FEEDBACK}
EXPECTED: dict[tuple[str, str], set[Action]] = {
    ("admin", "draft"): {A.READ, A.READ_DRAFT, A.READ_FEEDBACK, A.READ_HISTORY},
    ("own place", "draft"): {A.READ, A.READ_DRAFT, A.EDIT, A.SUBMIT, A.READ_FEEDBACK},
    ("other place", "draft"): set(),
    ("regulator", "draft"): set(),
    ("inspector", "draft"): set(),
    ("admin", "submitted"): {A.READ, A.READ_DRAFT, A.READ_FEEDBACK, A.READ_HISTORY},
    ("own place", "submitted"): {A.READ, A.READ_DRAFT, A.AMEND, A.READ_FEEDBACK, A.REPLY},
    ("other place", "submitted"): {A.READ},
    ("regulator", "submitted"): READERS | {A.GIVE_FEEDBACK, A.ACKNOWLEDGE, A.READ_HISTORY},
    ("inspector", "submitted"): {A.READ},
    ("admin", "amending"): {A.READ, A.READ_DRAFT, A.READ_FEEDBACK, A.READ_HISTORY},
    ("own place", "amending"): {A.READ, A.READ_DRAFT, A.EDIT, A.SUBMIT, A.READ_FEEDBACK, A.REPLY},
    ("other place", "amending"): {A.READ},
    ("regulator", "amending"): READERS | {A.GIVE_FEEDBACK, A.ACKNOWLEDGE, A.READ_HISTORY},
    ("inspector", "amending"): {A.READ},
    ("admin", "acknowledged"): {A.READ, A.READ_DRAFT, A.READ_FEEDBACK, A.READ_HISTORY},
    ("own place", "acknowledged"): {A.READ, A.READ_DRAFT, A.AMEND, A.READ_FEEDBACK, A.REPLY},
    ("other place", "acknowledged"): {A.READ},
    ("regulator", "acknowledged"): READERS | {A.GIVE_FEEDBACK, A.READ_HISTORY},
    ("inspector", "acknowledged"): {A.READ},
}


def make_review(db: Session, version: FrameworkVersion, state: str) -> Review:
    review = create_review(db, version=version, submitted=state != "draft")
    if state == "amending":
        review.revisions.append(
            ReviewRevision(number=2, reason="A correction", created_by=review.created_by)
        )
    if state == "acknowledged":
        review.current_revision.acknowledged_at = utcnow()
    db.flush()
    return review


def make_actor(db: Session, review: Review, who: str) -> User:
    match who:
        case "own place":
            return create_user(db, places=[review.service.place])
        case "other place":
            return create_user(db, places=[create_place(db)])
        case "admin":
            return create_user(db, role=Role.ADMIN)
        case "regulator":
            return create_user(db, role=Role.REGULATOR)
    return create_user(db, role=Role.INSPECTOR)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", WHO)
def test_access_matrix(
    db: Session, frameworks: dict[str, FrameworkVersion], who: str, state: str
) -> None:
    review = make_review(db, frameworks["1.1.0"], state)

    assert allowed_actions(make_actor(db, review, who), review) == EXPECTED[(who, state)]


def test_the_matrix_covers_every_case() -> None:
    assert set(EXPECTED) == {(who, state) for who in WHO for state in STATES}


@pytest.mark.parametrize(
    ("who", "state", "action", "error", "message"),
    [
        ("other place", "draft", A.READ, PermissionDenied, "only people working for"),
        ("regulator", "draft", A.EDIT, PermissionDenied, "Only service managers who work for"),
        ("own place", "submitted", A.EDIT, Conflict, "start an amendment"),
        ("own place", "amending", A.AMEND, Conflict, "already in progress"),
        ("own place", "draft", A.AMEND, Conflict, "Change its answers directly"),
        ("inspector", "submitted", A.GIVE_FEEDBACK, PermissionDenied, "Only regulators"),
        ("regulator", "acknowledged", A.ACKNOWLEDGE, Conflict, "already acknowledged"),
        ("other place", "submitted", A.READ_FEEDBACK, PermissionDenied, "between regulators"),
        ("own place", "submitted", A.READ_HISTORY, PermissionDenied, "Only administrators"),
    ],
)
def test_a_refusal_says_why(
    db: Session,
    frameworks: dict[str, FrameworkVersion],
    who: str,
    state: str,
    action: Action,
    error: type[Exception],
    message: str,
) -> None:
    review = make_review(db, frameworks["1.1.0"], state)

    with pytest.raises(error, match=message):
        require(action, make_actor(db, review, who), review)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("own place", True), ("other place", False), ("admin", False), ("regulator", False)],
)
def test_who_may_start_a_review(
    db: Session, frameworks: dict[str, FrameworkVersion], who: str, allowed: bool
) -> None:
    service = create_service(db)
    review = create_review(db, version=frameworks["1.1.0"], service=service)

    assert may_start(make_actor(db, review, who), service) is allowed
