from __future__ import annotations

import pytest
from factories import create_user, sign_in
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.accounts.operations import deactivate_user
from outcomes.accounts.tokens import (
    MAX_TOKENS_PER_USER,
    ApiToken,
    TokenRejected,
    TokenScope,
    authenticate_token,
    create_token,
    revoke_token,
)
from outcomes.errors import InvalidInput, PermissionDenied


def test_a_token_is_stored_only_as_a_fingerprint(db: Session) -> None:
    user = create_user(db)
    token, secret = create_token(db, user, name="Case system", scope=TokenScope.READ)
    assert secret.startswith("oc_") and len(secret) > 40
    assert secret not in (token.token_hash, token.prefix)
    assert secret.startswith(token.prefix)
    assert authenticate_token(db, secret) == (user, token)
    assert token.last_used_at is None  # recorded apart, by record_token_use


def test_revoked_unknown_and_deactivated_tokens_are_refused(db: Session) -> None:
    user = create_user(db)
    token, secret = create_token(db, user, name="x", scope=TokenScope.WRITE)
    with pytest.raises(TokenRejected):
        authenticate_token(db, secret + "x")
    with pytest.raises(TokenRejected):
        authenticate_token(db, "not-a-token")
    deactivate_user(db, create_user(db, role=Role.ADMIN), user.email)
    with pytest.raises(TokenRejected, match="deactivated"):
        authenticate_token(db, secret)
    other = create_user(db)
    _, other_secret = create_token(db, other, name="y", scope=TokenScope.READ)
    with pytest.raises(PermissionDenied):
        revoke_token(db, create_user(db), token.id)
    revoke_token(db, other, db.query(ApiToken).filter_by(user_id=other.id).one().id)
    with pytest.raises(TokenRejected, match="revoked"):
        authenticate_token(db, other_secret)


def test_token_rules(db: Session) -> None:
    user = create_user(db)
    with pytest.raises(InvalidInput, match="Enter a name"):
        create_token(db, user, name="  ", scope=TokenScope.READ)
    for number in range(MAX_TOKENS_PER_USER):
        create_token(db, user, name=f"t{number}", scope=TokenScope.READ)
    with pytest.raises(InvalidInput, match="Revoke one"):
        create_token(db, user, name="one too many", scope=TokenScope.READ)


def test_the_account_page_creates_shows_once_and_revokes(client: FlaskClient, db: Session) -> None:
    user = create_user(db, role=Role.INSPECTOR)
    sign_in(client, user)
    page = client.post("/account/tokens", data={"name": "Panel laptop", "scope": "read"})
    text = page.get_data(as_text=True)
    assert "shown only once" in text
    token = db.query(ApiToken).filter_by(user_id=user.id).one()
    account = client.get("/account").get_data(as_text=True)
    assert "Panel laptop" in account and token.prefix in account
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 302
    assert not token.active
    missing_name = client.post("/account/tokens", data={"name": "", "scope": "read"})
    assert "Enter a name that says what the token is for" in missing_name.get_data(as_text=True)
