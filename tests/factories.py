"""Test factories: plain functions with keyword defaults, as in GOV.UK Notify."""

from __future__ import annotations

import itertools

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.accounts.passwords import hash_password
from outcomes.places.models import Place, kind_for_code
from outcomes.services.models import Service

PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = hash_password(PASSWORD)  # hashing is slow on purpose: do it once
_sequence = itertools.count(1)


def create_place(
    db: Session,
    *,
    code: str | None = None,
    name: str | None = None,
    parent: Place | None = None,
    superseded_by: Place | None = None,
) -> Place:
    number = next(_sequence)
    code = code or f"E08{900000 + number:06d}"
    place = Place(
        code=code,
        name=name or f"Testshire {number}",
        kind=kind_for_code(code),
        parent=parent,
        superseded_by=superseded_by,
    )
    db.add(place)
    db.flush()
    return place


def create_user(
    db: Session,
    *,
    role: Role = Role.SERVICE_MANAGER,
    email: str | None = None,
    places: list[Place] | None = None,
    active: bool = True,
) -> User:
    number = next(_sequence)
    if role is Role.SERVICE_MANAGER and places is None:
        places = [create_place(db)]
    user = User(
        email=email or f"person{number}@example.gov.uk",
        display_name=f"Person {number}",
        role=role,
        password_hash=_PASSWORD_HASH,
        places=places or [],
        active=active,
    )
    db.add(user)
    db.flush()
    return user


def create_service(
    db: Session,
    *,
    place: Place | None = None,
    name: str | None = None,
    service_area: str = "early_help",
) -> Service:
    service = Service(
        place=place or create_place(db),
        name=name or f"Service {next(_sequence)}",
        service_area=service_area,
        partners=["NHS"],
    )
    db.add(service)
    db.flush()
    return service


def sign_in(client: FlaskClient, user: User, password: str = PASSWORD) -> None:
    response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
