from __future__ import annotations

import pytest
from factories import create_user, sign_in
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.accounts.operations import get_user_by_email


@pytest.mark.parametrize("role", [Role.SERVICE_MANAGER, Role.REGULATOR, Role.INSPECTOR])
def test_only_admins_reach_the_account_pages(client: FlaskClient, db: Session, role: Role) -> None:
    sign_in(client, create_user(db, role=role))
    assert client.get("/admin/users").status_code == 403
    assert client.post("/admin/users/new", data={}).status_code == 403


def test_an_admin_creates_a_service_manager_for_a_place(
    client: FlaskClient, shipped_places: Session
) -> None:
    sign_in(client, create_user(shipped_places, role=Role.ADMIN))
    response = client.post(
        "/admin/users/new",
        data={
            "display_name": "Wendy",
            "email": "wendy@wigan.gov.uk",
            "role": "service_manager",
            "place_code": "E08000010",
        },
    )
    page = response.get_data(as_text=True)
    assert "Account created" in page and "shown only once" in page
    user = get_user_by_email(shipped_places, "wendy@wigan.gov.uk")
    assert user is not None and [p.name for p in user.places] == ["Wigan"]


def test_account_form_errors_name_the_field(client: FlaskClient, db: Session) -> None:
    sign_in(client, create_user(db, role=Role.ADMIN))
    response = client.post(
        "/admin/users/new",
        data={
            "display_name": "No place",
            "email": "np@example.gov.uk",
            "role": "service_manager",
            "place_code": "E99999999",
        },
    )
    page = response.get_data(as_text=True)
    assert 'href="#place_code"' in page and "There is no place with the code" in page
    assert get_user_by_email(db, "np@example.gov.uk") is None


def test_an_admin_deactivates_an_account(client: FlaskClient, db: Session) -> None:
    sign_in(client, create_user(db, role=Role.ADMIN))
    target = create_user(db, role=Role.REGULATOR)
    assert "Deactivate" in client.get(f"/admin/users/{target.id}/deactivate").get_data(as_text=True)
    assert client.post(f"/admin/users/{target.id}/deactivate").status_code == 302
    assert not target.active
