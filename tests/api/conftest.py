"""API fixtures: an app whose rate limit does not get in the way, and tokens."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from databases import make_app
from factories import create_user
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.accounts.tokens import TokenScope, create_token


@pytest.fixture
def api_app(db: Session) -> Flask:
    # Generated tests send thousands of calls; the limit has its own test.
    return make_app(db, RATELIMIT_API="1000000 per minute")


@pytest.fixture
def api(api_app: Flask) -> FlaskClient:
    return api_app.test_client()


TokenFor = Callable[..., dict[str, str]]


@pytest.fixture
def token_for(db: Session) -> TokenFor:
    """Authorization headers for a new token of ``user`` (or a new user of ``role``)."""

    def make(
        user: User | None = None,
        *,
        role: Role = Role.REGULATOR,
        scope: TokenScope = TokenScope.READ,
    ) -> dict[str, str]:
        _, secret = create_token(db, user or create_user(db, role=role), name="test", scope=scope)
        return {"Authorization": f"Bearer {secret}"}

    return make
