"""National asks and responses: a new ask is news for its bodies' responders, once per ask;
an ask due in 7 days reminds them, once; a response is news for the citing places."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from notifying import file_review, queued
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import User
from outcomes.disclosure import DisclosureRule
from outcomes.frameworks.models import FrameworkVersion
from outcomes.national.asks import AskKey, get_ask
from outcomes.national.deadlines import ResponseDeadline
from outcomes.national.models import ResponseStatus
from outcomes.national.register import (
    import_register,
    list_bodies,
    responsibilities,
    responsible_bodies,
    shipped_register,
)
from outcomes.national.responses import ResponseInput, record_response
from outcomes.national.services import create_responder
from outcomes.notifications.due import queue_due
from outcomes.notifications.models import Kind
from outcomes.reviews.models import Review
from outcomes.services.models import Service

DEADLINE = ResponseDeadline()
BARRIER = "devolution"  # answered by MHCLG and HM Treasury in the shipped register


@pytest.fixture
def responders(db: Session, frameworks: dict[str, FrameworkVersion]) -> dict[str, User]:
    """The shipped register, and one responder for each body, by body code."""
    import_register(db, OPERATOR, *shipped_register())
    return {
        body.code: create_responder(
            db,
            OPERATOR,
            email=f"answers@{body.code}.example.gov.uk",
            display_name=f"Responder for {body.code}",
            password="a long enough password",
            body=body,
        )
        for body in list_bodies(db)
    }


def cited(db: Session, review: Review) -> tuple[str, list[str]]:
    """The first barrier the review cites, and the codes of the bodies that answer it."""
    revision = review.current_revision
    assert revision is not None and revision.citations, "the review must cite a barrier"
    barrier = sorted(c.barrier_id for c in revision.citations)[0]
    bodies = responsible_bodies(responsibilities(db), barrier, review.period_end)
    return barrier, [body.code for body in bodies]


def test_a_new_ask_is_news_for_its_bodies_responders_once(
    db: Session,
    responders: dict[str, User],
    manager: User,
    service: Service,
) -> None:
    review = file_review(db, manager, service, cites=BARRIER)
    barrier, codes = cited(db, review)
    key = f"ask:{barrier}:{review.period_start}:{review.period_end}"
    news = [n for n in queued(db, Kind.NEW_ASK) if n.event_key == key]
    assert sorted(n.user_id for n in news) == sorted(responders[code].id for code in codes)
    assert news[0].path == f"/national-asks/{barrier}/{review.period_start}/{review.period_end}"

    before = len(queued(db, Kind.NEW_ASK))
    other = Service(place=service.place, name="Another service", service_area="housing")
    db.add(other)
    db.flush()
    again = file_review(db, manager, other, cites=BARRIER)
    assert cited(db, again)[0] == barrier
    assert len(queued(db, Kind.NEW_ASK)) == before  # the same ask: no news again


def test_a_response_is_news_for_the_managers_of_places_that_cited_the_barrier(
    db: Session, responders: dict[str, User], manager: User, service: Service
) -> None:
    review = file_review(db, manager, service, cites=BARRIER)
    barrier, codes = cited(db, review)
    body = next(b for b in list_bodies(db) if b.code == codes[0])
    key = AskKey(barrier, review.period_start, review.period_end)
    ask = get_ask(
        db, OPERATOR, key, rule=DisclosureRule(), deadline=DEADLINE, today=date(2025, 9, 1)
    )
    given = ResponseInput(ResponseStatus.ACKNOWLEDGED, date(2025, 9, 1), "We have read them.")
    response = record_response(db, responders[body.code], ask, body, given, today=date(2025, 9, 1))

    [news] = queued(db, Kind.NATIONAL_RESPONSE)
    assert news.user_id == manager.id
    assert news.event_key == f"response:{response.id}"
    assert "We have read them" not in news.summary


def test_an_ask_due_in_seven_days_reminds_the_bodies_yet_to_answer_once(
    db: Session, responders: dict[str, User], manager: User, service: Service
) -> None:
    review = file_review(db, manager, service, cites=BARRIER)
    barrier, codes = cited(db, review)
    due = DEADLINE.due_on(review.period_end)
    today = due - timedelta(days=5)

    queue_due(db, today, DEADLINE)
    reminders = [
        n for n in queued(db, Kind.ASK_DUE) if n.event_key.startswith(f"ask-due:{barrier}/")
    ]
    assert sorted(n.user_id for n in reminders) == sorted(responders[c].id for c in codes)
    assert queue_due(db, today + timedelta(days=1), DEADLINE) == 0
