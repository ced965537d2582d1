"""One database session per request, committed in one place: after a successful response."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, current_app, g
from sqlalchemy.orm import Session

from outcomes.db import make_engine, make_session_factory


def init_app(app: Flask, factory: Callable[[], Session] | None = None) -> None:
    """Sessions from ``factory`` (tests pass their own), else from an engine for the
    configured database, kept in app.extensions so whoever stops the app can dispose it."""
    if factory is None:
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["outcomes.engine"] = engine
        factory = make_session_factory(engine)
    app.extensions["outcomes.sessionmaker"] = factory
    app.after_request(_commit_or_roll_back)
    app.teardown_appcontext(_close)


def get_session() -> Session:
    if "db" not in g:
        g.db = current_app.extensions["outcomes.sessionmaker"]()
    return g.db


def _commit_or_roll_back(response: Response) -> Response:
    session: Session | None = g.get("db")
    if session is not None:
        if response.status_code < 400:
            session.commit()
        else:
            session.rollback()
    return response


def _close(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db", None)
    if session is not None:
        session.close()
