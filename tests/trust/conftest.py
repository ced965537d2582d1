"""Fixtures for the trust tests: the front-door data set (tests/frontdoor.py) is built
once per module, in a transaction of its own, and each test runs in a savepoint of it
that is rolled back afterwards, so tests see the same data and none sees another's
changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from databases import make_app, outer_connection
from flask import Flask
from flask.testing import FlaskClient
from frontdoor import FrontDoorData, build_front_door_data
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.config import PROJECT_ROOT
from outcomes.frameworks import load_directory
from outcomes.frameworks.store import store_definitions
from outcomes.places.importer import import_places, shipped_place_files


class _ModuleSession(Session):
    def close(self) -> None:  # the app's close at the end of a request keeps it open
        return None


@pytest.fixture(scope="module")
def module_session(engine: Engine) -> Iterator[tuple[Session, FrontDoorData]]:
    """The session and the data, and (on the session's ``info``) its connection."""
    connection = outer_connection(engine)
    outer = connection.begin()
    session = _ModuleSession(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    import_places(session, shipped_place_files())
    loaded = load_directory(PROJECT_ROOT / "frameworks")
    store_definitions(session, OPERATOR, [d for s in loaded.values() for d in s])
    data = build_front_door_data(session)
    session.commit()
    session.info["connection"] = connection
    yield session, data
    Session.close(session)
    outer.rollback()
    connection.close()


@pytest.fixture
def db(module_session: tuple[Session, FrontDoorData]) -> Iterator[Session]:
    session, _ = module_session
    savepoint = session.info["connection"].begin_nested()
    yield session
    session.rollback()
    if savepoint.is_active:
        savepoint.rollback()
    session.expire_all()


@pytest.fixture
def data(db: Session, module_session: tuple[Session, FrontDoorData]) -> FrontDoorData:
    return module_session[1]


@pytest.fixture
def app(db: Session) -> Flask:
    return make_app(db, RATELIMIT_API="1000000 per minute")


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
