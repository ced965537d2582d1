"""Personal API tokens: shown once, stored hashed, scoped to read or to read and write.

A token is 32 random bytes, so a plain SHA-256 is enough to store it safely (unlike a
password, it cannot be guessed); its short prefix lets people tell their tokens apart.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from outcomes.accounts.access import Actor
from outcomes.accounts.models import Role, User
from outcomes.audit.trail import record
from outcomes.db import Base, utcnow
from outcomes.errors import InvalidInput, NotFound, OutcomesError, PermissionDenied

TOKEN_PREFIX = "oc_"  # noqa: S105 - a marker that makes leaked tokens easy to spot, not a secret
MAX_TOKENS_PER_USER = 10


class TokenScope(enum.StrEnum):
    READ = "read"
    WRITE = "write"  # read and write

    @property
    def label(self) -> str:
        return "Read only" if self is TokenScope.READ else "Read and write"


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[TokenScope] = mapped_column(
        Enum(
            TokenScope, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]
        )
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class TokenRejected(OutcomesError):
    """The token is missing, unknown, revoked, or its account cannot sign in."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    session: Session, actor: User, *, name: str, scope: TokenScope
) -> tuple[ApiToken, str]:
    """A new token for the actor's own account, and its secret, which is never stored."""
    name = name.strip()
    if not name:
        raise InvalidInput("Enter a name that says what the token is for", field="name")
    active = [t for t in tokens_of(session, actor) if t.active]
    if len(active) >= MAX_TOKENS_PER_USER:
        raise InvalidInput(
            f"You already have {MAX_TOKENS_PER_USER} tokens. Revoke one you no longer use first."
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=actor, name=name, scope=scope, prefix=secret[:10], token_hash=_hash(secret)
    )
    session.add(token)
    session.flush()
    record(
        session,
        actor,
        "token.create",
        "api_token",
        token.id,
        after={"name": name, "scope": scope.value, "prefix": token.prefix},
    )
    return token, secret


def tokens_of(session: Session, actor: User) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == actor.id).order_by(ApiToken.created_at)
        )
    )


def revoke_token(session: Session, actor: Actor, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("There is no such token.")
    if not (isinstance(actor, User) and token.user_id == actor.id) and actor.role is not Role.ADMIN:
        raise PermissionDenied("You can only revoke your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(session, actor, "token.revoke", "api_token", token.id)
    return token


def authenticate_token(session: Session, secret: str) -> tuple[User, ApiToken]:
    """The account and token a bearer secret opens, recording when it was used."""
    if not secret.startswith(TOKEN_PREFIX):
        raise TokenRejected("The API token is not valid. Create a new one on your account page.")
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(secret)))
    if token is None or not hmac.compare_digest(token.token_hash, _hash(secret)):
        raise TokenRejected("The API token is not valid. Create a new one on your account page.")
    if not token.active:
        raise TokenRejected("This API token has been revoked.")
    if not token.user.active:
        raise TokenRejected("The account this token belongs to has been deactivated.")
    token.last_used_at = utcnow()
    return token.user, token
