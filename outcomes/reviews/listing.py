"""Lists of reviews, filtered and a page at a time.

Regulators, inspection panels and administrators see every submitted review (and
administrators every draft); a service manager sees their own places' drafts and every
place's submitted reviews, to learn from them. Places are chosen with the shared
``PlaceSelection`` of outcomes.scope.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, Select, exists, func, or_, select, true
from sqlalchemy.orm import Session, aliased, joinedload

from outcomes.accounts.access import Actor, acting_place_ids
from outcomes.accounts.models import Role
from outcomes.errors import InvalidInput
from outcomes.frameworks.models import Framework, FrameworkVersion
from outcomes.places.models import Place, PlaceKind
from outcomes.reviews.models import BarrierCitation, Review, ReviewRevision
from outcomes.reviews.paging import Page, count_and_clamp
from outcomes.reviews.pinned import definition_of
from outcomes.scope import PlaceSelection, place_ids
from outcomes.services.models import SERVICE_AREAS, Service

PER_PAGE = 25


class ListStatus(enum.StrEnum):
    DRAFT = "draft"
    AWAITING = "awaiting"
    ACKNOWLEDGED = "acknowledged"

    @property
    def label(self) -> str:
        return {
            ListStatus.DRAFT: "Draft, not yet submitted",
            ListStatus.AWAITING: "Submitted, not yet acknowledged",
            ListStatus.ACKNOWLEDGED: "Acknowledged",
        }[self]


@dataclass(frozen=True)
class ReviewFilters:
    places: PlaceSelection = field(default_factory=PlaceSelection)
    service_area: str | None = None
    framework: str | None = None  # slug
    version: str | None = None
    period_from: date | None = None
    period_to: date | None = None
    status: ListStatus | None = None
    barrier: str | None = None  # cited in the latest submitted revision

    def __post_init__(self) -> None:
        if self.service_area and self.service_area not in SERVICE_AREAS:
            raise InvalidInput("Choose a service area from the list", field="service_area")
        if self.period_from and self.period_to and self.period_from > self.period_to:
            raise InvalidInput(
                "The start of the period must be before its end", field="period_from"
            )


def filter_areas(session: Session) -> list[Place]:
    """The areas reviews can be listed within: current regions and combined authorities,
    by kind and name."""
    return list(
        session.scalars(
            select(Place)
            .where(
                Place.kind.in_([PlaceKind.REGION, PlaceKind.COMBINED_AUTHORITY]),
                Place.superseded_by_id.is_(None),
            )
            .order_by(Place.kind, Place.name)
        )
    )


def list_reviews(
    session: Session,
    actor: Actor,
    filters: ReviewFilters,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Page[Review]:
    """The reviews the person may see that match the filters: latest period first, then
    by place and service, never by any score."""
    statement = _filtered(session, actor, filters)
    total, page = count_and_clamp(session, statement, page, per_page)
    rows = session.scalars(
        statement.options(
            joinedload(Review.service).joinedload(Service.place),
            joinedload(Review.framework_version).joinedload(FrameworkVersion.framework),
            joinedload(Review.current_revision),
        )
        .order_by(Review.period_start.desc(), Place.name, Service.name, Review.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).unique()
    return Page(list(rows), total, page, per_page)


def _filtered(session: Session, actor: Actor, filters: ReviewFilters) -> Select[Review]:
    current = aliased(ReviewRevision)
    statement = (
        select(Review)
        .join(Service, Review.service_id == Service.id)
        .join(Place, Service.place_id == Place.id)
        .join(FrameworkVersion, Review.framework_version_id == FrameworkVersion.id)
        .join(Framework, Review.framework_id == Framework.id)
        .outerjoin(current, Review.current_revision_id == current.id)
        .where(_visible(actor))
    )
    ids = place_ids(session, filters.places)
    if ids is not None:
        statement = statement.where(Service.place_id.in_(ids))
    if filters.service_area:
        statement = statement.where(Service.service_area == filters.service_area)
    if filters.framework:
        statement = statement.where(Framework.slug == filters.framework)
    if filters.version:
        statement = statement.where(FrameworkVersion.version == filters.version)
    if filters.period_from:
        statement = statement.where(Review.period_start >= filters.period_from)
    if filters.period_to:
        statement = statement.where(Review.period_end <= filters.period_to)
    if filters.status is ListStatus.DRAFT:
        statement = statement.where(Review.current_revision_id.is_(None))
    elif filters.status is ListStatus.AWAITING:
        statement = statement.where(current.id.is_not(None), current.acknowledged_at.is_(None))
    elif filters.status is ListStatus.ACKNOWLEDGED:
        statement = statement.where(current.acknowledged_at.is_not(None))
    if filters.barrier:
        statement = statement.where(
            exists().where(
                BarrierCitation.revision_id == Review.current_revision_id,
                BarrierCitation.barrier_id == filters.barrier,
            )
        )
    return statement


def _visible(actor: Actor) -> ColumnElement[bool]:
    if actor.role is Role.ADMIN:
        return true()
    submitted = Review.current_revision_id.is_not(None)
    own = acting_place_ids(actor)
    if own:
        return or_(submitted, Service.place_id.in_(own))
    return submitted


def place_code(session: Session, text: str) -> str:
    """The ONS code of the place named by ``text``: its code, or its name in full."""
    wanted = text.strip()
    found = session.scalars(
        select(Place.code)
        .where(
            or_(func.upper(Place.code) == wanted.upper(), func.lower(Place.name) == wanted.lower())
        )
        .order_by(Place.superseded_by_id.is_not(None), Place.code)
    ).first()
    if found is None:
        raise InvalidInput(
            f"There is no place called {wanted!r}. Enter its full name, like Wigan, or its ONS "
            "code, like E08000010.",
            field="place",
        )
    return found


def barrier_choices(session: Session) -> list[tuple[str, str]]:
    """Every barrier of every stored core version, as (id, title), the newest title kept."""
    versions = session.scalars(
        select(FrameworkVersion)
        .join(Framework, FrameworkVersion.framework_id == Framework.id)
        .where(Framework.extends_framework_id.is_(None))
        .order_by(FrameworkVersion.major, FrameworkVersion.minor, FrameworkVersion.patch)
    )
    titles = {
        barrier.id: barrier.title
        for version in versions
        for barrier in definition_of(version).barriers
    }
    return sorted(titles.items(), key=lambda pair: pair[1])
