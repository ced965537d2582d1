"""Creating accounts, signing in, and deactivating accounts."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor, require_role
from outcomes.accounts.models import Role, User, new_session_token
from outcomes.accounts.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from outcomes.accounts.sessions import end_every_session
from outcomes.audit.trail import record
from outcomes.db import utcnow
from outcomes.errors import Conflict, InvalidInput, NotFound, OutcomesError
from outcomes.places.models import Place

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)


SIGN_IN_FAILED = (
    "Enter a correct email address and password. After {failures} wrong attempts in a row, "
    "an account is locked for {minutes} minutes: then try again later, or ask an "
    "administrator to reset your password."
)


class SignInFailed(OutcomesError):
    """Deliberately one message whether the email, the password or a lockout stopped the
    sign-in, so that the answer never tells which email addresses have accounts."""

    def __init__(self, policy: LockoutPolicy) -> None:
        minutes = int(policy.lockout.total_seconds() // 60)
        super().__init__(SIGN_IN_FAILED.format(failures=policy.max_failures, minutes=minutes))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    session: Session,
    actor: Actor,
    *,
    email: str,
    display_name: str,
    role: Role,
    password: str,
    places: list[Place] | None = None,
) -> User:
    require_role(actor, Role.ADMIN, action="create accounts")
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise InvalidInput(
            "Enter an email address in the correct format, like name@example.gov.uk", field="email"
        )
    if not display_name.strip():
        raise InvalidInput("Enter the person's name", field="display_name")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password must be {MIN_PASSWORD_LENGTH} characters or more", field="password"
        )
    places = list(places or [])
    if role is Role.SERVICE_MANAGER and not places:
        raise InvalidInput("Choose the place this service manager works for", field="places")
    if role is not Role.SERVICE_MANAGER and places:
        raise InvalidInput("Only service managers work for particular places", field="places")
    if get_user_by_email(session, email) is not None:
        raise Conflict(f"There is already an account for {email}.")
    user = User(
        email=email,
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_password(password),
        places=places,
    )
    session.add(user)
    session.flush()
    record(
        session,
        actor,
        "user.create",
        "user",
        user.id,
        after={"email": email, "role": role.value, "places": [p.code for p in places]},
    )
    return user


class AccountFilter(enum.StrEnum):
    """Accounts an administrator may need to follow up."""

    NEVER_SIGNED_IN = "never-signed-in"
    LOCKED = "locked"

    @property
    def label(self) -> str:
        return {
            AccountFilter.NEVER_SIGNED_IN: "Active accounts never signed in",
            AccountFilter.LOCKED: "Accounts locked after failed sign-ins",
        }[self]

    def condition(self, now: datetime) -> ColumnElement[bool]:
        if self is AccountFilter.NEVER_SIGNED_IN:
            return User.active.is_(True) & User.last_sign_in_at.is_(None)
        return User.locked_until > now


def list_users(
    session: Session,
    actor: Actor,
    show: AccountFilter | None = None,
    *,
    now: datetime | None = None,
) -> list[User]:
    """Every account by email address, or only those ``show`` picks out."""
    require_role(actor, Role.ADMIN, action="list accounts")
    statement = select(User).order_by(func.lower(User.email))
    if show is not None:
        statement = statement.where(show.condition(now or utcnow()))
    return list(session.scalars(statement))


def get_account(session: Session, actor: Actor, user_id: int) -> User:
    """The account with ``user_id``, for those who manage accounts."""
    require_role(actor, Role.ADMIN, action="manage accounts")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("There is no such account.")
    return user


def deactivate_user(session: Session, actor: Actor, email: str) -> User:
    require_role(actor, Role.ADMIN, action="deactivate accounts")
    user = get_user_by_email(session, email)
    if user is None:
        raise NotFound(f"There is no account for {normalise_email(email)}.")
    if isinstance(actor, User) and actor.id == user.id:
        raise InvalidInput("You cannot deactivate your own account.")
    if user.active:
        user.active = False
        user.session_token = new_session_token()  # ends the person's sessions now
        end_every_session(session, user)
        record(
            session,
            actor,
            "user.deactivate",
            "user",
            user.id,
            before={"active": True},
            after={"active": False},
        )
    return user


def set_password(session: Session, actor: Actor, user: User, password: str) -> None:
    require_role(actor, Role.ADMIN, action="set passwords")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password must be {MIN_PASSWORD_LENGTH} characters or more", field="password"
        )
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    end_every_session(session, user)
    user.failed_sign_ins = 0
    user.locked_until = None
    record(session, actor, "user.set_password", "user", user.id)


def authenticate(
    session: Session,
    email: str,
    password: str,
    *,
    policy: LockoutPolicy | None = None,
    now: datetime | None = None,
) -> User:
    """The account these credentials open, or SignInFailed.

    After ``policy.max_failures`` wrong passwords in a row the account is locked for
    ``policy.lockout``, even to the right password, which slows guessing to a crawl.
    The failure count is kept even though the caller will not commit a failed request
    otherwise: the caller must commit after SignInFailed too.
    """
    policy = policy or LockoutPolicy()
    now = now or utcnow()
    user = get_user_by_email(session, email)
    valid = verify_password(user.password_hash if user else None, password)
    if user is None or not user.active:
        raise SignInFailed(policy)
    if user.locked_until is not None and user.locked_until > now:
        raise SignInFailed(policy)
    if not valid:
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= policy.max_failures:
            user.locked_until = now + policy.lockout
            user.failed_sign_ins = 0
        raise SignInFailed(policy)
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_sign_in_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user
