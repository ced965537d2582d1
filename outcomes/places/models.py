"""The Place model and the kinds of place an ONS code can name."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outcomes.db import Base, utcnow


class PlaceKind(enum.StrEnum):
    COUNTRY = "country"
    REGION = "region"
    COMBINED_AUTHORITY = "combined_authority"
    COUNTY = "county"
    UNITARY = "unitary"
    METROPOLITAN_DISTRICT = "metropolitan_district"
    LONDON_BOROUGH = "london_borough"
    DISTRICT = "district"
    WELSH_UNITARY = "welsh_unitary"
    SCOTTISH_COUNCIL = "scottish_council"
    NI_DISTRICT = "ni_district"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_upper_tier(self) -> bool:
        return self in UPPER_TIER_KINDS

    @property
    def is_lower_tier(self) -> bool:
        return self in LOWER_TIER_KINDS


_LABELS = {
    PlaceKind.COUNTRY: "Country",
    PlaceKind.REGION: "Region",
    PlaceKind.COMBINED_AUTHORITY: "Combined authority",
    PlaceKind.COUNTY: "County council",
    PlaceKind.UNITARY: "Unitary authority",
    PlaceKind.METROPOLITAN_DISTRICT: "Metropolitan district",
    PlaceKind.LONDON_BOROUGH: "London borough",
    PlaceKind.DISTRICT: "District council",
    PlaceKind.WELSH_UNITARY: "Welsh unitary authority",
    PlaceKind.SCOTTISH_COUNCIL: "Scottish council area",
    PlaceKind.NI_DISTRICT: "Northern Ireland district",
}

# The ONS code's first three characters say what kind of area it names.
KIND_BY_PREFIX = {
    "E92": PlaceKind.COUNTRY,
    "W92": PlaceKind.COUNTRY,
    "S92": PlaceKind.COUNTRY,
    "N92": PlaceKind.COUNTRY,
    "E12": PlaceKind.REGION,
    "E47": PlaceKind.COMBINED_AUTHORITY,
    "E10": PlaceKind.COUNTY,
    "E06": PlaceKind.UNITARY,
    "E08": PlaceKind.METROPOLITAN_DISTRICT,
    "E09": PlaceKind.LONDON_BOROUGH,
    "E07": PlaceKind.DISTRICT,
    "W06": PlaceKind.WELSH_UNITARY,
    "S12": PlaceKind.SCOTTISH_COUNCIL,
    "N09": PlaceKind.NI_DISTRICT,
}

# Single-tier authorities are both upper and lower tier.
_SINGLE_TIER = {
    PlaceKind.UNITARY,
    PlaceKind.METROPOLITAN_DISTRICT,
    PlaceKind.LONDON_BOROUGH,
    PlaceKind.WELSH_UNITARY,
    PlaceKind.SCOTTISH_COUNCIL,
    PlaceKind.NI_DISTRICT,
}
UPPER_TIER_KINDS = frozenset(_SINGLE_TIER | {PlaceKind.COUNTY})
LOWER_TIER_KINDS = frozenset(_SINGLE_TIER | {PlaceKind.DISTRICT})


def kind_for_code(code: str) -> PlaceKind | None:
    """The kind of place an ONS code names, or None for a prefix we do not know."""
    return KIND_BY_PREFIX.get(code[:3].upper())


class Place(Base):
    __tablename__ = "place"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(9), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[PlaceKind] = mapped_column(
        Enum(
            PlaceKind, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e]
        )
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped[Place | None] = relationship(
        remote_side=[id], foreign_keys=[parent_id], back_populates="children"
    )
    children: Mapped[list[Place]] = relationship(
        foreign_keys=[parent_id], back_populates="parent", order_by="Place.name"
    )
    superseded_by: Mapped[Place | None] = relationship(
        remote_side=[id], foreign_keys=[superseded_by_id], back_populates="predecessors"
    )
    predecessors: Mapped[list[Place]] = relationship(
        foreign_keys=[superseded_by_id], back_populates="superseded_by", order_by="Place.code"
    )

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None and self.valid_to is None

    @property
    def ancestors(self) -> list[Place]:
        """Parents from the nearest up to the region."""
        chain: list[Place] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def __repr__(self) -> str:
        return f"<Place {self.code} {self.name}>"
