"""Set-up for the home page tests: reviews filed, answered and discussed through the
services the pages call (tests/frontdoor.py), and a statement counter."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from factories import create_service, create_user
from frontdoor import FRAMEWORK, save_answers, varied_answers
from sqlalchemy import event
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role, User
from outcomes.disclosure import DisclosureRule
from outcomes.frameworks.store import get_framework
from outcomes.national.asks import AskKey, get_ask
from outcomes.national.deadlines import ResponseDeadline
from outcomes.national.models import NationalBody, ResponseStatus
from outcomes.national.register import (
    import_register,
    responsibilities,
    responsible_bodies,
    shipped_register,
)
from outcomes.national.responses import ResponseInput, record_response
from outcomes.places.models import Place
from outcomes.reviews.answers import AnswerInput
from outcomes.reviews.filing import start_review
from outcomes.reviews.listing import due_quarters
from outcomes.reviews.models import Review
from outcomes.reviews.pinned import pinned_definition
from outcomes.reviews.submission import submit
from outcomes.services.models import Service

BARRIER = "devolution"
RULE = DisclosureRule()
DEADLINE = ResponseDeadline()


def quarters(today: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """(current quarter, last quarter) on ``today``."""
    return due_quarters(today)


def citing(db: Session, manager: User, service: Service, period: tuple[date, date]) -> Review:
    """A submitted review citing the devolution barrier, as the form files it."""
    framework = get_framework(db, FRAMEWORK)
    draft = start_review(
        db, manager, service, framework, period_start=period[0], period_end=period[1]
    )
    answers = varied_answers(random.Random(7), pinned_definition(draft))
    answers["national_barriers"] = AnswerInput(
        asks={BARRIER: "Let us pool budgets locally"}, consent="regulators"
    )
    save_answers(db, manager, draft, answers)
    submit(db, manager, draft, lock_version=draft.lock_version)
    return draft


def draft(db: Session, manager: User, service: Service, period: tuple[date, date]) -> Review:
    """A review started and left with nothing answered."""
    framework = get_framework(db, FRAMEWORK)
    return start_review(
        db, manager, service, framework, period_start=period[0], period_end=period[1]
    )


def responsible_body(db: Session, period: tuple[date, date]) -> NationalBody:
    import_register(db, OPERATOR, *shipped_register())
    return responsible_bodies(responsibilities(db), BARRIER, period[1])[0]


def respond(
    db: Session,
    actor: object,
    body: NationalBody,
    period: tuple[date, date],
    today: date,
    status: ResponseStatus = ResponseStatus.UNDER_CONSIDERATION,
) -> None:
    ask = get_ask(
        db,
        actor,
        AskKey(BARRIER, *period),
        rule=RULE,
        deadline=DEADLINE,
        today=today,  # type: ignore[arg-type]
    )
    record_response(
        db,
        actor,  # type: ignore[arg-type]
        ask,
        body,
        ResponseInput(status=status, responded_on=today, statement="We are looking at this."),
        today=today,
    )


def manager_with_services(db: Session, place: Place, *names: str) -> tuple[User, list[Service]]:
    services = [create_service(db, place=place, name=name) for name in names]
    return create_user(db, role=Role.SERVICE_MANAGER, places=[place]), services


@contextmanager
def counting_statements(db: Session) -> Iterator[list[str]]:
    """Every SQL statement the session sends while the block runs."""
    seen: list[str] = []
    connection = db.connection()

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(connection, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(connection, "before_cursor_execute", note)
