"""Which reviews a list, report or export covers: one definition shared by all of them.

Places can be chosen as all, those within a region, combined authority or county,
those of one kind, or a list of codes. Reports read the latest submitted revision of each
review in scope; exports may also ask for drafts, or for every revision.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, exists, select, true
from sqlalchemy.orm import Session, aliased

from outcomes.errors import InvalidInput
from outcomes.frameworks.models import Framework, FrameworkVersion
from outcomes.places.identity import Succession
from outcomes.places.models import Place, PlaceKind
from outcomes.reviews.models import Review, ReviewRevision, ReviewStatus
from outcomes.services.models import SERVICE_AREAS, Service

_Row = TypeVar("_Row")  # the one column a statement in scope selects


@dataclass(frozen=True)
class PlaceSelection:
    within: str | None = None  # ONS code of a region, combined authority or county
    kind: PlaceKind | None = None
    codes: tuple[str, ...] = ()

    @property
    def is_all(self) -> bool:
        return self.within is None and self.kind is None and not self.codes

    def describe(self) -> str:
        parts = []
        if self.within:
            parts.append(f"within {self.within}")
        if self.kind:
            parts.append(f"{self.kind.label.lower()}s")
        if self.codes:
            parts.append(", ".join(self.codes))
        return "; ".join(parts) or "all places"


@dataclass(frozen=True)
class ReviewScope:
    framework: str  # slug
    versions: tuple[str, ...] = ()  # empty: every version
    period_from: date | None = None
    period_to: date | None = None
    places: PlaceSelection = field(default_factory=PlaceSelection)
    service_areas: tuple[str, ...] = ()
    # Which revisions: those with these statuses (a revision is a draft until it is
    # submitted), the latest of each review only unless every_revision is set.
    statuses: tuple[ReviewStatus, ...] = (ReviewStatus.SUBMITTED,)
    every_revision: bool = False

    def __post_init__(self) -> None:
        if self.period_from and self.period_to and self.period_from > self.period_to:
            raise InvalidInput("The start of the period must be before its end", field="period")
        unknown = [a for a in self.service_areas if a not in SERVICE_AREAS]
        if unknown:
            raise InvalidInput(f"Unknown service area: {', '.join(unknown)}", field="service_areas")
        if not self.statuses:
            raise InvalidInput("Choose at least one status", field="statuses")

    def as_dict(self) -> dict[str, object]:
        """The scope as plain data, for provenance blocks and audit records."""
        return {
            "framework": self.framework,
            "versions": list(self.versions),
            "period_from": self.period_from.isoformat() if self.period_from else None,
            "period_to": self.period_to.isoformat() if self.period_to else None,
            "places": {
                "within": self.places.within,
                "kind": self.places.kind.value if self.places.kind else None,
                "codes": list(self.places.codes),
            },
            "service_areas": list(self.service_areas),
            "statuses": [status.value for status in self.statuses],
            "every_revision": self.every_revision,
        }


def place_ids(session: Session, selection: PlaceSelection) -> set[int] | None:
    """Ids of the places a selection covers, or None for every place.

    Places are chosen as they are now, and each chosen place comes whole over time
    (``outcomes.places.identity``): a code, current or former, chooses its current place
    and every predecessor; a region, combined authority, county or kind chooses the
    current places in or of it, with their predecessors.

    The hierarchy is read in one query and walked in memory: a few hundred rows, and
    no query per place.
    """
    if selection.is_all:
        return None
    rows = session.execute(
        select(Place.id, Place.code, Place.kind, Place.parent_id, Place.superseded_by_id)
    ).all()
    succession = Succession({row.id: row.superseded_by_id for row in rows})
    by_code = {row.code: row for row in rows}
    chosen = {row.id for row in rows if row.superseded_by_id is None}
    if selection.within:
        root = by_code.get(selection.within.upper())
        if root is None:
            raise InvalidInput(
                f"There is no place with the code {selection.within}", field="within"
            )
        children: dict[int | None, list[int]] = defaultdict(list)
        for row in rows:
            children[row.parent_id].append(row.id)
        found, stack = {root.id}, [root.id]
        while stack:
            for child in children[stack.pop()]:
                if child not in found:
                    found.add(child)
                    stack.append(child)
        chosen &= found
    if selection.kind:
        chosen &= {row.id for row in rows if row.kind == selection.kind}
    if selection.codes:
        unknown = [code for code in selection.codes if code.upper() not in by_code]
        if unknown:
            raise InvalidInput(
                f"There is no place with the code {', '.join(unknown)}", field="codes"
            )
        chosen &= {succession.current(by_code[code.upper()].id) for code in selection.codes}
    return succession.with_predecessors(chosen)


def submitted_reviews(session: Session, scope: ReviewScope) -> Select[Review]:
    """Submitted reviews in scope, in a stable order. Join ``Review.current_revision_id``
    for the latest submitted revision of each."""
    statement = (
        select(Review)
        .where(
            Review.status == ReviewStatus.SUBMITTED,
            Review.current_revision_id.is_not(None),
        )
        .order_by(Review.period_start, Review.id)
    )
    return _in_scope(session, statement, scope)


def revisions_in_scope(session: Session, scope: ReviewScope) -> Select[int]:
    """Ids of the revisions in scope: those whose status is one of ``scope.statuses``, and
    of those only the latest of each review unless ``scope.every_revision``."""
    statement = select(ReviewRevision.id).join(Review, ReviewRevision.review_id == Review.id)
    if set(scope.statuses) == {ReviewStatus.SUBMITTED} and not scope.every_revision:
        # The common case has its own column: the latest submitted revision.
        statement = statement.where(ReviewRevision.id == Review.current_revision_id)
        return _in_scope(session, statement, scope)
    statement = statement.where(_has_status(ReviewRevision, scope.statuses))
    if not scope.every_revision:
        later = aliased(ReviewRevision)
        statement = statement.where(
            ~exists().where(
                later.review_id == ReviewRevision.review_id,
                later.number > ReviewRevision.number,
                _has_status(later, scope.statuses),
            )
        )
    return _in_scope(session, statement, scope)


def _has_status(
    revision: type[ReviewRevision], statuses: tuple[ReviewStatus, ...]
) -> ColumnElement[bool]:
    if set(statuses) >= set(ReviewStatus):
        return true()
    if ReviewStatus.SUBMITTED in statuses:
        return revision.submitted_at.is_not(None)
    return revision.submitted_at.is_(None)


def _in_scope(session: Session, statement: Select[_Row], scope: ReviewScope) -> Select[_Row]:
    """``statement`` (which selects from Review) narrowed to the scope's framework,
    versions, period, service areas and places."""
    statement = (
        statement.join(Service, Review.service_id == Service.id)
        .join(Framework, Review.framework_id == Framework.id)
        .join(FrameworkVersion, Review.framework_version_id == FrameworkVersion.id)
        .where(Framework.slug == scope.framework)
    )
    if scope.versions:
        statement = statement.where(FrameworkVersion.version.in_(scope.versions))
    if scope.period_from:
        statement = statement.where(Review.period_start >= scope.period_from)
    if scope.period_to:
        statement = statement.where(Review.period_end <= scope.period_to)
    if scope.service_areas:
        statement = statement.where(Service.service_area.in_(scope.service_areas))
    ids = place_ids(session, scope.places)
    if ids is not None:
        statement = statement.where(Service.place_id.in_(ids))
    return statement
