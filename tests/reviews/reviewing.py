"""Helpers for the review tests: complete answers for every section, and a review filed
through the services the way a service manager files one."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from outcomes.accounts.models import User
from outcomes.frameworks.definition import (
    BarriersItem,
    ChoiceItem,
    NumberItem,
    RubricItem,
    TextItem,
)
from outcomes.frameworks.models import Framework
from outcomes.reviews.answers import AnswerInput, save_section
from outcomes.reviews.filing import start_review
from outcomes.reviews.models import ConsentScope, Review
from outcomes.reviews.pinned import pinned_definition
from outcomes.reviews.sections import review_sections
from outcomes.reviews.submission import submit
from outcomes.services.models import Service

Q2_2025 = (date(2025, 4, 1), date(2025, 6, 30))
Q3_2025 = (date(2025, 7, 1), date(2025, 9, 30))


def answers_for(review: Review, *, text: str = "") -> dict[str, dict[str, AnswerInput]]:
    """An answer to every item of every section, by section key: text items get
    ``text`` (or words naming the item), rubric items level 3."""
    sections = {}
    for section in review_sections(pinned_definition(review)):
        answers = {}
        for item in section.items:
            if isinstance(item, TextItem):
                answer = AnswerInput(
                    value=text or f"Our answer to {item.id}.",
                    consent=ConsentScope.REGULATORS if item.consent else None,
                )
            elif isinstance(item, NumberItem):
                answer = AnswerInput(value="120")
            elif isinstance(item, RubricItem):
                answer = AnswerInput(value="3")
            elif isinstance(item, BarriersItem):
                answer = AnswerInput(asks={"multi_year_funding": "Three-year settlements."})
            elif isinstance(item, ChoiceItem) and item.kind == "choice":
                answer = AnswerInput(value=item.options[0].id)
            else:
                assert isinstance(item, ChoiceItem)
                answer = AnswerInput(choices=[item.options[0].id])
            answers[item.id] = answer
        sections[section.key] = answers
    return sections


def fill(db: Session, manager: User, review: Review, **overrides: AnswerInput) -> None:
    """Answer every section, with ``overrides`` (by item id) in place of the defaults."""
    for key, answers in answers_for(review).items():
        answers.update({k: v for k, v in overrides.items() if k in answers})
        save_section(db, manager, review, key, answers, lock_version=review.lock_version)


def file_review(
    db: Session,
    manager: User,
    service: Service,
    framework: Framework,
    period: tuple[date, date] = Q2_2025,
    **overrides: AnswerInput,
) -> Review:
    """A review started, answered in full and submitted by ``manager``."""
    review = start_review(
        db, manager, service, framework, period_start=period[0], period_end=period[1]
    )
    fill(db, manager, review, **overrides)
    submit(db, manager, review, lock_version=review.lock_version)
    return review
