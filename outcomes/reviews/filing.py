"""Starting a review: one service, one framework, one period, pinned to a version."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor, acting_place_ids
from outcomes.accounts.models import User
from outcomes.errors import Conflict, InvalidInput
from outcomes.frameworks.models import Framework, FrameworkVersion
from outcomes.frameworks.store import extension_for, latest_published
from outcomes.places.identity import check_period
from outcomes.reviews.access import require_start
from outcomes.reviews.history import Event, record_event
from outcomes.reviews.models import Review, ReviewRevision
from outcomes.reviews.periods import (
    describe_period,
    period_problem,
    quarter_containing,
    utc_today,
)
from outcomes.services.models import Service


class DuplicateReview(Conflict):
    """The service already has a review of this framework for this period."""

    def __init__(self, message: str, review_id: int) -> None:
        super().__init__(message)
        self.review_id = review_id


class OverlappingReview(InvalidInput):
    """The service already has a review of this framework for part of this period."""

    def __init__(self, message: str, review_id: int) -> None:
        super().__init__(message, field="period_start")
        self.review_id = review_id


def start_review(
    session: Session,
    actor: Actor,
    service: Service,
    framework: Framework,
    *,
    period_start: date | None = None,
    period_end: date | None = None,
    today: date | None = None,
) -> Review:
    """Start a draft review, pinned to the framework's latest published version and the
    place's extension of it, if there is one. The period is the current quarter when
    neither its start nor its end is given; one without the other is refused, never
    completed with a guess. ``today`` is the service's (UTC) date by default."""
    require_start(actor, service)
    if framework.is_extension:
        raise InvalidInput(
            f"{framework.title} adds questions to another framework. Choose that framework: "
            "your place's questions are added to it for you.",
            field="framework",
        )
    today = today or utc_today()
    if period_start is None and period_end is None:
        period_start, period_end = quarter_containing(today)
    elif period_start is None or period_end is None:
        missing = "start" if period_start is None else "end"
        raise InvalidInput(
            f"Give the {missing} of the period as well, or neither for the current quarter",
            field=f"period_{missing}",
        )
    problem = period_problem(period_start, period_end, today)
    if problem is not None:
        raise InvalidInput(problem[1], field=problem[0])
    # A former place's services take reviews of periods from before it was replaced.
    check_period(service.place, period_start, period_end)
    # Hold the service while looking for a review whose period overlaps, so that two
    # people starting overlapping periods at once cannot both find none (PostgreSQL;
    # SQLite lets one writer at a time through anyway).
    session.execute(select(Service.id).where(Service.id == service.id).with_for_update())
    clash = overlapping_review(session, service, framework, period_start, period_end)
    if clash is not None:
        raise clash_error(service, framework, clash, period_start, period_end)

    core = latest_published(session, framework)
    extension = extension_for(session, core, service.place)
    review = Review(
        service=service,
        framework=framework,
        framework_version=core,
        extension_version=extension,
        period_start=period_start,
        period_end=period_end,
        created_by_id=actor.id,
    )
    review.revisions.append(ReviewRevision(number=1, created_by_id=actor.id))
    try:
        with session.begin_nested():  # only this insert is undone if it loses a race
            session.add(review)
    except IntegrityError:
        # Someone started the same review between the check above and this insert.
        clash = overlapping_review(session, service, framework, period_start, period_end)
        if clash is None:
            raise
        raise clash_error(service, framework, clash, period_start, period_end) from None
    record_event(
        session,
        actor,
        Event.CREATE,
        review,
        after={
            "place": service.place.code,
            "service": service.name,
            "framework": framework.slug,
            "version": core.version,
            "extension": f"{extension.framework.slug} {extension.version}" if extension else None,
            "period_start": period_start.isoformat(),
            "period_end": period_end.isoformat(),
        },
    )
    return review


def overlapping_review(
    session: Session, service: Service, framework: Framework, start: date, end: date
) -> Review | None:
    """The service's review of the framework whose period shares a day with this one
    (``periods.overlaps``; this very period included), if there is one: the earliest, if
    there are several. Drafts count too, as each becomes a submitted review in time
    (reviews are never withdrawn or deleted, so every one counts)."""
    return session.scalars(
        select(Review)
        .where(
            Review.service_id == service.id,
            Review.framework_id == framework.id,
            Review.period_start <= end,
            Review.period_end >= start,
        )
        .order_by(Review.period_start, Review.id)
        .limit(1)
    ).first()


def clash_error(
    service: Service, framework: Framework, clash: Review, start: date, end: date
) -> DuplicateReview | OverlappingReview:
    """The refusal of a period ``start`` to ``end`` that ``clash`` already covers some of."""
    period = f"{describe_period(clash.period_start, clash.period_end)} ({framework.title})"
    if (clash.period_start, clash.period_end) == (start, end):
        # A submitted review is amended, not continued.
        what = "amend" if clash.current_revision_id is not None else "continue"
        return DuplicateReview(
            f"{service.name} already has a review for {period}. Open that review to {what} it "
            "instead.",
            clash.id,
        )
    return OverlappingReview(
        f"{service.name} already has a review for {period}, which overlaps this period. "
        "Choose a period that does not overlap it, or open that review.",
        clash.id,
    )


def services_to_review(session: Session, actor: Actor) -> list[Service]:
    """The services a person may start reviews for: those of the places they work for and
    of the places that became them (for reviews of periods before the change)."""
    if not isinstance(actor, User) or not actor.place_ids:
        return []
    ids = acting_place_ids(actor)
    statement = select(Service).where(Service.place_id.in_(ids)).order_by(Service.name)
    return list(session.scalars(statement))


def frameworks_to_file(session: Session) -> list[Framework]:
    """Core frameworks with a published version: those a review can be filed against."""
    statement = (
        select(Framework)
        .where(
            Framework.extends_framework_id.is_(None),
            Framework.versions.any(FrameworkVersion.status == "published"),
        )
        .order_by(Framework.title)
    )
    return list(session.scalars(statement))
