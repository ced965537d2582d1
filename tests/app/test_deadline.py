"""A web request's SQL stops at its deadline with a page saying what to do, not a 500."""

from __future__ import annotations

import time
from typing import Any

import pytest
from databases import make_app
from factories import create_user, sign_in
from flask import Flask
from sqlalchemy import text
from sqlalchemy.orm import Session

import web.api.catalogue
import web.reports.views
from outcomes.accounts.models import Role
from outcomes.accounts.tokens import TokenScope, create_token
from outcomes.frameworks.models import FrameworkVersion

TINY = 0.05  # seconds


def _slow(session: Session) -> None:
    """A statement that runs for far longer than TINY on either database."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_sleep(10)"))
    else:
        session.execute(
            text(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                "WHERE x < 1000000000) SELECT count(*) FROM n"
            )
        )


@pytest.fixture
def impatient_app(db: Session) -> Flask:
    """An app whose deadline tests shorten to TINY just before the request they test (a
    sign-in, hashing a password, can take longer than TINY on a busy machine)."""
    return make_app(db, STATEMENT_TIMEOUT=20)


def test_a_report_past_its_deadline_says_to_narrow_or_download_it(
    impatient_app: Flask,
    db: Session,
    frameworks: dict[str, FrameworkVersion],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def slow_report(session: Session, *args: Any, **kwargs: Any) -> None:
        _slow(session)

    monkeypatch.setattr(web.reports.views, "build_report", slow_report)
    client = impatient_app.test_client()
    sign_in(client, create_user(db, role=Role.REGULATOR))
    impatient_app.config["STATEMENT_TIMEOUT"] = TINY

    response = client.get("/reports/?framework=public-service-reform")

    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "This report is taking too long" in page
    assert "narrow it" in page and "Exports" in page
    assert response.headers["X-Request-ID"] in page
    # The worker and its connection are fine afterwards.
    impatient_app.config["STATEMENT_TIMEOUT"] = 20
    assert client.get("/").status_code == 200


def test_an_api_call_past_its_deadline_is_a_503_problem(
    impatient_app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_list(session: Session) -> list[object]:
        _slow(session)
        return []

    monkeypatch.setattr(web.api.catalogue, "list_frameworks", slow_list)
    _, secret = create_token(
        db, create_user(db, role=Role.REGULATOR), name="t", scope=TokenScope.READ
    )
    impatient_app.config["STATEMENT_TIMEOUT"] = TINY

    response = impatient_app.test_client().get(
        "/api/v1/frameworks", headers={"Authorization": f"Bearer {secret}"}
    )

    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    assert "took too long" in response.json["detail"]


def test_a_deadline_passed_in_python_stops_the_next_statement(
    impatient_app: Flask,
    db: Session,
    frameworks: dict[str, FrameworkVersion],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def slow_python(session: Session, *args: Any, **kwargs: Any) -> None:
        time.sleep(TINY * 2)  # past the deadline, whatever the machine's speed
        session.execute(text("SELECT 1"))

    monkeypatch.setattr(web.reports.views, "build_report", slow_python)
    client = impatient_app.test_client()
    sign_in(client, create_user(db, role=Role.REGULATOR))
    impatient_app.config["STATEMENT_TIMEOUT"] = TINY

    response = client.get("/reports/?framework=public-service-reform")

    assert response.status_code == 503
    assert "This report is taking too long" in response.get_data(as_text=True)


def test_requests_within_their_deadline_are_untouched(impatient_app: Flask, db: Session) -> None:
    client = impatient_app.test_client()
    sign_in(client, create_user(db, role=Role.REGULATOR))
    assert client.get("/reviews/").status_code == 200
