"""Fixtures for the notification tests: Wigan (in the North West), a service there, its
service manager (from tests/wigan_service.py), a regulator who follows the North West,
and the framework stored."""

from __future__ import annotations

import pytest
from factories import create_user
from sqlalchemy.orm import Session
from wigan_service import framework, manager, service, wigan

from outcomes.accounts.models import Role, User
from outcomes.notifications.preferences import save_followed
from outcomes.places.models import Place, PlaceKind

__all__ = ["framework", "manager", "regulator", "service", "wigan"]


@pytest.fixture
def regulator(db: Session, wigan: Place) -> User:
    person = create_user(db, role=Role.REGULATOR)
    [region] = [area for area in wigan.ancestors if area.kind is PlaceKind.REGION]
    save_followed(db, person, [region.code])
    return person
