"""One database session per request, committed in one place: after a successful response."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, g
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter

from outcomes.db import make_engine, make_session_factory

MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds in every database we run on


class IdConverter(IntegerConverter):
    """``<int:…>`` in addresses, up to an id the database can hold: a larger number is
    404, where it would overflow the database driver and answer 500."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask, factory: Callable[[], Session] | None = None) -> None:
    """Sessions from ``factory`` (tests pass their own), else from an engine for the
    configured database, kept in app.extensions so whoever stops the app can dispose it."""
    app.url_map.converters["int"] = IdConverter
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
