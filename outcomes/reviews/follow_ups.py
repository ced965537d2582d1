"""Closing the loop: what a service said it would change, shown in its next review.

A text item that ``follows_up`` another (in the shipped frameworks, "What happened to our
last commitments" follows up "What we will change next") shows the service's answer to
that item from its previous submitted review, and must then be answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session, selectinload

from outcomes.frameworks.definition import TextItem
from outcomes.reviews.models import Review, ReviewRevision
from outcomes.reviews.pinned import pinned_definition
from outcomes.reviews.values import revision_values


@dataclass(frozen=True)
class Commitment:
    """An earlier review's answer that an item of this review follows up."""

    item_id: str  # the item of this review that says what happened
    earlier: Review
    label: str  # the earlier item's label, such as "What we will change next"
    text: str


def previous_review(session: Session, review: Review) -> Review | None:
    """The same service's latest submitted review of the same framework that began before
    this one."""
    statement = (
        select(Review)
        .where(
            Review.service_id == review.service_id,
            Review.framework_id == review.framework_id,
            Review.id != review.id,
            Review.current_revision_id.is_not(None),
            Review.period_start < review.period_start,
        )
        .order_by(Review.period_start.desc(), Review.period_end.desc())
        .limit(1)
    )
    return session.scalar(statement)


def commitments(session: Session, review: Review) -> dict[str, Commitment]:
    """The earlier answers this review follows up, by the id of the item following each."""
    earlier = previous_review(session, review) if _followers(review) else None
    return commitments_from(review, earlier)


def previous_reviews(session: Session, reviews: Sequence[Review]) -> dict[int, Review | None]:
    """``previous_review`` of each review that follows anything up, in one query (with
    the answers of each earlier review's current revision), by review id."""
    asking = [review for review in reviews if _followers(review)]
    if not asking:
        return {}
    pairs = {(review.service_id, review.framework_id) for review in asking}
    candidates = session.scalars(
        select(Review)
        .options(
            selectinload(Review.current_revision).selectinload(ReviewRevision.answers),
            selectinload(Review.current_revision).selectinload(ReviewRevision.citations),
        )
        .where(
            tuple_(Review.service_id, Review.framework_id).in_(pairs),
            Review.current_revision_id.is_not(None),
        )
        .order_by(Review.period_start.desc(), Review.period_end.desc())
    ).all()
    return {
        review.id: next(
            (
                earlier
                for earlier in candidates
                if earlier.service_id == review.service_id
                and earlier.framework_id == review.framework_id
                and earlier.id != review.id
                and earlier.period_start < review.period_start
            ),
            None,
        )
        for review in asking
    }


def _followers(review: Review) -> list[TextItem]:
    return [
        item
        for item in pinned_definition(review).items
        if isinstance(item, TextItem) and item.follows_up
    ]


def commitments_from(review: Review, earlier: Review | None) -> dict[str, Commitment]:
    """The answers of ``earlier`` (the review's previous one) that the review follows up."""
    followers = _followers(review)
    if not followers or earlier is None or earlier.current_revision is None:
        return {}
    values = revision_values(earlier.current_revision)
    earlier_definition = pinned_definition(earlier)
    found = {}
    for item in followers:
        text = values.get(item.follows_up or "", {}).get("text")
        earlier_item = earlier_definition.item(item.follows_up or "")
        if text and earlier_item is not None:
            found[item.id] = Commitment(item.id, earlier, earlier_item.label, text)
    return found


def required_items(session: Session, review: Review) -> set[str]:
    """The items a review must answer before it is submitted: those the framework
    requires, and any follow-up of an earlier commitment."""
    return required_given(review, previous_review(session, review))


def required_given(review: Review, earlier: Review | None) -> set[str]:
    """``required_items``, with the review's previous one already read."""
    required = {item.id for item in pinned_definition(review).items if item.required}
    return required | set(commitments_from(review, earlier))
