"""The audit trail of a review: every change, and every read of a draft by someone other
than its author, told as a history that administrators and regulators can read."""

from __future__ import annotations

import pytest
from factories import create_user
from reviewing import Q2_2025, answers_for, file_review
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.audit.models import AuditEvent
from outcomes.errors import PermissionDenied
from outcomes.frameworks.models import Framework
from outcomes.places.models import Place
from outcomes.reviews.answers import AnswerInput, save_section
from outcomes.reviews.feedback import acknowledge, give_feedback, reply
from outcomes.reviews.filing import start_review
from outcomes.reviews.history import review_history
from outcomes.reviews.reading import read_draft
from outcomes.reviews.submission import start_amendment, submit
from outcomes.services.models import Service


def actions(db: Session) -> list[str]:
    return [e.action for e in db.query(AuditEvent).filter(AuditEvent.subject_type == "review")]


def test_a_draft_read_by_its_author_is_not_recorded_but_by_anyone_else_it_is(
    db: Session, manager: User, service: Service, framework: Framework, wigan: Place
) -> None:
    review = start_review(
        db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
    )
    colleague = create_user(db, places=[wigan])
    admin = create_user(db, role=Role.ADMIN)

    read_draft(db, manager, review)
    read_draft(db, colleague, review)
    read_draft(db, admin, review)

    reads = db.query(AuditEvent).filter_by(action="review.read_draft").all()
    assert [e.actor_id for e in reads] == [colleague.id, admin.id]
    assert reads[0].after == {"revision": 1}


def test_a_draft_is_not_readable_outside_its_place(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = start_review(db, manager, service, framework)

    with pytest.raises(PermissionDenied):
        read_draft(db, create_user(db, role=Role.REGULATOR), review)
    assert "review.read_draft" not in actions(db)


def test_the_history_tells_every_change_in_order(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    regulator = create_user(db, role=Role.REGULATOR)
    review = file_review(db, manager, service, framework)
    feedback = give_feedback(db, regulator, review, "Good.")
    reply(db, manager, review, feedback.id, "Thanks.")
    acknowledge(db, regulator, review, lock_version=review.lock_version)
    start_amendment(db, manager, review, reason="A wrong number.", lock_version=review.lock_version)
    save_section(
        db,
        manager,
        review,
        "measures",
        {**answers_for(review)["measures"], "people_supported": AnswerInput(value="99")},
        lock_version=review.lock_version,
    )
    submit(db, manager, review, lock_version=review.lock_version)

    history = review_history(db, regulator, review)

    saves = len(answers_for(review))  # one save per section while filing
    assert [entry.what for entry in history] == [
        "Started the review",
        *["Saved changes to revision 1"] * saves,
        "Submitted revision 1",
        "Left feedback on revision 1",
        "Replied to feedback",
        "Acknowledged revision 1",
        "Started revision 2 to amend the review",
        "Saved changes to revision 2",
        "Submitted revision 2",
    ]
    assert history[-3].details == ("A wrong number.",)
    assert history[-2].details == ("People supported",)
    assert {entry.who for entry in history} == {manager.display_name, regulator.display_name}


def test_the_history_is_for_administrators_and_regulators(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)

    assert review_history(db, create_user(db, role=Role.ADMIN), review)
    with pytest.raises(PermissionDenied):
        review_history(db, manager, review)


def test_a_story_withheld_from_a_reader_is_named_in_the_history_but_not_quoted(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    story = AnswerInput(value="Private words.", consent="place")
    review = file_review(db, manager, service, framework, story_of_change=story)

    history = review_history(db, create_user(db, role=Role.REGULATOR), review)

    assert ("A story of change",) in [entry.details for entry in history]
    assert all("Private words." not in " ".join(entry.details) for entry in history)
