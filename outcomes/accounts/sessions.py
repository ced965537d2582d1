"""Signed-in sessions, kept on the server so that ending one really ends it.

The browser's session cookie holds a random secret; the server keeps only its SHA-256
(like an API token, it cannot be guessed, so a plain hash is enough). Signing out ends
the session it was made from; a password change or a deactivation ends every session of
the account. A copy of the cookie taken earlier then opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship

from outcomes.accounts.models import User
from outcomes.db import Base, utcnow


class SignInSession(Base):
    __tablename__ = "sign_in_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start_session(session: Session, user: User) -> str:
    """A new session for someone who has just signed in: the secret for their cookie."""
    secret = secrets.token_urlsafe(32)
    session.add(SignInSession(user_id=user.id, secret_hash=_hash(secret)))
    session.flush()
    return secret


def session_user(
    session: Session, user_id: int, secret: str | None, *, lifetime: timedelta
) -> User | None:
    """The account of a live session: not ended, younger than ``lifetime``, of an active
    account, and the account the cookie names. None otherwise."""
    if not secret:
        return None
    # The account with its session, in one statement: this runs before every page.
    found = session.scalar(
        select(SignInSession)
        .options(joinedload(SignInSession.user))
        .where(SignInSession.secret_hash == _hash(secret))
    )
    if (
        found is None
        or found.ended_at is not None
        or found.user_id != user_id
        or found.started_at < utcnow() - lifetime
        or not found.user.active
    ):
        return None
    return found.user


def end_session(session: Session, secret: str | None) -> None:
    """Sign out: the session made with ``secret`` opens nothing from now on."""
    if secret:
        session.execute(
            update(SignInSession)
            .where(SignInSession.secret_hash == _hash(secret), SignInSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


def end_every_session(session: Session, user: User) -> None:
    """End every session of the account, wherever it was signed in."""
    session.execute(
        update(SignInSession)
        .where(SignInSession.user_id == user.id, SignInSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
