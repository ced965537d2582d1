"""The User model and the roles people hold."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import Column, Enum, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outcomes.db import Base, utcnow
from outcomes.places.models import Place


class Role(enum.StrEnum):
    ADMIN = "admin"
    SERVICE_MANAGER = "service_manager"
    REGULATOR = "regulator"
    INSPECTOR = "inspector"
    NATIONAL_RESPONDER = "national_responder"

    @property
    def label(self) -> str:
        return {
            Role.ADMIN: "Administrator",
            Role.SERVICE_MANAGER: "Service manager",
            Role.REGULATOR: "Regulator",
            Role.INSPECTOR: "Inspection panel member",
            Role.NATIONAL_RESPONDER: "National body responder",
        }[self]


user_place = Table(
    "user_place",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", ForeignKey("place.id", ondelete="CASCADE"), primary_key=True),
)


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(Base):
    # "user" is a reserved word in PostgreSQL.
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])
    )
    active: Mapped[bool] = mapped_column(default=True)
    # Rotated when the password changes or the account is deactivated, which ends
    # every signed-in session for the account.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None]

    places: Mapped[list[Place]] = relationship(secondary=user_place, order_by=Place.name)

    # Flask-Login reads these by duck typing, so the domain needs no Flask import.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def place_ids(self) -> set[int]:
        return {place.id for place in self.places}

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
