"""Synthetic reviews at scale, and the bulk writing under them: what they hold, and that
they keep every rule a real review keeps."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest
from demo_facts import check_invariants, review_facts
from factories import create_review
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.background import in_background
from outcomes.demo.synthetic import SYNTHETIC_ACCOUNT, generate_synthetic
from outcomes.errors import Conflict, InvalidInput
from outcomes.frameworks.models import FrameworkVersion
from outcomes.places.models import LOWER_TIER_KINDS, Place
from outcomes.reviews.models import ReviewRevision, ReviewStatus
from outcomes.reviews.search import search_answers
from outcomes.services.models import Service


def current_english_lower_tier(db: Session) -> int:
    return db.scalar(
        select(func.count())
        .select_from(Place)
        .where(
            Place.code.like("E%"),
            Place.kind.in_(LOWER_TIER_KINDS),
            Place.superseded_by_id.is_(None),
            Place.valid_to.is_(None),
        )
    )


def synthetic_services(db: Session, seed: int) -> set[int]:
    rows = db.scalars(select(Service.id).where(Service.name.like(f"%(synthetic, seed {seed})")))
    return set(rows)


def test_synthetic_reviews_answer_every_item(frameworks, shipped_places: Session) -> None:
    db = shipped_places
    calls = []
    summary = generate_synthetic(
        db, places=3, services=2, periods=2, seed=7, progress=lambda *a: calls.append(a)
    )
    assert (summary.places, summary.services, summary.reviews) == (3, 6, 12)
    assert calls[-1] == (12, 12)
    facts = review_facts(db, synthetic_services(db, 7))
    assert len(facts) == 12 and len({review.place for review in facts}) == 3
    assert len({review.period for review in facts}) == 2
    check_invariants(db, facts)
    expected_answers = 0
    for review in facts:
        version = db.get(FrameworkVersion, review.version_id)
        items = {i.item_id for i in version.items if i.kind != "barriers"}
        if review.extension_id is not None:
            items |= {i.item_id for i in db.get(FrameworkVersion, review.extension_id).items}
        (revision,) = review.revisions
        assert {answer[0] for answer in revision.answers} == items  # every item answered
        assert revision.citations and revision.submitted_at is not None
        assert review.status is ReviewStatus.SUBMITTED and review.current_revision == 1
        expected_answers += len(items)
    assert summary.answers == expected_answers
    assert summary.citations == sum(len(r.revisions[0].citations) for r in facts)
    author = db.scalar(select(ReviewRevision).limit(1)).created_by
    assert author.email == SYNTHETIC_ACCOUNT and not author.active


def test_the_read_model_is_analysed_after_the_bulk_load(
    frameworks, shipped_places: Session
) -> None:
    """On PostgreSQL the planner knows how many rows the bulk load wrote to the comparison
    read model: planned for the empty table, a national report's groupings sort on disk
    instead of hashing in memory."""
    db = shipped_places
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("statistics are gathered on PostgreSQL only")
    generate_synthetic(db, places=3, services=2, periods=2, seed=5)
    rows = db.scalar(text("SELECT count(*) FROM comparison_answer"))
    planned = db.scalar(text("SELECT reltuples FROM pg_class WHERE relname = 'comparison_answer'"))
    assert rows and planned == rows


def test_synthetic_reviews_depend_only_on_the_seed(frameworks, shipped_places: Session) -> None:
    db = shipped_places
    savepoint = db.begin_nested()
    generate_synthetic(db, places=3, services=2, periods=2, seed=3)
    first = review_facts(db, synthetic_services(db, 3))
    savepoint.rollback()
    generate_synthetic(db, places=3, services=2, periods=2, seed=3)
    assert review_facts(db, synthetic_services(db, 3)) == first
    with pytest.raises(Conflict, match="seed 3 are already in this database"):
        generate_synthetic(db, places=3, services=2, periods=2, seed=3)
    generate_synthetic(db, places=3, services=2, periods=2, seed=4)
    assert review_facts(db, synthetic_services(db, 4)) != first


def test_synthetic_reviews_at_national_scale_cover_every_current_place(
    frameworks, shipped_places: Session
) -> None:
    db = shipped_places
    summary = generate_synthetic(db, places=10_000, services=1, periods=1)
    assert summary.places == current_english_lower_tier(db) > 290
    assert summary.reviews == summary.places
    # Ids were chosen outside the database's sequences; the ORM must still insert safely.
    service = db.get(Service, max(synthetic_services(db, 1)))
    create_review(
        db,
        version=frameworks["2.0.0"],
        service=service,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        answers={"people_supported": 3, "what_we_tried": "A zephyrine approach."},
        citations=[("devolution", None)],
    )
    # The synthetic answers can be searched, and so can answers written after them.
    assert search_answers(db, OPERATOR, "zephyrine").total == 1
    hits = search_answers(db, OPERATOR, "caseworkers arrears")
    assert hits.total > 0 and all(
        "(synthetic, seed 1)" in h.review.service.name for h in hits.items
    )


def test_synthetic_reviews_need_sizes_of_one_or_more(frameworks, shipped_places) -> None:
    with pytest.raises(InvalidInput, match="number of periods must be 1 or more"):
        generate_synthetic(shipped_places, places=1, services=1, periods=0)


def test_the_demo_command_writes_synthetic_reviews(
    runner: FlaskCliRunner, shipped_places: Session
) -> None:
    result = runner.invoke(args=["demo", "--places", "2", "--services", "2", "--periods", "3"])
    assert result.exit_code == 0, result.output
    assert "Synthetic reviews: 12 reviews of 4 services in 2 places" in result.output
    assert "12 of 12 reviews written" in result.output
    assert len(synthetic_services(shipped_places, 1)) == 4
    partial = runner.invoke(args=["demo", "--places", "2"])
    assert partial.exit_code == 2 and "together" in partial.output
    seed_only = runner.invoke(args=["demo", "--seed", "2"])
    assert seed_only.exit_code == 2 and "--seed goes with" in seed_only.output


def test_rows_made_in_the_background_arrive_in_order_and_errors_reach_the_caller() -> None:
    assert list(in_background(iter(range(50)))) == list(range(50))

    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("no more rows")

    made = in_background(failing())
    assert next(made) == 1
    with pytest.raises(ValueError, match="no more rows"):
        next(made)


def test_stopping_early_stops_the_thread_that_makes_rows() -> None:
    made: list[int] = []

    def endless() -> Iterator[int]:
        while True:
            made.append(len(made))
            yield made[-1]

    batches = in_background(endless(), depth=2)
    assert next(batches) == 0
    batches.close()  # the caller stops, as when an insert fails
    assert len(made) <= 4  # the one taken, the queue's two, and one waiting to go in
    assert not any(thread.name == "demo-rows" for thread in threading.enumerate())
