"""Sending what is queued: each message alone or in a weekly digest, once.

Each message is its own short transaction, committed by the ``commit`` the caller hands
in (a send cannot be rolled back, so one failure must never undo the record of the sends
before it). A message is first claimed (a committed mark, so a second run at the same
time leaves it alone), then handed to the channel, then marked sent. A refused message
stays queued with its error and waits ``base * 2**(attempts - 1)`` (at most
``retry_max_wait``) before the next try; after ``max_attempts`` it is given up and the
run says so. A run that dies between the channel's acceptance and the sent mark leaves
the claim, and the message is tried again after ``claim_timeout``: the only case where a
person could receive one twice, and then with the same reference (Notify) or Message-ID
(SMTP).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session, selectinload

from outcomes.accounts.models import User
from outcomes.notifications.channels import Channel, DeliveryFailed, Email
from outcomes.notifications.models import (
    Frequency,
    Kind,
    Notification,
    NotificationPreference,
    State,
)
from outcomes.notifications.settings import NotificationSettings


def digest_day(now: datetime, weekday: int) -> datetime:
    """The start (midnight UTC) of the latest digest day on or before ``now``."""
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=(day.weekday() - weekday) % 7)


ACCOUNT_PATH = "/account#notifications"


@dataclass
class RunSummary:
    sent: int = 0
    digests: int = 0
    failed: int = 0
    given_up: int = 0
    withdrawn: int = 0
    queued_due: int = 0

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.given_up == 0

    def line(self, channel: str) -> str:
        return (
            f"Notifications via {channel}: {self.queued_due} due reminders queued, "
            f"{self.sent} sent ({self.digests} weekly digests), {self.failed} failed "
            f"and will be tried again, {self.given_up} given up, {self.withdrawn} withdrawn."
        )


def backoff(settings: NotificationSettings, attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 1, 2, 4, 8... minutes by default."""
    wait: timedelta = settings.retry_base * (2 ** max(attempts - 1, 0))
    return min(wait, settings.retry_max_wait)


def send_waiting(
    session: Session,
    channel: Channel,
    settings: NotificationSettings,
    *,
    now: datetime,
    commit: Callable[[], None],
    summary: RunSummary | None = None,
) -> RunSummary:
    """Send every message whose time has come: immediate ones one by one, and on the digest
    day (or the first run after it) each person's weekly digest of what waited from before
    that day. What arrives later waits for the next digest day."""
    summary = summary or RunSummary()
    cutoff = digest_day(now, settings.digest_weekday)
    waiting = list(
        session.scalars(
            select(Notification)
            .where(
                Notification.state == State.WAITING,
                Notification.next_attempt_at <= now,
                _unclaimed(settings, now),
            )
            .options(selectinload(Notification.user))
            .order_by(Notification.id)
        )
    )
    preferences = _preferences(session, {n.user_id for n in waiting})
    digests: dict[int, list[Notification]] = defaultdict(list)
    for notification in waiting:
        enabled, frequency = preferences.get(
            (notification.user_id, notification.kind), (True, Frequency.WEEKLY)
        )
        if not enabled or not notification.user.active:
            notification.state = State.WITHDRAWN
            summary.withdrawn += 1
            commit()
        elif frequency is Frequency.IMMEDIATE:
            _deliver(session, channel, settings, [notification], now, commit, summary, digest=False)
        elif notification.created_at < cutoff:
            digests[notification.user_id].append(notification)
    for items in digests.values():
        _deliver(session, channel, settings, items, now, commit, summary, digest=True)
    return summary


def _unclaimed(settings: NotificationSettings, now: datetime) -> ColumnElement[bool]:
    return or_(
        Notification.claimed_at.is_(None),
        Notification.claimed_at < now - settings.claim_timeout,
    )


def _preferences(
    session: Session, user_ids: set[int]
) -> dict[tuple[int, Kind], tuple[bool, Frequency]]:
    if not user_ids:
        return {}
    rows = session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id.in_(user_ids))
    )
    return {(row.user_id, row.kind): (row.enabled, row.frequency) for row in rows}


def _claim(
    session: Session, settings: NotificationSettings, items: Sequence[Notification], now: datetime
) -> bool:
    """Mark ``items`` as being sent by this run, all or none."""
    ids = [item.id for item in items]
    result = session.execute(
        update(Notification)
        .where(
            Notification.id.in_(ids),
            Notification.state == State.WAITING,
            _unclaimed(settings, now),
        )
        .values(claimed_at=now, attempts=Notification.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if int(getattr(result, "rowcount", 0)) != len(ids):
        session.rollback()
        return False
    return True


def _deliver(
    session: Session,
    channel: Channel,
    settings: NotificationSettings,
    items: list[Notification],
    now: datetime,
    commit: Callable[[], None],
    summary: RunSummary,
    *,
    digest: bool,
) -> None:
    if not _claim(session, settings, items, now):
        return
    commit()
    for item in items:
        session.refresh(item)
    email = compose(settings, items[0].user, items, digest=digest)
    try:
        channel.send(email)
    except DeliveryFailed as error:
        attempts = max(item.attempts for item in items)
        gave_up = attempts >= settings.max_attempts
        for item in items:
            item.claimed_at = None
            item.last_error = str(error)[:500]
            item.next_attempt_at = now + backoff(settings, attempts)
            if gave_up:
                item.state = State.FAILED
        commit()
        if gave_up:
            summary.given_up += 1
        else:
            summary.failed += 1
        return
    for item in items:
        item.state = State.SENT
        item.sent_at = now
        item.claimed_at = None
        item.last_error = None
        if email.digest:
            item.digest_key = email.reference[:100]
    commit()
    summary.sent += 1
    summary.digests += int(email.digest)


def compose(
    settings: NotificationSettings, user: User, items: list[Notification], *, digest: bool
) -> Email:
    """The email for one notification, or a digest of several. It says what happened and
    links to the page: never story text, never counts of people (the summaries are built
    from names and dates only, in outcomes.notifications.events and .due)."""
    if not digest:
        item = items[0]
        link = settings.link(item.path)
        return Email(
            to=user.email,
            name=user.display_name,
            subject=f"Outcomes: {item.kind.label}",
            body=f"{item.summary}\n\nSee it in Outcomes: {link}",
            link=link,
            reference=item.idempotency_key,
        )
    lines = [f"- {item.summary}\n  {settings.link(item.path)}" for item in items]
    account = settings.link(ACCOUNT_PATH)
    day = digest_day(max(item.created_at for item in items), settings.digest_weekday)
    return Email(
        to=user.email,
        name=user.display_name,
        subject="Outcomes: your weekly summary",
        body="What happened in Outcomes this week:\n\n"
        + "\n".join(lines)
        + f"\n\nChoose what you hear about, and how often, on your account page: {account}",
        link=account,
        reference=f"{user.id}:digest:{(day + timedelta(days=7)).date()}",
        digest=True,
    )
