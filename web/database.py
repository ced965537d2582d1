"""One database session per request, committed in one place: after a successful response."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import Connection
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter

# Every model, and with them the listeners that keep the data version and the comparison
# read model in step with each session's flushes: imported where the app's sessions are
# made, not left to whichever page happens to import them first.
import outcomes.models  # noqa: F401
from outcomes.db import make_engine, make_session_factory, read_one_snapshot
from outcomes.errors import Busy
from web import deadline

MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds in every database we run on

View = TypeVar("View", bound=Callable[..., Any])


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
        session = current_app.extensions["outcomes.sessionmaker"]()
        # The deadline first: it listens on the engine itself, not the snapshot's copy.
        deadline.limit(session)
        if _reads_one_snapshot():
            read_one_snapshot(session)
        g.db = session
    return g.db


def one_snapshot(view: View) -> View:
    """Mark a view whose request reads every table from one snapshot of the data (a dataset
    export: outcomes.db.read_one_snapshot). The request's session is made so before its
    first query (the signed-in user's): a transaction's level is fixed when it begins."""
    view.one_snapshot = True  # type: ignore[attr-defined]
    return view


def _reads_one_snapshot() -> bool:
    if not has_request_context() or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "one_snapshot", False)


@contextmanager
def apart() -> Iterator[Connection]:
    """A short transaction of its own, on another connection than the request's, committed
    on leaving: for bookkeeping that must not wait for, or hold locks until, the end of the
    request (a token's last use). Tests that hand the app their own session get a savepoint
    of it instead, so that what they set up is visible."""
    engine = current_app.extensions.get("outcomes.engine")
    if engine is not None:
        with engine.begin() as connection:
            yield connection
        return
    session = get_session()
    with session.begin_nested():
        yield session.connection()


@contextmanager
def recorded_apart() -> Iterator[Session]:
    """A session for the record of what a request read (a download, in the audit trail),
    written in a short transaction of its own (``apart``) rather than at the end of the
    request's: that transaction only read, and SQLite refuses a write at its end whenever
    another connection committed after its reading began (two downloads at once). The
    record's own transaction begins with its write, which waits its turn."""
    with apart() as connection, Session(bind=connection) as session:
        yield session
        # Kept: ``apart`` commits its transaction (or, in the tests, its savepoint) itself,
        # and this session joined it.
        session.commit()


def _commit_or_roll_back(response: Response) -> Response:
    session: Session | None = g.get("db")
    if session is not None:
        deadline.lift(session)  # the answer is ready: its changes are kept, however late
        if response.status_code < 400:
            try:
                session.commit()
            except Busy as error:
                # Refused as it was saved (two changes overlapping), after the view had
                # answered: its answer would claim what was not saved. Answered as a
                # view's own overlap is, by the app's handler for it.
                session.rollback()
                return current_app.make_response(current_app.handle_user_exception(error))
        else:
            session.rollback()
    return response


def _close(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db", None)
    if session is not None:
        deadline.lift(session)
        session.close()
