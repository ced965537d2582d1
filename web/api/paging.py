"""Page-by-page lists: ?page=1&page_size=50, checked with messages that name the field."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import Select
from sqlalchemy.orm import Session

from outcomes.errors import InvalidInput

MAX_PAGE_SIZE = 200


def _whole_number(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidInput(f"{name} must be a whole number from {low} to {high}", field=name)
    return int(raw)


def page_of(session: Session, statement: Select[Any]) -> tuple[int, int, list[Any]]:
    page = _whole_number("page", 1, 1, 1_000_000)
    page_size = _whole_number("page_size", 50, 1, MAX_PAGE_SIZE)
    rows = session.scalars(statement.limit(page_size).offset((page - 1) * page_size)).all()
    return page, page_size, list(rows)
