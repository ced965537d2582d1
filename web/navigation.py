"""The service navigation: each person sees the areas they may use, as outcomes/ decides.

Templates ask the same rules through ``may`` (see ``layout_context``), never by comparing
role names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from flask_login import current_user

from outcomes.accounts.access import Actor, may_manage_accounts, sits_on_panel, works_for_places
from outcomes.exports.operations import may_export
from outcomes.frameworks.store import may_load_versions
from outcomes.imports.importing import may_import
from outcomes.national.access import (
    answers_for_a_body,
    may_keep_register,
    may_read_national_asks,
)
from outcomes.reports.access import may_read as may_read_reports
from outcomes.reviews.access import acknowledges_reviews


def _anyone(_actor: Actor) -> bool:
    return True


# What a signed-in person may do, by name, for templates: may('manage_accounts').
ABILITIES: dict[str, Callable[[Actor], bool]] = {
    "manage_accounts": may_manage_accounts,
    "work_for_places": works_for_places,
    "read_reports": may_read_reports,
    "export": may_export,
    "import_reviews": may_import,
    "load_frameworks": may_load_versions,
    "read_national_asks": may_read_national_asks,
    "keep_national_register": may_keep_register,
    "acknowledge_reviews": acknowledges_reviews,
    "sit_on_panel": sits_on_panel,
    "answer_for_a_body": answers_for_a_body,
}


@dataclass(frozen=True)
class NavItem:
    text: str
    endpoint: str
    shown_to: Callable[[Actor], bool]


NAVIGATION = (
    NavItem("Home", "home.index", _anyone),
    NavItem("Places", "places.search", _anyone),
    NavItem("Reviews", "reviews.index", _anyone),
    NavItem("Search", "search.index", _anyone),
    NavItem("Frameworks", "frameworks.index", _anyone),
    NavItem("Reports", "reports.index", may_read_reports),
    NavItem("Exports", "exports.new", may_export),
    NavItem("Import", "imports.index", may_import),
    NavItem("National asks", "national.asks", may_read_national_asks),
    NavItem("Users", "admin.users", may_manage_accounts),
    NavItem("Your account", "auth.account", _anyone),
)


def may(ability: str) -> bool:
    """Whether the signed-in person has ``ability`` (a key of ABILITIES)."""
    if not current_user.is_authenticated:
        return False
    return ABILITIES[ability](current_user._get_current_object())


def navigation_items() -> list[dict[str, object]]:
    if not current_user.is_authenticated:
        return []
    actor = current_user._get_current_object()
    return [
        {
            "text": item.text,
            "href": url_for(item.endpoint),
            "active": request.endpoint is not None
            and request.endpoint.split(".")[0] == item.endpoint.split(".")[0],
        }
        for item in NAVIGATION
        if item.shown_to(actor)
    ]


def layout_context() -> dict[str, Any]:
    return {"navigation_items": navigation_items(), "may": may}
