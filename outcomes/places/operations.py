"""Finding places and reading their hierarchy."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from outcomes.errors import NotFound
from outcomes.places.identity import current_place
from outcomes.places.models import Place

__all__ = ["current_place", "find_places", "get_place"]


def find_places(session: Session, query: str, *, limit: int = 50) -> list[Place]:
    """Places whose name contains ``query`` or whose code starts with it; current ones first."""
    text = query.strip()
    if not text:
        return []
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    statement = (
        select(Place)
        .where(
            or_(
                func.lower(Place.name).like(f"%{escaped}%", escape="\\"),
                func.upper(Place.code).like(f"{escaped.upper()}%", escape="\\"),
            )
        )
        .order_by(Place.superseded_by_id.is_not(None), Place.name, Place.code)
        .limit(limit)
    )
    return list(session.scalars(statement))


def get_place(session: Session, code: str) -> Place:
    place = session.scalar(select(Place).where(Place.code == code.strip().upper()))
    if place is None:
        raise NotFound(f"There is no place with the code {code!r}. Search for it by name instead.")
    return place
