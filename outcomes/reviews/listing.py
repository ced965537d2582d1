"""Lists of reviews, filtered and a page at a time.

Regulators, inspection panels and administrators see every submitted review (and
administrators every draft); a service manager sees their own places' drafts and every
place's submitted reviews, to learn from them. Places are chosen with the shared
``PlaceSelection`` of outcomes.scope.

The filters the home page's counts point at live here too (``mine``, ``due_for``,
``waiting``, ``submitted_since``, ``answered``, the ``amending`` status and the
longest-waiting order), so that a count and the list it links to are one query.
What only a place may know of a review (an amendment in progress, the feedback on it)
narrows to the places the person acts for, unless they read it everywhere.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased, joinedload

from outcomes.accounts.access import Actor, acting_place_ids
from outcomes.accounts.models import Role, User
from outcomes.errors import InvalidInput
from outcomes.frameworks.models import Framework, FrameworkVersion
from outcomes.frameworks.store import check_barrier, check_versions, chosen_framework
from outcomes.national.models import NationalResponse
from outcomes.places.models import Place, PlaceKind
from outcomes.reviews.access import reads_all_feedback
from outcomes.reviews.models import BarrierCitation, Feedback, Review, ReviewRevision
from outcomes.reviews.paging import Page, count_and_clamp
from outcomes.reviews.periods import quarter_containing
from outcomes.reviews.pinned import definition_of
from outcomes.scope import PlaceSelection, place_ids
from outcomes.services.models import SERVICE_AREAS, Service

PER_PAGE = 25


class ListStatus(enum.StrEnum):
    DRAFT = "draft"
    # As a review's own status says it (the API shows "submitted"): acknowledged or not.
    SUBMITTED = "submitted"
    AWAITING = "awaiting"
    ACKNOWLEDGED = "acknowledged"
    AMENDING = "amending"

    @property
    def label(self) -> str:
        return {
            ListStatus.DRAFT: "Draft, not yet submitted",
            ListStatus.SUBMITTED: "Submitted",
            ListStatus.AWAITING: "Submitted, not yet acknowledged",
            ListStatus.ACKNOWLEDGED: "Acknowledged",
            ListStatus.AMENDING: "Submitted, amendment in progress",
        }[self]


class Waiting(enum.StrEnum):
    """Whose turn it is in a feedback thread: the last message is the other side's."""

    PLACE = "place"
    REGULATOR = "regulator"

    @property
    def label(self) -> str:
        return {
            Waiting.PLACE: "Feedback waiting for the service's reply",
            Waiting.REGULATOR: "A reply waiting for the regulator",
        }[self]


class ListOrder(enum.StrEnum):
    PERIOD = "period"
    WAITING = "waiting"

    @property
    def label(self) -> str:
        return {
            ListOrder.PERIOD: "Latest period first",
            ListOrder.WAITING: "Longest waiting first (by when submitted)",
        }[self]


