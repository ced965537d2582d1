"""Who reads national asks and who answers them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


def may_respond(session: Session, actor: Actor, body: NationalBody) -> bool:
    """Responders answer for their own body; administrators may record a response a body
    sent another way (a letter, say), on its behalf."""
    if actor.role is Role.ADMIN:
        return True
    own = responder_body(session, actor)
    return own is not None and own.id == body.id


def answerable_bodies(
    session: Session, actor: Actor, asked: Iterable[NationalBody]
) -> list[NationalBody]:
    """The bodies among those ``asked`` that ``actor`` may answer for."""
    return [body for body in asked if may_respond(session, actor, body)]


def require_answerable(actor: Actor, answerable: Sequence[NationalBody]) -> None:
    """Refuse an ask that ``actor`` may answer for none of its bodies: not theirs to
    answer (a 403) or, for a responder, not asked of their body (a 422)."""
    if not answerable:
        require_role(actor, Role.NATIONAL_RESPONDER, action="answer national asks")
        raise InvalidInput("Your body was not asked to answer this barrier for this period.")


def require_may_respond(session: Session, actor: Actor, body: NationalBody) -> None:
    if not may_respond(session, actor, body):
        raise PermissionDenied(
            f"Only responders for {body.name} can answer for it. Ask an administrator to "
            "attach your account to the body you answer for."
        )


def may_keep_register(actor: Actor) -> bool:
    """Whether ``actor`` may maintain the register of national bodies: administrators."""
    return actor.role is Role.ADMIN


def require_register_keeper(actor: Actor) -> None:
    require_role(actor, Role.ADMIN, action="maintain the register of national bodies")


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
