"""Reviews, their revisions and answers, barrier citations and feedback.

A review is pinned to one core framework version (and its place's extension, if any).
Its answers live in revisions: the first revision is the draft that becomes the first
submission; every amendment is a new revision with a reason, so every earlier one stays
readable. ``Review.current_revision`` is the latest submitted revision, which is what
reports, search and exports read.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outcomes.accounts.models import User
from outcomes.db import Base, utcnow
from outcomes.frameworks.models import Framework, FrameworkVersion
from outcomes.services.models import Service


class ReviewStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class ConsentScope(enum.StrEnum):
    """Who may read a story of change (or other text that carries consent)."""

    PLACE = "place"  # people working in the place only
    REGULATORS = "regulators"  # also regulators and inspection panels
    PUBLIC = "public"  # may be shared publicly

    @property
    def label(self) -> str:
        return {
            ConsentScope.PLACE: "Only people working in our place",
            ConsentScope.REGULATORS: "Shared with regulators and inspection panels",
            ConsentScope.PUBLIC: "Can be shared publicly",
        }[self]


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(kind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class Review(Base):
    __tablename__ = "review"
    __table_args__ = (
        UniqueConstraint("service_id", "framework_id", "period_start", "period_end"),
        CheckConstraint("period_end >= period_start", name="period_in_order"),
        Index("ix_review_period", "period_start", "period_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"), index=True)
    framework_version_id: Mapped[int] = mapped_column(
        ForeignKey("framework_version.id"), index=True
    )
    extension_version_id: Mapped[int | None] = mapped_column(ForeignKey("framework_version.id"))
    period_start: Mapped[date]
    period_end: Mapped[date]
    status: Mapped[ReviewStatus] = mapped_column(_enum(ReviewStatus), default=ReviewStatus.DRAFT)
    # The latest submitted revision: what everyone outside the place reads.
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_revision.id", use_alter=True), index=True
    )
    # Optimistic locking: every save must name the lock it read, and bumps it.
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_submitted_at: Mapped[datetime | None]

    service: Mapped[Service] = relationship()
    framework: Mapped[Framework] = relationship()
    framework_version: Mapped[FrameworkVersion] = relationship(foreign_keys=[framework_version_id])
    extension_version: Mapped[FrameworkVersion | None] = relationship(
        foreign_keys=[extension_version_id]
    )
    created_by: Mapped[User] = relationship()
    revisions: Mapped[list[ReviewRevision]] = relationship(
        back_populates="review",
        foreign_keys="ReviewRevision.review_id",
        order_by="ReviewRevision.number",
    )
    current_revision: Mapped[ReviewRevision | None] = relationship(
        foreign_keys=[current_revision_id], post_update=True
    )

    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012

    @property
    def working_revision(self) -> ReviewRevision:
        """The revision being edited, or the latest one if none is."""
        return self.revisions[-1]


class ReviewRevision(Base):
    __tablename__ = "review_revision"
    __table_args__ = (UniqueConstraint("review_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    number: Mapped[int]
    # Why this revision amends the one before it; empty for the first.
    reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    review: Mapped[Review] = relationship(back_populates="revisions", foreign_keys=[review_id])
    answers: Mapped[list[Answer]] = relationship(
        back_populates="revision", order_by="Answer.id", cascade="all, delete-orphan"
    )
    citations: Mapped[list[BarrierCitation]] = relationship(
        back_populates="revision", order_by="BarrierCitation.id", cascade="all, delete-orphan"
    )
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(Base):
    """One item's answer in one revision. Exactly one typed value column is used,
    by the item's kind: text, number, level (rubric) or choices (choice, multichoice)."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("revision_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("review_revision.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(100), index=True)
    value_text: Mapped[str | None] = mapped_column(Text)
    value_number: Mapped[float | None] = mapped_column(Float)
    value_level: Mapped[int | None]
    # An absent list is SQL NULL, never the JSON text `null`, whichever path wrote it.
    value_choices: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    # For text that carries consent (a story of change): who may read it.
    consent_scope: Mapped[ConsentScope | None] = mapped_column(_enum(ConsentScope))
    personal_details: Mapped[bool | None]

    revision: Mapped[ReviewRevision] = relationship(back_populates="answers")


class BarrierCitation(Base):
    """A national barrier a revision cites, with what the service asks of government."""

    __tablename__ = "barrier_citation"
    __table_args__ = (UniqueConstraint("revision_id", "item_id", "barrier_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("review_revision.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(100))
    barrier_id: Mapped[str] = mapped_column(String(100), index=True)
    ask: Mapped[str | None] = mapped_column(Text)
    # Asks are written to central government, but the service still says who may read them.
    consent_scope: Mapped[ConsentScope] = mapped_column(
        _enum(ConsentScope), default=ConsentScope.REGULATORS
    )

    revision: Mapped[ReviewRevision] = relationship(back_populates="citations")


class Feedback(Base):
    """A regulator's comment on a submitted review, or a reply to one."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    revision_number: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    review: Mapped[Review] = relationship()
    author: Mapped[User] = relationship()
    replies: Mapped[list[Feedback]] = relationship(order_by="Feedback.created_at")
