"""Queueing a notification in the caller's transaction, once per person, kind and event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from outcomes.accounts.models import User
from outcomes.db import utcnow
from outcomes.notifications.models import (
    Kind,
    Notification,
    NotificationPreference,
    State,
)


@dataclass(frozen=True)
class News:
    """One event worth telling people about: what happened, in words with no story text
    and no counts of people, and the path of the page that shows it."""

    kind: Kind
    event_key: str
    summary: str
    path: str


def queue(session: Session, news: News, recipients: Iterable[User]) -> int:
    """Queue ``news`` for each recipient who has the kind's role, is active and has not
    turned the kind off; in the caller's transaction, so it rolls back with the event.
    An event queued again for the same person is ignored. Returns how many were new."""
    people = {
        user.id: user
        for user in recipients
        if user.active and user.role is news.kind.role and user.id is not None
    }
    if not people:
        return 0
    turned_off = set(
        session.scalars(
            select(NotificationPreference.user_id).where(
                NotificationPreference.user_id.in_(people),
                NotificationPreference.kind == news.kind,
                NotificationPreference.enabled.is_(False),
            )
        )
    )
    now = utcnow()
    rows = [
        {
            "user_id": user_id,
            "kind": news.kind,
            "event_key": news.event_key[:200],
            "summary": news.summary[:500],
            "path": news.path[:500],
            "created_at": now,
            "state": State.WAITING,
            "attempts": 0,
            "next_attempt_at": now,
        }
        for user_id in sorted(people)
        if user_id not in turned_off
    ]
    if not rows:
        return 0
    session.flush()  # the event's own rows first, as its transaction writes them
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Notification)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "event_key"])
        .returning(Notification.id)
    )
    return len(session.execute(statement).all())
