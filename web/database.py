"""One database session per request, committed in one place: after a successful response."""

from __future__ import annotations

from flask import Flask, Response, current_app, g
from sqlalchemy.orm import Session, sessionmaker


def init_app(app: Flask, factory: sessionmaker[Session]) -> None:
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
