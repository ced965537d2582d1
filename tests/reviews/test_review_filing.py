"""Starting a review: who may, the period, the pinned version, duplicates refused."""

from __future__ import annotations

from datetime import date

import pytest
from factories import create_place, create_service, create_user
from reviewing import Q2_2025, fill
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.audit.models import AuditEvent
from outcomes.errors import InvalidInput, PermissionDenied
from outcomes.frameworks.models import Framework, FrameworkVersion
from outcomes.frameworks.store import get_framework, get_version
from outcomes.places.models import Place
from outcomes.reviews.filing import (
    DuplicateReview,
    OverlappingReview,
    services_to_review,
    start_review,
)
from outcomes.reviews.models import Review, ReviewStatus
from outcomes.reviews.periods import describe_period, quarter_containing
from outcomes.reviews.submission import submit
from outcomes.services.models import Service


def test_a_review_starts_as_a_draft_pinned_to_the_latest_version(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = start_review(db, manager, service, framework, today=date(2026, 11, 15))

    assert review.status is ReviewStatus.DRAFT
    assert review.framework_version.version == "2.0.0"
    # Wigan's extension adds to 1.0.0 only, so a review on 2.0.0 has no extension.
    assert review.extension_version is None
    assert (review.period_start, review.period_end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert [r.number for r in review.revisions] == [1]
    assert review.current_revision is None
    event = db.query(AuditEvent).filter_by(action="review.create").one()
    assert event.actor_id == manager.id
    assert event.after is not None and event.after["version"] == "2.0.0"


def test_the_places_extension_is_pinned_with_its_core_version(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    for version in ("1.1.0", "2.0.0"):
        get_version(db, framework.slug, version).status = "retired"

    review = start_review(db, manager, service, framework, today=date(2025, 5, 1))

    assert review.framework_version.version == "1.0.0"
    extension = review.extension_version
    assert extension is not None
    assert extension.framework.slug == "public-service-reform--e08000010"


def test_any_period_can_be_chosen(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = start_review(
        db, manager, service, framework, period_start=date(2025, 1, 6), period_end=date(2025, 5, 2)
    )

    assert describe_period(review.period_start, review.period_end) == (
        "6 January 2025 to 2 May 2025"
    )


def test_a_period_that_ends_before_it_starts_is_refused(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    with pytest.raises(InvalidInput, match="end of the period must be after its start"):
        start_review(
            db,
            manager,
            service,
            framework,
            period_start=date(2025, 6, 1),
            period_end=date(2025, 5, 1),
        )


def test_a_second_review_for_the_same_service_framework_and_period_is_refused(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    first = start_review(
        db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
    )

    with pytest.raises(DuplicateReview) as refused:
        start_review(
            db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
        )

    assert refused.value.review_id == first.id
    assert str(refused.value) == (
        "Start Well family hubs already has a review for April to June 2025 (Public service "
        "reform learning review). Open that review to continue it instead."
    )
    fill(db, manager, first)
    submit(db, manager, first, lock_version=first.lock_version)
    with pytest.raises(DuplicateReview) as submitted:
        start_review(
            db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
        )
    assert str(submitted.value).endswith("Open that review to amend it instead.")


TODAY = date(2026, 11, 29)


def test_a_period_that_starts_after_today_is_refused(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    with pytest.raises(InvalidInput) as refused:
        start_review(
            db,
            manager,
            service,
            framework,
            period_start=date(2027, 1, 1),
            period_end=date(2027, 3, 31),
            today=TODAY,
        )

    assert refused.value.field == "period_start"
    assert str(refused.value) == (
        "The period must start on or before today (29 November 2026): "
        "a review looks back on work done"
    )
    # A period under way may be reviewed (the current quarter is offered by default).
    review = start_review(
        db,
        manager,
        service,
        framework,
        period_start=TODAY,
        period_end=date(2026, 12, 31),
        today=TODAY,
    )
    assert review.period_start == TODAY


@pytest.mark.parametrize(
    ("start", "end", "other"),
    [
        (date(2025, 5, 1), date(2025, 7, 31), "April to June 2025"),  # a month in common
        (date(2025, 3, 1), date(2025, 4, 1), "April to June 2025"),  # a single day
        (date(2025, 1, 1), date(2025, 12, 31), "April to June 2025"),  # it holds the other
        (date(2025, 5, 1), date(2025, 5, 31), "April to June 2025"),  # held by the other
    ],
)
def test_a_period_overlapping_another_review_of_the_service_is_refused(
    db: Session,
    manager: User,
    service: Service,
    framework: Framework,
    start: date,
    end: date,
    other: str,
) -> None:
    first = start_review(  # a draft counts: it will be submitted in time
        db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
    )

    with pytest.raises(OverlappingReview) as refused:
        start_review(db, manager, service, framework, period_start=start, period_end=end)

    assert refused.value.review_id == first.id
    assert refused.value.field == "period_start"
    assert str(refused.value) == (
        f"Start Well family hubs already has a review for {other} (Public service reform "
        "learning review), which overlaps this period. Choose a period that does not overlap "
        "it, or open that review."
    )
    assert [r.id for r in db.query(Review).all()] == [first.id]


def test_periods_side_by_side_do_not_overlap(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    start_review(db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1])

    before = start_review(
        db, manager, service, framework, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31)
    )
    after = start_review(
        db, manager, service, framework, period_start=date(2025, 7, 1), period_end=date(2025, 9, 30)
    )

    assert (before.period_end, after.period_start) == (date(2025, 3, 31), date(2025, 7, 1))


def test_the_same_period_can_be_reviewed_by_another_service(
    db: Session, manager: User, service: Service, framework: Framework, wigan: Place
) -> None:
    other = create_service(db, place=wigan, name="Community link workers")
    start_review(db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1])

    review = start_review(
        db, manager, other, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
    )

    assert review.service == other


@pytest.mark.parametrize("role", [Role.ADMIN, Role.REGULATOR, Role.INSPECTOR])
def test_only_service_managers_start_reviews(
    db: Session, service: Service, framework: Framework, role: Role
) -> None:
    with pytest.raises(PermissionDenied, match="Only service managers who work for Wigan"):
        start_review(db, create_user(db, role=role), service, framework)


def test_a_service_manager_of_another_place_cannot_start_one(
    db: Session, service: Service, framework: Framework
) -> None:
    stranger = create_user(db, places=[create_place(db)])

    with pytest.raises(PermissionDenied):
        start_review(db, stranger, service, framework)


def test_an_extension_is_not_filed_on_its_own(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    extension = get_framework(db, "public-service-reform--e08000010")

    with pytest.raises(InvalidInput, match="adds questions to another framework"):
        start_review(db, manager, service, extension)


def test_services_to_review_are_those_of_the_managers_places(
    db: Session, manager: User, service: Service, frameworks: dict[str, FrameworkVersion]
) -> None:
    create_service(db, name="Elsewhere")

    assert services_to_review(db, manager) == [service]
    assert services_to_review(db, create_user(db, role=Role.REGULATOR)) == []


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (date(2025, 1, 1), (date(2025, 1, 1), date(2025, 3, 31))),
        (date(2025, 6, 30), (date(2025, 4, 1), date(2025, 6, 30))),
        (date(2024, 8, 15), (date(2024, 7, 1), date(2024, 9, 30))),
        (date(2025, 12, 31), (date(2025, 10, 1), date(2025, 12, 31))),
    ],
)
def test_quarter_containing(day: date, quarter: tuple[date, date]) -> None:
    assert quarter_containing(day) == quarter


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (date(2025, 4, 1), date(2025, 6, 30), "April to June 2025"),
        (date(2025, 6, 1), date(2025, 6, 30), "June 2025"),
        (date(2024, 11, 1), date(2025, 1, 31), "November 2024 to January 2025"),
        (date(2025, 4, 2), date(2025, 6, 30), "2 April 2025 to 30 June 2025"),
    ],
)
def test_describe_period(start: date, end: date, words: str) -> None:
    assert describe_period(start, end) == words
