"""The account page: each notification on or off, weekly or each one; what a regulator
follows. Saved choices are audited; a bad code is a message on the form, never a 500."""

from __future__ import annotations

from factories import sign_in
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.models import User
from outcomes.audit.models import AuditEvent
from outcomes.notifications.preferences import choices, followed


def test_a_manager_chooses_each_notification_on_the_account_page(
    client: FlaskClient, db: Session, manager: User
) -> None:
    sign_in(client, manager)
    page = client.get("/account").get_data(as_text=True)
    assert 'id="notifications"' in page
    assert "Feedback on a review of your place" in page

    response = client.post(
        "/account/notifications",
        data={"feedback": "immediate", "review_due": "off", "national_response": "weekly"},
    )
    assert response.status_code == 302
    assert {c.kind.value: c.setting for c in choices(db, manager)} == {
        "feedback": "immediate",
        "review_due": "off",
        "national_response": "weekly",
    }
    assert db.scalars(
        select(AuditEvent).where(AuditEvent.action == "notifications.preferences")
    ).all()


def test_a_regulator_follows_places_by_code_and_a_wrong_code_is_explained(
    client: FlaskClient, db: Session, regulator: User
) -> None:
    sign_in(client, regulator)
    page = client.get("/account").get_data(as_text=True)
    assert 'value="E12000002"' in page  # the North West, which the fixture follows
    assert page.count('id="submit"') == 1  # the token form's button; ours is another
    answers = {"review_submitted": "weekly", "feedback_reply": "weekly"}
    wrong = client.post("/account/notifications", data={**answers, "places": "E08000010, nope"})
    assert wrong.status_code == 200
    assert "is not an ONS code" in wrong.get_data(as_text=True)

    right = client.post("/account/notifications", data={**answers, "places": "e08000010"})
    assert right.status_code == 302
    assert [place.code for place in followed(db, regulator)] == ["E08000010"]
