"""Entry points the pages, API and commands call: creating responders, the asks a review's
place sees, and the public page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.accounts.models import Role, User
from outcomes.accounts.operations import create_user
from outcomes.audit.trail import record
from outcomes.disclosure import DisclosureRule
from outcomes.national.access import PUBLIC, attach_responder
from outcomes.national.asks import (
    AskFilter,
    AskKey,
    CitedAsk,
    NationalAsk,
    cited_asks,
    get_ask,
    national_asks,
)
from outcomes.national.deadlines import ResponseDeadline
from outcomes.national.models import NationalBody
from outcomes.reviews.models import Review


def create_responder(
    session: Session,
    actor: Actor,
    *,
    email: str,
    display_name: str,
    password: str,
    body: NationalBody,
) -> User:
    user = create_user(
        session,
        actor,
        email=email,
        display_name=display_name,
        role=Role.NATIONAL_RESPONDER,
        password=password,
    )
    attach_responder(session, actor, user, body)
    record(session, actor, "national_responder.attach", "user", user.id, after={"body": body.code})
    return user


def asks_for_review(
    session: Session,
    actor: Actor,
    review: Review,
    *,
    rule: DisclosureRule,
    deadline: ResponseDeadline,
    today: date,
) -> list[NationalAsk]:
    """The national asks for the barriers this review's latest submission cites, with the
    responses so far: what the place hears back."""
    revision = review.current_revision
    if revision is None:
        return []
    found = []
    for barrier_id in dict.fromkeys(c.barrier_id for c in revision.citations):
        key = AskKey(barrier_id, review.period_start, review.period_end)
        found.append(get_ask(session, actor, key, rule=rule, deadline=deadline, today=today))
    return found


@dataclass
class PublicAsk:
    ask: NationalAsk
    cited: list[CitedAsk]


def public_asks(
    session: Session,
    period: tuple[date, date],
    *,
    rule: DisclosureRule,
    deadline: ResponseDeadline,
    today: date,
) -> list[PublicAsk]:
    """For one period, every barrier cited, with counts under the disclosure rule, the
    asks whose writers chose that everyone may read them, and the responses."""
    asks = national_asks(
        session, PUBLIC, rule=rule, deadline=deadline, today=today, filters=AskFilter(period=period)
    )
    asks.sort(key=lambda a: a.barrier_title)
    return [PublicAsk(ask, cited_asks(session, PUBLIC, ask.key)) for ask in asks]
