"""National asks through the API: read them, and a responder adds a dated response."""

from __future__ import annotations

import pytest
from databases import request_session
from factories import create_user
from flask import Flask
from national_data import citing_review, load_register
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.accounts.tokens import TokenScope, create_token
from outcomes.frameworks.models import FrameworkVersion
from outcomes.national.models import NationalResponder
from outcomes.national.register import get_body
from outcomes.reviews.models import ConsentScope
from web import create_app

ASK = "/api/v1/national-asks/devolution/2025-04-01/2025-06-30"


@pytest.fixture
def api(db: Session, frameworks: dict[str, FrameworkVersion]):  # type: ignore[no-untyped-def]
    load_register(db)
    citing_review(db, frameworks["2.0.0"], ask="Shared ask", consent=ConsentScope.PUBLIC)
    citing_review(db, frameworks["2.0.0"], ask="Regulators' ask")
    app: Flask = create_app(
        {"TESTING": True, "SECRET_KEY": "k", "SESSION_FACTORY": request_session(db)}
    )
    return app.test_client()


def headers(db: Session, user: User, scope: TokenScope = TokenScope.READ) -> dict[str, str]:
    _, secret = create_token(db, user, name="test", scope=scope)
    return {"Authorization": f"Bearer {secret}"}


def responder(db: Session) -> User:
    user = create_user(db, role=Role.NATIONAL_RESPONDER)
    db.add(NationalResponder(user_id=user.id, body_id=get_body(db, "mhclg").id))
    db.flush()
    return user


def test_a_regulator_lists_and_reads_asks(api, db: Session) -> None:  # type: ignore[no-untyped-def]
    auth = headers(db, create_user(db, role=Role.REGULATOR))
    listed = api.get("/api/v1/national-asks", headers=auth).get_json()
    assert [a["barrier"] for a in listed["items"]] == ["devolution"]
    assert listed["items"][0]["places"] == 2
    one = api.get(ASK, headers=auth).get_json()
    assert {a["ask"] for a in one["asks"]} == {"Shared ask", "Regulators' ask"}


def test_a_responder_answers_and_reads_the_history(api, db: Session) -> None:  # type: ignore[no-untyped-def]
    user = responder(db)
    auth = headers(db, user, TokenScope.WRITE)
    one = api.get(ASK, headers=auth).get_json()
    assert one["places"] is None  # withheld from a responder
    assert [a["ask"] for a in one["asks"]] == ["Shared ask"]
    added = api.post(
        f"{ASK}/responses",
        headers=auth,
        json={
            "status": "not_accepted",
            "statement": "No.",
            "responded_on": "2025-09-01",
            "reasons": "Not in this spending review.",
        },
    )
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["late"] is False
    missing = api.post(
        f"{ASK}/responses", headers=auth, json={"status": "accepted", "statement": "Yes"}
    )
    assert missing.status_code == 422
    history = api.get(f"{ASK}/responses", headers=auth).get_json()["items"]
    assert [r["status"] for r in history] == ["not_accepted"]


def test_service_managers_and_other_bodies_cannot_answer(api, db: Session) -> None:  # type: ignore[no-untyped-def]
    manager = headers(db, create_user(db), TokenScope.WRITE)
    assert api.get("/api/v1/national-asks", headers=manager).status_code == 403
    regulator = headers(db, create_user(db, role=Role.REGULATOR), TokenScope.WRITE)
    refused = api.post(
        f"{ASK}/responses",
        headers=regulator,
        json={"body": "mhclg", "status": "acknowledged", "statement": "Seen"},
    )
    assert refused.status_code == 403
