"""Query parameters shared by the list, report and export operations, parsed once."""

from __future__ import annotations

import enum
from datetime import date
from typing import TypeVar

from flask import request

from outcomes.errors import InvalidInput
from outcomes.places.models import PlaceKind
from outcomes.scope import PlaceSelection, ReviewScope

E = TypeVar("E", bound=enum.Enum)


def text(name: str) -> str | None:
    return request.args.get(name, "").strip() or None


def required(name: str) -> str:
    value = text(name)
    if value is None:
        raise InvalidInput(f"{name} is required", field=name)
    return value


def day(name: str) -> date | None:
    value = text(name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name} must be a date written 2025-04-01", field=name) from None


def choice(kind: type[E], name: str) -> E | None:
    value = text(name)
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in kind)
        raise InvalidInput(f"{name} must be one of: {allowed}", field=name) from None


def listed(name: str) -> tuple[str, ...]:
    """A comma-separated list, or the parameter repeated."""
    return tuple(p.strip() for v in request.args.getlist(name) for p in v.split(",") if p.strip())


def places() -> PlaceSelection:
    return PlaceSelection(
        within=text("within"),
        kind=choice(PlaceKind, "kind"),
        codes=tuple(code.upper() for code in listed("places")),
    )


def scope() -> ReviewScope:
    return ReviewScope(
        framework=required("framework"),
        versions=listed("versions"),
        period_from=day("period_from"),
        period_to=day("period_to"),
        places=places(),
        service_areas=listed("service_area"),
    )
