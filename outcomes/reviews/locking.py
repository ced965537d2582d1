"""Optimistic locking: a change names the lock version it read, and is refused if the
review has changed since, so that nobody's answers are overwritten unseen."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from outcomes.accounts.access import Actor
from outcomes.errors import Busy, Conflict
from outcomes.reviews.history import last_change, who
from outcomes.reviews.models import Review

UK = ZoneInfo("Europe/London")


class EditConflict(Conflict):
    """The review changed after the person read it. The message speaks to a page's reader;
    the facts are kept for other readers (the API) to put in their own words."""

    def __init__(
        self, message: str, *, version: int, by: str | None = None, at: datetime | None = None
    ) -> None:
        super().__init__(message)
        self.version = version  # the review's lock version now
        self.by = by  # who changed it ("you" for the person refused), if known
        self.at = at


def uk_time(moment: datetime) -> str:
    """A moment as people in the UK read it: "10:42am on 3 June 2025"."""
    local = moment.astimezone(UK)
    return f"{local:%-I:%M%p}".lower() + f" on {local.day} {local:%B %Y}"


def check_lock(session: Session, actor: Actor, review: Review, lock_version: int) -> None:
    if lock_version != review.lock_version:
        raise _conflict(session, actor, review)


def touch(session: Session, actor: Actor, review: Review) -> None:
    """Bump the review's lock version. Answers live in other tables, so a change to them
    would not bump it on its own; a save that raced another is refused here."""
    review.lock_version += 1
    try:
        session.flush()
    except (StaleDataError, Busy):
        # The failed flush leaves nothing to ask the session, so the message is general.
        raise _conflict(None, actor, review) from None


def _conflict(session: Session | None, actor: Actor, review: Review) -> EditConflict:
    event = last_change(session, review) if session is not None else None
    if event is None:
        by, at = None, None
        somebody = "Someone else has changed this review"
    elif actor.id is not None and event.actor_id == actor.id:
        by, at = "you", event.at
        somebody = f"You changed this review in another tab or window at {uk_time(event.at)}"
    else:
        by, at = who(event), event.at
        somebody = f"{by} changed this review at {uk_time(event.at)}"
    return EditConflict(
        f"{somebody}, after you opened this page, so what you entered here has not been "
        "saved. Check the answers saved now before you save again.",
        version=review.lock_version,
        by=by,
        at=at,
    )
