"""Every place in one query, with its current code and its region, for reports.

Reports follow the current code: a service recorded under a former code (Gateshead's
E08000020) counts for the place that replaced it (E08000037).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.places.identity import Succession
from outcomes.places.models import Place, PlaceKind

NO_REGION = "Outside the English regions"

# The councils themselves: listed in coverage even without services, and followed
# over time.
COUNCIL_KINDS = frozenset(
    {
        PlaceKind.COUNTY,
        PlaceKind.UNITARY,
        PlaceKind.METROPOLITAN_DISTRICT,
        PlaceKind.LONDON_BOROUGH,
        PlaceKind.DISTRICT,
    }
)


@dataclass(frozen=True)
class PlaceInfo:
    id: int
    code: str
    name: str
    kind: PlaceKind
    region_code: str
    region: str
    current_id: int  # the place that carries this one's responsibilities today

    @property
    def kind_label(self) -> str:
        return self.kind.label


def place_directory(session: Session) -> dict[int, PlaceInfo]:
    rows = session.execute(
        select(
            Place.id, Place.code, Place.name, Place.kind, Place.parent_id, Place.superseded_by_id
        )
    ).all()
    by_id = {row.id: row for row in rows}
    succession = Succession({row.id: row.superseded_by_id for row in rows})

    def region(place_id: int) -> tuple[str, str]:
        node, seen = by_id.get(place_id), set()
        while node is not None and node.id not in seen:
            if node.kind is PlaceKind.REGION:
                return node.code, node.name
            seen.add(node.id)
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
        return "", NO_REGION

    directory = {}
    for row in rows:
        now = succession.current(row.id)
        region_code, region_name = region(now)
        directory[row.id] = PlaceInfo(
            row.id, row.code, row.name, row.kind, region_code, region_name, now
        )
    return directory


def councils(session: Session) -> list[tuple[str, str]]:
    """(code, name) of every current council, by name: the places a report can follow."""
    rows = session.execute(
        select(Place.code, Place.name)
        .where(
            Place.kind.in_(COUNCIL_KINDS),
            Place.superseded_by_id.is_(None),
            Place.valid_to.is_(None),
        )
        .order_by(Place.name, Place.code)
    ).all()
    return [(row.code, row.name) for row in rows]
