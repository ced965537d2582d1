"""Fresh databases for a test run: a temporary SQLite file, or a new PostgreSQL database."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.config import PROJECT_ROOT
from outcomes.db import SNAPSHOT_ISOLATION
from outcomes.frameworks import load_directory
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import get_version, store_definitions
from web import create_app

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def postgres_server_url() -> str | None:
    """The PostgreSQL server to create test databases on, or None if none answers."""
    configured = os.environ.get("OUTCOMES_TEST_DATABASE_URL", "")
    url = configured if configured.startswith("postgresql") else DEFAULT_POSTGRES
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect():
            return url
    except OperationalError:
        return None
    finally:
        engine.dispose()


@contextmanager
def fresh_database(server_url: str | None, folder: Path) -> Iterator[str]:
    """A new, empty database: on ``server_url`` if given, else a SQLite file in ``folder``."""
    if server_url is None or not server_url.startswith("postgresql"):
        yield f"sqlite:///{folder / f'outcomes-{secrets.token_hex(4)}.sqlite3'}"
        return
    name = f"outcomes_test_{secrets.token_hex(6)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def request_session(db: Session) -> Callable[[], Session]:
    """The app's session factory in tests: the test's own session, with what the test set
    up committed first (releasing a savepoint), as it would be before a real request."""

    def session() -> Session:
        db.commit()
        return db

    return session


def backends() -> list[object]:
    """SQLite, and PostgreSQL where a server answers (required when the run is on it)."""
    required = os.environ.get("OUTCOMES_TEST_DATABASE_URL", "").startswith("postgresql")
    postgres = pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not required and postgres_server_url() is None,
            reason="no PostgreSQL server answers at 127.0.0.1:5432",
        ),
    )
    return ["sqlite", postgres]


def make_app(db: Session, **config: object) -> Flask:
    """The app as tests use it: on the test's session, CSRF off, no sign-in delay; ``config``
    changes or adds settings."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test secret key",
            "SESSION_FACTORY": request_session(db),
            "WTF_CSRF_ENABLED": False,
            "SIGN_IN_FAILURE_DELAY": 0,
            **config,
        }
    )


class _TestSession(Session):
    """The test's session, shared with the app. The app's close at the end of a request
    must not end the test's transaction, so close does nothing here."""

    def close(self) -> None:
        return None


def outer_connection(engine: Engine) -> Connection:
    """A connection for a test's one long transaction. On PostgreSQL it reads one snapshot
    (REPEATABLE READ), as a dataset export's transaction must (outcomes.db.read_one_snapshot):
    the app's sessions join this transaction, so the export's check sees its level. Every
    statement of the test runs in it, so nothing else changes for the test; tests of
    concurrent work use connections of their own, at the default level."""
    connection = engine.connect()
    if connection.dialect.name == "postgresql":
        connection.execution_options(isolation_level=SNAPSHOT_ISOLATION)
    return connection


@contextmanager
def rolled_back(engine: Engine) -> Iterator[Session]:
    """A session in a transaction that is rolled back at the end, so that no test sees
    another's rows."""
    connection = outer_connection(engine)
    outer = connection.begin()
    # Commits inside the code under test release savepoints; the outer transaction is
    # rolled back at the end.
    session = _TestSession(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield session
    finally:
        Session.close(session)
        outer.rollback()
        connection.close()


def store_shipped_frameworks(session: Session) -> dict[str, FrameworkVersion]:
    """The shipped framework versions, stored in the session's transaction, by version."""
    loaded = load_directory(PROJECT_ROOT / "frameworks")
    store_definitions(session, OPERATOR, [d for s in loaded.values() for d in s])
    return {
        version: get_version(session, "public-service-reform", version)
        for version in ("1.0.0", "1.1.0", "2.0.0")
    }