def due_quarters(today: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The quarters a review is due for on ``today``: the current one and the one before."""
    current = quarter_containing(today)
    return current, quarter_containing(current[0] - timedelta(days=1))


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


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
    mine: bool = False  # only the places the person acts for
    due_for: date | None = None  # periods overlapping this day's quarter or the one before
    waiting: Waiting | None = None
    submitted_since: date | None = None  # the latest submission on or after this day
    submitted_after: datetime | None = None  # the latest submission after this instant
    answered: bool = False  # a national body has responded to a barrier it cites
    order: ListOrder = ListOrder.PERIOD

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
        .order_by(*_order(filters.order))
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).unique()
    return Page(list(rows), total, page, per_page)


def count_reviews(session: Session, actor: Actor, filters: ReviewFilters) -> int:
    """How many reviews ``list_reviews`` lists for these filters: what a count links to."""
    return count_and_clamp(session, _filtered(session, actor, filters), 1, PER_PAGE)[0]


def _order(order: ListOrder) -> tuple[ColumnElement[object], ...]:
    if order is ListOrder.WAITING:
        # The latest submitted revision is joined already (``_filtered``): a subquery
        # here would read it again for every review listed before the page is cut.
        return (_CURRENT.submitted_at.asc().nulls_last(), Review.id)  # type: ignore[return-value]
    return (Review.period_start.desc(), Place.name, Service.name, Review.id)  # type: ignore[return-value]


# The latest submitted revision of each review listed, joined once by ``_filtered``.
_CURRENT = aliased(ReviewRevision, name="current_revision")


def _check_names(session: Session, filters: ReviewFilters) -> None:
    """Refuse a framework, version or barrier that nothing stored has: listing by it would
    find nothing, and say nothing of the mistake."""
    framework = chosen_framework(session, filters.framework) if filters.framework else None
    if filters.version:
        check_versions(session, framework, [filters.version], field="version")
    if filters.barrier:
        check_barrier(session, filters.barrier)


def _filtered(session: Session, actor: Actor, filters: ReviewFilters) -> Select[Review]:
    _check_names(session, filters)
    current = _CURRENT
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
    elif filters.status is ListStatus.SUBMITTED:
        statement = statement.where(current.id.is_not(None))
    elif filters.status is ListStatus.AWAITING:
        statement = statement.where(current.id.is_not(None), current.acknowledged_at.is_(None))
    elif filters.status is ListStatus.ACKNOWLEDGED:
        statement = statement.where(current.acknowledged_at.is_not(None))
    elif filters.status is ListStatus.AMENDING:
        later = aliased(ReviewRevision)
        statement = statement.where(
            _own(actor),
            current.id.is_not(None),
            exists().where(later.review_id == Review.id, later.submitted_at.is_(None)),
        )
    if filters.mine:
        statement = statement.where(_own(actor) if actor.role is not Role.ADMIN else false())
    if filters.due_for:
        statement = statement.where(
            or_(*(_overlaps(*quarter) for quarter in due_quarters(filters.due_for)))
        )
    if filters.waiting:
        if not reads_all_feedback(actor):
            statement = statement.where(_own(actor))
        statement = statement.where(_waiting_on(filters.waiting))
    if filters.submitted_since:
        statement = statement.where(current.submitted_at >= start_of(filters.submitted_since))
    if filters.submitted_after:
        statement = statement.where(current.submitted_at > filters.submitted_after)
    if filters.answered:
        statement = statement.where(
            exists().where(
                BarrierCitation.revision_id == Review.current_revision_id,
                NationalResponse.barrier_id == BarrierCitation.barrier_id,
                NationalResponse.period_start == Review.period_start,
                NationalResponse.period_end == Review.period_end,
            )
        )
    if filters.barrier:
        statement = statement.where(
            exists().where(
                BarrierCitation.revision_id == Review.current_revision_id,
                BarrierCitation.barrier_id == filters.barrier,
            )
        )
    return statement


def _overlaps(start: date, end: date) -> ColumnElement[bool]:
    return and_(Review.period_start <= end, Review.period_end >= start)


def _own(actor: Actor) -> ColumnElement[bool]:
    """Reviews of the places the person acts for (every place for an administrator)."""
    if actor.role is Role.ADMIN:
        return true()
    own = acting_place_ids(actor)
    return Service.place_id.in_(own) if own else false()


def _waiting_on(side: Waiting) -> ColumnElement[bool]:
    """A feedback thread on the review whose latest message is from the other side: a
    regulator's (the place's turn) or the place's (the regulator's turn)."""
    thread, message = aliased(Feedback), aliased(Feedback)
    last_author_role = (
        select(User.role)
        .join(message, message.author_id == User.id)
        .where(or_(message.id == thread.id, message.parent_id == thread.id))
        .order_by(message.created_at.desc(), message.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    role = Role.REGULATOR if side is Waiting.PLACE else Role.SERVICE_MANAGER
    return exists().where(
        thread.review_id == Review.id, thread.parent_id.is_(None), last_author_role == role
    )


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
