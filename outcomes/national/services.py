"""Entry points the pages, API and commands call: creating responders, the asks a review's
place sees, and the public page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

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
    national_asks,
    responses_for,
)
from outcomes.national.deadlines import ResponseDeadline
from outcomes.national.models import NationalBody, ResponseStatus
from outcomes.reviews.models import Review

if TYPE_CHECKING:
    import pandas as pd  # only for types: the tables come from the report


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
    cited = list(dict.fromkeys(c.barrier_id for c in revision.citations))
    period = (review.period_start, review.period_end)
    asks = national_asks(
        session, actor, rule=rule, deadline=deadline, today=today, filters=AskFilter(period=period)
    )
    by_barrier = {ask.key.barrier_id: ask for ask in asks}
    return [by_barrier[barrier] for barrier in cited if barrier in by_barrier]


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


def _day(value: Any) -> date:
    """A date from a report table, stored as a date or as a pandas Timestamp."""
    day: date = value.date() if hasattr(value, "date") else value
    return day


def with_response_statuses(session: Session, table: pd.DataFrame) -> pd.DataFrame:
    """A report's barriers-by-period table with each national ask's status beside its
    counts (each row is one barrier in one period: one national ask). Statuses are public,
    so the reader does not change them."""
    keys = [
        AskKey(barrier, _day(start), _day(end))
        for barrier, start, end in zip(
            table.barrier, table.period_start, table.period_end, strict=True
        )
    ]
    answers = responses_for(session, keys)
    table = table.copy()
    table["response_status"] = [
        answers[key][-1].status.value if answers[key] else ResponseStatus.AWAITING.value
        for key in keys
    ]
    return table


def latest_statuses(table: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """For each barrier, the row of its latest period in a table made by
    ``with_response_statuses``: what a report shows beside the barrier's counts."""
    latest: dict[str, dict[str, Any]] = {}
    for row in cast(list[dict[str, Any]], table.to_dict("records")):
        held = latest.get(row["barrier"])
        if held is None or _day(row["period_start"]) >= _day(held["period_start"]):
            latest[row["barrier"]] = {
                **row,
                "period_start": _day(row["period_start"]),
                "period_end": _day(row["period_end"]),
                "status": ResponseStatus(row["response_status"]),
            }
    return latest
