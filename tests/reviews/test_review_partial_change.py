"""Changing some answers of a draft, from any sections, the others kept (as the API does):
one lock check, one save, one event in the audit trail, or nothing saved."""

from __future__ import annotations

import pytest
from reviewing import Q2_2025
from sqlalchemy.orm import Session

from outcomes.accounts.models import User
from outcomes.audit.models import AuditEvent
from outcomes.frameworks.models import Framework
from outcomes.reviews.answers import AnswerInput, InvalidAnswers, change_answers, save_section
from outcomes.reviews.filing import start_review
from outcomes.reviews.locking import EditConflict
from outcomes.reviews.models import Review
from outcomes.reviews.values import revision_values
from outcomes.services.models import Service


@pytest.fixture
def review(db: Session, manager: User, service: Service, framework: Framework) -> Review:
    found = start_review(
        db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
    )
    save_section(
        db,
        manager,
        found,
        "measures",
        {"people_supported": AnswerInput(value=12), "weeks_to_help": AnswerInput(value=3)},
        lock_version=found.lock_version,
    )
    return found


def saves(db: Session) -> list[AuditEvent]:
    return db.query(AuditEvent).filter_by(action="review.save").order_by(AuditEvent.id).all()


def test_answers_from_several_sections_are_saved_at_once_and_the_others_kept(
    db: Session, manager: User, review: Review
) -> None:
    lock, before = review.lock_version, len(saves(db))

    changed = change_answers(
        db,
        manager,
        review,
        {
            "weeks_to_help": AnswerInput(value="4"),
            "relational": AnswerInput(value="3"),
            "what_we_tried": AnswerInput(value="Evening drop-ins."),
        },
        lock_version=lock,
    )

    assert sorted(changed) == ["relational", "weeks_to_help", "what_we_tried"]
    assert revision_values(review.working_revision) == {
        "people_supported": {"number": 12},  # not named: kept
        "weeks_to_help": {"number": 4},
        "relational": {"level": 3},
        "what_we_tried": {"text": "Evening drop-ins."},
    }
    assert review.lock_version == lock + 1
    events = saves(db)
    assert len(events) == before + 1
    assert events[-1].before["answers"] == {
        "weeks_to_help": {"number": 3},
        "relational": None,
        "what_we_tried": None,
    }


def test_an_answer_of_none_clears_only_that_item(
    db: Session, manager: User, review: Review
) -> None:
    change_answers(
        db,
        manager,
        review,
        {"weeks_to_help": AnswerInput()},
        lock_version=review.lock_version,
    )
    assert revision_values(review.working_revision) == {"people_supported": {"number": 12}}


def test_the_same_answers_again_change_nothing(db: Session, manager: User, review: Review) -> None:
    lock, before = review.lock_version, len(saves(db))
    assert (
        change_answers(
            db, manager, review, {"people_supported": AnswerInput(value="12")}, lock_version=lock
        )
        == []
    )
    assert review.lock_version == lock and len(saves(db)) == before


def test_one_answer_at_fault_or_an_unknown_question_saves_nothing(
    db: Session, manager: User, review: Review
) -> None:
    lock = review.lock_version
    with pytest.raises(InvalidAnswers) as refused:
        change_answers(
            db,
            manager,
            review,
            {"weeks_to_help": AnswerInput(value="5"), "relational": AnswerInput(value="9")},
            lock_version=lock,
        )
    assert set(refused.value.errors) == {"relational"}
    with pytest.raises(InvalidAnswers) as unknown:
        change_answers(
            db, manager, review, {"no_such_item": AnswerInput(value="1")}, lock_version=lock
        )
    assert unknown.value.errors == {"no_such_item": "This review has no question no_such_item."}
    assert revision_values(review.working_revision)["weeks_to_help"] == {"number": 3}
    assert review.lock_version == lock


def test_a_change_from_a_stale_read_is_refused_whatever_it_names(
    db: Session, manager: User, review: Review
) -> None:
    stale = review.lock_version - 1
    for answers in ({"relational": AnswerInput(value="2")}, {}):
        with pytest.raises(EditConflict):
            change_answers(db, manager, review, answers, lock_version=stale)
    assert "relational" not in revision_values(review.working_revision)
