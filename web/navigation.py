"""The service navigation, by role: each person sees the areas their role uses."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for
from flask_login import current_user

from outcomes.accounts.models import Role

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class NavItem:
    text: str
    endpoint: str
    roles: frozenset[Role]


NAVIGATION = (
    NavItem("Home", "home.index", ALL_ROLES),
    NavItem("Places", "places.search", ALL_ROLES),
    NavItem("Reviews", "reviews.index", ALL_ROLES),
    NavItem("Search", "search.index", ALL_ROLES),
    NavItem("Frameworks", "frameworks.index", ALL_ROLES),
    NavItem("Reports", "reports.index", frozenset({Role.REGULATOR, Role.INSPECTOR, Role.ADMIN})),
    NavItem("Exports", "exports.new", frozenset({Role.INSPECTOR, Role.REGULATOR, Role.ADMIN})),
    NavItem("Import", "imports.index", frozenset({Role.SERVICE_MANAGER})),
    NavItem("National asks", "national.asks", frozenset(Role) - {Role.SERVICE_MANAGER}),
    NavItem("Users", "admin.users", frozenset({Role.ADMIN})),
    NavItem("Your account", "auth.account", ALL_ROLES),
)


def navigation_items() -> list[dict[str, object]]:
    if not current_user.is_authenticated:
        return []
    return [
        {
            "text": item.text,
            "href": url_for(item.endpoint),
            "active": request.endpoint is not None
            and request.endpoint.split(".")[0] == item.endpoint.split(".")[0],
        }
        for item in NAVIGATION
        if current_user.role in item.roles
    ]
