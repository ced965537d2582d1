"""The notification queue, each person's choices, and the places a person follows.

A notification is one thing that happened, for one person, queued in the same
transaction as the event itself (so it exists exactly when the event does). The key
(person, kind, event) is unique: queueing the same event twice queues it once, and a
sender run that computes what is due (a review due, an ask due) may run any number of
times. A notification is sent once, alone (immediate) or in the person's weekly digest.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Column, Enum, ForeignKey, Index, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outcomes.accounts.models import Role, User
from outcomes.db import Base, utcnow


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(kind, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


class Kind(enum.StrEnum):
    """What a notification says happened. Each person turns each kind on or off."""

    FEEDBACK = "feedback"
    REVIEW_DUE = "review_due"
    NATIONAL_RESPONSE = "national_response"
    REVIEW_SUBMITTED = "review_submitted"
    FEEDBACK_REPLY = "feedback_reply"
    NEW_ASK = "new_ask"
    ASK_DUE = "ask_due"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def role(self) -> Role:
        return _KIND_ROLES[self]


_KIND_LABELS = {
    Kind.FEEDBACK: "Feedback on a review of your place",
    Kind.REVIEW_DUE: "A review due in the next 14 days",
    Kind.NATIONAL_RESPONSE: "A national body responds to a barrier your place cited",
    Kind.REVIEW_SUBMITTED: "A review submitted in a place or region you follow",
    Kind.FEEDBACK_REPLY: "A reply to your feedback",
    Kind.NEW_ASK: "A new national ask for your body",
    Kind.ASK_DUE: "A national ask due from your body in the next 7 days",
}
_KIND_ROLES = {
    Kind.FEEDBACK: Role.SERVICE_MANAGER,
    Kind.REVIEW_DUE: Role.SERVICE_MANAGER,
    Kind.NATIONAL_RESPONSE: Role.SERVICE_MANAGER,
    Kind.REVIEW_SUBMITTED: Role.REGULATOR,
    Kind.FEEDBACK_REPLY: Role.REGULATOR,
    Kind.NEW_ASK: Role.NATIONAL_RESPONDER,
    Kind.ASK_DUE: Role.NATIONAL_RESPONDER,
}


def kinds_for(role: Role) -> list[Kind]:
    """The notifications a person of ``role`` can receive, in the order pages list them."""
    return [kind for kind in Kind if kind.role is role]


class Frequency(enum.StrEnum):
    IMMEDIATE = "immediate"
    WEEKLY = "weekly"

    @property
    def label(self) -> str:
        return {
            Frequency.IMMEDIATE: "An email for each one, as it happens",
            Frequency.WEEKLY: "A weekly summary",
        }[self]


# With no stored choice a person gets every kind their role can have, in a weekly digest.
DEFAULT_FREQUENCY = Frequency.WEEKLY


class State(enum.StrEnum):
    WAITING = "waiting"  # to send, now or at next_attempt_at
    SENT = "sent"
    FAILED = "failed"  # every attempt failed: kept for the operator, never sent
    WITHDRAWN = "withdrawn"  # the person turned this kind off before it was sent


class Notification(Base):
    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "event_key"),
        Index("ix_notification_waiting", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[Kind] = mapped_column(_enum(Kind))
    # Names the event: with the person and the kind, the idempotency key.
    event_key: Mapped[str] = mapped_column(String(200))
    # What happened, in a sentence with no story text and no counts of people...
    summary: Mapped[str] = mapped_column(String(500))
    # ...and the page that shows it, a path under OUTCOMES_BASE_URL.
    path: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[State] = mapped_column(_enum(State), default=State.WAITING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set while a sender holds the message, so two runs never send it both.
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None]
    # The digest (its idempotency key) that carried it, for a weekly one.
    digest_key: Mapped[str | None] = mapped_column(String(100))

    user: Mapped[User] = relationship()

    @property
    def idempotency_key(self) -> str:
        return f"{self.user_id}:{self.kind.value}:{self.event_key}"


class NotificationPreference(Base):
    """A person's choice for one kind; with none stored, the kind is on, weekly."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[Kind] = mapped_column(_enum(Kind), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency), default=DEFAULT_FREQUENCY)


# The places and regions a regulator follows: reviews submitted there are news to them.
followed_place = Table(
    "followed_place",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", ForeignKey("place.id", ondelete="CASCADE"), primary_key=True),
)
