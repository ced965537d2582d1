from __future__ import annotations

import logging

import pytest
from factories import PASSWORD, create_user
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session


def test_one_line_per_request_without_secrets(
    client: FlaskClient, db: Session, caplog: pytest.LogCaptureFixture
) -> None:
    user = create_user(db)
    caplog.set_level(logging.INFO, logger="outcomes.requests")
    client.post(
        "/sign-in?token=abc",
        data={"email": user.email, "password": PASSWORD},
        headers={"X-Request-ID": "lb-1234567890"},
    )
    [line] = [r.getMessage() for r in caplog.records if r.name == "outcomes.requests"]
    assert line.startswith("POST /sign-in 302 ")
    assert "request_id=lb-1234567890" in line
    for secret in ("abc", PASSWORD, user.email, "session"):
        assert secret not in caplog.text


def test_a_server_error_shows_the_request_id(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    @app.route("/boom")
    def boom() -> str:
        raise RuntimeError("broken on purpose")

    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert response.headers["X-Request-ID"] in page
    assert "broken on purpose" not in page
