"""National asks: grouping, status only through dated responses, no edits in place,
consent and suppression for responders and the public."""

from __future__ import annotations

from datetime import date

import pytest
from factories import create_user
from national_data import DEADLINE, DUE, Q1, RULE, TODAY, ask_for, citing_review, load_register
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role
from outcomes.audit.models import AuditEvent
from outcomes.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from outcomes.frameworks.models import FrameworkVersion
from outcomes.national.access import PUBLIC
from outcomes.national.asks import AskFilter, cited_asks, national_asks
from outcomes.national.models import NationalResponse, ResponseStatus
from outcomes.national.register import get_body
from outcomes.national.responses import ResponseInput, record_response
from outcomes.national.services import create_responder, public_asks
from outcomes.reviews.models import ConsentScope

ACK = ResponseInput(ResponseStatus.ACKNOWLEDGED, date(2025, 9, 1), "We have read the asks.")


@pytest.fixture
def version(db: Session, frameworks: dict[str, FrameworkVersion]) -> FrameworkVersion:
    load_register(db)
    return frameworks["2.0.0"]


def responder(db: Session, code: str = "mhclg"):  # type: ignore[no-untyped-def]
    return create_responder(
        db,
        OPERATOR,
        email=f"answers@{code}.gov.uk",
        display_name="Responder",
        password="a long enough password",
        body=get_body(db, code),
    )


def test_asks_are_grouped_per_barrier_and_period_with_counts_and_due_date(
    db: Session, version: FrameworkVersion
) -> None:
    for _ in range(6):
        citing_review(db, version)
    citing_review(db, version, barrier="workforce")
    asks = national_asks(db, OPERATOR, rule=RULE, deadline=DEADLINE, today=TODAY)
    devolution = next(a for a in asks if a.key.barrier_id == "devolution")
    assert (devolution.places, devolution.reviews) == (6, 6)
    assert devolution.due_on == DUE
    assert {b.code for b in devolution.bodies} == {"mhclg", "hmt"}
    assert devolution.status is ResponseStatus.AWAITING
    assert devolution.days_overdue == (TODAY - DUE).days


def test_only_a_dated_response_moves_the_status(db: Session, version: FrameworkVersion) -> None:
    citing_review(db, version)
    answerer = responder(db)
    ask = ask_for(db, answerer)
    record_response(db, answerer, ask, get_body(db, "mhclg"), ACK, today=TODAY)
    accepted = ResponseInput(
        ResponseStatus.ACCEPTED,
        date(2025, 10, 1),
        "Yes.",
        what_will_change="Pooling allowed",
        change_by=date(2026, 4, 1),
    )
    record_response(db, answerer, ask, get_body(db, "mhclg"), accepted, today=TODAY)
    again = ask_for(db, answerer)
    assert [r.status for r in again.responses] == [
        ResponseStatus.ACKNOWLEDGED,
        ResponseStatus.ACCEPTED,
    ]
    assert again.status is ResponseStatus.ACCEPTED
    assert (
        db.scalar(select(func.count()).where(AuditEvent.action == "national_response.create")) == 2
    )


def test_a_response_is_never_edited_or_deleted_in_place(
    db: Session, version: FrameworkVersion
) -> None:
    citing_review(db, version)
    response = record_response(
        db, OPERATOR, ask_for(db, OPERATOR), get_body(db, "hmt"), ACK, today=TODAY
    )
    response.status = ResponseStatus.ACTION_TAKEN
    with pytest.raises(Conflict, match="never changed"):
        db.flush()
    db.expire(response)
    db.delete(response)
    with pytest.raises(Conflict, match="never deleted"):
        db.flush()


@pytest.mark.parametrize(
    ("given", "field"),
    [
        (ResponseInput(ResponseStatus.ACCEPTED, date(2025, 9, 1), "Yes"), "what_will_change"),
        (ResponseInput(ResponseStatus.NOT_ACCEPTED, date(2025, 9, 1), "No"), "reasons"),
        (ResponseInput(ResponseStatus.ACTION_TAKEN, date(2025, 9, 1), "Done"), "evidence"),
        (ResponseInput(ResponseStatus.AWAITING, date(2025, 9, 1), "Hm"), "status"),
        (ResponseInput(ResponseStatus.ACKNOWLEDGED, date(2026, 9, 1), "Soon"), "responded_on"),
        (ResponseInput(ResponseStatus.ACKNOWLEDGED, date(2025, 9, 1), "  "), "statement"),
    ],
)
def test_each_status_says_what_it_must(
    db: Session, version: FrameworkVersion, given: ResponseInput, field: str
) -> None:
    citing_review(db, version)
    with pytest.raises(InvalidInput) as raised:
        record_response(
            db, OPERATOR, ask_for(db, OPERATOR), get_body(db, "hmt"), given, today=TODAY
        )
    assert raised.value.field == field
    assert db.scalar(select(func.count()).select_from(NationalResponse)) == 0


