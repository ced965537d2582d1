"""Which revisions an export covers: statuses, latest or every revision, and the filters
shared with reports (outcomes.scope)."""

from __future__ import annotations

from datetime import date

import pytest
from exporting import FRAMEWORK, Dataset, amend, build_dataset
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.errors import InvalidInput
from outcomes.frameworks.models import FrameworkVersion
from outcomes.reviews.models import ReviewRevision, ReviewStatus
from outcomes.scope import PlaceSelection, ReviewScope, revisions_in_scope, submitted_reviews

DRAFT, SUBMITTED = ReviewStatus.DRAFT, ReviewStatus.SUBMITTED


@pytest.fixture
def dataset(db: Session, frameworks: dict[str, FrameworkVersion]) -> Dataset:
    return build_dataset(db, frameworks)


def _revisions(db: Session, **scope: object) -> set[tuple[int, int]]:
    ids = revisions_in_scope(db, ReviewScope(framework=FRAMEWORK, **scope))  # type: ignore[arg-type]
    rows = db.execute(
        select(ReviewRevision.review_id, ReviewRevision.number).where(ReviewRevision.id.in_(ids))
    )
    return {(review_id, number) for review_id, number in rows}


def test_latest_submitted_revision_by_default(db: Session, dataset: Dataset) -> None:
    assert _revisions(db) == {
        (dataset.family_hub.id, 1),
        (dataset.neighbourhood.id, 1),
        (dataset.amended.id, 2),
    }
    reviews = db.scalars(submitted_reviews(db, ReviewScope(framework=FRAMEWORK))).all()
    assert {r.current_revision_id for r in reviews} == {
        r.current_revision_id for r in (dataset.family_hub, dataset.neighbourhood, dataset.amended)
    }


def test_every_revision(db: Session, dataset: Dataset) -> None:
    assert (dataset.amended.id, 1) in _revisions(db, every_revision=True)
    assert len(_revisions(db, every_revision=True)) == 4


def test_an_amendment_in_progress_is_a_draft_revision(db: Session, dataset: Dataset) -> None:
    amend(db, dataset.family_hub, {"people_supported": 9}, submit=False)

    assert (dataset.family_hub.id, 1) in _revisions(db)
    assert _revisions(db, statuses=(DRAFT,)) == {
        (dataset.family_hub.id, 2),
        (dataset.draft.id, 1),
    }
    latest_of_any = _revisions(db, statuses=(SUBMITTED, DRAFT))
    assert (dataset.family_hub.id, 2) in latest_of_any
    assert (dataset.family_hub.id, 1) not in latest_of_any
    assert (dataset.amended.id, 2) in latest_of_any
    assert len(_revisions(db, statuses=(SUBMITTED, DRAFT), every_revision=True)) == 6


def test_filters_shared_with_reports(db: Session, dataset: Dataset) -> None:
    place = dataset.family_hub.service.place
    assert _revisions(db, versions=("2.0.0",)) == {(dataset.neighbourhood.id, 1)}
    assert _revisions(db, period_from=date(2025, 7, 1), period_to=date(2025, 12, 31)) == {
        (dataset.amended.id, 2)
    }
    assert _revisions(db, service_areas=("housing",)) == {(dataset.neighbourhood.id, 1)}
    assert _revisions(db, places=PlaceSelection(codes=(place.code,))) == {
        (dataset.family_hub.id, 1)
    }


def test_the_scope_records_statuses_and_revisions() -> None:
    scope = ReviewScope(framework=FRAMEWORK, statuses=(SUBMITTED, DRAFT), every_revision=True)
    assert scope.as_dict()["statuses"] == ["submitted", "draft"]
    assert scope.as_dict()["every_revision"] is True
    with pytest.raises(InvalidInput, match="at least one status"):
        ReviewScope(framework=FRAMEWORK, statuses=())
