"""Stored frameworks: each version's canonical content, its hash, and its items.

A published version is never changed: the loader refuses other content under the same
number. Items are copied out of the content into rows so reports can join on them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outcomes.db import Base, utcnow
from outcomes.places.models import Place


class Framework(Base):
    __tablename__ = "framework"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # Set for a place's local extension of a core framework.
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    extends_framework_id: Mapped[int | None] = mapped_column(ForeignKey("framework.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    place: Mapped[Place | None] = relationship()
    versions: Mapped[list[FrameworkVersion]] = relationship(
        back_populates="framework",
        order_by="(FrameworkVersion.major, FrameworkVersion.minor, FrameworkVersion.patch)",
    )

    @property
    def is_extension(self) -> bool:
        return self.extends_framework_id is not None


class FrameworkVersion(Base):
    __tablename__ = "framework_version"
    __table_args__ = (UniqueConstraint("framework_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"), index=True)
    version: Mapped[str] = mapped_column(String(40))
    major: Mapped[int]
    minor: Mapped[int]
    patch: Mapped[int]
    status: Mapped[str] = mapped_column(String(20))
    released: Mapped[date]
    summary: Mapped[str] = mapped_column(Text)
    changelog: Mapped[str] = mapped_column(Text)
    # The canonical JSON exactly as hashed, so the hash can always be checked again.
    canonical: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    # For an extension: the core version it extends.
    extends_version_id: Mapped[int | None] = mapped_column(ForeignKey("framework_version.id"))
    change_class: Mapped[str | None] = mapped_column(String(10))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    framework: Mapped[Framework] = relationship(back_populates="versions")
    extends_version: Mapped[FrameworkVersion | None] = relationship(remote_side=[id])
    items: Mapped[list[FrameworkItem]] = relationship(
        back_populates="version", order_by="FrameworkItem.position"
    )

    @property
    def label(self) -> str:
        return f"{self.framework.title} {self.version}"


class FrameworkItem(Base):
    __tablename__ = "framework_item"
    __table_args__ = (UniqueConstraint("version_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("framework_version.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(100))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    section: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(Text)
    principle: Mapped[str | None] = mapped_column(String(100))
    domain: Mapped[str | None] = mapped_column(String(100))
    required: Mapped[bool]
    counts_people: Mapped[bool] = mapped_column(default=False)
    scale: Mapped[str | None] = mapped_column(String(100))
    # Lineage: the earlier version's item ids this replaces, and how their levels map.
    replaces: Mapped[list[str]] = mapped_column(JSON, default=list)
    crosswalk: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    version: Mapped[FrameworkVersion] = relationship(back_populates="items")
