"""The events people are told about, queued by the domain services that perform them,
in their transaction: feedback and replies (outcomes.reviews.feedback), a submission
(outcomes.reviews.submission), a national body's response (outcomes.national.responses).

Who hears of what:
- service managers of the review's place: feedback on the review; a national body's
  response to a barrier the place cited;
- regulators: a review submitted in a place or region they follow; a reply to their
  feedback;
- responders: a new national ask for their body (the first submitted citation of a
  barrier in a period; later ones are the same ask, so the same key).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User, user_place
from outcomes.frameworks.store import barrier_titles
from outcomes.national.models import NationalResponder, NationalResponse
from outcomes.national.register import responsibilities, responsible_bodies
from outcomes.notifications.models import Kind, followed_place
from outcomes.notifications.queue import News, queue
from outcomes.places.identity import successors
from outcomes.places.models import Place
from outcomes.reviews.models import (
    BarrierCitation,
    Feedback,
    Review,
    ReviewRevision,
    ReviewStatus,
)
from outcomes.reviews.periods import describe_period
from outcomes.services.models import Service


def review_path(review: Review) -> str:
    return f"/reviews/{review.id}"


def ask_path(barrier_id: str, start: date, end: date) -> str:
    return f"/national-asks/{barrier_id}/{start}/{end}"


def _what(review: Review) -> str:
    """'the review of Early help in Leeds for April to June 2025': names, never answers."""
    service = review.service
    period = describe_period(review.period_start, review.period_end)
    return f"the review of {service.name} in {service.place.name} for {period}"


def managers_of(session: Session, places: Iterable[Place]) -> list[User]:
    """Service managers who act for any of ``places`` (as they were, or became)."""
    ids = {step.id for place in places for step in successors(place)}
    if not ids:
        return []
    statement = (
        select(User)
        .join(user_place, user_place.c.user_id == User.id)
        .where(User.role == Role.SERVICE_MANAGER, user_place.c.place_id.in_(ids))
        .distinct()
    )
    return list(session.scalars(statement))


def followers_of(session: Session, place: Place) -> list[User]:
    """People following the place, a place it became, or any area that contains them."""
    ids = {area.id for step in successors(place) for area in (step, *step.ancestors) if area.id}
    statement = (
        select(User)
        .join(followed_place, followed_place.c.user_id == User.id)
        .where(followed_place.c.place_id.in_(ids))
        .distinct()
    )
    return list(session.scalars(statement))


def feedback_given(session: Session, actor_id: int | None, review: Review, item: Feedback) -> None:
    """Feedback, or a reply in its thread: managers of the place hear of a regulator's;
    the regulator who started a thread hears of every reply from someone else."""
    place = review.service.place
    managers = managers_of(session, [place])
    if actor_id not in {manager.id for manager in managers}:
        words = "New feedback" if item.parent_id is None else "A new reply to feedback"
        queue(
            session,
            News(
                Kind.FEEDBACK,
                f"feedback:{item.id}",
                f"{words} was left on {_what(review)}.",
                f"{review_path(review)}#feedback",
            ),
            [m for m in managers if m.id != actor_id],
        )
    if item.parent_id is not None:
        thread = session.get(Feedback, item.parent_id)
        if thread is not None and thread.author_id != actor_id:
            queue(
                session,
                News(
                    Kind.FEEDBACK_REPLY,
                    f"reply:{item.id}",
                    f"Someone replied to your feedback on {_what(review)}.",
                    f"{review_path(review)}#feedback",
                ),
                [thread.author],
            )


def review_submitted(session: Session, review: Review, revision: ReviewRevision) -> None:
    """A submission (or an amendment): news for followers of the place, and a new ask for
    the bodies answering each barrier it cites, the first time the ask exists."""
    amended = f" (amended, revision {revision.number})" if revision.number > 1 else ""
    queue(
        session,
        News(
            Kind.REVIEW_SUBMITTED,
            f"review:{review.id}:{revision.number}",
            f"{_what(review)[0].upper()}{_what(review)[1:]} was submitted{amended}.",
            review_path(review),
        ),
        followers_of(session, review.service.place),
    )
    barriers = sorted({citation.barrier_id for citation in revision.citations})
    if not barriers:
        return
    duties = responsibilities(session)
    titles = barrier_titles(session)
    period = describe_period(review.period_start, review.period_end)
    for barrier_id in barriers:
        bodies = responsible_bodies(duties, barrier_id, review.period_end)
        if not bodies:
            continue
        responders = session.scalars(
            select(User)
            .join(NationalResponder, NationalResponder.user_id == User.id)
            .where(NationalResponder.body_id.in_([body.id for body in bodies]))
        )
        queue(
            session,
            News(
                Kind.NEW_ASK,
                f"ask:{barrier_id}:{review.period_start}:{review.period_end}",
                f"Places have a new national ask about ‘{titles.get(barrier_id, barrier_id)}’ "
                f"for {period}, addressed to your body.",
                ask_path(barrier_id, review.period_start, review.period_end),
            ),
            responders,
        )


def response_recorded(session: Session, response: NationalResponse) -> None:
    """A national body's response: news for the managers of every place whose submitted
    review cites the barrier in that period."""
    places = session.scalars(
        select(Place)
        .join(Service, Service.place_id == Place.id)
        .join(Review, Review.service_id == Service.id)
        .join(BarrierCitation, BarrierCitation.revision_id == Review.current_revision_id)
        .where(
            Review.status == ReviewStatus.SUBMITTED,
            BarrierCitation.barrier_id == response.barrier_id,
            Review.period_start == response.period_start,
            Review.period_end == response.period_end,
        )
        .distinct()
    ).all()
    period = describe_period(response.period_start, response.period_end)
    barrier = barrier_titles(session).get(response.barrier_id, response.barrier_id)
    queue(
        session,
        News(
            Kind.NATIONAL_RESPONSE,
            f"response:{response.id}",
            f"{response.body.name} responded ({response.status.label.lower()}) to the national "
            f"ask about ‘{barrier}’ for {period}, which your place cited.",
            ask_path(response.barrier_id, response.period_start, response.period_end),
        ),
        managers_of(session, places),
    )
