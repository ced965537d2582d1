"""The Service model: something delivered in a place, with a service area and partners."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outcomes.db import Base, utcnow
from outcomes.places.models import Place

# Service areas a review can be filtered by. Kept short and familiar to councils.
SERVICE_AREAS = {
    "early_help": "Early help and family support",
    "adult_social_care": "Adult social care",
    "childrens_social_care": "Children's social care",
    "neighbourhood_health": "Integrated neighbourhood team",
    "public_health": "Public health",
    "housing": "Housing and homelessness",
    "employment": "Employment and skills",
    "community_safety": "Community safety",
}


class Service(Base):
    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("place_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    service_area: Mapped[str] = mapped_column(String(40), index=True)
    partners: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    place: Mapped[Place] = relationship()

    @property
    def service_area_label(self) -> str:
        return SERVICE_AREAS.get(self.service_area, self.service_area)

    def __repr__(self) -> str:
        return f"<Service {self.name} in {self.place_id}>"
