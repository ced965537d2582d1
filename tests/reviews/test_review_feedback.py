"""Feedback, replies and acknowledgement: the learning conversation on a submitted review."""

from __future__ import annotations

import pytest
from factories import create_place, create_user
from reviewing import Q3_2025, file_review
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.audit.models import AuditEvent
from outcomes.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from outcomes.frameworks.models import Framework
from outcomes.reviews.feedback import acknowledge, give_feedback, reply, threads
from outcomes.reviews.models import Review
from outcomes.reviews.submission import start_amendment
from outcomes.services.models import Service


@pytest.fixture
def review(db: Session, manager: User, service: Service, framework: Framework) -> Review:
    return file_review(db, manager, service, framework)


@pytest.fixture
def regulator(db: Session) -> User:
    return create_user(db, role=Role.REGULATOR)


def test_a_regulator_leaves_feedback_and_the_service_replies(
    db: Session, manager: User, regulator: User, review: Review
) -> None:
    feedback = give_feedback(db, regulator, review, "What made fathers come?")
    answer = reply(db, manager, review, feedback.id, "Evening sessions, and a dad who asked.")
    follow_up = reply(db, manager, review, answer.id, "And we kept the Saturday one.")

    [thread] = threads(db, manager, review)
    assert thread.feedback.body == "What made fathers come?"
    assert thread.feedback.revision_number == 1
    assert [r.body for r in thread.replies] == [
        "Evening sessions, and a dad who asked.",
        "And we kept the Saturday one.",
    ]
    # A reply to a reply joins the thread it belongs to.
    assert follow_up.parent_id == feedback.id
    actions = [e.action for e in db.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions[-3:] == ["review.feedback", "review.reply", "review.reply"]


def test_feedback_names_the_revision_it_was_given_on(
    db: Session, manager: User, regulator: User, review: Review
) -> None:
    start_amendment(db, manager, review, reason="A correction.", lock_version=review.lock_version)

    # The amendment is not submitted yet, so feedback is on revision 1.
    assert give_feedback(db, regulator, review, "Noted.").revision_number == 1


def test_feedback_must_say_something(db: Session, regulator: User, review: Review) -> None:
    with pytest.raises(InvalidInput, match="Enter your message"):
        give_feedback(db, regulator, review, "  ")
    with pytest.raises(InvalidInput, match="5,000 characters or fewer"):
        give_feedback(db, regulator, review, "x" * 5001)


def test_only_regulators_give_feedback(db: Session, manager: User, review: Review) -> None:
    with pytest.raises(PermissionDenied):
        give_feedback(db, manager, review, "Self-praise.")


def test_a_regulator_adds_feedback_rather_than_replying(
    db: Session, manager: User, regulator: User, review: Review
) -> None:
    feedback = give_feedback(db, regulator, review, "What made fathers come?")
    answer = reply(db, manager, review, feedback.id, "Evening sessions.")

    with pytest.raises(PermissionDenied, match="To add to the conversation, leave feedback"):
        reply(db, regulator, review, answer.id, "Thank you.")
    give_feedback(db, regulator, review, "Thank you: how did you fund them?")
    assert len(threads(db, regulator, review)) == 2


def test_another_place_can_neither_read_nor_reply(
    db: Session, regulator: User, review: Review
) -> None:
    feedback = give_feedback(db, regulator, review, "A question.")
    stranger = create_user(db, places=[create_place(db)])

    with pytest.raises(PermissionDenied):
        threads(db, stranger, review)
    with pytest.raises(PermissionDenied):
        reply(db, stranger, review, feedback.id, "Butting in.")


def test_a_reply_to_feedback_on_another_review_is_refused(
    db: Session,
    manager: User,
    regulator: User,
    review: Review,
    service: Service,
    framework: Framework,
) -> None:
    other = file_review(db, manager, service, framework, Q3_2025)
    feedback = give_feedback(db, regulator, other, "Elsewhere.")

    with pytest.raises(NotFound):
        reply(db, manager, review, feedback.id, "Wrong thread.")


def test_a_regulator_acknowledges_the_current_revision_once(
    db: Session, regulator: User, review: Review
) -> None:
    revision = acknowledge(db, regulator, review, lock_version=review.lock_version)

    assert revision.acknowledged_by_id == regulator.id
    assert revision.acknowledged_at is not None
    with pytest.raises(Conflict, match="already acknowledged"):
        acknowledge(db, regulator, review, lock_version=review.lock_version)
    event = db.query(AuditEvent).filter_by(action="review.acknowledge").one()
    assert event.after == {"revision": 1}
