"""A request whose changes the database refuses as they are committed (after its view has
answered) is told so with a 409 and the overlap's message, on a page or as a problem, never
a server error: the view's own answer would claim what was not saved."""

from __future__ import annotations

import pytest
from factories import create_user, sign_in
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.accounts.tokens import TokenScope, create_token
from outcomes.errors import Busy


@pytest.fixture
def refused(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Once armed (``refused.append("armed")``), the next commit of a session is refused
    as an overlap (and ``"refused"`` added)."""
    calls: list[str] = []
    commit = Session.commit

    def refuse(session: Session) -> None:
        if calls == ["armed"]:
            calls.append("refused")
            raise Busy
        commit(session)

    monkeypatch.setattr(Session, "commit", refuse)
    return calls


def test_a_page_whose_changes_are_refused_at_commit_says_so(
    client: FlaskClient, db: Session, refused: list[str]
) -> None:
    sign_in(client, create_user(db, role=Role.REGULATOR))
    refused.append("armed")
    response = client.get("/")
    assert refused == ["armed", "refused"]
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else was saving a change at the same moment" in page
    assert "This cannot be done now" in page


def test_an_api_call_whose_changes_are_refused_at_commit_says_so(
    client: FlaskClient, db: Session, refused: list[str]
) -> None:
    reader = create_user(db, role=Role.REGULATOR)
    _, secret = create_token(db, reader, name="test", scope=TokenScope.READ)
    refused.append("armed")
    response = client.get("/api/v1/frameworks", headers={"Authorization": f"Bearer {secret}"})
    assert refused == ["armed", "refused"]
    assert response.status_code == 409
    assert response.is_json
    assert "Someone else was saving" in response.get_json()["detail"]
