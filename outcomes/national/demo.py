"""Demo data for national asks: the starter register, a responder account, and a
history of responses across the demo periods (some on time, some late, some not yet).

Called from the demo command with one line; running it again keeps what exists and gives
the responder a new password.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role
from outcomes.accounts.operations import get_user_by_email, set_password
from outcomes.disclosure import DisclosureRule
from outcomes.national.asks import national_asks
from outcomes.national.deadlines import ResponseDeadline
from outcomes.national.models import NationalBody, NationalResponse, ResponseStatus
from outcomes.national.register import get_body, import_register, shipped_register
from outcomes.national.responses import ResponseInput, record_response
from outcomes.national.services import create_responder

RESPONDER = ("responder@outcomes.example", "Nia National-Responder", "dhsc")

# What bodies say, by status: (statement, what will change, reasons, evidence).
SAYINGS = {
    ResponseStatus.ACKNOWLEDGED: (
        "We have received these asks and will reply in full.",
        "",
        "",
        "",
    ),
    ResponseStatus.UNDER_CONSIDERATION: (
        "We are looking at these asks with the places that raised them.",
        "",
        "",
        "",
    ),
    ResponseStatus.ACCEPTED: (
        "We accept the ask in principle.",
        "A multi-year settlement for the places in the pilot, with fewer ring-fenced grants.",
        "",
        "",
    ),
    ResponseStatus.NOT_ACCEPTED: (
        "We cannot take this forward now.",
        "",
        "The spending review fixes these allocations; we will look again at the next one.",
        "",
    ),
    ResponseStatus.ACTION_TAKEN: (
        "The change has been made.",
        "",
        "",
        "Guidance published on GOV.UK; reference in the minister's written statement.",
    ),
}
# A pattern of histories, one per ask in turn: (days after the due date, status) pairs.
# Negative days are on time; an empty history is an ask not answered yet.
HISTORIES = (
    ((-30, ResponseStatus.ACKNOWLEDGED), (-5, ResponseStatus.ACCEPTED)),
    ((21, ResponseStatus.UNDER_CONSIDERATION),),
    (),
    ((-10, ResponseStatus.NOT_ACCEPTED),),
    ((-40, ResponseStatus.ACCEPTED), (120, ResponseStatus.ACTION_TAKEN)),
    (),
)


def seed_national(session: Session, today: date | None = None) -> list[tuple[str, Role, str]]:
    """Create what is missing; return the responder's sign-in (email, role, password)."""
    today = today or date.today()
    if session.scalar(select(func.count()).select_from(NationalBody)) == 0:
        import_register(session, OPERATOR, *shipped_register())
    email, name, code = RESPONDER
    password = secrets.token_urlsafe(12)
    user = get_user_by_email(session, email)
    if user is None:
        create_responder(
            session,
            OPERATOR,
            email=email,
            display_name=name,
            password=password,
            body=get_body(session, code),
        )
    else:
        set_password(session, OPERATOR, user, password)
    if session.scalar(select(func.count()).select_from(NationalResponse)) == 0:
        _responses(session, today)
    return [(email, Role.NATIONAL_RESPONDER, password)]


def _responses(session: Session, today: date) -> None:
    asks = national_asks(
        session, OPERATOR, rule=DisclosureRule(), deadline=ResponseDeadline(), today=today
    )
    asks.sort(key=lambda a: (a.key.period_start, a.key.barrier_id))
    for index, ask in enumerate(a for a in asks if a.bodies):
        for offset, status in HISTORIES[index % len(HISTORIES)]:
            day = ask.due_on + timedelta(days=offset)
            if day > today or day < ask.key.period_start:
                continue
            statement, change, reasons, evidence = SAYINGS[status]
            given = ResponseInput(
                status=status,
                responded_on=day,
                statement=statement,
                what_will_change=change,
                change_by=day + timedelta(days=365) if change else None,
                reasons=reasons,
                evidence=evidence,
            )
            record_response(session, OPERATOR, ask, ask.bodies[0], given, today=today)
