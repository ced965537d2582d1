"""Who reads national asks and who answers them."""

from __future__ import annotations

from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor, require_role
from outcomes.accounts.models import Role, User
from outcomes.errors import InvalidInput, PermissionDenied
from outcomes.national.models import NationalBody, NationalResponder

NATIONAL_READERS = (Role.REGULATOR, Role.INSPECTOR, Role.NATIONAL_RESPONDER, Role.ADMIN)
# Readers who read every submitted review and so see counts unrounded, as in reports.
EXACT_COUNT_READERS = frozenset({Role.REGULATOR, Role.INSPECTOR, Role.ADMIN})


class PublicReader:
    """Someone not signed in: reads only what was consented for everyone."""

    role: Final = None
    email: Final = "public (not signed in)"
    id: Final = None


PUBLIC = PublicReader()


def require_national_reader(actor: Actor) -> None:
    require_role(actor, *NATIONAL_READERS, action="read national asks")


def may_read_national_asks(actor: Actor) -> bool:
    """Whether ``actor`` may read the national asks (what the navigation offers)."""
    return actor.role in NATIONAL_READERS


def answers_for_a_body(actor: Actor) -> bool:
    """National body responders answer the asks addressed to their body."""
    return actor.role is Role.NATIONAL_RESPONDER


def responder_body(session: Session, actor: Actor) -> NationalBody | None:
    """The body a responder answers for, or None for everyone else."""
    if not isinstance(actor, User) or actor.role is not Role.NATIONAL_RESPONDER:
        return None
    link = session.get(NationalResponder, actor.id)
    return link.body if link else None


# Responders answer for their own body; administrators record a response on a body's behalf.
ANSWERERS = (Role.NATIONAL_RESPONDER, Role.ADMIN)


def require_answerer(actor: Actor) -> None:
    """Refuse anyone who could answer for no body, before reading what they sent."""
    require_role(actor, *ANSWERERS, action="answer national asks")


def require_may_respond(session: Session, actor: Actor, body: NationalBody) -> None:
    """Responders answer for their own body; administrators may record a response a body
    sent another way (a letter, say), on its behalf."""
    if actor.role is Role.ADMIN:
        return
    own = responder_body(session, actor)
    if own is None or own.id != body.id:
        raise PermissionDenied(
            f"Only responders for {body.name} can answer for it. Ask an administrator to "
            "attach your account to the body you answer for."
        )


def attach_responder(session: Session, actor: Actor, user: User, body: NationalBody) -> None:
    require_role(actor, Role.ADMIN, action="attach responders to national bodies")
    if user.role is not Role.NATIONAL_RESPONDER:
        raise InvalidInput("Only national body responder accounts answer for a body", field="body")
    link = session.get(NationalResponder, user.id)
    if link is None:
        session.add(NationalResponder(user_id=user.id, body_id=body.id))
    else:
        link.body_id = body.id
    session.flush()


def responders_by_user(session: Session) -> dict[int, NationalBody]:
    return {link.user_id: link.body for link in session.scalars(select(NationalResponder))}
