"""Places that have gone quiet: none of their services submitted a review for either of
the last two quarters that have ended.

A place is taken whole over time (``outcomes.places.identity``): a review filed under a
former code counts for the place it became, and a place is listed as it is now.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from outcomes.places.identity import Succession
from outcomes.places.models import Place
from outcomes.reviews.models import Review
from outcomes.reviews.periods import quarter_containing
from outcomes.services.models import Service


def quiet_quarters(today: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The last two quarters that have ended by ``today``, the earlier first."""
    latest = quarter_containing(quarter_containing(today)[0] - timedelta(days=1))
    earlier = quarter_containing(latest[0] - timedelta(days=1))
    return earlier, latest


def quiet_places(session: Session, today: date) -> list[Place]:
    """Current places with at least one service, none of which has a submitted review of a
    period overlapping either of the last two ended quarters, by name. Three queries,
    however many places there are."""
    succession = Succession.read(session)
    serving = {
        succession.current(place_id)
        for place_id in session.scalars(select(Service.place_id).distinct())
    }
    filed = session.scalars(
        select(Service.place_id)
        .join(Review, Review.service_id == Service.id)
        .where(
            Review.current_revision_id.is_not(None),
            or_(
                *(
                    and_(Review.period_start <= end, Review.period_end >= start)
                    for start, end in quiet_quarters(today)
                )
            ),
        )
        .distinct()
    )
    quiet = serving - {succession.current(place_id) for place_id in filed}
    if not quiet:
        return []
    return list(
        session.scalars(select(Place).where(Place.id.in_(quiet)).order_by(Place.name, Place.code))
    )