def test_a_response_cannot_be_backdated_before_the_bodys_last(
    db: Session, version: FrameworkVersion
) -> None:
    citing_review(db, version)
    hmt = get_body(db, "hmt")
    record_response(db, OPERATOR, ask_for(db, OPERATOR), hmt, ACK, today=TODAY)
    earlier = ResponseInput(ResponseStatus.UNDER_CONSIDERATION, date(2025, 8, 1), "Looking")
    with pytest.raises(InvalidInput, match="on or after"):
        record_response(db, OPERATOR, ask_for(db, OPERATOR), hmt, earlier, today=TODAY)


def test_responders_answer_only_for_their_body_and_its_barriers(
    db: Session, version: FrameworkVersion
) -> None:
    citing_review(db, version)
    citing_review(db, version, barrier="regulation")
    answerer = responder(db)
    with pytest.raises(PermissionDenied):
        record_response(db, answerer, ask_for(db, answerer), get_body(db, "hmt"), ACK, today=TODAY)
    with pytest.raises(InvalidInput, match="was not asked"):
        record_response(
            db,
            answerer,
            ask_for(db, answerer, "regulation"),
            get_body(db, "mhclg"),
            ACK,
            today=TODAY,
        )
    manager = create_user(db)
    with pytest.raises(PermissionDenied):
        record_response(db, manager, ask_for(db, manager), get_body(db, "mhclg"), ACK, today=TODAY)


def test_responders_and_the_public_read_only_asks_shared_with_everyone(
    db: Session, version: FrameworkVersion
) -> None:
    citing_review(db, version, ask="For regulators", consent=ConsentScope.REGULATORS)
    citing_review(db, version, ask="For everyone", consent=ConsentScope.PUBLIC)
    citing_review(db, version, ask="For our place", consent=ConsentScope.PLACE)
    key = ask_for(db, OPERATOR).key
    regulator = create_user(db, role=Role.REGULATOR)
    assert {c.ask for c in cited_asks(db, regulator, key)} == {"For regulators", "For everyone"}
    assert [c.ask for c in cited_asks(db, responder(db), key)] == ["For everyone"]
    assert [c.ask for c in cited_asks(db, PUBLIC, key)] == ["For everyone"]


def test_small_counts_are_withheld_from_responders_and_the_public_only(
    db: Session, version: FrameworkVersion
) -> None:
    for _ in range(3):
        citing_review(db, version)
    regulator = create_user(db, role=Role.REGULATOR)
    assert ask_for(db, regulator).places == 3
    assert ask_for(db, responder(db)).places is None
    assert ask_for(db, PUBLIC).places is None
    shown = public_asks(db, Q1, rule=RULE, deadline=DEADLINE, today=TODAY)
    assert [(p.ask.key.barrier_id, p.ask.places) for p in shown] == [("devolution", None)]


def test_overdue_asks_come_first_and_filters_narrow(db: Session, version: FrameworkVersion) -> None:
    citing_review(db, version, barrier="regulation")
    late = (date(2024, 4, 1), date(2024, 6, 30))
    citing_review(db, version, period=late)
    record_response(
        db, OPERATOR, ask_for(db, OPERATOR, "regulation"), get_body(db, "cqc"), ACK, today=TODAY
    )
    asks = national_asks(db, OPERATOR, rule=RULE, deadline=DEADLINE, today=TODAY)
    assert asks[0].key.period_start == late[0]
    by_body = national_asks(
        db, OPERATOR, rule=RULE, deadline=DEADLINE, today=TODAY, filters=AskFilter(body="cqc")
    )
    assert [a.key.barrier_id for a in by_body] == ["regulation"]
    acknowledged = national_asks(
        db,
        OPERATOR,
        rule=RULE,
        deadline=DEADLINE,
        today=TODAY,
        filters=AskFilter(status=ResponseStatus.ACKNOWLEDGED),
    )
    assert [a.key.barrier_id for a in acknowledged] == ["regulation"]


def test_an_ask_nobody_cited_is_not_found(db: Session, version: FrameworkVersion) -> None:
    with pytest.raises(NotFound):
        ask_for(db, OPERATOR, "workforce")
