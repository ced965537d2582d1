"""Personal API tokens: shown once, stored hashed, scoped to read or to read and write.

A token is 32 random bytes, so a plain SHA-256 is enough to store it safely (unlike a
password, it cannot be guessed); its short prefix lets people tell their tokens apart.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, Enum, ForeignKey, String, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from outcomes.accounts.access import Actor
from outcomes.accounts.models import Role, User
from outcomes.audit.trail import record
from outcomes.db import Base, utcnow
from outcomes.errors import InvalidInput, NotFound, OutcomesError, PermissionDenied

TOKEN_PREFIX = "oc_"  # noqa: S105 - a marker that makes leaked tokens easy to spot, not a secret
MAX_TOKENS_PER_USER = 10
# A token's last use is recorded at most this often: often enough to show people which
# tokens are in use, rarely enough that calls with one token never queue on its row.
LAST_USE_RESOLUTION = timedelta(minutes=1)


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
    """The account and token a bearer secret opens. It writes nothing: record the use with
    ``record_token_use`` in a transaction of its own, so that the caller's transaction
    never holds the token's row while the request runs."""
    if not secret.startswith(TOKEN_PREFIX):
        raise TokenRejected("The API token is not valid. Create a new one on your account page.")
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(secret)))
    if token is None or not hmac.compare_digest(token.token_hash, _hash(secret)):
        raise TokenRejected("The API token is not valid. Create a new one on your account page.")
    if not token.active:
        raise TokenRejected("This API token has been revoked.")
    if not token.user.active:
        raise TokenRejected("The account this token belongs to has been deactivated.")
    return token.user, token


def token_use_is_due(token: ApiToken, now: datetime) -> bool:
    """Whether ``record_token_use`` would write: saves a statement on most calls."""
    return token.last_used_at is None or token.last_used_at <= now - LAST_USE_RESOLUTION


def record_token_use(connection: Connection, token_id: int, now: datetime) -> bool:
    """Record that the token was used at ``now``, unless a use less than a minute before is
    already recorded. One conditional UPDATE, so concurrent calls (any worker) write at
    most once a minute between them: a second writer waits only for the first one's short
    transaction, then finds the row recent and writes nothing. True if it wrote."""
    result = connection.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(
                ApiToken.last_used_at.is_(None),
                ApiToken.last_used_at <= now - LAST_USE_RESOLUTION,
            ),
        )
        .values(last_used_at=now)
    )
    return result.rowcount == 1
