"""Fixtures for the notification tests: Wigan (in the North West), a service there, its
service manager, a regulator who follows the North West, and the framework stored."""

from __future__ import annotations

import pytest
from factories import create_service, create_user
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.frameworks.models import Framework, FrameworkVersion
from outcomes.frameworks.store import get_framework
from outcomes.notifications.preferences import save_followed
from outcomes.places.models import Place, PlaceKind
from outcomes.places.operations import get_place
from outcomes.services.models import Service


@pytest.fixture
def framework(db: Session, frameworks: dict[str, FrameworkVersion]) -> Framework:
    return get_framework(db, "public-service-reform")


@pytest.fixture
def wigan(db: Session, frameworks: dict[str, FrameworkVersion]) -> Place:
    return get_place(db, "E08000010")


@pytest.fixture
def service(db: Session, wigan: Place) -> Service:
    return create_service(db, place=wigan, name="Start Well family hubs")


@pytest.fixture
def manager(db: Session, wigan: Place) -> User:
    return create_user(db, places=[wigan])


@pytest.fixture
def regulator(db: Session, wigan: Place) -> User:
    person = create_user(db, role=Role.REGULATOR)
    [region] = [area for area in wigan.ancestors if area.kind is PlaceKind.REGION]
    save_followed(db, person, [region.code])
    return person
