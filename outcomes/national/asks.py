"""National asks: for each barrier and period, the asks cited in submitted reviews,
gathered and addressed to the bodies responsible on the period's last day.

An ask is read live from the latest submitted revision of each review, so it is always
in step with what places have filed. Its status is the latest dated response to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, selectinload

from outcomes.accounts.access import Actor
from outcomes.consent import readable
from outcomes.disclosure import DisclosureRule
from outcomes.errors import InvalidInput, NotFound
from outcomes.frameworks.store import barrier_titles, check_barrier
from outcomes.national.access import EXACT_COUNT_READERS, PublicReader
from outcomes.national.deadlines import ResponseDeadline
from outcomes.national.models import (
    BarrierResponsibility,
    NationalBody,
    NationalResponse,
    ResponseStatus,
)
from outcomes.national.register import check_body, responsibilities, responsible_bodies
from outcomes.places.identity import Succession
from outcomes.places.models import Place
from outcomes.reviews.models import BarrierCitation, ConsentScope, Review, ReviewStatus
from outcomes.reviews.periods import describe_period
from outcomes.services.models import Service

# Who reads asks: a signed-in person, or the public on the open page.
Reader = Actor | PublicReader


def disclosed(actor: Reader, rule: DisclosureRule, count: int) -> int | None:
    """The one place national asks apply the disclosure rule: readers who may read every
    submitted review see exact counts, as in reports; responders and the public see small
    counts withheld (None)."""
    if actor.role in EXACT_COUNT_READERS:
        return count
    value = rule.apply(count)
    return None if value is None else int(value)


@dataclass(frozen=True)
class AskKey:
    barrier_id: str
    period_start: date
    period_end: date

    @classmethod
    def parse(cls, barrier_id: str, start: str, end: str) -> AskKey:
        try:
            key = cls(barrier_id, date.fromisoformat(start), date.fromisoformat(end))
        except ValueError:
            raise InvalidInput("Give the period as two dates like 2025-04-01") from None
        if key.period_end < key.period_start:
            raise InvalidInput("The period must end after it starts")
        return key

    @property
    def slug(self) -> str:
        return f"{self.barrier_id}/{self.period_start}/{self.period_end}"


@dataclass
class BodyPosition:
    body: NationalBody
    latest: NationalResponse | None

    @property
    def status(self) -> ResponseStatus:
        return self.latest.status if self.latest else ResponseStatus.AWAITING


@dataclass
class NationalAsk:
    key: AskKey
    barrier_title: str
    places: int | None  # None: withheld under the disclosure rule
    reviews: int | None
    due_on: date
    bodies: list[NationalBody]
    responses: list[NationalResponse] = field(default_factory=list)  # oldest first
    today: date = field(default_factory=date.today)

    @property
    def period(self) -> str:
        return describe_period(self.key.period_start, self.key.period_end)

    @property
    def latest(self) -> NationalResponse | None:
        return self.responses[-1] if self.responses else None

    @property
    def status(self) -> ResponseStatus:
        return self.latest.status if self.latest else ResponseStatus.AWAITING

    @property
    def positions(self) -> list[BodyPosition]:
        """Each responsible body's latest response, by body name, then bodies that answered
        though no longer responsible."""
        latest: dict[int, NationalResponse] = {}
        for response in self.responses:
            latest[response.body_id] = response
        bodies = list(self.bodies)
        known = {body.id for body in bodies}
        bodies += [r.body for r in latest.values() if r.body_id not in known]
        return [BodyPosition(body, latest.get(body.id)) for body in bodies]

    @property
    def awaiting(self) -> list[NationalBody]:
        answered = {response.body_id for response in self.responses}
        return [body for body in self.bodies if body.id not in answered]

    @property
    def days_overdue(self) -> int:
        """Days since the due date while a responsible body has not answered; else 0."""
        if not self.awaiting or self.today <= self.due_on:
            return 0
        return (self.today - self.due_on).days

    @property
    def is_open(self) -> bool:
        return self.status is not ResponseStatus.ACTION_TAKEN or bool(self.awaiting)

    def is_late(self, response: NationalResponse) -> bool:
        return response.responded_on > self.due_on


@dataclass(frozen=True)
class AskFilter:
    body: str | None = None  # body code
    barrier: str | None = None
    status: ResponseStatus | None = None
    period: tuple[date, date] | None = None
    open_only: bool = False


@dataclass(frozen=True)
class CitedAsk:
    """One place's ask, as far as the reader's consent allows."""

    place: str
    place_code: str
    service: str
    ask: str
    consent: ConsentScope
    review_id: int


def _citations() -> Select[str, date, date, int, int]:
    """Per barrier, period and filing place: how many submitted reviews cite it. The places
    are counted as they are now in ``_build`` (``outcomes.places.identity``)."""
    return (
        select(
            BarrierCitation.barrier_id,
            Review.period_start,
            Review.period_end,
            Service.place_id,
            func.count(func.distinct(Review.id)),
        )
        .join(Review, BarrierCitation.revision_id == Review.current_revision_id)
        .join(Service, Review.service_id == Service.id)
        .where(Review.status == ReviewStatus.SUBMITTED)
        .group_by(
            BarrierCitation.barrier_id, Review.period_start, Review.period_end, Service.place_id
        )
    )


def _counted(session: Session, rows: Sequence[Any]) -> dict[AskKey, tuple[int, int]]:
    """(places, reviews) citing each ask, each place counted once over time: reviews filed
    by a former place and by its successor count as one place, the current one."""
    succession = Succession.read(session)
    places: dict[AskKey, set[int]] = {}
    reviews: dict[AskKey, int] = {}
    for barrier_id, start, end, place_id, count in rows:
        key = AskKey(barrier_id, start, end)
        places.setdefault(key, set()).add(succession.current(place_id))
        reviews[key] = reviews.get(key, 0) + count  # a review is filed by one place
    return {key: (len(places[key]), reviews[key]) for key in places}


def national_asks(
    session: Session,
    actor: Reader,
    *,
    rule: DisclosureRule,
    deadline: ResponseDeadline,
    today: date,
    filters: AskFilter | None = None,
) -> list[NationalAsk]:
    """Every national ask matching ``filters``: overdue first (longest overdue first), then
    by period (latest first) and barrier title. Never ordered by how bodies perform."""
    filters = filters or AskFilter()
    statement = _citations()
    if filters.body:
        check_body(session, filters.body)
    if filters.barrier:
        check_barrier(session, filters.barrier)
        statement = statement.where(BarrierCitation.barrier_id == filters.barrier)
    if filters.period:
        statement = statement.where(
            Review.period_start == filters.period[0], Review.period_end == filters.period[1]
        )
    rows = session.execute(statement).all()
    asks = _build(session, actor, rows, rule=rule, deadline=deadline, today=today)
    if filters.body:
        asks = [a for a in asks if any(p.body.code == filters.body for p in a.positions)]
    if filters.status:
        asks = [a for a in asks if a.status is filters.status]
    if filters.open_only:
        asks = [a for a in asks if a.is_open]
    asks.sort(key=lambda a: (a.key.barrier_id, a.barrier_title))
    asks.sort(key=lambda a: a.key.period_start, reverse=True)
    asks.sort(key=lambda a: a.days_overdue, reverse=True)
    return asks


def get_ask(
    session: Session,
    actor: Actor,
    key: AskKey,
    *,
    rule: DisclosureRule,
    deadline: ResponseDeadline,
    today: date,
) -> NationalAsk:
    statement = _citations().where(
        BarrierCitation.barrier_id == key.barrier_id,
        Review.period_start == key.period_start,
        Review.period_end == key.period_end,
    )
    asks = _build(
        session, actor, session.execute(statement).all(), rule=rule, deadline=deadline, today=today
    )
    if not asks:
        raise NotFound(
            f"No submitted review cites the barrier {key.barrier_id!r} for "
            f"{describe_period(key.period_start, key.period_end)}."
        )
    return asks[0]


def cited_asks(session: Session, actor: Reader, key: AskKey) -> list[CitedAsk]:
    """What places asked, as far as each ask's consent lets ``actor`` read it; each place
    named and coded as it is now (``outcomes.places.identity``), as reports name it."""
    statement = (
        select(
            Service.place_id,
            Service.name,
            BarrierCitation.ask,
            BarrierCitation.consent_scope,
            Review.id,
        )
        .join(Review, BarrierCitation.revision_id == Review.current_revision_id)
        .join(Service, Review.service_id == Service.id)
        .where(
            Review.status == ReviewStatus.SUBMITTED,
            BarrierCitation.barrier_id == key.barrier_id,
            Review.period_start == key.period_start,
            Review.period_end == key.period_end,
            BarrierCitation.ask.is_not(None),
            BarrierCitation.ask != "",
            _readable_asks(actor),
        )
    )
    rows = session.execute(statement).all()
    if not rows:
        return []
    succession = Succession.read(session)
    now = {row.place_id: succession.current(row.place_id) for row in rows}
    places = {
        place.id: place
        for place in session.scalars(select(Place).where(Place.id.in_(set(now.values()))))
    }
    cited = [
        CitedAsk(
            places[now[place_id]].name,
            places[now[place_id]].code,
            service,
            ask or "",
            consent,
            review_id,
        )
        for place_id, service, ask, consent, review_id in rows
    ]
    cited.sort(key=lambda c: (c.place, c.service, c.review_id))
    return cited


def periods(session: Session) -> list[tuple[date, date]]:
    """Periods with at least one cited barrier, latest first."""
    rows = session.execute(
        _citations()
        .with_only_columns(Review.period_start, Review.period_end)
        .group_by(None)
        .group_by(Review.period_start, Review.period_end)
        .order_by(Review.period_start.desc(), Review.period_end.desc())
    )
    return [(row[0], row[1]) for row in rows]


def responses_for(session: Session, keys: list[AskKey]) -> dict[AskKey, list[NationalResponse]]:
    if not keys:
        return {}
    barriers = {k.barrier_id for k in keys}
    starts = {k.period_start for k in keys}
    found: dict[AskKey, list[NationalResponse]] = {k: [] for k in keys}
    statement = (
        select(NationalResponse)
        .options(selectinload(NationalResponse.body).selectinload(NationalBody.names))
        .where(NationalResponse.barrier_id.in_(barriers), NationalResponse.period_start.in_(starts))
        .order_by(NationalResponse.responded_on, NationalResponse.id)
    )
    for response in session.scalars(statement):
        key = AskKey(response.barrier_id, response.period_start, response.period_end)
        if key in found:
            found[key].append(response)
    return found


def _build(
    session: Session,
    actor: Reader,
    rows: Sequence[Any],
    *,
    rule: DisclosureRule,
    deadline: ResponseDeadline,
    today: date,
) -> list[NationalAsk]:
    titles = barrier_titles(session)
    duties: list[BarrierResponsibility] = responsibilities(session)
    counted = _counted(session, rows)
    answers = responses_for(session, list(counted))
    asks = []
    for key, (places, reviews) in counted.items():
        asks.append(
            NationalAsk(
                key=key,
                barrier_title=titles.get(key.barrier_id, key.barrier_id),
                places=disclosed(actor, rule, places),
                reviews=disclosed(actor, rule, reviews),
                due_on=deadline.due_on(key.period_end),
                bodies=responsible_bodies(duties, key.barrier_id, key.period_end),
                responses=answers[key],
                today=today,
            )
        )
    return asks


def _readable_asks(actor: Reader) -> ColumnElement[bool]:
    """Asks ``actor`` may read, as a SQL condition: the public reads only those shared with
    everyone; a signed-in reader, what consent lets them read (outcomes.consent). The
    place is the one the review was filed under: ``readable`` lets whoever acts for it
    read, and that includes the managers of the place it became, as everywhere else."""
    if isinstance(actor, PublicReader):
        return BarrierCitation.consent_scope == ConsentScope.PUBLIC
    return readable(actor, BarrierCitation.consent_scope, Service.place_id)
