"""A regulator's home: what came in since their last visit, what waits to be
acknowledged (oldest first), feedback waiting on a place, places gone quiet, and the
latest report they took."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.accounts.models import User
from outcomes.accounts.sessions import SignInSession
from outcomes.places.models import Place
from outcomes.reviews.listing import (
    ListOrder,
    ListStatus,
    ReviewFilters,
    Waiting,
    list_reviews,
    start_of,
)
from outcomes.reviews.models import Review
from outcomes.reviews.quiet import quiet_places, quiet_quarters

from .counts import ListCount, counted
from .manager import SHOWN
from .reports_taken import ReportTaken, reports_taken


@dataclass(frozen=True)
class RegulatorHome:
    last_visit: datetime | None  # None: this is the first visit (counted from the account's start)
    since: ListCount
    unacknowledged: ListCount
    oldest: list[Review]
    waiting_on_places: ListCount
    quiet_quarters: tuple[tuple[date, date], ...]
    quiet: list[Place]
    latest_report: ReportTaken | None


def last_visit(session: Session, actor: Actor) -> datetime | None:
    """When the person's sign-in before this one started, if they had one."""
    if not isinstance(actor, User):
        return None
    started = session.scalar(
        select(SignInSession.started_at)
        .where(SignInSession.user_id == actor.id)
        .order_by(SignInSession.started_at.desc(), SignInSession.id.desc())
        .offset(1)
        .limit(1)
    )
    return started


def regulator_home(session: Session, actor: Actor, today: date) -> RegulatorHome:
    visit = last_visit(session, actor)
    # On a first visit, everything from the start of the day the account was made.
    since = visit or start_of(actor.created_at.date() if isinstance(actor, User) else today)
    waiting = ReviewFilters(status=ListStatus.AWAITING, order=ListOrder.WAITING)
    taken = reports_taken(session, actor, limit=1)
    return RegulatorHome(
        last_visit=visit,
        since=counted(session, actor, ReviewFilters(submitted_after=since)),
        unacknowledged=counted(session, actor, waiting),
        oldest=list_reviews(session, actor, waiting, per_page=SHOWN).items,
        waiting_on_places=counted(session, actor, ReviewFilters(waiting=Waiting.PLACE)),
        quiet_quarters=quiet_quarters(today),
        quiet=quiet_places(session, today),
        latest_report=taken[0] if taken else None,
    )
