"""Who may read comparison reports, and who may answer in them with a context note.

Regulators, inspection panels and administrators read reports. Service managers read
them too: their places appear in them, and they answer with context notes. A service
manager who works for no place has nothing to answer for, so reads none.
"""

from __future__ import annotations

from outcomes.accounts.access import Actor, require_place, require_role
from outcomes.accounts.models import Role, User
from outcomes.errors import PermissionDenied
from outcomes.places.models import Place

READERS = (Role.REGULATOR, Role.INSPECTOR, Role.ADMIN, Role.SERVICE_MANAGER)


def require_reader(actor: Actor) -> None:
    require_role(actor, *READERS, action="read comparison reports")
    if isinstance(actor, User) and actor.role is Role.SERVICE_MANAGER and not actor.places:
        raise PermissionDenied(
            "Your account does not work for any place yet, so there is no report for you to "
            "read. Ask an administrator to add your place to your account."
        )


def may_read(actor: Actor) -> bool:
    """Whether ``actor`` may read comparison reports (what the navigation offers)."""
    try:
        require_reader(actor)
    except PermissionDenied:
        return False
    return True


def require_note_author(actor: Actor, place: Place) -> User:
    """The signed-in person who may add a context note for ``place``."""
    if not isinstance(actor, User):
        raise PermissionDenied(
            "A context note is a place's own reply, so it must come from a person signed in "
            "for that place, not from the command line."
        )
    require_place(actor, place, action="add a context note")
    return actor
