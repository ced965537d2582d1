"""The national demo data: register, responder and a mixed history of responses."""

from __future__ import annotations

from datetime import date

from national_data import DEADLINE, RULE, citing_review
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.operations import get_user_by_email
from outcomes.frameworks.models import FrameworkVersion
from outcomes.national.access import responder_body
from outcomes.national.asks import national_asks
from outcomes.national.demo import seed_national

TODAY = date(2026, 11, 29)
QUARTERS = [
    (date(2025, 1, 1), date(2025, 3, 31)),
    (date(2025, 4, 1), date(2025, 6, 30)),
    (date(2025, 7, 1), date(2025, 9, 30)),
    (date(2025, 10, 1), date(2025, 12, 31)),
]


def test_demo_gives_on_time_late_and_unanswered_asks_and_a_responder(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    for period in QUARTERS:
        for barrier in ("devolution", "workforce", "multi_year_funding"):
            citing_review(db, frameworks["2.0.0"], barrier=barrier, period=period)
    (email, _, password) = seed_national(db, TODAY)[0]
    responder = get_user_by_email(db, email)
    assert responder is not None and responder_body(db, responder).code == "dhsc"
    asks = national_asks(db, OPERATOR, rule=RULE, deadline=DEADLINE, today=TODAY)
    answered = [a for a in asks if a.responses]
    assert any(not a.is_late(a.responses[0]) for a in answered)
    assert any(a.is_late(a.responses[0]) for a in answered)
    assert any(not a.responses for a in asks)
    again = seed_national(db, TODAY)
    assert again[0][2] != password
    assert sum(len(a.responses) for a in asks) == sum(
        len(a.responses)
        for a in national_asks(db, OPERATOR, rule=RULE, deadline=DEADLINE, today=TODAY)
    )
