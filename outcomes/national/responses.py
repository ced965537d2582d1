"""Responding to a national ask. The status moves only through a new dated response;
a response is never changed once recorded (models.py refuses it at flush)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.accounts.models import User
from outcomes.audit.trail import record
from outcomes.errors import InvalidInput
from outcomes.national.access import require_may_respond
from outcomes.national.asks import NationalAsk
from outcomes.national.models import NationalBody, NationalResponse, ResponseStatus
from outcomes.national.register import responsibilities, responsible_bodies
from outcomes.notifications.events import response_recorded

MAX_TEXT = 5000


@dataclass(frozen=True)
class ResponseInput:
    status: ResponseStatus
    responded_on: date
    statement: str
    what_will_change: str = ""
    change_by: date | None = None
    reasons: str = ""
    evidence: str = ""


# What each status must say, beyond the statement itself: (attribute, field, message).
REQUIRED_BY_STATUS = {
    ResponseStatus.ACCEPTED: (
        ("what_will_change", "what_will_change", "Say what will change"),
        ("change_by", "change_by", "Give the date by which it will change"),
    ),
    ResponseStatus.NOT_ACCEPTED: (
        ("reasons", "reasons", "Give the reasons the ask is not accepted"),
    ),
    ResponseStatus.ACTION_TAKEN: (
        (
            "evidence",
            "evidence",
            "Give evidence of the action taken, such as a link or a reference",
        ),
    ),
}


def record_response(
    session: Session,
    actor: Actor,
    ask: NationalAsk,
    body: NationalBody,
    given: ResponseInput,
    *,
    today: date,
) -> NationalResponse:
    """Add ``body``'s dated response to ``ask`` (a NationalAsk). Nothing earlier changes."""
    require_may_respond(session, actor, body)
    key = ask.key
    answering = responsible_bodies(responsibilities(session), key.barrier_id, key.period_end)
    if body.id not in {b.id for b in answering}:
        raise InvalidInput(
            f"{body.name} was not asked to answer this barrier for {ask.period}. An "
            "administrator can change who answers which barrier in the register.",
            field="body",
        )
    _check(given, ask, body, today)
    response = NationalResponse(
        barrier_id=key.barrier_id,
        period_start=key.period_start,
        period_end=key.period_end,
        body=body,
        status=given.status,
        responded_on=given.responded_on,
        statement=given.statement.strip(),
        what_will_change=given.what_will_change.strip() or None,
        change_by=given.change_by,
        reasons=given.reasons.strip() or None,
        evidence=given.evidence.strip() or None,
        created_by_id=actor.id if isinstance(actor, User) else None,
    )
    session.add(response)
    session.flush()
    ask.responses.append(response)
    record(
        session,
        actor,
        "national_response.create",
        "national_response",
        response.id,
        before={
            "status": ask.responses[-2].status.value
            if len(ask.responses) > 1
            else ResponseStatus.AWAITING.value
        },
        after={
            "ask": key.slug,
            "body": body.code,
            "status": given.status.value,
            "responded_on": str(given.responded_on),
        },
    )
    response_recorded(session, response)
    return response


def _check(given: ResponseInput, ask: NationalAsk, body: NationalBody, today: date) -> None:
    if given.status is ResponseStatus.AWAITING:
        raise InvalidInput("Choose what the body's response is", field="status")
    if not given.statement.strip():
        raise InvalidInput("Enter the response", field="statement")
    for name in ("statement", "what_will_change", "reasons", "evidence"):
        if len(getattr(given, name)) > MAX_TEXT:
            raise InvalidInput(f"Keep this to {MAX_TEXT} characters or fewer", field=name)
    for attribute, field, message in REQUIRED_BY_STATUS.get(given.status, ()):
        value = getattr(given, attribute)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise InvalidInput(message, field=field)
    if given.responded_on > today:
        raise InvalidInput("The date of the response cannot be in the future", field="responded_on")
    key = ask.key
    if given.responded_on < key.period_start:
        raise InvalidInput(
            f"The date of the response must be on or after {key.period_start:%-d %B %Y}, "
            "when the period began",
            field="responded_on",
        )
    earlier = [r for r in ask.responses if r.body_id == body.id]
    if earlier and given.responded_on < earlier[-1].responded_on:
        raise InvalidInput(
            f"{body.name} last responded on {earlier[-1].responded_on:%-d %B %Y}: a new "
            "response must be dated on or after that",
            field="responded_on",
        )
    if given.change_by is not None and given.change_by < given.responded_on:
        raise InvalidInput("The change must be due on or after the response", field="change_by")
