from __future__ import annotations

import re

import pytest
from factories import PASSWORD, create_user, sign_in
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.accounts.operations import deactivate_user


def test_signing_in_with_the_right_password(client: FlaskClient, db: Session) -> None:
    user = create_user(db, role=Role.REGULATOR)
    response = client.post(
        "/sign-in?next=/places/", data={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/places/"
    page = client.get("/").get_data(as_text=True)
    assert user.display_name in page and "Sign out" in page


@pytest.mark.parametrize("email_is_known", [True, False])
def test_a_wrong_email_or_password_shows_one_message(
    client: FlaskClient, db: Session, email_is_known: bool
) -> None:
    user = create_user(db)
    email = user.email if email_is_known else "stranger@example.gov.uk"
    response = client.post("/sign-in", data={"email": email, "password": "wrong password"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a correct email address and password." in page
    assert "<title>Error: Sign in" in page


def test_sign_in_never_redirects_off_site(client: FlaskClient, db: Session) -> None:
    user = create_user(db)
    response = client.post(
        "/sign-in?next=https://evil.example/", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_the_account_locks_after_repeated_failures(client: FlaskClient, db: Session) -> None:
    user = create_user(db)
    for _ in range(5):
        client.post("/sign-in", data={"email": user.email, "password": "guess"})
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "locked" in response.get_data(as_text=True)
    assert user.locked_until is not None


def test_the_session_is_renewed_at_sign_in(client: FlaskClient, db: Session) -> None:
    user = create_user(db)
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_sign_out_needs_a_post_and_ends_the_session(client: FlaskClient, db: Session) -> None:
    sign_in(client, create_user(db))
    assert client.get("/sign-out").status_code == 405
    assert client.post("/sign-out").status_code == 302
    assert client.get("/account").status_code == 302


def test_pages_need_sign_in(client: FlaskClient) -> None:
    for path in ("/account", "/places/", "/places/E08000037", "/admin/users"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in")


def test_deactivation_ends_a_live_session(client: FlaskClient, db: Session) -> None:
    user = create_user(db)
    sign_in(client, user)
    assert client.get("/account").status_code == 200
    deactivate_user(db, create_user(db, role=Role.ADMIN), user.email)
    assert client.get("/account").status_code == 302


def test_every_form_refuses_a_post_without_a_csrf_token(app: Flask, db: Session) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    # The API authenticates with bearer tokens, not cookies, so CSRF does not apply there.
    posting_rules = [
        r
        for r in app.url_map.iter_rules()
        if "POST" in (r.methods or set()) and not r.endpoint.startswith("api.")
    ]
    assert len(posting_rules) >= 4
    user = create_user(db)
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "There is a problem with what was sent" in response.get_data(as_text=True)
    for rule in posting_rules:
        path = re.sub(r"<int:\w+>", "1", rule.rule)
        path = re.sub(r"<(?:\w+:)?\w+>", "E08000037", path)
        assert client.post(path).status_code == 400, path
