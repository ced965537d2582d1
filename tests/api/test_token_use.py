"""A token's last use is recorded at most once a minute, outside the request's transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories import create_user
from flask import Flask
from sqlalchemy import Engine, delete, event, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.accounts.tokens import (
    ApiToken,
    TokenScope,
    create_token,
    record_token_use,
    token_use_is_due,
)
from outcomes.audit.models import AuditEvent
from outcomes.db import utcnow
from web import create_app


def test_a_use_is_recorded_at_most_once_a_minute(db: Session) -> None:
    token, _ = create_token(db, create_user(db), name="x", scope=TokenScope.READ)
    now = utcnow()
    connection = db.connection()
    assert token_use_is_due(token, now)
    assert record_token_use(connection, token.id, now) is True
    assert record_token_use(connection, token.id, now + timedelta(seconds=59)) is False
    db.expire(token)
    assert token.last_used_at == now
    assert not token_use_is_due(token, now + timedelta(seconds=59))
    assert record_token_use(connection, token.id, now + timedelta(seconds=61)) is True


def test_two_calls_within_a_minute_write_once(api, token_for, db: Session) -> None:
    headers = token_for()
    writes: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("UPDATE API_TOKEN"):
            writes.append(statement)

    engine = db.get_bind().engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert api.get("/api/v1/frameworks", headers=headers).status_code == 200
        assert api.get("/api/v1/frameworks", headers=headers).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(writes) == 1
    assert db.scalar(select(ApiToken.last_used_at)) is not None


@pytest.fixture
def committed_token(engine: Engine) -> tuple[str, int]:
    """A token committed for real (the app below uses its own engine, not the test's
    transaction), removed afterwards."""
    with Session(engine) as session:
        user = create_user(session, role=Role.REGULATOR)
        token, secret = create_token(session, user, name="load", scope=TokenScope.READ)
        session.commit()
        ids = (user.id, token.id)
    yield secret, ids[1]
    with Session(engine) as session:
        session.execute(delete(ApiToken).where(ApiToken.id == ids[1]))
        session.execute(delete(AuditEvent).where(AuditEvent.actor_id == ids[0]))
        session.execute(delete(User).where(User.id == ids[0]))
        session.commit()


def test_the_request_transaction_does_not_hold_the_token_row(
    database_url: str, engine: Engine, committed_token: tuple[str, int]
) -> None:
    """While a call's own transaction is still open (before its commit), another
    connection can write the token's row at once: nothing in the call holds it."""
    secret, token_id = committed_token
    app: Flask = create_app({"TESTING": True, "DATABASE_URL": database_url})
    seen: list[str] = []

    @app.after_request  # runs before the app's commit (hooks run last-registered first)
    def write_from_elsewhere(response):  # type: ignore[no-untyped-def]
        with engine.connect() as other:
            if other.dialect.name == "postgresql":
                other.exec_driver_sql("SET lock_timeout = '200ms'")
            else:
                other.exec_driver_sql("PRAGMA busy_timeout = 0")
            try:
                other.execute(
                    text("UPDATE api_token SET name = name WHERE id = :id"), {"id": token_id}
                )
                other.commit()
                seen.append("free")
            except OperationalError:
                seen.append("held")
            finally:
                if other.dialect.name == "sqlite":
                    other.exec_driver_sql("PRAGMA busy_timeout = 5000")
        return response

    try:
        client = app.test_client()
        response = client.get("/api/v1/frameworks", headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 200
    finally:
        app.extensions["outcomes.engine"].dispose()
    assert seen == ["free"]
    with engine.connect() as connection:
        used = connection.scalar(select(ApiToken.last_used_at).where(ApiToken.id == token_id))
    assert used is not None
