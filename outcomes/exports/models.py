"""The export log: every export, who made it, what it held and its checksum."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outcomes.accounts.models import User
from outcomes.db import Base, utcnow


class ExportRecord(Base):
    __tablename__ = "export_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    user_label: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    format: Mapped[str] = mapped_column(String(20))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    row_counts: Mapped[dict[str, int]] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)

    user: Mapped[User | None] = relationship()
