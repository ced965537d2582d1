"""A national body responder's home: the asks addressed to their body, by status, with
what is overdue and what falls due next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.disclosure import DisclosureRule
from outcomes.national.access import responder_body
from outcomes.national.asks import AskFilter, NationalAsk, national_asks
from outcomes.national.deadlines import ResponseDeadline
from outcomes.national.models import NationalBody, ResponseStatus

from .manager import SHOWN


@dataclass(frozen=True)
class ResponderHome:
    body: NationalBody | None  # None: the account answers for no body yet
    total: int
    by_status: list[tuple[ResponseStatus, int]]  # every status with at least one ask
    overdue: int
    next_due: list[NationalAsk]  # still waiting for the body's answer, soonest due first


def responder_home(
    session: Session,
    actor: Actor,
    *,
    rule: DisclosureRule,
    deadline: ResponseDeadline,
    today: date,
) -> ResponderHome:
    body = responder_body(session, actor)
    if body is None:
        return ResponderHome(None, 0, [], 0, [])
    asks = national_asks(
        session,
        actor,
        rule=rule,
        deadline=deadline,
        today=today,
        filters=AskFilter(body=body.code),
    )
    counts = {status: sum(ask.status is status for ask in asks) for status in ResponseStatus}
    waiting = sorted(
        (ask for ask in asks if body in ask.awaiting),
        key=lambda ask: (ask.due_on, ask.barrier_title),
    )
    return ResponderHome(
        body=body,
        total=len(asks),
        by_status=[(status, count) for status, count in counts.items() if count],
        overdue=sum(1 for ask in asks if ask.days_overdue),
        next_due=waiting[:SHOWN],
    )
