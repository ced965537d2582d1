"""Learning review pages: filing a review section by section, reading reviews, and the
feedback conversation. The rules are outcomes.reviews'; these pages parse, call and render.

The page modules register themselves on ``bp``; web.reviews.routes imports them all, so
that this package imports none of the modules that import it.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint

from outcomes.reviews.locking import uk_time
from outcomes.reviews.models import Review
from outcomes.reviews.periods import describe_period
from web.extensions import sign_in_required

bp = Blueprint("reviews", __name__, url_prefix="/reviews")


sign_in_required(bp)


@bp.app_template_filter("uk_time")
def _uk_time(moment: datetime) -> str:
    return uk_time(moment)


@bp.app_template_filter("period")
def _period(review: Review) -> str:
    return describe_period(review.period_start, review.period_end)
