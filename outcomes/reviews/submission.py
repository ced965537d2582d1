"""Progress through a draft, submitting it, and amending a submitted review.

A submitted revision is never edited: an amendment is a new revision that starts as a
copy of the one before, says why it was made, and becomes the review's current revision
only when it is submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.db import utcnow
from outcomes.errors import InvalidInput
from outcomes.frameworks.definition import Item
from outcomes.notifications.events import review_submitted
from outcomes.reviews.access import Action, require
from outcomes.reviews.answers import missing_message
from outcomes.reviews.follow_ups import required_items
from outcomes.reviews.history import Event, record_event
from outcomes.reviews.locking import check_lock, touch
from outcomes.reviews.models import Review, ReviewRevision, ReviewStatus
from outcomes.reviews.periods import unstarted_problem, utc_today
from outcomes.reviews.pinned import pinned_definition
from outcomes.reviews.sections import Section, SectionState, review_sections
from outcomes.reviews.text import text_problem
from outcomes.reviews.values import revision_values, write_value

REASON_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Task:
    """A section of the task list and how far through it the draft is."""

    section: Section
    state: SectionState
    optional: bool


@dataclass(frozen=True)
class MissingAnswer:
    section: Section
    item: Item
    message: str


class IncompleteReview(InvalidInput):
    """A draft submitted before every required question has an answer."""

    def __init__(self, missing: list[MissingAnswer]) -> None:
        count = len(missing)
        questions = "1 question still needs" if count == 1 else f"{count} questions still need"
        super().__init__(f"You cannot submit this review yet: {questions} an answer.")
        self.missing = missing


def task_list(session: Session, review: Review) -> list[Task]:
    """Each section of the working revision with its state."""
    values = revision_values(review.working_revision)
    required = required_items(session, review)
    return [
        Task(section, section.state(values, required), section.is_optional(required))
        for section in review_sections(pinned_definition(review))
    ]


def missing_answers(session: Session, review: Review) -> list[MissingAnswer]:
    """The required questions the working revision has not answered, in the form's order."""
    return missing_given(review, required_items(session, review))


def missing_given(review: Review, required: set[str]) -> list[MissingAnswer]:
    """``missing_answers``, with the items the review must answer already known."""
    values = revision_values(review.working_revision)
    return [
        MissingAnswer(section, item, missing_message(item))
        for section in review_sections(pinned_definition(review))
        for item in section.items
        if item.id in required and not values.get(item.id)
    ]


def submit(
    session: Session,
    actor: Actor,
    review: Review,
    *,
    lock_version: int,
    today: date | None = None,
) -> ReviewRevision:
    """Submit the working revision: the first submission, or an amendment. Nothing is
    submitted for a period that has not started by ``today`` (the service's UTC date by
    default): reports and the public pages read what is submitted."""
    require(Action.SUBMIT, actor, review)
    check_lock(session, actor, review, lock_version)
    unstarted = unstarted_problem(review.period_start, review.period_end, today or utc_today())
    if unstarted is not None:
        raise InvalidInput(unstarted, field="period_start")
    missing = missing_answers(session, review)
    if missing:
        raise IncompleteReview(missing)
    revision = review.working_revision
    if revision.number > 1:
        previous = review.revisions[-2]
        if revision_values(revision) == revision_values(previous):
            raise InvalidInput(
                f"No answer has changed since revision {previous.number}. Change the answers "
                "that need correcting, or cancel the amendment."
            )
    revision.submitted_at = utcnow()
    revision.submitted_by_id = actor.id
    review.current_revision = revision
    review.status = ReviewStatus.SUBMITTED
    review.first_submitted_at = review.first_submitted_at or revision.submitted_at
    record_event(session, actor, Event.SUBMIT, review, after={"revision": revision.number})
    touch(session, actor, review)
    review_submitted(session, review, revision)
    return revision


def start_amendment(
    session: Session, actor: Actor, review: Review, *, reason: str, lock_version: int
) -> ReviewRevision:
    """Start a new revision of a submitted review, a copy of the current one to change,
    if the review is still as the person read it (``lock_version``)."""
    require(Action.AMEND, actor, review)
    check_lock(session, actor, review, lock_version)
    if not reason.strip():
        raise InvalidInput("Say why you are amending the review", field="reason")
    problem = text_problem("The reason", reason, REASON_MAX_LENGTH)
    if problem:
        raise InvalidInput(problem, field="reason")
    current = review.working_revision
    revision = ReviewRevision(number=current.number + 1, reason=reason, created_by_id=actor.id)
    for item_id, value in revision_values(current).items():
        write_value(revision, item_id, value)
    review.revisions.append(revision)
    record_event(
        session,
        actor,
        Event.AMEND,
        review,
        after={"revision": revision.number, "reason": reason},
    )
    touch(session, actor, review)
    return revision


def cancel_amendment(session: Session, actor: Actor, review: Review, *, lock_version: int) -> None:
    """Throw away an amendment not yet submitted; the current revision stays as it was."""
    require(Action.EDIT, actor, review)
    check_lock(session, actor, review, lock_version)
    revision = review.working_revision
    if revision.number == 1:
        raise InvalidInput(
            "This review has not been submitted yet, so there is no amendment to cancel."
        )
    record_event(
        session,
        actor,
        Event.CANCEL_AMENDMENT,
        review,
        before={
            "revision": revision.number,
            "reason": revision.reason,
            "answers": revision_values(revision),
        },
    )
    review.revisions.remove(revision)
    session.delete(revision)
    touch(session, actor, review)
