"""Fixtures: one fresh database per test run, built by the migrations; one rolled-back
transaction per test; the app, its test client and its CLI runner on top."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from databases import fresh_database, make_app, rolled_back, store_shipped_frameworks
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from outcomes import migrate
from outcomes.db import make_engine
from outcomes.frameworks.models import FrameworkVersion
from outcomes.places.importer import import_places, shipped_place_files


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = os.environ.get("OUTCOMES_TEST_DATABASE_URL")
    with fresh_database(server, tmp_path_factory.mktemp("db")) as url:
        migrate.upgrade(url)
        yield url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    with rolled_back(engine) as session:
        yield session


@pytest.fixture
def app(db: Session) -> Flask:
    return make_app(db)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def shipped_places(db: Session) -> Session:
    """The real ONS places, imported inside the test's transaction."""
    import_places(db, shipped_place_files())
    return db


@pytest.fixture
def frameworks(shipped_places: Session) -> dict[str, FrameworkVersion]:
    """The shipped framework versions, stored in the test's transaction, by version."""
    return store_shipped_frameworks(shipped_places)
