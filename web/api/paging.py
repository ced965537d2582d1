"""Page-by-page lists: ?page=1&page_size=50, checked with messages that name the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, jsonify, request

from outcomes.errors import InvalidInput
from outcomes.reviews.paging import Page

T = TypeVar("T")

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


def page_json(found: Page[T], shown: Callable[[T], Any]) -> Response:
    """A page of a list as JSON, its items each as ``shown`` gives them. A page past the
    last is empty, with the total: the services bring such a page back to the last (as the
    pages show it), and a client reading page after page until one comes back empty would
    never stop."""
    asked = page_number()
    past = asked > found.page
    return jsonify(
        {
            "items": [] if past else [shown(item) for item in found.items],
            "page": asked if past else found.page,
            "page_size": found.per_page,
            "total": found.total,
        }
    )
