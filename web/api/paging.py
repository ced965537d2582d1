"""Page-by-page lists: ?page=1&page_size=50, checked with messages that name the field."""

from __future__ import annotations

from flask import request

from outcomes.errors import InvalidInput

MAX_PAGE_SIZE = 200


def _whole_number(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidInput(f"{name} must be a whole number from {low} to {high}", field=name)
    return int(raw)


def page_number() -> int:
    return _whole_number("page", 1, 1, 1_000_000)


def page_size() -> int:
    return _whole_number("page_size", 50, 1, MAX_PAGE_SIZE)
