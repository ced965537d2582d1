"""National bodies with their names over time, who answers which barrier, responders,
and the bodies' dated responses to national asks.

A national ask itself is not stored: it is the set of asks cited in submitted reviews
for one barrier and one period, read live from the reviews, so it is never stale. A
response names its ask by barrier and period. Responses are never updated: a change of
position is a new dated response.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from outcomes.accounts.models import User
from outcomes.db import Base, utcnow
from outcomes.errors import Conflict


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(kind, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


class BodyKind(enum.StrEnum):
    DEPARTMENT = "department"
    NHS = "nhs"
    REGULATOR = "regulator"
    ARMS_LENGTH = "arms_length"

    @property
    def label(self) -> str:
        return {
            BodyKind.DEPARTMENT: "Government department",
            BodyKind.NHS: "NHS national body",
            BodyKind.REGULATOR: "Regulator",
            BodyKind.ARMS_LENGTH: "Arm's-length body",
        }[self]


class ResponseStatus(enum.StrEnum):
    AWAITING = "awaiting_response"
    ACKNOWLEDGED = "acknowledged"
    UNDER_CONSIDERATION = "under_consideration"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    ACTION_TAKEN = "action_taken"

    @property
    def label(self) -> str:
        return {
            ResponseStatus.AWAITING: "Awaiting response",
            ResponseStatus.ACKNOWLEDGED: "Acknowledged",
            ResponseStatus.UNDER_CONSIDERATION: "Under consideration",
            ResponseStatus.ACCEPTED: "Accepted",
            ResponseStatus.NOT_ACCEPTED: "Not accepted",
            ResponseStatus.ACTION_TAKEN: "Action taken",
        }[self]

    @property
    def tag_colour(self) -> str:
        return {
            ResponseStatus.AWAITING: "grey",
            ResponseStatus.ACKNOWLEDGED: "light-blue",
            ResponseStatus.UNDER_CONSIDERATION: "blue",
            ResponseStatus.ACCEPTED: "green",
            ResponseStatus.NOT_ACCEPTED: "orange",
            ResponseStatus.ACTION_TAKEN: "turquoise",
        }[self]


class NationalBody(Base):
    __tablename__ = "national_body"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[BodyKind] = mapped_column(_enum(BodyKind))
    # A body merged into another: its responsibilities and history pass to that one.
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("national_body.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    names: Mapped[list[NationalBodyName]] = relationship(
        back_populates="body", order_by="NationalBodyName.valid_from", cascade="all"
    )
    superseded_by: Mapped[NationalBody | None] = relationship(remote_side=[id])

    def name_on(self, day: date) -> str:
        """The name the body had on ``day`` (its first name before it existed)."""
        for name in reversed(self.names):
            if name.valid_from <= day:
                return name.name
        return self.names[0].name if self.names else self.code

    @property
    def name(self) -> str:
        """The latest name: what pages call the body today."""
        return self.names[-1].name if self.names else self.code

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None and (not self.names or self.names[-1].valid_to is None)

    def __repr__(self) -> str:
        return f"<NationalBody {self.code}>"


class NationalBodyName(Base):
    __tablename__ = "national_body_name"
    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("national_body.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]

    body: Mapped[NationalBody] = relationship(back_populates="names")


class BarrierResponsibility(Base):
    """A body is asked to answer a barrier from ``valid_from`` until ``valid_to``."""

    __tablename__ = "barrier_responsibility"
    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="dates_in_order"),
        Index("ix_barrier_responsibility_barrier", "barrier_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    barrier_id: Mapped[str] = mapped_column(String(100))
    body_id: Mapped[int] = mapped_column(ForeignKey("national_body.id"), index=True)
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]

    body: Mapped[NationalBody] = relationship()

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class NationalResponder(Base):
    """A national body responder's account and the one body they answer for."""

    __tablename__ = "national_responder"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    body_id: Mapped[int] = mapped_column(ForeignKey("national_body.id"), index=True)

    user: Mapped[User] = relationship()
    body: Mapped[NationalBody] = relationship()


class NationalResponse(Base):
    """One body's dated response to one national ask (a barrier in a period)."""

    __tablename__ = "national_response"
    __table_args__ = (
        Index("ix_national_response_ask", "barrier_id", "period_start", "period_end"),
        CheckConstraint("status <> 'awaiting_response'", name="status_is_a_response"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    barrier_id: Mapped[str] = mapped_column(String(100))
    period_start: Mapped[date]
    period_end: Mapped[date]
    body_id: Mapped[int] = mapped_column(ForeignKey("national_body.id"), index=True)
    status: Mapped[ResponseStatus] = mapped_column(_enum(ResponseStatus))
    responded_on: Mapped[date]
    statement: Mapped[str] = mapped_column(Text)
    what_will_change: Mapped[str | None] = mapped_column(Text)
    change_by: Mapped[date | None]
    reasons: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    body: Mapped[NationalBody] = relationship()
    created_by: Mapped[User | None] = relationship()


@event.listens_for(Session, "before_flush")
def _responses_are_never_edited(session: Session, _context: object, _instances: object) -> None:
    for instance in session.dirty:
        if isinstance(instance, NationalResponse) and session.is_modified(instance):
            raise Conflict(
                "A response is never changed once recorded. Record a new dated response instead."
            )
    for instance in session.deleted:
        if isinstance(instance, NationalResponse):
            raise Conflict("A response is never deleted. Record a new dated response instead.")
