"""The learning conversation on a submitted review: a regulator's feedback, replies from
the service (a regulator adds more feedback rather than replying), and the regulator's
acknowledgement of a revision."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.db import utcnow
from outcomes.errors import InvalidInput, NotFound
from outcomes.notifications.events import feedback_given
from outcomes.reviews.access import Action, require
from outcomes.reviews.history import Event, record_event
from outcomes.reviews.locking import check_lock
from outcomes.reviews.models import Feedback, Review, ReviewRevision
from outcomes.reviews.text import text_problem

BODY_MAX_LENGTH = 5000


@dataclass(frozen=True)
class Thread:
    """A piece of feedback and the replies to it, oldest first."""

    feedback: Feedback
    replies: tuple[Feedback, ...]


def give_feedback(session: Session, actor: Actor, review: Review, body: str) -> Feedback:
    """A regulator's feedback on the review's current revision."""
    require(Action.GIVE_FEEDBACK, actor, review)
    revision = review.current_revision
    assert revision is not None  # the rule above allows submitted reviews only
    feedback = _add(session, actor, review, body, revision.number, parent=None)
    record_event(
        session,
        actor,
        Event.FEEDBACK,
        review,
        after={"feedback": feedback.id, "revision": revision.number, "body": body},
    )
    feedback_given(session, actor.id, review, feedback)
    return feedback


def reply(session: Session, actor: Actor, review: Review, feedback_id: int, body: str) -> Feedback:
    """A reply in the thread of a piece of feedback (a reply to a reply joins its thread)."""
    require(Action.REPLY, actor, review)
    parent = session.get(Feedback, feedback_id)
    if parent is None or parent.review_id != review.id:
        raise NotFound("There is no such feedback on this review.")
    thread = parent if parent.parent_id is None else session.get(Feedback, parent.parent_id)
    assert thread is not None
    answer = _add(session, actor, review, body, thread.revision_number, parent=thread)
    record_event(
        session,
        actor,
        Event.REPLY,
        review,
        after={"feedback": answer.id, "parent": thread.id, "body": body},
    )
    feedback_given(session, actor.id, review, answer)
    return answer


def acknowledge(
    session: Session, actor: Actor, review: Review, *, lock_version: int
) -> ReviewRevision:
    """A regulator confirms they have read the review's current revision: the one they
    read, so the review must not have changed since (``lock_version``)."""
    require(Action.ACKNOWLEDGE, actor, review)
    check_lock(session, actor, review, lock_version)
    revision = review.current_revision
    assert revision is not None
    revision.acknowledged_at = utcnow()
    revision.acknowledged_by_id = actor.id
    record_event(session, actor, Event.ACKNOWLEDGE, review, after={"revision": revision.number})
    session.flush()
    return revision


def threads(session: Session, actor: Actor, review: Review) -> list[Thread]:
    """The review's feedback, oldest thread first."""
    require(Action.READ_FEEDBACK, actor, review)
    rows = session.scalars(
        select(Feedback)
        .where(Feedback.review_id == review.id)
        .order_by(Feedback.created_at, Feedback.id)
    ).all()
    return [
        Thread(row, tuple(reply for reply in rows if reply.parent_id == row.id))
        for row in rows
        if row.parent_id is None
    ]


def _add(
    session: Session,
    actor: Actor,
    review: Review,
    body: str,
    revision_number: int,
    parent: Feedback | None,
) -> Feedback:
    if not body.strip():
        raise InvalidInput("Enter your message", field="body")
    problem = text_problem("Your message", body, BODY_MAX_LENGTH)
    if problem:
        raise InvalidInput(problem, field="body")
    feedback = Feedback(
        review_id=review.id,
        revision_number=revision_number,
        parent_id=parent.id if parent else None,
        author_id=actor.id,
        body=body,
    )
    session.add(feedback)
    session.flush()
    return feedback
