"""Shared fixtures: Wigan (which has a local extension), a service there, its service
manager, and the shipped framework stored. A conftest takes them by importing them."""

from __future__ import annotations

import pytest
from factories import create_service, create_user
from sqlalchemy.orm import Session

from outcomes.accounts.models import User
from outcomes.frameworks.models import Framework, FrameworkVersion
from outcomes.frameworks.store import get_framework
from outcomes.places.models import Place
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
