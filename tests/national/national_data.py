"""Shared test set-up for national asks: the shipped register and reviews citing barriers."""

from __future__ import annotations

from datetime import date

from factories import create_place, create_service, create_user
from frontdoor import file_review
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.disclosure import DisclosureRule
from outcomes.frameworks.definition import BarriersItem
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import as_definition
from outcomes.national.asks import AskKey, get_ask
from outcomes.national.deadlines import ResponseDeadline
from outcomes.national.register import import_register, shipped_register
from outcomes.reviews.answers import AnswerInput
from outcomes.reviews.models import ConsentScope, Review

RULE = DisclosureRule()
DEADLINE = ResponseDeadline()
Q1 = (date(2025, 4, 1), date(2025, 6, 30))
# 28 days for reviews to close, then 56 to answer
DUE = date.fromordinal(date(2025, 6, 30).toordinal() + 84)
TODAY = date(2025, 12, 1)


def load_register(db: Session) -> None:
    import_register(db, OPERATOR, *shipped_register())


def citing_review(
    db: Session,
    version: FrameworkVersion,
    barrier: str = "devolution",
    ask: str | None = "Let us pool budgets locally",
    consent: ConsentScope = ConsentScope.REGULATORS,
    period: tuple[date, date] = Q1,
    place_name: str | None = None,
) -> Review:
    """A review of a new place's service, filed and submitted by its manager through the
    services the form calls, citing ``barrier`` alone (with ``ask``, read by ``consent``)
    and answering every other item as a place might."""
    service = create_service(db, place=create_place(db, name=place_name))
    manager = create_user(db, places=[service.place])
    (cites,) = (item.id for item in as_definition(version).items if isinstance(item, BarriersItem))
    review = file_review(
        db,
        manager,
        service,
        period,
        seed=service.id,
        but={cites: AnswerInput(asks={barrier: ask}, consent=consent.value)},
    )
    assert review.framework_version_id == version.id, "filed on the latest published version"
    return review


def ask_for(db: Session, actor: object, barrier: str = "devolution", period=Q1):  # type: ignore[no-untyped-def]
    key = AskKey(barrier, *period)
    return get_ask(db, actor, key, rule=RULE, deadline=DEADLINE, today=TODAY)  # type: ignore[arg-type]
