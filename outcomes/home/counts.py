"""A count of reviews, with the filters of the list that shows them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.reviews.listing import ReviewFilters, count_reviews


@dataclass(frozen=True)
class ListCount:
    filters: ReviewFilters
    count: int


def counted(session: Session, actor: Actor, filters: ReviewFilters) -> ListCount:
    """How many reviews the list with ``filters`` shows ``actor``: one query."""
    return ListCount(filters, count_reviews(session, actor, filters))
