"""When answers are due: configurable, with the coroners' 56 days as the default."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class ResponseDeadline:
    # A period's reviews close this many days after the period ends...
    reviews_close_days: int = 28
    # ...and the bodies' responses are due this many days after that.
    response_days: int = 56

    @classmethod
    def from_environment(cls) -> ResponseDeadline:
        return cls(
            reviews_close_days=int(os.environ.get("OUTCOMES_NATIONAL_REVIEWS_CLOSE_DAYS", "28")),
            response_days=int(os.environ.get("OUTCOMES_NATIONAL_RESPONSE_DAYS", "56")),
        )

    def reviews_close(self, period_end: date) -> date:
        return period_end + timedelta(days=self.reviews_close_days)

    def due_on(self, period_end: date) -> date:
        return self.reviews_close(period_end) + timedelta(days=self.response_days)

    def describe(self) -> str:
        return (
            f"Reviews for a period close {self.reviews_close_days} days after it ends; "
            f"responses are due {self.response_days} days after that."
        )
