"""Lists of reviews: what each person may see, the filters, and pages."""

from __future__ import annotations

from datetime import date

import pytest
from factories import create_review, create_service, create_user
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.db import utcnow
from outcomes.errors import InvalidInput
from outcomes.frameworks.models import FrameworkVersion
from outcomes.places.models import PlaceKind
from outcomes.places.operations import get_place
from outcomes.reviews.listing import (
    ListStatus,
    ReviewFilters,
    barrier_choices,
    list_reviews,
    place_code,
)
from outcomes.reviews.models import Review
from outcomes.scope import PlaceSelection


@pytest.fixture
def reviews(db: Session, frameworks: dict[str, FrameworkVersion]) -> dict[str, Review]:
    """Submitted reviews in Wigan, Manchester, Gateshead and Camden, a Wigan draft, and an
    acknowledged Cornwall review."""

    def review(code: str, area: str, version: str = "1.1.0", **options: object) -> Review:
        service = create_service(db, place=get_place(db, code), service_area=area)
        return create_review(db, version=frameworks[version], service=service, **options)  # type: ignore[arg-type]

    made = {
        "wigan": review("E08000010", "early_help", citations=[("multi_year_funding", "Plan.")]),
        "wigan draft": review("E08000010", "housing", submitted=False),
        "manchester": review("E08000003", "housing", "1.0.0"),
        "gateshead": review("E08000037", "early_help", citations=[("regulation", None)]),
        "camden": review(
            "E09000007",
            "public_health",
            "2.0.0",
            period_start=date(2026, 10, 1),
            period_end=date(2026, 12, 31),
        ),
        "cornwall": review("E06000052", "early_help"),
    }
    made["cornwall"].current_revision.acknowledged_at = utcnow()
    db.flush()
    return made


def listed(db: Session, actor: User, reviews: dict[str, Review], **filters: object) -> list[str]:
    names = {review.id: name for name, review in reviews.items()}
    page = list_reviews(db, actor, ReviewFilters(**filters))  # type: ignore[arg-type]
    return sorted(names[r.id] for r in page.items if r.id in names)


SUBMITTED = ["camden", "cornwall", "gateshead", "manchester", "wigan"]


def test_regulators_see_every_submitted_review_and_no_drafts(
    db: Session, reviews: dict[str, Review]
) -> None:
    assert listed(db, create_user(db, role=Role.REGULATOR), reviews) == SUBMITTED
    assert listed(db, create_user(db, role=Role.INSPECTOR), reviews) == SUBMITTED


def test_service_managers_see_their_own_drafts_and_everyones_submissions(
    db: Session, reviews: dict[str, Review]
) -> None:
    wigan = create_user(db, places=[get_place(db, "E08000010")])
    camden = create_user(db, places=[get_place(db, "E09000007")])

    assert listed(db, wigan, reviews) == sorted([*SUBMITTED, "wigan draft"])
    assert listed(db, camden, reviews) == SUBMITTED


def test_administrators_see_drafts_too(db: Session, reviews: dict[str, Review]) -> None:
    assert "wigan draft" in listed(db, create_user(db, role=Role.ADMIN), reviews)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"places": PlaceSelection(within="E12000002")}, ["manchester", "wigan"]),  # North West
        ({"places": PlaceSelection(within="E47000001")}, ["manchester", "wigan"]),  # Gtr Manchester
        ({"places": PlaceSelection(kind=PlaceKind.LONDON_BOROUGH)}, ["camden"]),
        ({"places": PlaceSelection(codes=("E08000037",))}, ["gateshead"]),
        ({"service_area": "early_help"}, ["cornwall", "gateshead", "wigan"]),
        ({"framework": "public-service-reform", "version": "1.0.0"}, ["manchester"]),
        ({"period_from": date(2026, 1, 1)}, ["camden"]),
        ({"period_to": date(2025, 12, 31)}, ["cornwall", "gateshead", "manchester", "wigan"]),
        ({"status": ListStatus.ACKNOWLEDGED}, ["cornwall"]),
        ({"status": ListStatus.AWAITING}, ["camden", "gateshead", "manchester", "wigan"]),
        ({"status": ListStatus.DRAFT}, []),
        ({"barrier": "regulation"}, ["gateshead"]),
    ],
)
def test_filters(
    db: Session, reviews: dict[str, Review], filters: dict[str, object], expected: list[str]
) -> None:
    assert listed(db, create_user(db, role=Role.REGULATOR), reviews, **filters) == expected


def test_a_managers_drafts_can_be_listed_on_their_own(
    db: Session, reviews: dict[str, Review]
) -> None:
    wigan = create_user(db, places=[get_place(db, "E08000010")])

    assert listed(db, wigan, reviews, status=ListStatus.DRAFT) == ["wigan draft"]


def test_the_list_comes_a_page_at_a_time_latest_period_first(
    db: Session, reviews: dict[str, Review]
) -> None:
    regulator = create_user(db, role=Role.REGULATOR)

    first = list_reviews(db, regulator, ReviewFilters(), per_page=2)
    last = list_reviews(db, regulator, ReviewFilters(), page=99, per_page=2)

    assert (first.total, first.pages) == (5, 3)
    assert first.items[0] == reviews["camden"]
    assert last.page == 3 and len(last.items) == 1


def test_bad_filters_are_explained(db: Session, frameworks: dict[str, FrameworkVersion]) -> None:
    with pytest.raises(InvalidInput, match="Choose a service area from the list"):
        ReviewFilters(service_area="astrology")
    with pytest.raises(InvalidInput, match="start of the period must be before its end"):
        ReviewFilters(period_from=date(2026, 1, 1), period_to=date(2025, 1, 1))


def test_a_place_is_found_by_its_name_or_code(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    assert place_code(db, "wigan") == "E08000010"
    assert place_code(db, "e08000010 ") == "E08000010"
    with pytest.raises(InvalidInput, match="There is no place called 'Wigarn'"):
        place_code(db, "Wigarn")


def test_barrier_choices_cover_every_version(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    choices = dict(barrier_choices(db))

    assert choices["data_sharing"] == "Data sharing"  # added in 1.1.0
    assert choices["devolution"] == "Devolution and local control"
