"""A service manager's home: reviews due, drafts to finish, feedback to answer,
amendments under way, and what national bodies said about the barriers they cited."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from outcomes.accounts.access import Actor, acting_place_ids
from outcomes.frameworks.store import barrier_titles
from outcomes.national.models import NationalBody, NationalResponse
from outcomes.places.models import Place
from outcomes.reviews.follow_ups import previous_reviews, required_given
from outcomes.reviews.listing import (
    ListStatus,
    ReviewFilters,
    Waiting,
    due_quarters,
    list_reviews,
)
from outcomes.reviews.models import BarrierCitation, Review, ReviewRevision
from outcomes.reviews.submission import missing_given
from outcomes.services.models import Service

from .counts import ListCount, counted

SHOWN = 5  # items listed under a count; the count's link shows them all


class DueState(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"

    @property
    def label(self) -> str:
        return {
            DueState.NOT_STARTED: "Not started",
            DueState.IN_PROGRESS: "In progress",
            DueState.SUBMITTED: "Submitted",
        }[self]


@dataclass(frozen=True)
class DueCell:
    start: date
    end: date
    state: DueState
    review_id: int | None  # the review in progress or submitted, if any


@dataclass(frozen=True)
class ServiceDue:
    service: Service
    cells: tuple[DueCell, ...]  # the current quarter, then the one before


@dataclass(frozen=True)
class DraftToFinish:
    review: Review
    missing: int  # required questions not yet answered


@dataclass(frozen=True)
class ResponseHeard:
    response: NationalResponse
    barrier_title: str
    review_id: int  # the place's review that cited the barrier
    service: str  # the name of that review's service


@dataclass(frozen=True)
class ManagerHome:
    quarters: tuple[tuple[date, date], ...]
    services: list[ServiceDue]
    not_started: int
    in_progress: ListCount
    drafts: ListCount
    drafts_shown: list[DraftToFinish]
    feedback: ListCount
    amendments: ListCount
    answered: ListCount
    responses: list[ResponseHeard]


def manager_home(session: Session, actor: Actor, today: date) -> ManagerHome:
    services, not_started = reviews_due(session, actor, today)
    drafts_filters = ReviewFilters(mine=True, status=ListStatus.DRAFT)
    return ManagerHome(
        quarters=due_quarters(today),
        services=services,
        not_started=not_started,
        in_progress=counted(
            session,
            actor,
            ReviewFilters(mine=True, status=ListStatus.DRAFT, due_for=today),
        ),
        drafts=counted(session, actor, drafts_filters),
        drafts_shown=drafts_to_finish(session, actor, drafts_filters),
        feedback=counted(session, actor, ReviewFilters(mine=True, waiting=Waiting.PLACE)),
        amendments=counted(session, actor, ReviewFilters(mine=True, status=ListStatus.AMENDING)),
        answered=counted(session, actor, ReviewFilters(mine=True, answered=True)),
        responses=responses_heard(session, actor),
    )


def reviews_due(session: Session, actor: Actor, today: date) -> tuple[list[ServiceDue], int]:
    """Each service of the person's current places, with where its review of the current
    quarter and of the one before stands; and how many of those are not started.
    Two queries."""
    quarters = due_quarters(today)
    services = list(
        session.scalars(
            select(Service)
            .join(Place, Service.place_id == Place.id)
            .options(joinedload(Service.place))
            .where(
                Service.place_id.in_(acting_place_ids(actor)),
                Place.superseded_by_id.is_(None),  # former places file only old periods
            )
            .order_by(Place.name, Service.name, Service.id)
        )
    )
    rows = session.execute(
        select(
            Review.id,
            Review.service_id,
            Review.period_start,
            Review.period_end,
            Review.current_revision_id,
        )
        .where(
            Review.service_id.in_([service.id for service in services]),
            or_(
                *(
                    and_(Review.period_start <= end, Review.period_end >= start)
                    for start, end in quarters
                )
            ),
        )
        .order_by(Review.id)
    ).all()
    found = []
    for service in services:
        cells = []
        for start, end in quarters:
            overlapping = [
                row
                for row in rows
                if row.service_id == service.id
                and row.period_start <= end
                and row.period_end >= start
            ]
            submitted = [row for row in overlapping if row.current_revision_id is not None]
            if submitted:
                cells.append(DueCell(start, end, DueState.SUBMITTED, submitted[0].id))
            elif overlapping:
                cells.append(DueCell(start, end, DueState.IN_PROGRESS, overlapping[0].id))
            else:
                cells.append(DueCell(start, end, DueState.NOT_STARTED, None))
        found.append(ServiceDue(service, tuple(cells)))
    not_started = sum(cell.state is DueState.NOT_STARTED for row in found for cell in row.cells)
    return found, not_started


def drafts_to_finish(
    session: Session, actor: Actor, filters: ReviewFilters, *, shown: int = SHOWN
) -> list[DraftToFinish]:
    """The latest drafts of the person's places, each with how many required questions it
    has still to answer (as the check page counts them). A fixed number of queries."""
    page = list_reviews(session, actor, filters, per_page=shown)
    if not page.items:
        return []
    working = selectinload(Review.revisions)
    drafts = {
        review.id: review
        for review in session.scalars(
            select(Review)
            .options(
                working.selectinload(ReviewRevision.answers),
                working.selectinload(ReviewRevision.citations),
                selectinload(Review.extension_version),
            )
            .where(Review.id.in_([review.id for review in page.items]))
        )
    }
    ordered = [drafts[review.id] for review in page.items]
    earlier = previous_reviews(session, ordered)
    return [
        DraftToFinish(
            review,
            len(missing_given(review, required_given(review, earlier.get(review.id)))),
        )
        for review in ordered
    ]


def responses_heard(session: Session, actor: Actor, *, shown: int = SHOWN) -> list[ResponseHeard]:
    """The latest responses of national bodies to barriers that the latest submissions of
    the person's places cite, newest first."""
    rows = session.execute(
        select(NationalResponse, Review.id, Service.name)
        .join(
            Review,
            and_(
                Review.period_start == NationalResponse.period_start,
                Review.period_end == NationalResponse.period_end,
            ),
        )
        .join(
            BarrierCitation,
            and_(
                BarrierCitation.revision_id == Review.current_revision_id,
                BarrierCitation.barrier_id == NationalResponse.barrier_id,
            ),
        )
        .join(Service, Review.service_id == Service.id)
        .options(selectinload(NationalResponse.body).selectinload(NationalBody.names))
        .where(Service.place_id.in_(acting_place_ids(actor)))
        .order_by(NationalResponse.responded_on.desc(), NationalResponse.id.desc(), Review.id)
        .limit(shown)
    ).all()
    if not rows:
        return []
    titles = barrier_titles(session)
    return [
        ResponseHeard(
            response, titles.get(response.barrier_id, response.barrier_id), review_id, service
        )
        for response, review_id, service in rows
    ]
