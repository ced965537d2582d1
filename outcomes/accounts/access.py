"""Who may do what, for which place. Every service checks here, whichever door it came in by."""

from __future__ import annotations

from typing import Final

from outcomes.accounts.models import Role, User
from outcomes.errors import PermissionDenied
from outcomes.places.identity import acts_through, with_former
from outcomes.places.models import Place


class Operator:
    """The person at the command line, who already holds the server: trusted as an admin."""

    role: Final = Role.ADMIN
    email: Final = "operator (command line)"
    id: Final = None

    def __repr__(self) -> str:
        return "<Operator>"


OPERATOR = Operator()

Actor = User | Operator


def has_role(actor: Actor, *roles: Role) -> bool:
    return actor.role in roles


def require_role(actor: Actor, *roles: Role, action: str) -> None:
    if not has_role(actor, *roles):
        allowed = " or ".join(role.label.lower() + "s" for role in roles)
        raise PermissionDenied(f"Only {allowed} can {action}.")


def may_manage_accounts(actor: Actor) -> bool:
    """Administrators create, list and deactivate accounts."""
    return has_role(actor, Role.ADMIN)


def require_account_manager(actor: Actor) -> None:
    require_role(actor, Role.ADMIN, action="manage accounts")


def works_for_places(actor: Actor) -> bool:
    """Service managers work for places (the ones on their account); other roles do not."""
    return actor.role is Role.SERVICE_MANAGER


def sits_on_panel(actor: Actor) -> bool:
    """Inspection panel members read reports and export datasets for a panel."""
    return actor.role is Role.INSPECTOR


def acts_for_place(actor: Actor, place: Place) -> bool:
    """Admins act for every place; service managers for the places they work for, and
    for every place that became one of them (``outcomes.places.identity``)."""
    if actor.role is Role.ADMIN:
        return True
    return (
        isinstance(actor, User)
        and actor.role is Role.SERVICE_MANAGER
        and acts_through(actor.place_ids, place)
    )


def acting_place_ids(actor: Actor) -> set[int]:
    """Ids of the places a service manager acts for: theirs and their predecessors'."""
    if not (isinstance(actor, User) and actor.role is Role.SERVICE_MANAGER):
        return set()
    return {place.id for place in with_former(actor.places)}


def access_key(actor: Actor) -> str:
    """Everything that decides what ``actor`` may read and do, as a short string: two
    actors with the same key are allowed exactly the same, so a page drawn for one may be
    shown to the other. The role, the places on the account (a manager's own links and
    default choices) and every place they act for through them."""
    own = sorted(place.id for place in getattr(actor, "places", ()))
    acting = sorted(acting_place_ids(actor))
    return f"{actor.role.value};{','.join(map(str, own))};{','.join(map(str, acting))}"


def require_place(actor: Actor, place: Place, *, action: str) -> None:
    if not acts_for_place(actor, place):
        raise PermissionDenied(
            f"You cannot {action} for {place.name}: your account does not work for that place. "
            "Ask an administrator to add it to your account if it should."
        )
