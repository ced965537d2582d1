"""What is due soon, computed by each sender run and queued once per period: a review due
in the next 14 days (service managers), a national ask due from a body in the next 7
days (its responders). The keys name the period, so running again queues nothing new."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role, User, user_place
from outcomes.disclosure import DisclosureRule
from outcomes.national.asks import national_asks
from outcomes.national.deadlines import ResponseDeadline
from outcomes.national.models import NationalResponder
from outcomes.notifications.events import ask_path
from outcomes.notifications.models import Kind
from outcomes.notifications.queue import News, queue
from outcomes.places.identity import successors
from outcomes.reviews.models import Review, ReviewStatus
from outcomes.reviews.periods import describe_period, quarter_containing
from outcomes.services.models import Service

REVIEW_DUE_WITHIN = timedelta(days=14)
ASK_DUE_WITHIN = timedelta(days=7)


def queue_due(session: Session, today: date, deadline: ResponseDeadline) -> int:
    return _reviews_due(session, today, deadline) + _asks_due(session, today, deadline)


def _quarters_closing(today: date, deadline: ResponseDeadline) -> list[tuple[date, date]]:
    """Quarters whose reviews close (ResponseDeadline.reviews_close) in the next 14 days."""
    found = []
    day = today - timedelta(days=deadline.reviews_close_days + 100)
    while day <= today:
        start, end = quarter_containing(day)
        close = deadline.reviews_close(end)
        if today <= close <= today + REVIEW_DUE_WITHIN and (start, end) not in found:
            found.append((start, end))
        day = end + timedelta(days=1)
    return found


def _reviews_due(session: Session, today: date, deadline: ResponseDeadline) -> int:
    quarters = _quarters_closing(today, deadline)
    if not quarters:
        return 0
    managers: dict[int, list[User]] = defaultdict(list)
    rows = session.execute(
        select(user_place.c.place_id, User)
        .join(User, User.id == user_place.c.user_id)
        .where(User.role == Role.SERVICE_MANAGER, User.active.is_(True))
    )
    for place_id, user in rows:
        managers[place_id].append(user)
    if not managers:
        return 0
    queued = 0
    for start, end in quarters:
        submitted = set(
            session.scalars(
                select(Review.service_id).where(
                    Review.status == ReviewStatus.SUBMITTED,
                    Review.period_start == start,
                    Review.period_end == end,
                )
            )
        )
        period = describe_period(start, end)
        close = deadline.reviews_close(end)
        for service in session.scalars(select(Service).order_by(Service.id)):
            if service.id in submitted:
                continue
            people = [u for step in successors(service.place) for u in managers.get(step.id, [])]
            if not people:
                continue
            queued += queue(
                session,
                News(
                    Kind.REVIEW_DUE,
                    f"due:{service.id}:{start}:{end}",
                    f"The review of {service.name} in {service.place.name} for {period} is "
                    f"due by {close.day} {close:%B %Y}.",
                    f"/places/{service.place.code}",
                ),
                people,
            )
    return queued


def _asks_due(session: Session, today: date, deadline: ResponseDeadline) -> int:
    asks = [
        ask
        for ask in national_asks(
            session, OPERATOR, rule=DisclosureRule(), deadline=deadline, today=today
        )
        if today <= ask.due_on <= today + ASK_DUE_WITHIN and ask.awaiting
    ]
    queued = 0
    for ask in asks:
        for body in ask.awaiting:
            responders = session.scalars(
                select(User)
                .join(NationalResponder, NationalResponder.user_id == User.id)
                .where(NationalResponder.body_id == body.id)
            )
            due = ask.due_on
            queued += queue(
                session,
                News(
                    Kind.ASK_DUE,
                    f"ask-due:{ask.key.slug}:{body.code}",
                    f"{body.name}'s response to the national ask about ‘{ask.barrier_title}’ "
                    f"for {ask.period} is due by {due.day} {due:%B %Y}.",
                    ask_path(ask.key.barrier_id, ask.key.period_start, ask.key.period_end),
                ),
                responders,
            )
    return queued
