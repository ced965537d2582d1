"""Finding places and reading their hierarchy."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from outcomes.errors import NotFound
from outcomes.places.identity import current_place
from outcomes.places.models import Place
from outcomes.reviews.paging import Page, count_and_clamp

__all__ = ["current_place", "find_places", "get_place", "list_places"]


def find_places(session: Session, query: str, *, limit: int = 50) -> list[Place]:
    """Places whose name contains ``query`` or whose code starts with it; current ones first."""
    if not query.strip():
        return []
    return list(session.scalars(_places(query).limit(limit)))


def list_places(
    session: Session, query: str = "", *, page: int = 1, per_page: int = 50
) -> Page[Place]:
    """Every place, or those ``find_places`` finds for ``query``, current ones first, a page
    at a time."""
    statement = _places(query)
    total, page = count_and_clamp(session, statement, page, per_page)
    rows = session.scalars(statement.limit(per_page).offset((page - 1) * per_page))
    return Page(list(rows), total, page, per_page)


def _places(query: str) -> Select[Place]:
    statement = select(Place).order_by(Place.superseded_by_id.is_not(None), Place.name, Place.code)
    text = query.strip()
    if not text:
        return statement
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return statement.where(
        or_(
            func.lower(Place.name).like(f"%{escaped}%", escape="\\"),
            func.upper(Place.code).like(f"{escaped.upper()}%", escape="\\"),
        )
    )


def get_place(session: Session, code: str) -> Place:
    place = session.scalar(select(Place).where(Place.code == code.strip().upper()))
    if place is None:
        raise NotFound(f"There is no place with the code {code!r}. Search for it by name instead.")
    return place
