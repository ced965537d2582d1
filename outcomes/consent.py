"""Who may read text that carries a consent scope, such as a story of change."""

from __future__ import annotations

from sqlalchemy import ColumnElement, SQLColumnExpression, or_, true

from outcomes.accounts.access import Actor, acting_place_ids, acts_for_place
from outcomes.accounts.models import Role
from outcomes.places.models import Place
from outcomes.reviews.models import ConsentScope

READERS_OUTSIDE_THE_PLACE = {Role.REGULATOR, Role.INSPECTOR}


def may_read(actor: Actor, place: Place, scope: ConsentScope | None) -> bool:
    """Whether ``actor`` may read text from ``place`` given under ``scope``.

    Text without a consent scope follows the review's own visibility, checked elsewhere.
    """
    if scope is None or scope is ConsentScope.PUBLIC or acts_for_place(actor, place):
        return True
    return scope is ConsentScope.REGULATORS and actor.role in READERS_OUTSIDE_THE_PLACE


def visible_scopes(actor: Actor, *, own_place: bool) -> set[ConsentScope]:
    """The consent scopes whose text ``actor`` may read, in SQL-friendly form."""
    if own_place:
        return set(ConsentScope)
    scopes = {ConsentScope.PUBLIC}
    if actor.role in READERS_OUTSIDE_THE_PLACE:
        scopes.add(ConsentScope.REGULATORS)
    return scopes


def readable(
    actor: Actor,
    scope: SQLColumnExpression[ConsentScope | None],
    place_id: SQLColumnExpression[int],
) -> ColumnElement[bool]:
    """``may_read`` as a SQL condition on a consent scope column and the id of the place
    the text comes from, so that lists filter in the database and not row by row."""
    if actor.role is Role.ADMIN:
        return true()
    condition = or_(scope.is_(None), scope.in_(visible_scopes(actor, own_place=False)))
    own = acting_place_ids(actor)
    if own:
        condition = or_(condition, place_id.in_(own))
    return condition
