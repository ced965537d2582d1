"""A place's right of reply: context notes shown next to that place in reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outcomes.accounts.models import User
from outcomes.db import Base, utcnow
from outcomes.frameworks.models import Framework
from outcomes.places.models import Place


class ContextNote(Base):
    __tablename__ = "context_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    place: Mapped[Place] = relationship()
    framework: Mapped[Framework] = relationship()
    author: Mapped[User] = relationship()
