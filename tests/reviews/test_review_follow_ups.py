"""Closing the loop: a service's next review shows what it said it would change, and asks
what happened."""

from __future__ import annotations

from datetime import date

import pytest
from factories import create_service
from reviewing import Q2_2025, Q3_2025, answers_for, file_review
from sqlalchemy.orm import Session

from outcomes.accounts.models import User
from outcomes.frameworks.models import Framework
from outcomes.places.models import Place
from outcomes.reviews.answers import AnswerInput, InvalidAnswers, save_section
from outcomes.reviews.filing import start_review
from outcomes.reviews.follow_ups import commitments, previous_review, required_items
from outcomes.reviews.submission import missing_answers
from outcomes.services.models import Service

PROMISE = "We will open the hub on Saturdays."


def test_the_next_review_shows_the_last_commitments(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    earlier = file_review(
        db, manager, service, framework, what_we_will_change=AnswerInput(value=PROMISE)
    )
    later = start_review(
        db, manager, service, framework, period_start=Q3_2025[0], period_end=Q3_2025[1]
    )

    found = commitments(db, later)

    assert list(found) == ["last_commitments"]
    assert found["last_commitments"].earlier is earlier
    assert found["last_commitments"].label == "What we will change next"
    assert found["last_commitments"].text == PROMISE


def test_what_happened_must_then_be_said(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    file_review(db, manager, service, framework)
    later = start_review(
        db, manager, service, framework, period_start=Q3_2025[0], period_end=Q3_2025[1]
    )
    learning = answers_for(later)["learning"]
    del learning["last_commitments"]

    with pytest.raises(InvalidAnswers) as refused:
        save_section(
            db, manager, later, "learning", learning, lock_version=later.lock_version, complete=True
        )

    assert refused.value.errors == {
        "last_commitments": "Enter what happened to our last commitments"
    }
    assert "last_commitments" in {m.item.id for m in missing_answers(db, later)}
    save_section(
        db,
        manager,
        later,
        "learning",
        {**learning, "last_commitments": AnswerInput(value="Saturdays began in August.")},
        lock_version=later.lock_version,
        complete=True,
    )
    assert "last_commitments" not in {m.item.id for m in missing_answers(db, later)}


def test_a_first_review_has_nothing_to_follow_up(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = start_review(
        db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
    )

    assert commitments(db, review) == {}
    assert "last_commitments" not in required_items(db, review)


def test_only_the_same_services_latest_earlier_submitted_review_counts(
    db: Session, manager: User, service: Service, framework: Framework, wigan: Place
) -> None:
    file_review(db, manager, service, framework, what_we_will_change=AnswerInput(value="Old."))
    middle = file_review(
        db, manager, service, framework, Q3_2025, what_we_will_change=AnswerInput(value="New.")
    )
    other = create_service(db, place=wigan, name="Community link workers")
    file_review(db, manager, other, framework, (date(2025, 10, 1), date(2025, 12, 31)))
    start_review(
        db,
        manager,
        service,
        framework,
        period_start=date(2025, 10, 1),
        period_end=date(2025, 12, 31),
    )
    later = start_review(
        db, manager, service, framework, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31)
    )

    # The October to December review is still a draft, so it is passed over, and the other
    # service's review is not this service's.
    assert previous_review(db, later) is middle
    assert commitments(db, later)["last_commitments"].text == "New."
