"""Finding 3: after signing out, a copy of the old session cookie still opened the account
and could create an API token. Sessions now live on the server: signing out, a password
change and a deactivation end them, whoever holds a copy of the cookie."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from factories import create_user, sign_in
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.accounts.operations import deactivate_user, set_password


def copied_cookie(client: FlaskClient, app: Flask) -> FlaskClient:
    """Another browser holding a copy of ``client``'s session cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    assert thief.get("/account").status_code == 200
    return thief


def test_a_copied_cookie_stops_working_at_sign_out(
    app: Flask, client: FlaskClient, db: Session
) -> None:
    sign_in(client, create_user(db))
    thief = copied_cookie(client, app)
    assert client.post("/sign-out").status_code == 302
    assert thief.get("/account").status_code == 302
    made = thief.post("/account/tokens", data={"name": "stolen", "scope": "write"})
    assert made.status_code == 302 and made.headers["Location"].startswith("/sign-in")


def test_signing_out_ends_only_that_session(app: Flask, db: Session) -> None:
    user = create_user(db)
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user)
    sign_in(phone, user)
    laptop.post("/sign-out")
    assert laptop.get("/account").status_code == 302
    assert phone.get("/account").status_code == 200


def _change_password(db: Session, user: User) -> None:
    set_password(db, create_user(db, role=Role.ADMIN), user, "another long passphrase")


def _deactivate(db: Session, user: User) -> None:
    deactivate_user(db, create_user(db, role=Role.ADMIN), user.email)


@pytest.mark.parametrize("ending", [_change_password, _deactivate])
def test_a_password_change_or_deactivation_ends_every_session(
    app: Flask, client: FlaskClient, db: Session, ending: Callable[[Session, User], None]
) -> None:
    user = create_user(db)
    sign_in(client, user)
    thief = copied_cookie(client, app)
    ending(db, user)
    assert client.get("/account").status_code == 302
    assert thief.get("/account").status_code == 302
