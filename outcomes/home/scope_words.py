"""A recorded scope (``ReviewScope.as_dict``, as the export log and the audit trail of
report files keep it) in words a person reads: the framework's title and the names of
the places it covered, not their slug and codes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.frameworks.models import Framework
from outcomes.places.models import Place, PlaceKind


@dataclass(frozen=True)
class ScopeWords:
    framework: str  # the framework's title
    places: str  # "North West", "metropolitan districts in North West", "all places"


def scope_words(session: Session, scopes: Sequence[Mapping[str, Any]]) -> list[ScopeWords]:
    """Each scope in words, in order: two queries however many scopes there are."""
    if not scopes:
        return []
    slugs = {str(scope.get("framework") or "") for scope in scopes}
    codes: set[str] = set()
    for scope in scopes:
        places = scope.get("places") or {}
        codes.update(filter(None, [places.get("within"), *(places.get("codes") or ())]))
    titles = {
        slug: title
        for slug, title in session.execute(
            select(Framework.slug, Framework.title).where(Framework.slug.in_(slugs))
        )
    }
    names = (
        {
            code: name
            for code, name in session.execute(
                select(Place.code, Place.name).where(Place.code.in_(codes))
            )
        }
        if codes
        else {}
    )
    found = []
    for scope in scopes:
        slug = str(scope.get("framework") or "")
        found.append(ScopeWords(titles.get(slug, slug), _places(scope.get("places") or {}, names)))
    return found


def _places(places: Mapping[str, Any], names: Mapping[str, str]) -> str:
    words = []
    if places.get("kind"):
        try:
            words.append(f"{PlaceKind(places['kind']).label.lower()}s")
        except ValueError:
            words.append(str(places["kind"]))
    if places.get("codes"):
        words.append(", ".join(names.get(code, code) for code in places["codes"]))
    if places.get("within"):
        within = names.get(places["within"], places["within"])
        words.append(f"in {within}" if words else within)
    return " ".join(words) or "all places"
